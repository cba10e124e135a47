"""The files the registry names for portreg to write: inside the project, one writer each."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from portreg import confinement
from portreg.findings import Severity
from portreg.rules import Context, Problem, rule


@rule(confinement.CODE, confinement.RULE, Severity.ERROR)
def path_outside_project(context: Context) -> Iterator[Problem]:
    """A path portreg would write or read leads out of the project.

    The registry's ``exports`` and ``docs`` paths, the code files ``move --code`` rewrites
    and the registry's own files must stay inside the project: relative, no ``..``, and no
    symbolic link on the way that leads outside (a folder replaced by a link to
    ``/home/you``). A registry change in a pull request could otherwise make every
    contributor's ``portreg-exports`` hook replace a file of the author's choosing. So
    ``render-docs`` renders nothing while it is reported, the editing commands and ``export
    --listed`` stop before writing (exit status 2), and ``move --code`` leaves such a file
    alone; only a path typed on the command line (``-o FILE``) may point anywhere. A
    ``docs`` path written absolute or with ``..`` is PR601's.
    """
    registry = context.registry
    for key, paths in (
        ("exports", [entry.path for entry in registry.exports]),
        ("docs", [entry.path for entry in registry.docs]),
    ):
        for index, path in enumerate(paths):
            written = confinement.written_escape(path)
            if written is not None:
                if key == "exports":
                    yield Problem((key, index, "path"), f"exports path {path} {written}")
                continue
            real = (
                None
                if context.root is None
                else confinement.leads_out(context.root, context.root / path)
            )
            if real is not None:
                yield Problem(
                    (key, index, "path"),
                    f"{key} path {path} leads to {real}, outside the project, through a "
                    "symbolic link",
                )


@rule("PR605", "export-target", Severity.ERROR)
def export_target(context: Context) -> Iterator[Problem]:
    """Two ``exports`` entries write one file, or an export would write over a ``docs``
    target.

    Each generated file has one writer: a second entry for the same path would replace the
    first one's constants on every edit, and an export over a docs file would destroy it.
    """
    docs = {_key(entry.path) for entry in context.registry.docs}
    seen: dict[str, int] = {}
    for index, entry in enumerate(context.registry.exports):
        key = _key(entry.path)
        where = ("exports", index, "path")
        if key in seen:
            line = context.sources.locate(("exports", seen[key], "path")).line
            yield Problem(where, f"{entry.path} is exported twice (line {line})")
        elif key in docs:
            yield Problem(where, f"{entry.path} is also a docs target: an export would replace it")
        seen.setdefault(key, index)


def _key(path: str) -> str:
    return PurePosixPath(path.replace("\\", "/")).as_posix()
