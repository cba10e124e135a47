"""``portreg diff`` says every change of every key of the format: each key of
tests/fixtures/states/every-key/registry/ports.yaml (which writes every key once) changed
alone, and the changes it must give. This module: the header, tiers, components, scopes
and services (with their allocations); tests/test_diff_lists.py: the lists. A key that the
format gains must be added to one of them, or to NOT_DIFFED with the reason it is no news."""

from __future__ import annotations

import typing
from typing import Any

import pytest
import yaml
from conftest import ROOT
from helpers import load_text

from portreg.diff import diff_registries
from portreg.models import BlockSize, Registry

FIXTURE = ROOT / "tests" / "fixtures" / "states" / "every-key" / "registry" / "ports.yaml"
TEXT = FIXTURE.read_text(encoding="utf-8")

# Keys whose change is said by another line, or is no change of meaning.
NOT_DIFFED = {
    "Registry.portreg": "always 1: another value is not a registry of this format",
    "Registry.updated": "follows the newest changelog entry (PR213), which is said",
    "PortRange.start": "a range is compared as the range it is, however it is written",
    "PortRange.end": "a range is compared as the range it is, however it is written",
    "BlockSize.start": "{start, size} is compared as the block it makes",
    "BlockSize.size": "{start, size} is compared as the block it makes",
}

# "Model.key": (text in the fixture, what it becomes, every change portreg diff gives, as
# "kind: text"; "!" marks a change that needs a new version, one that is ``governed``).
Mutations = dict[str, tuple[str, str, list[str]]]
MUTATIONS: Mutations = {
    "Registry.title": (
        "title: Harbor Test Ports",
        "title: Harbor Ports",
        ["header-changed: title: Harbor Test Ports → Harbor Ports"],
    ),
    "Registry.version": (
        '\nversion: "3.1"',
        '\nversion: "3.2"',
        ["version-changed: version: 3.1 → 3.2"],
    ),
    "Registry.status": (
        "status: Approved",
        "status: Draft",
        ["header-changed: status: Approved → Draft"],
    ),
    "Registry.created": (
        "created: 2025-06-01",
        "created: 2025-05-01",
        ["header-changed: created: 2025-06-01 → 2025-05-01"],
    ),
    "Registry.related": (
        '  - "[Testing strategy](testing-strategy.md)"\n',
        '  - "[Testing strategy](testing-strategy.md)"\n  - ADR-7 Kind clusters\n',
        [
            "header-changed: related: [Testing strategy](testing-strategy.md) → [Testing"
            " strategy](testing-strategy.md), ADR-7 Kind clusters"
        ],
    ),
    "Registry.authors": (
        "authors: [platform-team]",
        "authors: [platform-team, Ana]",
        ["header-changed: authors: platform-team → platform-team, Ana"],
    ),
    "Registry.reviewers": (
        "reviewers: [test-infra]",
        "reviewers: []",
        ["header-changed: reviewers: test-infra (removed)"],
    ),
    "Registry.description": (
        "description: Ports of the Harbor suites on the shared CI host.",
        "description: Ports of every Harbor suite.",
        [
            "header-changed: description: Ports of the Harbor suites on the shared CI"
            " host. → Ports of every Harbor suite."
        ],
    ),
    "Registry.tiers": (
        "    range: 25000-29999\n",
        "    range: 25000-29999\n  perf: {title: Performance}\n",
        ["tier-added: tier perf: Performance (added)"],
    ),
    "Tier.title": (
        "title: Integration tests",
        "title: Integration suites",
        ["tier-changed: tier integration title: Integration tests → Integration suites"],
    ),
    "Tier.description": (
        "description: Containers on the CI host.",
        "description: Containers on each CI host.",
        [
            "tier-changed: tier integration description: Containers on the CI host. →"
            " Containers on each CI host."
        ],
    ),
    "Tier.symbol": (
        "symbol: E2E",
        "symbol: EndToEnd",
        ["tier-changed: tier e2e symbol: E2E → EndToEnd"],
    ),
    "Tier.range": (
        "range: 15000-19999",
        "range: 15000-18999",
        ["!range-changed: integration tier range: 15000-19999 → 15000-18999"],
    ),
    "Registry.components": (
        "  metrics:\n    title: Metrics\n",
        "  metrics:\n    title: Metrics\n  grpc: {container_port: 50051}\n",
        ["component-added: component grpc: container 50051 (added)"],
    ),
    "Component.title": (
        "title: AlertManager",
        "title: Alertmanager",
        ["component-changed: component alertmanager title: AlertManager → Alertmanager"],
    ),
    "Component.description": (
        "description: The suites' database.",
        "description: The database.",
        [
            "component-changed: component postgresql description: The suites' database. →"
            " The database."
        ],
    ),
    "Component.symbol": (
        "symbol: PostgreSQL",
        "symbol: Postgres",
        ["component-changed: component postgresql symbol: PostgreSQL → Postgres"],
    ),
    "Component.ranges": (
        "ranges: {integration: 15400-15449}",
        "ranges: {integration: 15400-15459}",
        ["!range-changed: postgresql integration range: 15400-15449 → 15400-15459"],
    ),
    "Component.nodeport_ranges": (
        "nodeport_ranges: {e2e: 30080-30099}",
        "nodeport_ranges: {e2e: 30080-30089}",
        ["!range-changed: api e2e NodePort band: 30080-30099 → 30080-30089"],
    ),
    "Component.container_port": (
        "container_port: 9093",
        "container_port: 9094",
        ["component-changed: component alertmanager container port: 9093 → 9094"],
    ),
    "Component.names": (
        "names: [POSTGRES, PG]",
        "names: [POSTGRES]",
        ["component-changed: component postgresql names: POSTGRES, PG → POSTGRES"],
    ),
    "Registry.scopes": (
        "scopes:\n",
        "scopes:\n  kind-lab: {kind: isolated}\n",
        ["!scope-added: scope kind-lab: isolated (added)"],
    ),
    "Scope.kind": (
        "    kind: nodeport\n    title: Pipeline",
        "    kind: isolated\n    title: Pipeline",
        ["!scope-changed: scope kind-pipeline kind: nodeport → isolated"],
    ),
    "Scope.title": (
        "title: Pipeline Kind cluster",
        "title: Pipeline cluster",
        ["scope-changed: scope kind-pipeline title: Pipeline Kind cluster → Pipeline cluster"],
    ),
    "Scope.description": (
        "description: Created by the pipeline and fleet suites, one after the other.",
        "description: Created by two suites.",
        [
            "scope-changed: scope kind-pipeline description: Created by the pipeline and"
            " fleet suites, one after the … → Created by two suites."
        ],
    ),
    "Scope.nodeport_range": (
        "nodeport_range: 30000-32767",
        "nodeport_range: 30000-31999",
        ["!scope-changed: scope kind-pipeline nodeport_range: 30000-32767 → 30000-31999"],
    ),
    "Scope.config": (
        "config: test/e2e/pipeline/kind-config.yaml",
        "config: test/e2e/kind.yaml",
        [
            "scope-changed: scope kind-pipeline config:"
            " test/e2e/pipeline/kind-config.yaml → test/e2e/kind.yaml"
        ],
    ),
    "Scope.ranges": (
        "ranges: {alertmanager: 30180-30199}",
        "ranges: {alertmanager: 30180-30189, api: 30080-30089}",
        [
            "!range-changed: scope kind-pipeline alertmanager NodePort band: 30180-30199"
            " → 30180-30189",
            "!range-added: scope kind-pipeline api NodePort band: 30080-30089 (added)",
        ],
    ),
    "Scope.services": (
        "services: [pipeline, fleet]\n    ports:",
        "services: [pipeline]\n    ports:",
        ["!scope-changed: scope kind-pipeline services: pipeline, fleet → pipeline"],
    ),
    "Scope.ports": (
        "alertmanager: {port: 29193, node_port: 30181}",
        "alertmanager: {port: 29194, node_port: 30181}",
        ["!port-moved: scope kind-pipeline e2e alertmanager: 29193 → 29194"],
    ),
    "Registry.services": (
        "services:\n  gateway:\n",
        "services:\n  billing: {ports: {integration: {api: 18050}}}\n  gateway:\n",
        ["!service-added: billing added (integration api 18050)"],
    ),
    "Service.title": (
        "title: Gateway",
        "title: Gateway API",
        ["service-changed: gateway title: Gateway → Gateway API"],
    ),
    "Service.owner": (
        "owner: team-gateway",
        "owner: team-edge",
        ["service-changed: gateway owner: team-gateway → team-edge"],
    ),
    "Service.description": (
        "description: The HTTP front door.",
        "description: The front door.",
        ["service-changed: gateway description: The HTTP front door. → The front door."],
    ),
    "Service.purpose": (
        "purpose: Routing and rate limits",
        "purpose: Routing, rate limits and TLS",
        [
            "service-changed: gateway purpose: Routing and rate limits → Routing, rate"
            " limits and TLS"
        ],
    ),
    "Service.status": (
        "status: Active",
        "status: Retired",
        ["service-changed: gateway status: Active → Retired"],
    ),
    "Service.config_files": (
        "config_files: [test/integration/gateway/compose.yaml]",
        "config_files: [test/integration/gateway/compose.yaml, test/kind.yaml]",
        [
            "service-changed: gateway config_files: test/integration/gateway/compose.yaml"
            " → test/integration/gateway/compose.yaml, test/kind.yaml"
        ],
    ),
    "Service.urls": (
        'urls: ["https://ci.example.com/gateway"]',
        "urls: []",
        ["service-changed: gateway urls: https://ci.example.com/gateway (removed)"],
    ),
    "Service.production": (
        "production: {api: 8080}",
        "production: {api: 8443}",
        ["production-changed: gateway production api: 8080 → 8443"],
    ),
    "Service.symbol": (
        "symbol: Gateway",
        "symbol: GatewayAPI",
        ["service-changed: gateway symbol: Gateway → GatewayAPI"],
    ),
    "Service.paths": (
        "paths: [test/integration/gateway/**]",
        "paths: [test/gateway/**]",
        ["service-changed: gateway paths: test/integration/gateway/** → test/gateway/**"],
    ),
    "Service.part_of": (
        "    part_of: gateway\n",
        "",
        ["service-changed: gateway-lane-b part_of: gateway (removed)"],
    ),
    "Service.ports": (
        "        postgresql: 15401\n        api: {port: 17001",
        "        api: {port: 17001",
        ["!port-removed: gateway integration postgresql: 15401 (removed)"],
    ),
    "Service.blocks": (
        "integration: 18100-18109",
        "integration: {start: 18100, size: 20}",
        ["!block-changed: gateway integration block: 18100-18109 → 18100-18119"],
    ),
    "Service.workers": (
        "{count: 2, stride: 1}",
        "{count: 2, stride: {postgresql: 0, api: 10}}",
        [
            "!workers-changed: gateway integration workers: count 2, stride 1 → count 2,"
            " stride postgresql 0, api 10"
        ],
    ),
    "Workers.count": (
        "{count: 2, stride: 1}",
        "{count: 3, stride: 1}",
        ["!workers-changed: gateway integration workers: count 2, stride 1 → count 3, stride 1"],
    ),
    "Workers.stride": (
        "{count: 2, stride: 1}",
        "{count: 2, stride: 2}",
        ["!workers-changed: gateway integration workers: count 2, stride 1 → count 2, stride 2"],
    ),
    "Allocation.port": (
        "port: 17001",
        "port: 17002",
        ["!port-moved: gateway integration api: 17001 → 17002"],
    ),
    "Allocation.protocol": (
        "port: 17001, protocol: tcp",
        "port: 17001, protocol: udp",
        ["!port-changed: gateway integration api: 17001 → 17001/udp"],
    ),
    "Allocation.scope": (
        "protocol: tcp, scope: host, container_port",
        "protocol: tcp, scope: kind-pipeline, container_port",
        [
            "!port-removed: gateway integration api: 17001 (removed)",
            "!port-added: gateway integration api NodePort: 17001 in kind-pipeline (added)",
        ],
    ),
    "Allocation.node_port": (
        "port: 28001, node_port: 30081",
        "port: 28001, node_port: 30083",
        ["!port-moved: pipeline e2e api NodePort: 30081 in kind-pipeline → 30083 in kind-pipeline"],
    ),
    "Allocation.cluster": (
        "cluster: kind-pipeline}\n        postgresql: 25401\n        metrics",
        "cluster: kind-lab}\n        postgresql: 25401\n        metrics",
        ["!port-moved: pipeline e2e api NodePort: 30081 in kind-pipeline → 30081 in kind-lab"],
    ),
    "Allocation.container_port": (
        "container_port: 8081",
        "container_port: 8082",
        ["port-changed: gateway integration api container port: 8081 → 8082"],
    ),
    "Allocation.dynamic": (
        "metrics: {dynamic: true}",
        "metrics: 28009",
        ["!port-changed: pipeline e2e metrics: dynamic → 28009"],
    ),
    "Allocation.name": (
        "name: second}",
        "name: third}",
        [
            "!port-removed: gateway-lane-b integration api[second]: 18012 (removed)",
            "!port-added: gateway-lane-b integration api[third]: 18012 (added)",
        ],
    ),
    "Allocation.note": (
        "note: the public API}",
        "note: the public HTTP API}",
        ["note-changed: gateway integration api note: the public API → the public HTTP API"],
    ),
}


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


@pytest.fixture(scope="module")
def base() -> Registry:
    loaded = load_text(TEXT)
    assert loaded.registry is not None, loaded.findings
    return loaded.registry


def assert_said(base: Registry, old: str, new: str, expected: list[str]) -> None:
    """The fixture with ``old`` replaced by ``new`` gives exactly ``expected`` changes, on
    records as on the pydantic models, and undoing it is a change too."""
    changed_text = edit(TEXT, old, new)
    loaded = load_text(changed_text)
    assert loaded.registry is not None, loaded.findings
    changes = diff_registries(base, loaded.registry)
    said = [
        f"{'!' if change.governed else ''}{change.kind.value}: {change.text}" for change in changes
    ]
    assert said == expected
    models = [Registry.model_validate(yaml.safe_load(text)) for text in (TEXT, changed_text)]
    assert diff_registries(*models) == changes
    assert diff_registries(loaded.registry, base) != []


@pytest.mark.parametrize(("old", "new", "expected"), MUTATIONS.values(), ids=MUTATIONS.keys())
def test_each_key_changed_alone(base: Registry, old: str, new: str, expected: list[str]) -> None:
    assert_said(base, old, new, expected)


def model_keys(model: Any, found: set[str], seen: set[type]) -> None:
    """``Model.key`` for every key of ``model`` and of every model its keys hold."""
    seen.add(model)
    for name, field in model.model_fields.items():
        found.add(f"{model.__name__}.{name}")
        pending = [field.annotation]
        while pending:
            annotation = pending.pop()
            if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
                if annotation not in seen:
                    model_keys(annotation, found, seen)
            else:
                pending.extend(typing.get_args(annotation))


def test_every_key_of_the_format_is_changed_here_or_said_to_be_no_news() -> None:
    from test_diff_lists import LIST_MUTATIONS

    keys: set[str] = set()
    # BlockSize is a block's written form, named in its validator, not in its type.
    model_keys(Registry, keys, set())
    model_keys(BlockSize, keys, set())
    covered = set(MUTATIONS) | set(LIST_MUTATIONS) | set(NOT_DIFFED)
    assert sorted(keys - covered) == []
    assert sorted(covered - keys) == []
