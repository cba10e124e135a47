"""Read the registry as it was at a git revision, without touching the working tree.

Real ``git`` subprocesses: ``rev-parse`` to find the repository and the commit, ``ls-tree``
to list the registry's files at that commit, ``cat-file`` to read them. A registry that did
not exist at the revision is not an error (it is new); a revision that does not exist is
(exit status 2, one line).
"""

from __future__ import annotations

import os
import posixpath
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from portreg.base_revision import AUTO_BASE, BASE_ENV, require_revision
from portreg.base_revision import base_error as _error
from portreg.findings import Finding, InputError, Location, Severity
from portreg.loading.loader import Source
from portreg.loading.registry import YAML_SUFFIXES, LoadedRegistry, load_sources
from portreg.loading.sourcemap import SourceMap

__all__ = [
    "AUTO_BASE",
    "BASE_ENV",
    "Revision",
    "head_exists",
    "load_at_revision",
    "resolve_auto",
]

# How many symbolic links in a row are followed in a committed tree (as the kernel limits).
MAX_LINKS = 8
_SYMLINK_MODE = "120000"


@dataclass(frozen=True)
class Revision:
    """The revision as the user named it, and the commit it resolved to."""

    name: str
    commit: str


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise _error("--base needs git, and git is not installed (not on PATH)") from None


def _first_line(output: bytes) -> str:
    lines = output.decode("utf-8", "replace").strip().splitlines()
    return lines[0].removeprefix("fatal: ") if lines else "git failed"


def locate_revision(name: str, start: Path) -> tuple[Path, Revision]:
    """The top of the git work tree that ``start`` is in, and the commit ``name`` is there.

    One git process for both (each costs a few milliseconds of a check in a git hook): git
    prints the top of the work tree first, then the commit when ``name`` is one, so output
    without a second line is a name that is not a commit, and output without any line is
    no repository."""
    directory = start if start.is_dir() else start.parent
    done = _git(
        [
            "rev-parse",
            "--show-toplevel",
            "--verify",
            "--quiet",
            "--end-of-options",
            f"{name}^{{commit}}",
        ],
        directory,
    )
    lines = done.stdout.split(b"\n")[:-1]  # each line ends with one (a path may hold \r)
    if not lines:
        raise _error(f"--base needs a git repository: {_first_line(done.stderr)}")
    if done.returncode != 0 or len(lines) < 2 or not lines[1].strip():
        raise _error(f"--base {name}: no such commit in this git repository")
    return Path(os.fsdecode(lines[0])), Revision(name, lines[1].decode("ascii").strip())


def head_exists(start: Path) -> bool:
    """Whether ``start`` is in a git work tree with at least one commit (git installed)."""
    directory = start if start.is_dir() else start.parent
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", "HEAD^{commit}"],
            cwd=directory,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        return False
    return done.returncode == 0


def resolve_auto(base: str, registry_path: Path) -> str | None:
    """``auto`` is HEAD when the registry is in a git repository with a commit, else no
    change control (a first commit, or no git): what the pre-commit hook uses. Any other
    name is itself."""
    if base != AUTO_BASE:
        return base
    return "HEAD" if head_exists(registry_path.resolve()) else None


def load_at_revision(
    registry_path: Path, name: str, working: LoadedRegistry | None = None
) -> tuple[LoadedRegistry | None, Revision]:
    """The registry at ``registry_path`` as committed at revision ``name``.

    None when it did not exist then. Files are named ``REV:path`` in findings about them.
    ``working``: the registry in the working tree, loaded with ``keep_nodes``; the base is
    read as an edit of it (:mod:`portreg.base_reading`), the same registry, read faster.
    """
    require_revision(name)
    root, revision = locate_revision(name, registry_path.resolve())
    try:
        relative = PurePosixPath(registry_path.resolve().relative_to(root.resolve()).as_posix())
    except ValueError:
        raise _error(
            f"--base: the registry {registry_path} is outside the git repository"
        ) from None
    entries = _blobs(revision, relative, root)
    if not entries:
        return None, revision
    sources = [Source(f"{name}:{path}", _read_blob(object_id, root)) for path, object_id in entries]
    if working is not None:
        from portreg.base_reading import read_as_edit

        edited = read_as_edit(sources, [path for path, _ in entries], working, root)
        if edited is not None:
            return edited, revision
    try:
        return load_sources(sources, root), revision
    except InputError as error:
        # Unreadable then (bad YAML, say): not the checked change's fault; reported as such.
        where = error.location or Location(sources[0].name)
        finding = Finding(error.code, error.rule, Severity.ERROR, error.message, where)
        return LoadedRegistry(
            None, SourceMap(where), [s.name for s in sources], root, [finding]
        ), revision


def _blobs(revision: Revision, relative: PurePosixPath, root: Path) -> list[tuple[str, str]]:
    """(path, object id) of the registry's YAML files at the revision, sorted by name.

    What the registry was then decides, not what it is now: a directory then and a file
    now (or the reverse) is compared all the same, and committed symbolic links are
    followed inside the tree.
    """
    entry = _follow(revision, str(relative), root)
    if entry is None:
        return []
    mode, kind, object_id, path = entry
    if kind == "blob":
        return [(path, object_id)]
    if kind != "tree":
        raise _error(f"--base {revision.name}: the registry {path} was a {kind} (a submodule)")
    entries = []
    for mode, kind, object_id, child in _ls_tree(revision, f"{path}/", root):
        name = PurePosixPath(child)
        if name.name.startswith(".") or name.suffix not in YAML_SUFFIXES:
            continue
        if mode == _SYMLINK_MODE:
            followed = _follow(revision, child, root)
            if followed is None:
                continue  # a dangling link: not a file of the registry, then as now
            mode, kind, object_id, _path = followed
        if kind == "blob":
            entries.append((child, object_id))
    return sorted(entries)


def _follow(revision: Revision, path: str, root: Path) -> tuple[str, str, str, str] | None:
    """The tree entry at ``path`` (mode, kind, object id, path), with committed symbolic
    links followed, in the path's directories too; None when nothing is there."""
    # The whole path in one look first: git lists an entry only through directories that
    # are real trees, so an entry found that is no link has no link on its way either.
    found = _ls_tree(revision, path, root)
    if found and found[0][0] != _SYMLINK_MODE:
        return found[0]
    links = 0
    pending = [part for part in path.split("/") if part]
    resolved = ""
    entry: tuple[str, str, str, str] | None = None
    while pending:
        part = pending.pop(0)
        current = f"{resolved}/{part}" if resolved else part
        found = _ls_tree(revision, current, root)
        if not found:
            return None
        entry = found[0]
        mode, _kind, object_id, current = entry
        if mode != _SYMLINK_MODE:
            resolved = current
            continue
        links += 1
        link = _read_blob(object_id, root).decode("utf-8", "surrogateescape")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(current), link))
        if links > MAX_LINKS or posixpath.isabs(link) or target.split("/")[0] == "..":
            why = "too many links" if links > MAX_LINKS else f"it points to {link}"
            raise _error(
                f"--base {revision.name}: {current} was a symbolic link leading outside the "
                f"repository ({why}); compare with a revision where the registry is a file"
            )
        # Go on from the link's target: its own parts first, then what was left.
        pending = [part for part in target.split("/") if part and part != "."] + pending
        resolved = ""
    return entry


def _ls_tree(revision: Revision, target: str, root: Path) -> list[tuple[str, str, str, str]]:
    """``git ls-tree`` entries: (mode, kind, object id, path from the top of the tree)."""
    done = _git(["ls-tree", "-z", "--full-name", revision.commit, "--", target], root)
    if done.returncode != 0:
        raise _error(f"--base {revision.name}: {_first_line(done.stderr)}")
    entries = []
    for record in done.stdout.decode("utf-8", "surrogateescape").split("\0"):
        if not record:
            continue
        meta, path = record.split("\t", 1)
        mode, kind, object_id = meta.split()
        entries.append((mode, kind, object_id, path))
    return entries


def _read_blob(object_id: str, root: Path) -> bytes:
    done = _git(["cat-file", "blob", object_id], root)
    if done.returncode != 0:
        raise _error(f"--base: cannot read {object_id}: {_first_line(done.stderr)}")
    return done.stdout
