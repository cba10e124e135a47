"""The real-sized fixture registry uses every key of the format on a table of realistic
size, and passes portreg check with only its two known conflicts as warnings."""

from __future__ import annotations

import yaml
from format_keys import model_keys, written_keys
from helpers import REAL_SIZED, codes, findings_for

from portreg.loading.registry import load_registry
from portreg.models import BlockSize, Registry


def load() -> Registry:
    registry = load_registry(REAL_SIZED).registry
    assert registry is not None
    return registry


def test_it_is_real_sized() -> None:
    registry = load()
    clusters = [s for s in registry.scopes.values() if s.kind == "nodeport" and s.config]
    assert len(clusters) >= 14
    assert len(registry.entries) >= 150
    components = set(registry.components)
    assert {"metrics", "health", "mock"} <= components


def test_it_uses_every_new_concept() -> None:
    registry = load()
    entries = registry.entries
    mapped = [r for r in entries if r.allocation.port and r.allocation.node_port]
    assert len(mapped) >= 50  # host <-> NodePort (<-> container) mappings
    assert any(r.allocation.node_port and r.allocation.port is None for r in entries)
    assert any(r.allocation.container_port and not r.allocation.port for r in entries)
    assert any(r.allocation.dynamic for r in entries)
    assert any(r.instance for r in entries)
    assert any(service.blocks for service in registry.services.values())
    assert any(
        isinstance(block, dict) for s in registry.services.values() for block in s.blocks.values()
    )
    assert all(tier.range for tier in registry.tiers.values())
    assert sum(1 for s in registry.services.values() if s.part_of) >= 2
    assert any(c.container_port and c.names for c in registry.components.values())
    reuse = [group for group in registry.exclusive if group.reuse]
    assert reuse and reuse[0].services == ["search", "search-lane-b"]  # two lanes of one service
    assert registry.services["search-lane-b"].part_of == "search"
    assert any(not group.reuse for group in registry.exclusive)
    assert len(registry.known_conflicts) == 2
    assert any(reservation.service for reservation in registry.reserved)
    assert any(share.concurrent for share in registry.shares)
    assert registry.status and registry.authors and registry.reviewers
    assert all(entry.author for entry in registry.changelog[:4])
    assert registry.exports


def test_it_passes_check_with_two_known_conflicts() -> None:
    findings = findings_for(REAL_SIZED.read_text(encoding="utf-8"))
    assert codes(findings) == ["PR308", "PR308"]


def test_it_writes_every_key_of_the_format() -> None:
    """So that the tests that use it (docs, diff, who, next, export, the schema) meet every
    key as a team would write it; a key added to the format is added here too."""
    every: set[str] = set()
    model_keys(Registry, every, set())
    model_keys(BlockSize, every, set())
    # A range is read into {start, end}; nobody writes that form.
    every -= {"PortRange.start", "PortRange.end"}
    written: set[str] = set()
    written_keys(Registry, yaml.safe_load(REAL_SIZED.read_text(encoding="utf-8")), written)
    assert sorted(every - written) == []
    assert written <= every | {"BlockSize.start", "BlockSize.size"}


def test_it_uses_the_keys_of_clusters_workers_and_agreements() -> None:
    registry = load()
    platform = registry.scopes["kind-platform"]
    assert platform.services == ["auth-gateway", "feature-flags"] and platform.ports
    assert registry.scopes["kind-chat"].ranges
    assert any(component.nodeport_ranges for component in registry.components.values())
    assert registry.services["ledger"].workers["integration"].count == 3
    copies = [(use.service, use.worker) for use in registry.allocations if use.port == 16345]
    assert copies == [("ledger", 2)]  # worker 2's redis: 16305 + 2 × 20
    assert any(group.ports for group in registry.exclusive)
    assert any(conflict.cluster for conflict in registry.known_conflicts)
    assert {exception.cluster for exception in registry.exceptions} == {None, "kind-geo"}
    assert registry.services["ingest"].production and registry.created and registry.related
