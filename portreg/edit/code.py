"""``portreg move --code``: rewrite the code of one service that hard-codes the moved port.

The scan's port roles (:mod:`portreg.scan.roles`) decide which occurrences of the old port
are the service's host port: the host side of a mapping (``16387:6379``), a ``*_PORT=``
value, a URL to the local machine, a constant or key about ports. A container-side port, a
number in a comment or in prose, a history note ("moved from 16387") and every file that is
not this service's alone are left as they are. For a moved NodePort, the occurrences the
roles call a NodePort (``nodePort:``, a Kind mapping's ``containerPort``) are rewritten, in
the service's files and in its cluster's config file (``config:`` of the scope). The diff
is printed with the registry's; ``--apply`` writes both in one transaction. A file whose
folder now leads out of the project through a symbolic link stops the move (PR604): it is
never read or written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from portreg import confinement
from portreg.edit.session import FileChange
from portreg.loading.registry import LoadedRegistry
from portreg.scan.comments import Place
from portreg.scan.files import ExcludeFilter, FileToScan, read, select_files
from portreg.scan.judge import PortIndex
from portreg.scan.matcher import PortMatcher
from portreg.scan.names import Vocabulary
from portreg.scan.owners import Owners
from portreg.scan.roles import PortHit, Role, classify
from portreg.wording import plural

if TYPE_CHECKING:
    from portreg.models import Registry


@dataclass
class CodeEdit:
    path: Path
    shown: str
    old: bytes
    new: bytes
    replacements: int


def rewritable(hit: PortHit, old: int, role: Role = Role.HOST) -> bool:
    """``old`` as a port of ``role`` in code: not a comment, a citation, history or another
    side."""
    return hit.port == old and hit.role is role and hit.place is Place.CODE and not hit.reference


def plan_code_edits(
    files: list[FileToScan],
    old: int,
    new: int,
    registry: Registry,
    index: PortIndex,
    role: Role = Role.HOST,
) -> list[CodeEdit]:
    """The rewritten content of each file that holds ``old`` as a port of ``role``."""
    # Container ports are searched too: ``16387:6379`` is read as a mapping by its right side.
    matcher = PortMatcher([old], index.container_ports)
    vocabulary = Vocabulary.of(registry)
    edits = []
    for file in files:
        data, _ = read(file)
        if data is None:
            continue
        hits = list(matcher.find(data))
        if not hits:
            continue
        written = str(old).encode()
        chosen = [
            hit
            for hit in classify(data, hits, file.relative, vocabulary)
            if rewritable(hit, old, role)
            # A port inside a published range (16386-16388:...) is placed at the range's
            # start, where another number is written: a range is not rewritten port by port.
            and data[hit.offset : hit.offset + len(written)] == written
        ]
        if not chosen:
            continue
        text = data
        width = len(str(old))
        for hit in sorted(chosen, key=lambda item: item.offset, reverse=True):
            text = text[: hit.offset] + str(new).encode() + text[hit.offset + width :]
        edits.append(CodeEdit(Path(file.path), file.relative, data, text, len(chosen)))
    return edits


def code_changes(
    loaded: LoadedRegistry,
    service: str,
    old: int,
    new: int,
    cluster: str | None = None,
) -> tuple[list[FileChange], str]:
    """The files to rewrite for a moved port of ``service`` (its host port, or with
    ``cluster`` its NodePort in that cluster) in the registry as edited, and the summary."""
    registry = loaded.registry
    assert registry is not None
    owners = Owners(registry)
    selection = select_files([loaded.root], loaded.root, ExcludeFilter(registry.scan.exclude))
    # Only files that are this service's alone: a file shared with another service is not
    # this move's to change. A NodePort is unique in its cluster, so the cluster's config
    # file, whoever else it serves, holds this service's mapping.
    index = PortIndex(registry)
    own = [
        file
        for file in selection.files
        if owners.of(file.relative) == (service,)
        or (cluster is not None and index.cluster_of(file.relative) == cluster)
    ]
    for file in own:  # git lists it, but a folder on its way may now lead out of the project
        reason = confinement.escape(loaded.root, file.relative)
        if reason is not None:
            raise confinement.refusal("code file", file.relative, reason)
    role = Role.HOST if cluster is None else Role.NODE_PORT
    edits = plan_code_edits(own, old, new, registry, index, role)
    changes = [FileChange(edit.path, edit.shown, edit.old, edit.new) for edit in edits]
    if not edits:
        side = "a host port" if cluster is None else f"a NodePort of {cluster}"
        return changes, f"code: no file of {service} hard-codes {old} as {side}"
    count = sum(edit.replacements for edit in edits)
    return changes, (
        f"code: {plural(count, 'replacement')} of {old} → {new} in "
        f"{plural(len(edits), 'file')} of {service}"
    )
