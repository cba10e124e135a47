"""Registry texts shared by several test modules."""

# The smallest valid registry (also conftest's MINIMAL); tests append what they are about.
MINIMAL = """\
portreg: 1
title: Test ports
version: "1.0"
updated: 2025-01-01
tiers:
  integration: {}
  e2e: {}
components:
  postgresql: {ranges: {integration: 15433-15442}}
  redis: {ranges: {integration: 16379-16388}}
  datastorage: {}
"""

# MINIMAL with an api component and an empty scopes mapping; line 13 is its last line.
MINIMAL_TEXT = MINIMAL + "  api: {}\nscopes: {}\n"
