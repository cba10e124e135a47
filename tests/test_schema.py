"""``portreg schema`` and docs/registry.schema.json, checked with the real check-jsonschema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BUNDLED_FILE, MINIMAL, ROOT

SHIPPED = ROOT / "docs" / "registry.schema.json"


def check_jsonschema(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(SHIPPED), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_shipped_schema_is_fresh(run_cli):
    result = run_cli("schema")
    assert result.code == 0, result.err
    assert SHIPPED.read_text(encoding="utf-8") == result.out, (
        "docs/registry.schema.json is stale: run `portreg schema > docs/registry.schema.json`"
    )


def test_schema_describes_the_registry(run_cli):
    schema = json.loads(run_cli("schema").out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {
        "portreg",
        "title",
        "version",
        "updated",
        "tiers",
        "components",
    }
    assert all("description" in value for value in schema["properties"].values())
    for name, definition in schema["$defs"].items():
        assert "description" in definition, name


def test_check_jsonschema_accepts_the_bundled_registry():
    done = check_jsonschema(BUNDLED_FILE)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "validation done" in done.stdout


def test_check_jsonschema_accepts_every_written_form(write_registry):
    """Ports bare or as a mapping, ranges as text or one number: as users write them."""
    path = write_registry(
        """\
scopes:
  kind: {kind: nodeport, nodeport_range: 30000-32767}
reserved:
  - {port: 8080, reason: production gateway}
  - {port: 9000-9010, protocol: udp, reason: metrics agents}
services:
  alpha:
    ports:
      integration: {postgresql: 15433, redis: {port: 16379, protocol: tcp, note: cache}}
      e2e: {datastorage: {port: 30080, scope: kind}}
"""
    )
    done = check_jsonschema(path)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (("redis: 16388, datastorage: 18097", 'redis: "16388", datastorage: 18097'), "redis"),
        (("integration: 16379-16388, e2e", "integration: 16379..16388, e2e"), "ranges"),
        (("  hapi:\n    title:", "  hapi:\n    titel:"), "titel"),
        (('version: "1.10"\nupdated', "version: 1.10\nupdated"), "version"),
    ],
)
def test_check_jsonschema_rejects_a_wrong_type(tmp_path, change, where):
    old, new = change
    text = BUNDLED_FILE.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / "ports.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    done = check_jsonschema(path)
    assert done.returncode == 1, done.stdout
    assert "ports.yaml::$" in done.stdout
    assert where in done.stdout


def test_minimal_registry_is_valid_for_schema_and_portreg(write_registry, run_cli):
    path = write_registry()
    assert path.read_text(encoding="utf-8") == MINIMAL
    assert check_jsonschema(path).returncode == 0
    assert run_cli("check", "--registry", str(path)).code == 0
