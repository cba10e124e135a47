"""Which files a scan reads, and their contents.

Inside a git work tree the list comes from git itself (tracked files plus untracked files
that ``.gitignore`` does not ignore), so the scan sees what a commit would contain and never
wanders into build output or ``node_modules``. Outside git it is a plain directory walk.
In both cases the registry's ``scan.exclude`` globs apply, binary and oversized files are
skipped, and symbolic links are never read: the file a link points to is scanned where it
lives, if it lives inside the root, so nothing outside the root is ever opened.
"""

from __future__ import annotations

import os
import stat
import subprocess
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from portreg.findings import InputError, UsageError

DEFAULT_MAX_SIZE = 1024 * 1024
# The test git and grep use to call a file binary: a NUL byte near its start.
BINARY_SNIFF = 8192


@dataclass(frozen=True)
class FileToScan:
    path: str  # absolute
    relative: str  # to the project root, with forward slashes: what globs match against
    content: bytes | None = None  # given for staged files (the index, not the work tree)
    size: int = 0


@dataclass
class Selection:
    files: list[FileToScan] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)


def _git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes | None:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False
        )
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def work_tree(start: Path) -> Path | None:
    """The top of the git work tree holding ``start``, or None outside git."""
    out = _git(["rev-parse", "--show-toplevel"], start if start.is_dir() else start.parent)
    if not out:
        return None
    return Path(os.fsdecode(out.strip())).resolve()


def relative_to(path: Path, root: Path) -> str | None:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return None


def select_files(
    paths: Iterable[Path],
    root: Path,
    excluded: ExcludeFilter,
    max_size: int = DEFAULT_MAX_SIZE,
    staged: bool = False,
) -> Selection:
    """The files to scan under ``paths``, with what was skipped and why."""
    targets = [path.absolute() for path in paths]
    for target in targets:
        if not target.exists() and not target.is_symlink():
            raise UsageError(f"{target} does not exist")
    top = work_tree(targets[0] if targets else root)
    selection = Selection()
    if staged:
        if top is None:
            raise UsageError("--staged needs a git work tree")
        _staged(top, targets, root, excluded, max_size, selection)
        return selection
    listed = _git_files(top, targets) if top is not None else None
    # Plain strings from here on: thousands of files, and pathlib costs more than the scan.
    prefix = root.as_posix().rstrip("/") + "/"
    for path in listed if listed is not None else _walk(targets):
        _consider(path, prefix, excluded, max_size, selection)
    return selection


def _consider(
    path: str, prefix: str, excluded: ExcludeFilter, max_size: int, selection: Selection
) -> None:
    relative = path[len(prefix) :] if path.startswith(prefix) else path
    if excluded(relative):
        selection.skipped["excluded"] += 1
        return
    try:
        info = os.lstat(path)
    except OSError:  # listed by git but deleted in the work tree
        return
    if stat.S_ISLNK(info.st_mode):
        selection.skipped["symlink"] += 1
    elif not stat.S_ISREG(info.st_mode):
        return  # a submodule, a socket ...
    elif info.st_size > max_size:
        selection.skipped["too large"] += 1
    else:
        selection.files.append(FileToScan(path, relative, size=info.st_size))


def _git_files(top: Path, targets: list[Path]) -> list[str] | None:
    specs = [relative_to(target.resolve(), top) for target in targets]
    if any(spec is None for spec in specs):
        return None  # a path outside this work tree: walk instead
    out = _git(
        ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *map(str, specs)],
        top,
    )
    if out is None:
        return None
    # A file both staged and changed is listed once per stage: keep each once, in order.
    names = dict.fromkeys(name for name in out.split(b"\0") if name)
    base = top.as_posix().rstrip("/") + "/"
    return [base + os.fsdecode(name) for name in names]


def _walk(targets: list[Path]) -> Iterator[str]:
    for target in targets:
        if not target.is_dir() or target.is_symlink():
            yield target.as_posix()
            continue
        for directory, subdirs, names in os.walk(target.resolve(), followlinks=False):
            subdirs[:] = sorted(name for name in subdirs if name != ".git")
            for name in sorted(names):
                yield os.path.join(directory, name)


def _staged(
    top: Path,
    targets: list[Path],
    root: Path,
    excluded: ExcludeFilter,
    max_size: int,
    selection: Selection,
) -> None:
    """Files added, copied, modified or renamed in the index, with their staged content."""
    specs = [relative_to(target.resolve(), top) or str(target) for target in targets]
    out = _git(["diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR", "--", *specs], top)
    if out is None:
        raise InputError("git diff --cached failed: is this a git work tree with a HEAD?")
    names = [os.fsdecode(name) for name in out.split(b"\0") if name]
    if not names:
        return
    blobs = _git(["cat-file", "--batch"], top, "".join(f":{n}\n" for n in names).encode())
    if blobs is None:
        raise InputError("git cat-file could not read the staged files")
    position = 0
    for name in names:
        header_end = blobs.index(b"\n", position)
        header = blobs[position:header_end].split()
        position = header_end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue  # "missing": a submodule or a file git could not resolve
        size = int(header[2])
        content = blobs[position : position + size]
        position += size + 1
        path = top / name
        relative = relative_to(path, root) or path.as_posix()
        if excluded(relative):
            selection.skipped["excluded"] += 1
        elif path.is_symlink():  # its blob is the link's target, not a file to read
            selection.skipped["symlink"] += 1
        elif size > max_size:
            selection.skipped["too large"] += 1
        else:
            selection.files.append(FileToScan(path.as_posix(), relative, content, size))


def read(file: FileToScan) -> tuple[bytes | None, str | None]:
    """The file's bytes, or None and why it is skipped (binary, unreadable)."""
    if file.content is not None:
        data = file.content
    else:
        try:
            with open(file.path, "rb") as handle:
                data = handle.read()
        except OSError:
            return None, "unreadable"
    if b"\0" in data[:BINARY_SNIFF]:
        return None, "binary"
    return data, None


class ExcludeFilter:
    """The registry's ``scan.exclude`` globs (gitignore syntax), plus files always skipped."""

    def __init__(self, patterns: Iterable[str], always: Iterable[str] = ()) -> None:
        from pathspec import PathSpec

        lines = list(patterns)
        self.spec = PathSpec.from_lines("gitwildmatch", lines) if lines else None
        self.always = set(always)

    def __call__(self, relative: str) -> bool:
        if relative in self.always:
            return True
        return self.spec is not None and self.spec.match_file(relative)
