"""Read the registry as it was at a git revision, without touching the working tree.

Real ``git`` subprocesses: ``rev-parse`` to find the repository and the commit, ``ls-tree``
to list the registry's files at that commit, ``cat-file`` to read them. A registry that did
not exist at the revision is not an error (it is new); a revision that does not exist is
(exit status 2, one line).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from portreg.findings import Finding, InputError, Location, Severity
from portreg.loader import Source
from portreg.registry import YAML_SUFFIXES, LoadedRegistry, load_sources
from portreg.sourcemap import SourceMap

BASE_ENV = "PORTREG_BASE"
# ``--base auto``: HEAD when there is one (the pre-commit hook's default), else no base.
AUTO_BASE = "auto"


@dataclass(frozen=True)
class Revision:
    """The revision as the user named it, and the commit it resolved to."""

    name: str
    commit: str


def _error(message: str) -> InputError:
    return InputError(message, code="PR400", rule="base-unreadable")


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise _error("--base needs git, and git is not installed (not on PATH)") from None


def _first_line(output: bytes) -> str:
    lines = output.decode("utf-8", "replace").strip().splitlines()
    return lines[0].removeprefix("fatal: ") if lines else "git failed"


def repository_root(start: Path) -> Path:
    """The top of the git work tree that ``start`` is in."""
    directory = start if start.is_dir() else start.parent
    done = _git(["rev-parse", "--show-toplevel"], directory)
    if done.returncode != 0:
        raise _error(f"--base needs a git repository: {_first_line(done.stderr)}")
    return Path(done.stdout.decode().strip())


def resolve_revision(name: str, root: Path) -> Revision:
    done = _git(
        ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}"], root
    )
    if done.returncode != 0 or not done.stdout.strip():
        raise _error(f"--base {name}: no such commit in this git repository")
    return Revision(name, done.stdout.decode().strip())


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


def load_at_revision(registry_path: Path, name: str) -> tuple[LoadedRegistry | None, Revision]:
    """The registry at ``registry_path`` as committed at revision ``name``.

    None when it did not exist then. Files are named ``REV:path`` in findings about them.
    """
    root = repository_root(registry_path.resolve())
    revision = resolve_revision(name, root)
    try:
        relative = PurePosixPath(registry_path.resolve().relative_to(root.resolve()).as_posix())
    except ValueError:
        raise _error(
            f"--base: the registry {registry_path} is outside the git repository"
        ) from None
    entries = _blobs(revision, relative, registry_path.is_dir(), root)
    if not entries:
        return None, revision
    sources = [Source(f"{name}:{path}", _read_blob(object_id, root)) for path, object_id in entries]
    try:
        return load_sources(sources, root), revision
    except InputError as error:
        # Unreadable then (bad YAML, say): not the checked change's fault; reported as such.
        where = error.location or Location(sources[0].name)
        finding = Finding(error.code, error.rule, Severity.ERROR, error.message, where)
        return LoadedRegistry(
            None, SourceMap(where), [s.name for s in sources], root, [finding]
        ), revision


def _blobs(
    revision: Revision, relative: PurePosixPath, directory: bool, root: Path
) -> list[tuple[str, str]]:
    """(path, object id) of the registry's YAML files at the revision, sorted by name."""
    # A trailing slash lists a directory's entries; without it, ls-tree names the path itself.
    target = f"{relative}/" if directory else str(relative)
    done = _git(["ls-tree", "-z", "--full-name", revision.commit, "--", target], root)
    if done.returncode != 0:
        raise _error(f"--base {revision.name}: {_first_line(done.stderr)}")
    entries = []
    for record in done.stdout.decode("utf-8", "replace").split("\0"):
        if not record:
            continue
        meta, path = record.split("\t", 1)
        _mode, kind, object_id = meta.split()
        name = PurePosixPath(path).name
        if kind != "blob" or name.startswith("."):
            continue
        if directory and PurePosixPath(path).suffix not in YAML_SUFFIXES:
            continue
        entries.append((path, object_id))
    return sorted(entries)


def _read_blob(object_id: str, root: Path) -> bytes:
    done = _git(["cat-file", "blob", object_id], root)
    if done.returncode != 0:
        raise _error(f"--base: cannot read {object_id}: {_first_line(done.stderr)}")
    return done.stdout
