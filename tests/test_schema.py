"""``portreg schema`` and docs/registry.schema.json, checked with the real check-jsonschema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BUNDLED_FILE, MINIMAL, ROOT
from helpers import REAL_SIZED

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


def test_check_jsonschema_accepts_every_written_form(write_registry, run_cli):
    """Ports bare or as a mapping, ranges as text or one number, blocks as text, one number,
    {start, size} or per component, instances, Kind mappings, dynamic and container-only
    ports, and every top-level list: as users write them. portreg accepts it too."""
    path = write_registry(
        """\
status: Draft
authors: [platform-team]
reviewers: [test-infra]
scopes:
  kind: {kind: nodeport, nodeport_range: 30000-32767, config: test/e2e/kind-config.yaml}
  lab: {kind: isolated, title: The lab runner}
reserved:
  - {port: 8080, reason: production gateway}
  - {port: 9000-9010, protocol: udp, reason: metrics agents}
  - {port: 18100, service: beta, reason: beta's own dev server}
services:
  alpha:
    blocks:
      integration: 18120-18129
      e2e: {api: {start: 28120, size: 10}, datastorage: 28130}
    ports:
      integration:
        postgresql: 15433
        redis: {port: 16379, protocol: tcp, note: cache}
        api: [{port: 18120, name: table}, {port: 18121, name: yaml}]
      e2e:
        datastorage: {port: 30080, scope: kind}
        api: {port: 28120, node_port: 30081, cluster: kind, container_port: 8080}
        redis: {node_port: 30082, cluster: kind}
        postgresql: {container_port: 5432}
  beta:
    part_of: alpha
    ports:
      integration:
        api: {port: 18100}
        datastorage: {dynamic: true, container_port: 8080}
        redis: {port: 16379, scope: lab}
shares:
  - {port: 15433, services: [alpha, beta], reason: one database, concurrent: true}
exclusive:
  - {services: [alpha, beta], tiers: [e2e], reason: separate runners}
  - {services: [alpha, beta], reason: one after the other, reuse: false}
known_conflicts:
  - port: 16379
    scope: host
    protocol: tcp
    services: [alpha, beta]
    reason: found when adopting portreg
    tracked: PROJ-1
exports:
  - {path: ports_gen.go, format: go, package: ports}
  - {path: alpha.env, format: env, service: alpha, tier: e2e}
changelog:
  - {version: "1.0", date: 2025-01-01, summary: First, author: platform-team}
""",
        base=MINIMAL.replace(
            "  postgresql: {ranges: {integration: 15433-15442}}",
            "  postgresql: {container_port: 5432, names: [POSTGRES, PG], "
            "ranges: {integration: 15433-15442}}\n  api: {}",
        ).replace("  e2e: {}", "  e2e: {range: 25000-32767}"),
    )
    done = check_jsonschema(path)
    assert done.returncode == 0, done.stdout + done.stderr
    loaded = run_cli("check", "--registry", str(path))
    assert loaded.code == 1, loaded.out + loaded.err  # read as valid; only rule findings
    assert "PR1" not in loaded.out


def test_check_jsonschema_accepts_the_real_sized_fixture():
    done = check_jsonschema(REAL_SIZED)
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
