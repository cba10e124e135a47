"""``portreg diff`` on the issue-8 keys: renames, moves between tiers and scopes, the sides
of a Kind port, instances, notes, blocks, scopes, shares, exclusive groups, known conflicts
and the changelog; round-tripped on the real-sized fixture."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import BUNDLED_FILE, ROOT

from portreg.diff import Kind, diff_registries
from portreg.main import cli
from portreg.models import ChangelogEntry, Registry

REAL_SIZED = ROOT / "tests" / "fixtures" / "real-sized" / "registry" / "ports.yaml"
REAL_TEXT = REAL_SIZED.read_text(encoding="utf-8")


def model(text: str) -> Registry:
    return Registry.model_validate(yaml.safe_load(text))


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# Each mutation of the fixture, and the one change (kind, text, governed) it must give.
MUTATIONS: list[tuple[str, str, tuple[Kind, str, bool] | None]] = [
    (
        "  inventory:\n    title: Inventory",
        "  stock:\n    title: Inventory",
        (Kind.SERVICE_RENAMED, "renamed inventory → stock", True),
    ),
    (
        "        mock: {dynamic: true, note: payment provider stub (port picked per run)}\n"
        "      e2e:\n"
        "        api: {port: 28003, node_port: 30080, cluster: kind-catalog}\n",
        "      e2e:\n"
        "        mock: {dynamic: true, note: payment provider stub (port picked per run)}\n"
        "        api: {port: 28003, node_port: 30080, cluster: kind-catalog}\n",
        (Kind.PORT_MOVED, "catalog mock: integration dynamic → e2e dynamic", True),
    ),
    (
        "kafka: {node_port: 30042, cluster: kind-audit}",
        "kafka: {node_port: 30042, cluster: kind-reports}",
        (
            Kind.PORT_MOVED,
            "audit-trail e2e kafka NodePort: 30042 in kind-audit → 30042 in kind-reports",
            True,
        ),
    ),
    (
        "metrics: {port: 29015, node_port: 30103, cluster: kind-chat}",
        "metrics: {port: 29015, node_port: 30103, cluster: kind-chat, container_port: 9091}",
        (Kind.PORT_CHANGED, "chat-assistant e2e metrics container port: 9090 → 9091", False),
    ),
    (
        "          - {port: 18124, name: docs, note: read-only documentation index}\n",
        "          - {port: 18124, name: docs, note: read-only documentation index}\n"
        "          - {port: 18125, name: extra}\n",
        (Kind.PORT_ADDED, "chat-assistant integration mcp-server[extra]: 18125 (added)", True),
    ),
    (
        "note: the lane's load probe}",
        "note: the lane's load probe (v2)}",
        (
            Kind.NOTE_CHANGED,
            "search-lane-b integration api note: the lane's load probe → "
            "the lane's load probe (v2)",
            False,
        ),
    ),
    (
        "api: {port: 28017, node_port: 30080, cluster: kind-reports}",
        "api: {port: 28017, node_port: 30081, cluster: kind-reports}",
        (
            Kind.PORT_MOVED,
            "reports e2e api NodePort: 30080 in kind-reports → 30081 in kind-reports",
            True,
        ),
    ),
    (
        "    concurrent: true\n",
        "",
        (Kind.SHARE_CHANGED, "share 15420 concurrent: yes → no", True),
    ),
    (
        "    reuse: false\n",
        "",
        (Kind.EXCLUSIVE_CHANGED, "exclusive billing, ledger reuse: no → yes", True),
    ),
    (
        "tracked: LUM-412",
        "tracked: LUM-999",
        (Kind.KNOWN_CONFLICT_CHANGED, "known conflict 16340 tracked: LUM-412 → LUM-999", False),
    ),
    (
        "      integration: 18120-18129\n",
        "      integration: 18120-18130\n",
        (Kind.BLOCK_CHANGED, "chat-assistant integration block: 18120-18129 → 18120-18130", True),
    ),
    (
        "config: test/e2e/geo/kind-config.yaml",
        "config: test/e2e/geo/kind.yaml",
        (
            Kind.SCOPE_CHANGED,
            "scope kind-geo config: test/e2e/geo/kind-config.yaml → test/e2e/geo/kind.yaml",
            False,
        ),
    ),
    (
        "reviewers: [test-infra, Ravi Menon]",
        "reviewers: [test-infra]",
        (Kind.HEADER_CHANGED, "reviewers: test-infra, Ravi Menon → test-infra", False),
    ),
    (
        "changelog:\n",
        'changelog:\n  - version: "2.5"\n    date: 2026-03-10\n    summary: Ports moved\n',
        (Kind.CHANGELOG_ADDED, "changelog 2.5: Ports moved (added)", False),
    ),
    # A component's defaults: said once, not once per allocation that takes them.
    (
        "    container_port: 9092\n",
        "    container_port: 9093\n",
        (Kind.COMPONENT_CHANGED, "component kafka container port: 9092 → 9093", False),
    ),
    (
        "names: [REDIS]",
        "names: [REDIS, CACHE]",
        (Kind.COMPONENT_CHANGED, "component redis names: REDIS → REDIS, CACHE", False),
    ),
    (
        "  mcp-server:\n    title: MCP server\n",
        "  grpc:\n    container_port: 50051\n    names: [GRPC]\n"
        "  mcp-server:\n    title: MCP server\n",
        (Kind.COMPONENT_ADDED, "component grpc: container 50051, names GRPC (added)", False),
    ),
    (
        "    service: search\n    tier: e2e\n",
        "    service: search\n    tier: integration\n",
        (Kind.EXPORT_CHANGED, "export test/ports/search.env tier: e2e → integration", False),
    ),
    (
        "    package: ports\n",
        "    package: ports\n  - path: test/ports/ports.py\n    format: python\n",
        (Kind.EXPORT_ADDED, "export test/ports/ports.py: python (added)", False),
    ),
    # The older form of a NodePort is the same allocation: no change.
    (
        "kafka: {node_port: 30042, cluster: kind-billing}",
        "kafka: {port: 30042, scope: kind-billing}",
        None,
    ),
]


def test_the_real_sized_fixture_diffs_against_itself_as_empty() -> None:
    assert diff_registries(model(REAL_TEXT), model(REAL_TEXT)) == []


def test_a_mutated_copy_gives_exactly_the_expected_changes() -> None:
    mutated = REAL_TEXT
    for old, new, _ in MUTATIONS:
        mutated = edit(mutated, old, new)
    changes = diff_registries(model(REAL_TEXT), model(mutated))
    found = sorted((change.kind.value, change.text, change.governed) for change in changes)
    expected = sorted(
        (kind.value, text, governed)
        for _, _, item in MUTATIONS
        if item
        for kind, text, governed in [item]
    )
    assert found == expected


@pytest.mark.parametrize(("old", "new", "expected"), MUTATIONS)
def test_each_mutation_alone(old: str, new: str, expected: tuple[Kind, str, bool] | None) -> None:
    changes = diff_registries(model(REAL_TEXT), model(edit(REAL_TEXT, old, new)))
    assert [(change.kind, change.text, change.governed) for change in changes] == (
        [expected] if expected else []
    )


def test_a_service_with_other_ports_is_not_a_rename() -> None:
    renamed = edit(
        REAL_TEXT, "  inventory:\n    title: Inventory", "  stock:\n    title: Inventory"
    )
    renamed = edit(renamed, "        api: 18016\n", "        api: 18018\n")
    kinds = {change.kind for change in diff_registries(model(REAL_TEXT), model(renamed))}
    assert kinds == {Kind.SERVICE_ADDED, Kind.SERVICE_REMOVED}


def test_moves_and_sides_on_small_registries() -> None:
    base = model(BUNDLED_FILE.read_text(encoding="utf-8"))
    text = BUNDLED_FILE.read_text(encoding="utf-8")
    moved = edit(
        text,
        "      e2e: {redis: 26380, datastorage: 28091}",
        "      e2e: {redis: 26380, datastorage: 28091, api: 18080}",
    )
    moved = edit(
        moved,
        "integration: {redis: 16380, datastorage: 18091, api: 18080}",
        "integration: {redis: 16380, datastorage: 18091}",
    )
    (change,) = diff_registries(base, model(moved))
    assert (change.kind, change.text) == (
        Kind.PORT_MOVED,
        "gateway api: integration 18080 → e2e 18080",
    )
    assert change.path == ("services", "gateway", "ports", "e2e", "api")


def run(*args: str) -> tuple[int, str]:
    """Exit status and stdout (what is pasted; --changelog's reminder goes to stderr)."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout


def test_text_output_says_renamed(tmp_path: Path) -> None:
    text = BUNDLED_FILE.read_text(encoding="utf-8")
    (tmp_path / "old.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(
        edit(text, "  gateway:\n    title: Gateway", "  ingress:\n    title: Gateway"),
        encoding="utf-8",
    )
    code, out = run("diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"))
    assert code == 0, out
    assert out.splitlines()[1:] == ["~ renamed gateway → ingress", "1 change: 1 service renamed"]


def test_changelog_option_stays_a_valid_entry(tmp_path: Path) -> None:
    mutated = REAL_TEXT
    for old, new, _ in MUTATIONS:
        mutated = edit(mutated, old, new)
    (tmp_path / "old.yaml").write_text(REAL_TEXT, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(mutated, encoding="utf-8")
    code, out = run("diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "--changelog")
    assert code == 0, out
    (entry,) = yaml.safe_load(out)
    parsed = ChangelogEntry.model_validate(entry)
    assert parsed.version == "2.5"
    assert parsed.date == dt.date.today()
    assert "renamed inventory → stock" in parsed.changes
    # The changelog's own new entry is not news in the entry.
    assert not any(line.startswith("changelog ") for line in parsed.changes)
    assert len(parsed.changes) == sum(1 for *_, item in MUTATIONS if item) - 1


def test_changelog_option_with_only_a_changelog_change(tmp_path: Path) -> None:
    (tmp_path / "old.yaml").write_text(REAL_TEXT, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(
        edit(REAL_TEXT, '    author: platform-team\n  - version: "1.2"', '  - version: "1.2"'),
        encoding="utf-8",
    )
    code, out = run("diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "--changelog")
    assert code == 0, out
    (entry,) = yaml.safe_load(out)
    assert ChangelogEntry.model_validate(entry).summary == "no changes"


def test_component_defaults_and_exports_in_every_output_format(tmp_path: Path) -> None:
    """A component's default container port and names, and the exports list: in the text,
    the JSON and the changelog entry, each said once."""
    changed = edit(REAL_TEXT, "    container_port: 9092\n", "    container_port: 9093\n")
    changed = edit(changed, "names: [REDIS]", "names: [REDIS, CACHE]")
    changed = edit(changed, "  - path: test/ports/search.env\n", "  - path: test/ports/lane.env\n")
    (tmp_path / "old.yaml").write_text(REAL_TEXT, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(changed, encoding="utf-8")
    files = (str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"))
    expected = [
        "~ component redis names: REDIS → REDIS, CACHE",
        "~ component kafka container port: 9092 → 9093",
        "- export test/ports/search.env: env for search e2e (removed)",
        "+ export test/ports/lane.env: env for search e2e (added)",
    ]

    code, out = run("diff", *files)
    assert code == 0, out
    assert out.splitlines()[1:] == [
        *expected,
        "4 changes: 2 components changed, 1 export removed, 1 export added",
    ]

    code, out = run("diff", *files, "--format", "json")
    assert code == 0, out
    document = json.loads(out)
    assert [
        (c["kind"], c["subject"], c["old"], c["new"], c["governed"]) for c in document["changes"]
    ] == [
        ("component-changed", "component redis names", "REDIS", "REDIS, CACHE", False),
        ("component-changed", "component kafka container port", "9092", "9093", False),
        ("export-removed", "export test/ports/search.env", "env for search e2e", None, False),
        ("export-added", "export test/ports/lane.env", None, "env for search e2e", False),
    ]
    # Where each is in the new file: the value, or the list that lost the export.
    lines = changed.splitlines()
    places = [lines[c["line"] - 1][c["column"] - 1 :] for c in document["changes"]]
    assert places == [
        "[REDIS, CACHE]",
        "9093",
        "- path: test/ports/ports_gen.go",
        "path: test/ports/lane.env",
    ]

    code, out = run("diff", *files, "--changelog")
    assert code == 0, out
    (entry,) = yaml.safe_load(out)
    assert ChangelogEntry.model_validate(entry).changes == [line[2:] for line in expected]


def test_a_changed_default_is_not_repeated_for_each_allocation_that_takes_it() -> None:
    """Before: one port-changed line per kafka allocation, and no word of the component."""
    changed = edit(REAL_TEXT, "    container_port: 9092\n", "    container_port: 9093\n")
    kinds = [change.kind.value for change in diff_registries(model(REAL_TEXT), model(changed))]
    assert kinds == ["component-changed"]
    # An allocation that writes its own container port still says so.
    written = edit(
        changed,
        "kafka: {node_port: 30042, cluster: kind-audit}",
        "kafka: {node_port: 30042, cluster: kind-audit, container_port: 9092}",
    )
    texts = [change.text for change in diff_registries(model(REAL_TEXT), model(written))]
    assert texts == ["component kafka container port: 9092 → 9093"]
    moved_too = edit(
        written,
        "cluster: kind-audit, container_port: 9092}",
        "cluster: kind-audit, container_port: 9094}",
    )
    texts = [change.text for change in diff_registries(model(REAL_TEXT), model(moved_too))]
    assert texts == [
        "component kafka container port: 9092 → 9093",
        "audit-trail e2e kafka container port: 9092 → 9094",
    ]


def test_a_component_removed_says_what_it_gave() -> None:
    with_grpc = edit(
        REAL_TEXT,
        "  mcp-server:\n    title: MCP server\n",
        "  grpc:\n    container_port: 50051\n  mcp-server:\n    title: MCP server\n",
    )
    (change,) = diff_registries(model(with_grpc), model(REAL_TEXT))
    assert (change.kind, change.text, change.governed, change.path) == (
        Kind.COMPONENT_REMOVED,
        "component grpc: container 50051 (removed)",
        False,
        ("components",),
    )
    bare = edit(
        REAL_TEXT,
        "  mcp-server:\n    title: MCP server\n",
        "  grpc: {}\n  mcp-server:\n    title: MCP server\n",
    )
    (change,) = diff_registries(model(REAL_TEXT), model(bare))
    assert change.text == "component grpc added"


def test_a_component_symbol_title_or_description_change_is_reported() -> None:
    # The symbol names the component's exported constants: a change renames them in code.
    renamed = edit(
        REAL_TEXT,
        "    title: MCP server\n    symbol: MCPServer\n",
        "    title: MCP servers\n    symbol: Mcp\n    description: the tools\n",
    )
    changes = diff_registries(model(REAL_TEXT), model(renamed))
    assert [(change.kind, change.text, change.governed) for change in changes] == [
        (Kind.COMPONENT_CHANGED, "component mcp-server symbol: MCPServer → Mcp", False),
        (Kind.COMPONENT_CHANGED, "component mcp-server title: MCP server → MCP servers", False),
        (Kind.COMPONENT_CHANGED, "component mcp-server description: the tools (added)", False),
    ]
