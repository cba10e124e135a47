"""Registry texts shared by several test modules."""

# The smallest valid registry; tests append what they are about. Line 13 is its last line.
MINIMAL_TEXT = """\
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
  api: {}
scopes: {}
"""
