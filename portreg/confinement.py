"""One rule for every path portreg writes, or reads because the registry or git named it.

The registry's ``docs`` and ``exports`` entries, the code files ``move --code`` rewrites
(git lists them), the registry's own files: each must stay inside the project, and no
symbolic link on the way may lead out of it. A registry change in a pull request must not
make a contributor's hook replace a file of the author's choosing, and a folder that git
lists but that is now a symlink out of the repository must not take a write with it. Only
a path the user types (``-o FILE``) may point anywhere.

A path that breaks the rule is refused with PR604 (``path-outside-project``): ``check``
reports the registry's entries, and every command that would write or read such a path
stops before it does (exit status 2, nothing written). ``scan`` asks the same question of
each file it reads.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath, PureWindowsPath

from portreg.findings import InputError, Location

CODE = "PR604"
RULE = "path-outside-project"


def written_escape(path: str) -> str | None:
    """Why ``path``, as written in the registry, leaves the project: absolute, or climbing
    out with ``..``; None when it stays inside (by its text: see :func:`escape`)."""
    posix = PurePosixPath(path.replace("\\", "/"))
    if posix.is_absolute() or PureWindowsPath(path).drive:
        return "is absolute"
    if ".." in posix.parts:
        return "climbs out of the project with .."
    return None


def leads_out(root: Path, path: Path) -> Path | None:
    """Where ``path`` really leads when a symbolic link on the way takes it out of ``root``
    (a missing file's folders count too); None when it stays inside."""
    top = Path(os.path.realpath(root))
    real = Path(os.path.realpath(path))  # never raises, on a symlink loop either
    if real == top or real.is_relative_to(top):
        return None
    return real


def escape(root: Path, path: str) -> str | None:
    """Why ``path`` (relative to the project ``root``, as the registry or git names it)
    leaves the project; None when it is confined."""
    written = written_escape(path)
    if written is not None:
        return written
    real = leads_out(root, root / path)
    if real is not None:
        return f"leads to {real}, outside the project, through a symbolic link"
    return None


def require_inside(root: Path, path: str, what: str, where: Location | None = None) -> Path:
    """``root / path``, or an InputError (PR604, exit status 2) when it is not confined."""
    reason = escape(root, path)
    if reason is not None:
        raise refusal(what, path, reason, where)
    return root / path


def refusal(what: str, path: str, reason: str, where: Location | None = None) -> InputError:
    """The PR604 error for ``what`` (``exports path``, ``code file`` ...) at ``path``."""
    from portreg.escaping import escape_control

    shown = escape_control(path)
    return InputError(
        f"{what} {shown} {escape_control(reason)}; portreg writes and reads only inside the "
        "project",
        where or Location(shown),
        CODE,
        RULE,
    )
