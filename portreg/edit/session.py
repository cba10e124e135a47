"""What one edit works on: the registry as read, the files it splices into, what it says.

The editor (``portreg.edit.editor``) makes a :class:`Session` and hands it to the command's
change; the helpers a change calls (``bump``, ``baseline``, ``fixes``, ``cleanup``) take it
too. Both sides import this module and neither imports the other's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from portreg.checker import check
from portreg.edit.yaml_text import YamlText
from portreg.findings import Finding
from portreg.loading.registry import LoadedRegistry
from portreg.loading.sourcemap import PathKey

if TYPE_CHECKING:
    from portreg.models import Registry

BUMPS = ("minor", "major", "none")


@dataclass(frozen=True)
class EditOptions:
    """What every editing command accepts: --dry-run, --major / --no-bump, --no-docs."""

    dry_run: bool = False
    bump: str = "minor"
    docs: bool = True
    # A summary for the changelog entry (default: written from the semantic diff).
    summary: str | None = None
    # check --fix: repair what keeps the registry from loading (unquoted versions) first.
    repair_text: bool = False


@dataclass(frozen=True)
class FileChange:
    """A file besides the registry that the edit rewrites (code of ``move --code``)."""

    path: Path
    shown: str
    old: bytes
    new: bytes


@dataclass
class Session:
    """The registry as it is (valid), and the files the change splices into."""

    loaded: LoadedRegistry
    registry: Registry
    files: dict[str, Path]
    path: Path
    documents: dict[str, YamlText] = field(default_factory=dict)
    # Lines the command prints after the diff (what it did, in words).
    notes: list[str] = field(default_factory=list)
    # Lines printed last, once the change is written (or, in a dry run, shown).
    closing: list[str] = field(default_factory=list)
    summary: str | None = None
    # The services the change touched, when only they changed: the changelog's semantic
    # diff then compares only them.
    touched: set[str] | None = None
    # Service ids the change renames (old → new): a finding the registry had before is not
    # new because it now names the service by its new id.
    renamed: dict[str, str] = field(default_factory=dict)
    # Other files the change rewrites, planned once the edited registry is known (``move
    # --code``): shown with the registry's diff, written in the same transaction.
    after: Callable[[Session, LoadedRegistry], list[FileChange]] | None = None
    _findings: list[Finding] | None = None

    @property
    def findings(self) -> list[Finding]:
        """Every finding of the registry before the edit (checked once, when first asked)."""
        if self._findings is None:
            self._findings = check(self.loaded)
        return self._findings

    def findings_of(self, codes: set[str]) -> list[Finding]:
        """The registry's findings before the edit of the rules ``codes``: only those rules
        run (an edit compares its result's findings with these, rule by rule). PR306 judges
        the exceptions of every rule, so with it every rule runs."""
        if self._findings is not None or "PR306" in codes:
            return [finding for finding in self.findings if finding.code in codes]
        from portreg.checker import RuleFilter

        found = check(self.loaded, RuleFilter(select=tuple(sorted(codes))))
        return [finding for finding in found if finding.code in codes]

    def document(self, name: str) -> YamlText:
        """The file ``name`` to splice into, from its one reading (text and node tree)."""
        if name not in self.documents:
            read = self.loaded.documents[name]
            assert read.text is not None  # the editor keeps the text (and the node tree)
            self.documents[name] = YamlText(read.text, name, read.root, bom=read.bom)
        return self.documents[name]

    def document_for(self, path: PathKey) -> YamlText:
        """The file that defines ``path`` (or its nearest ancestor); the main file if none."""
        for length in range(len(path), 0, -1):
            part = path[:length]
            sources = self.loaded.sources
            location = sources.value_location(part) or sources.key_location(part)
            if location is not None and location.file in self.files:
                return self.document(location.file)
        return self.main_document()

    def locate(self, path: PathKey) -> tuple[YamlText, PathKey]:
        """The file holding ``path`` and the path within that file: an item of a list that
        several files contribute to (shares, known_conflicts ...) has its own index there."""
        document = self.document_for(path)
        if len(path) < 2 or not isinstance(path[1], int) or len(self.files) == 1:
            return document, path
        local = 0
        for index in range(path[1]):
            location = self.loaded.sources.value_location((path[0], index))
            if location is not None and location.file == document.name:
                local += 1
        return document, (path[0], local, *path[2:])

    def main_document(self) -> YamlText:
        """The file with the header (``version``): where bumps and new top-level lists go."""
        location = self.loaded.sources.key_location(("version",))
        if location is not None and location.file in self.files:
            return self.document(location.file)
        return self.document(next(iter(self.files)))

    @property
    def changed(self) -> bool:
        return any(document.changed for document in self.documents.values())

    def texts(self) -> dict[str, str]:
        """The text of each file the change touched, in the registry's order of files."""
        return {
            name: self.documents[name].result() for name in self.files if name in self.documents
        }


Change = Callable[[Session], None]


def git_user(root: Path) -> str | None:
    """``git config user.name`` in the project, when git and a name are there."""
    import subprocess

    try:
        done = subprocess.run(
            ["git", "config", "user.name"],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    name = done.stdout.strip()
    return name or None
