"""``portreg init [--discover PATH]``: write a starter registry, or one proposed from a tree.

The text is built with the editor's emitter, checked with every rule before it is written
(a proposal with an error is not written), and never replaces an existing file.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from portreg.clock import today
from portreg.commands.common import EXIT_CLEAN, EXIT_FINDINGS
from portreg.edit.emit import block_lines
from portreg.escaping import escape_control
from portreg.findings import Severity, UsageError

if TYPE_CHECKING:
    from portreg.edit.discover import Proposal

DEFAULT_OUTPUT = "registry/ports.yaml"
HEADER = (
    "# Port allocation registry: the one source of truth for the host ports that test suites\n"
    "# bind. Edit it with portreg allocate / move / release / rename (they keep this file's\n"
    "# layout), then commit. Format: docs/registry-format.md in the portreg project.\n"
)


def run(discover: str | None, output: str | None, title: str | None, dry_run: bool) -> int:
    root = Path(discover) if discover else Path.cwd()
    target = Path(output) if output else root / DEFAULT_OUTPUT
    if not dry_run:
        _require_new(target, root, explicit=output is not None)
    if discover:
        text, notes = _discovered(root, title)
    else:
        text, notes = _starter(title), []
    from portreg.checker import check
    from portreg.edit.baseline import current_conflicts
    from portreg.loading.loader import Source
    from portreg.loading.registry import load_sources
    from portreg.rules import Context

    loaded = load_sources([Source(str(target), text.encode("utf-8"))], root)
    if loaded.registry is not None:
        conflicts = current_conflicts(Context(loaded.registry, loaded.sources))
        if conflicts:
            reason = f"found by portreg init --discover on {today().isoformat()}; fix it"
            entries = [conflict.entry(reason) for conflict in conflicts]
            text += "\n" + "\n".join(block_lines({"known_conflicts": entries}, 0)) + "\n"
            notes.append(f"{len(entries)} conflict(s) recorded as known conflicts")
            loaded = load_sources([Source(str(target), text.encode("utf-8"))], root)
    errors = [f for f in check(loaded) if f.severity is Severity.ERROR]
    if errors:
        for finding in errors:
            print(finding, file=sys.stderr)
        print("portreg init: nothing written: the proposal has errors", file=sys.stderr)
        return EXIT_FINDINGS
    for note in notes:
        print(note)
    if dry_run:
        sys.stdout.write(text)
        return EXIT_CLEAN
    _write_new(target, text)
    registry = loaded.registry
    assert registry is not None
    print(
        f"wrote {target}: {len(registry.services)} services, {len(registry.allocations)} ports; "
        "run portreg check"
    )
    return EXIT_CLEAN


def _require_new(target: Path, root: Path, explicit: bool) -> None:
    """Refuse a target that exists in any form: a file, or a symbolic link even when it
    leads nowhere (writing through a dangling link creates a file wherever it points). The
    default target must also stay inside the project (a ``registry`` folder that is a link
    out of it is refused, PR604); only ``--output`` may point elsewhere."""
    shown = escape_control(str(target))
    if target.is_symlink():
        where = escape_control(os.readlink(target))
        raise UsageError(
            f"{shown} is a symbolic link (to {where}); portreg init writes a new file, "
            "never through a link"
        )
    if os.path.lexists(target):
        raise UsageError(f"{shown} exists; portreg init never replaces a registry")
    if not explicit:
        from portreg import confinement

        real = confinement.leads_out(root, target)
        if real is not None:
            raise confinement.refusal(
                "registry file", DEFAULT_OUTPUT, f"leads to {real} through a symbolic link"
            )


def _write_new(target: Path, text: str) -> None:
    """Write the new registry; a folder or disk that refuses it is one line (PR607)."""
    from portreg.edit.registry_lock import unwritable
    from portreg.edit.transaction import write_together

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_together(None, {target: text.encode("utf-8")})
    except OSError as error:
        raise unwritable(escape_control(str(target)), error) from None


def _header(title: str) -> dict[str, object]:
    return {"portreg": 1, "title": title, "version": "1.0", "updated": today()}


def _changelog(summary: str) -> dict[str, object]:
    return {"changelog": [{"version": "1.0", "date": today(), "summary": summary}]}


def _text(*parts: dict[str, object]) -> str:
    blocks = ["\n".join(block_lines(part, 0)) + "\n" for part in parts]
    return HEADER + "\n".join(blocks)


def _starter(title: str | None) -> str:
    return _text(
        _header(title or "Port allocation"),
        {
            "tiers": {
                "integration": {"title": "Integration tests"},
                "e2e": {"title": "E2E tests"},
            }
        },
        {
            "components": {
                "postgresql": {
                    "container_port": 5432,
                    "ranges": {"integration": "15433-15442", "e2e": "25433-25442"},
                },
                "redis": {
                    "container_port": 6379,
                    "ranges": {"integration": "16379-16388", "e2e": "26379-26388"},
                },
            }
        },
        {"services": {}},
        _changelog("registry started with portreg init"),
    )


def _discovered(root: Path, title: str | None) -> tuple[str, list[str]]:
    from portreg.edit.discover import KNOWN_COMPONENTS, discover
    from portreg.reporters import plural

    proposal = discover(root)
    if not proposal.services:
        raise UsageError(f"no host port found under {root}; run portreg init without --discover")
    tiers = sorted({tier for tiers in proposal.services.values() for tier in tiers})
    components: dict[str, object] = {}
    for name in sorted(proposal.components):
        known = KNOWN_COMPONENTS.get(name)
        components[name] = {"container_port": known[0]} if known else {}
    services: dict[str, object] = {}
    for service, ports in sorted(proposal.services.items()):
        services[service] = {
            "paths": list(proposal.paths.get(service, [])),
            "ports": {
                tier: {
                    component: _allocation(proposal, (service, tier, component), port)
                    for component, port in sorted(held.items())
                }
                for tier, held in sorted(ports.items())
            },
        }
    parts: list[dict[str, object]] = [
        _header(title or f"Port allocation ({root.resolve().name})"),
        {"tiers": {tier: {"title": f"{tier} tests"} for tier in tiers}},
    ]
    if proposal.clusters:
        parts.append({"scopes": _scopes(proposal)})
    text = _text(
        *parts,
        {"components": components},
        {"services": services},
        _changelog(f"proposed by portreg init --discover from {proposal.files} files"),
    )
    host_ports = sum(
        port is not None for held in proposal.services.values() for t in held.values()
        for port in t.values()
    )  # fmt: skip
    notes = [
        f"found {host_ports} host ports of {len(proposal.services)} services in "
        f"{proposal.files} files"
    ]
    if proposal.clusters:
        notes.append(
            f"found {plural(len(proposal.node_ports), 'NodePort')} in "
            f"{plural(len(proposal.clusters), 'Kind cluster')}"
        )
    notes.extend(f"disagreement: {line}" for line in proposal.disagreements)
    return text, notes


def _scopes(proposal: Proposal) -> dict[str, object]:
    return {
        cluster.name: {"kind": "nodeport", "title": "Kind cluster", "config": cluster.config}
        for cluster in sorted(proposal.clusters, key=lambda cluster: cluster.name)
    }


def _allocation(proposal: Proposal, slot: tuple[str, str, str], port: int | None) -> object:
    """A bare host port, or the mapping of a host port to its NodePort in a Kind cluster."""
    mapped = proposal.node_ports.get(slot)
    if mapped is None:
        return port
    mapping, cluster = mapped
    allocation: dict[str, object] = {}
    if port is not None:
        allocation["port"] = port
    allocation.update(node_port=mapping.node_port, cluster=cluster)
    if mapping.protocol == "udp":  # Kind's SCTP has no registry protocol: kept as TCP
        allocation["protocol"] = "udp"
    return allocation
