"""``portreg diff`` says every change of the lists of the format (reservations, shares,
exclusive groups, known conflicts, exceptions, the changelog, docs and exports targets) and
of the scan settings: each key changed alone (see tests/test_diff_keys.py)."""

from __future__ import annotations

import pytest
from test_diff_keys import Mutations, assert_said, base

from portreg.models import Registry

__all__ = ["LIST_MUTATIONS", "base"]

# As test_diff_keys.MUTATIONS: "!" marks a change that needs a new version.
LIST_MUTATIONS: Mutations = {
    "Registry.reserved": (
        "reserved:\n",
        "reserved:\n  - {port: 8080-8089, reason: production Gateway}\n",
        ["!reservation-added: reserved 8080-8089: production Gateway (added)"],
    ),
    "Reservation.port": (
        "  - port: 15432\n",
        "  - port: 15433\n",
        [
            "!reservation-removed: reserved 15432/tcp: the shared postgres of the old"
            " harness (removed)",
            "!reservation-added: reserved 15433/tcp: the shared postgres of the old"
            " harness (added)",
        ],
    ),
    "Reservation.protocol": (
        "    protocol: tcp\n    scope: host\n    service: gateway",
        "    protocol: any\n    scope: host\n    service: gateway",
        [
            "!reservation-removed: reserved 15432/tcp: the shared postgres of the old"
            " harness (removed)",
            "!reservation-added: reserved 15432: the shared postgres of the old harness (added)",
        ],
    ),
    "Reservation.scope": (
        "    scope: host\n    service: gateway",
        "    scope: kind-pipeline\n    service: gateway",
        [
            "!reservation-removed: reserved 15432/tcp: the shared postgres of the old"
            " harness (removed)",
            "!reservation-added: reserved 15432/tcp in kind-pipeline: the shared postgres"
            " of the old harness (added)",
        ],
    ),
    "Reservation.service": (
        "    service: gateway\n    reason: the shared",
        "    service: gateway-lane-b\n    reason: the shared",
        ["!reservation-changed: reserved 15432/tcp: gateway → gateway-lane-b"],
    ),
    "Reservation.reason": (
        "reason: the shared postgres of the old harness",
        "reason: the old harness's shared postgres",
        [
            "reservation-changed: reserved 15432/tcp reason: the shared postgres of the"
            " old harness → the old harness's shared postgres"
        ],
    ),
    "Registry.shares": (
        "shares:\n",
        "shares:\n  - {port: 28001, services: [pipeline, fleet], reason: one cluster}\n",
        ["!share-added: share 28001: pipeline, fleet (added)"],
    ),
    "Share.port": (
        "  - port: 15401\n",
        "  - port: 15402\n",
        [
            "!share-removed: share 15401: gateway, gateway-lane-b (removed)",
            "!share-added: share 15402: gateway, gateway-lane-b (added)",
        ],
    ),
    "Share.protocol": (
        "    protocol: tcp\n    scope: host\n    services: [gateway, gateway-lane-b]",
        "    protocol: udp\n    scope: host\n    services: [gateway, gateway-lane-b]",
        [
            "!share-removed: share 15401: gateway, gateway-lane-b (removed)",
            "!share-added: share 15401/udp: gateway, gateway-lane-b (added)",
        ],
    ),
    "Share.scope": (
        "    scope: host\n    services: [gateway, gateway-lane-b]",
        "    scope: kind-pipeline\n    services: [gateway, gateway-lane-b]",
        [
            "!share-removed: share 15401: gateway, gateway-lane-b (removed)",
            "!share-added: share 15401 in kind-pipeline: gateway, gateway-lane-b (added)",
        ],
    ),
    "Share.services": (
        "services: [gateway, gateway-lane-b]",
        "services: [gateway, gateway-lane-b, fleet]",
        ["!share-changed: share 15401: gateway, gateway-lane-b → gateway, gateway-lane-b, fleet"],
    ),
    "Share.reason": (
        "reason: one database for both lanes",
        "reason: one database for the lanes",
        [
            "share-changed: share 15401 reason: one database for both lanes → one"
            " database for the lanes"
        ],
    ),
    "Share.concurrent": (
        "concurrent: true",
        "concurrent: false",
        ["!share-changed: share 15401 concurrent: yes → no"],
    ),
    "Registry.exclusive": (
        "exclusive:\n",
        "exclusive:\n  - {services: [gateway, fleet], reason: never together}\n",
        ["!exclusive-added: exclusive gateway, fleet: all tiers, reuse (added)"],
    ),
    "ExclusiveGroup.services": (
        "  - services: [pipeline, fleet]\n",
        "  - services: [pipeline, fleet, gateway]\n",
        [
            "!exclusive-removed: exclusive pipeline, fleet: e2e, reuse of 25401 (removed)",
            "!exclusive-added: exclusive pipeline, fleet, gateway: e2e, reuse of 25401 (added)",
        ],
    ),
    "ExclusiveGroup.tiers": (
        "tiers: [e2e]",
        "tiers: [e2e, integration]",
        ["!exclusive-changed: exclusive pipeline, fleet tiers: e2e → e2e, integration"],
    ),
    "ExclusiveGroup.ports": (
        "ports: [25401]",
        "ports: [25401, 28001]",
        ["!exclusive-changed: exclusive pipeline, fleet ports: 25401 → 25401, 28001"],
    ),
    "ExclusiveGroup.reason": (
        "reason: their Kind clusters are created one after the other",
        "reason: one cluster, one suite at a time",
        [
            "exclusive-changed: exclusive pipeline, fleet reason: their Kind clusters are"
            " created one after the other → one cluster, one suite at a time"
        ],
    ),
    "ExclusiveGroup.reuse": (
        "reuse: true",
        "reuse: false",
        ["!exclusive-changed: exclusive pipeline, fleet reuse: yes → no"],
    ),
    "Registry.known_conflicts": (
        "known_conflicts:\n",
        "known_conflicts:\n  - {port: 25401, services: [pipeline, fleet], reason: adopted}\n",
        ["!known-conflict-added: known conflict 25401: pipeline, fleet (added)"],
    ),
    "KnownConflict.port": (
        "  - port: 30081\n",
        "  - port: 30082\n",
        [
            "!known-conflict-removed: known conflict 30081 in kind-pipeline: fleet,"
            " pipeline (removed)",
            "!known-conflict-added: known conflict 30082 in kind-pipeline: fleet, pipeline (added)",
        ],
    ),
    "KnownConflict.protocol": (
        "    protocol: tcp\n    cluster: kind-pipeline",
        "    protocol: udp\n    cluster: kind-pipeline",
        [
            "!known-conflict-removed: known conflict 30081 in kind-pipeline: fleet,"
            " pipeline (removed)",
            "!known-conflict-added: known conflict 30081/udp in kind-pipeline: fleet,"
            " pipeline (added)",
        ],
    ),
    "KnownConflict.scope": (
        "    cluster: kind-pipeline\n    services: [fleet",
        "    scope: kind-lab\n    services: [fleet",
        [
            "!known-conflict-removed: known conflict 30081 in kind-pipeline: fleet,"
            " pipeline (removed)",
            "!known-conflict-added: known conflict 30081 in kind-lab: fleet, pipeline (added)",
        ],
    ),
    "KnownConflict.cluster": (
        "    cluster: kind-pipeline\n    services: [fleet",
        "    cluster: kind-lab\n    services: [fleet",
        [
            "!known-conflict-removed: known conflict 30081 in kind-pipeline: fleet,"
            " pipeline (removed)",
            "!known-conflict-added: known conflict 30081 in kind-lab: fleet, pipeline (added)",
        ],
    ),
    "KnownConflict.services": (
        "services: [fleet, pipeline]",
        "services: [fleet, pipeline, gateway]",
        [
            "!known-conflict-changed: known conflict 30081 in kind-pipeline: fleet,"
            " pipeline → fleet, pipeline, gateway"
        ],
    ),
    "KnownConflict.reason": (
        "reason: found when adopting portreg",
        "reason: adopted",
        [
            "known-conflict-changed: known conflict 30081 in kind-pipeline reason: found"
            " when adopting portreg → adopted"
        ],
    ),
    "KnownConflict.tracked": (
        "tracked: HAR-12",
        "tracked: HAR-13",
        ["known-conflict-changed: known conflict 30081 in kind-pipeline tracked: HAR-12 → HAR-13"],
    ),
    "Registry.exceptions": (
        "exceptions:\n",
        "exceptions:\n  - {rule: PR302, service: fleet, reason: a well-known port}\n",
        ["!exception-added: exception PR302 for fleet: a well-known port (added)"],
    ),
    "RuleException.rule": (
        "  - rule: PR301\n",
        "  - rule: port-outside-range\n",
        [
            "!exception-removed: exception PR301 for gateway integration api: the API"
            " took 17001 before the range existed (removed)",
            "!exception-added: exception port-outside-range for gateway integration api:"
            " the API took 17001 before the range existed (added)",
        ],
    ),
    "RuleException.service": (
        "    service: gateway\n    tier: integration\n    component",
        "    service: gateway-lane-b\n    tier: integration\n    component",
        [
            "!exception-removed: exception PR301 for gateway integration api: the API"
            " took 17001 before the range existed (removed)",
            "!exception-added: exception PR301 for gateway-lane-b integration api: the"
            " API took 17001 before the range existed (added)",
        ],
    ),
    "RuleException.cluster": (
        "    cluster: kind-pipeline\n    reason",
        "    cluster: kind-lab\n    reason",
        [
            "!exception-removed: exception PR305 for kind-pipeline's NodePorts: the"
            " cluster's bands lie above the static band on purpose (removed)",
            "!exception-added: exception PR305 for kind-lab's NodePorts: the cluster's"
            " bands lie above the static band on purpose (added)",
        ],
    ),
    "RuleException.tier": (
        "    tier: integration\n    component: api",
        "    component: api",
        [
            "!exception-removed: exception PR301 for gateway integration api: the API"
            " took 17001 before the range existed (removed)",
            "!exception-added: exception PR301 for gateway api: the API took 17001 before"
            " the range existed (added)",
        ],
    ),
    "RuleException.component": (
        "    component: api\n    reason",
        "    component: postgresql\n    reason",
        [
            "!exception-removed: exception PR301 for gateway integration api: the API"
            " took 17001 before the range existed (removed)",
            "!exception-added: exception PR301 for gateway integration postgresql: the"
            " API took 17001 before the range existed (added)",
        ],
    ),
    "RuleException.reason": (
        "reason: the API took 17001 before the range existed",
        "reason: the API took 17001 first",
        [
            "exception-changed: exception PR301 for gateway integration api: the API took"
            " 17001 before the range existed → the API took 17001 first"
        ],
    ),
    "Registry.changelog": (
        "changelog:\n",
        'changelog:\n  - {version: "3.2", date: 2026-03-01, summary: Lab cluster}\n',
        ["changelog-added: changelog 3.2: Lab cluster (added)"],
    ),
    "ChangelogEntry.version": (
        '  - version: "3.1"',
        '  - version: "3.0"',
        [
            "changelog-removed: changelog 3.1: Pipeline and fleet share one Kind cluster (removed)",
            "changelog-added: changelog 3.0: Pipeline and fleet share one Kind cluster (added)",
        ],
    ),
    "ChangelogEntry.date": (
        "    date: 2026-02-10",
        "    date: 2026-02-11",
        ["changelog-changed: changelog 3.1 date: 2026-02-10 → 2026-02-11"],
    ),
    "ChangelogEntry.summary": (
        "summary: Pipeline and fleet share one Kind cluster",
        "summary: One Kind cluster for two suites",
        [
            "changelog-changed: changelog 3.1: Pipeline and fleet share one Kind cluster"
            " → One Kind cluster for two suites"
        ],
    ),
    "ChangelogEntry.author": (
        "    author: platform-team\n",
        "    author: Ana\n",
        ["changelog-changed: changelog 3.1 author: platform-team → Ana"],
    ),
    "ChangelogEntry.changes": (
        "      - kind-pipeline's own ports written once\n",
        "      - kind-pipeline's own ports written once\n      - fleet joins it\n",
        [
            "changelog-changed: changelog 3.1 changes: kind-pipeline's own ports written"
            " once → kind-pipeline's own ports written once, fleet joins it"
        ],
    ),
    "Registry.docs": (
        "docs:\n",
        "docs:\n  - path: docs/kind.md\n",
        ["docs-added: docs target docs/kind.md: every section (added)"],
    ),
    "DocTarget.path": (
        "path: docs/ports.md",
        "path: docs/test-ports.md",
        [
            "docs-removed: docs target docs/ports.md: allocations, changelog (removed)",
            "docs-added: docs target docs/test-ports.md: allocations, changelog (added)",
        ],
    ),
    "DocTarget.sections": (
        "sections: [allocations, changelog]",
        "sections: [allocations]",
        ["docs-changed: docs target docs/ports.md: allocations, changelog → allocations"],
    ),
    "Registry.exports": (
        "exports:\n",
        "exports:\n  - {path: test/ports.env, format: env}\n",
        ["export-added: export test/ports.env: env (added)"],
    ),
    "ExportTarget.path": (
        "path: test/ports/ports_gen.go",
        "path: test/ports/gen.go",
        [
            "export-removed: export test/ports/ports_gen.go: go for gateway integration (removed)",
            "export-added: export test/ports/gen.go: go for gateway integration (added)",
        ],
    ),
    "ExportTarget.format": (
        "    format: go\n",
        "    format: json\n",
        ["export-changed: export test/ports/ports_gen.go: go → json"],
    ),
    "ExportTarget.service": (
        "    service: gateway\n    tier: integration\n    package",
        "    tier: integration\n    package",
        ["export-changed: export test/ports/ports_gen.go service: gateway (removed)"],
    ),
    "ExportTarget.tier": (
        "    tier: integration\n    package",
        "    tier: e2e\n    package",
        ["export-changed: export test/ports/ports_gen.go tier: integration → e2e"],
    ),
    "ExportTarget.package": (
        "package: ports",
        "package: testports",
        ["export-changed: export test/ports/ports_gen.go package: ports → testports"],
    ),
    "Registry.scan": (
        "scan:\n  exclude: [vendor/**]\n",
        "",
        ["scan-changed: scan exclude: vendor/** (removed)"],
    ),
    "ScanSettings.exclude": (
        "exclude: [vendor/**]",
        "exclude: [vendor/**, third_party/**]",
        ["scan-changed: scan exclude: vendor/** → vendor/**, third_party/**"],
    ),
}


@pytest.mark.parametrize(
    ("old", "new", "expected"), LIST_MUTATIONS.values(), ids=LIST_MUTATIONS.keys()
)
def test_each_key_changed_alone(base: Registry, old: str, new: str, expected: list[str]) -> None:
    assert_said(base, old, new, expected)
