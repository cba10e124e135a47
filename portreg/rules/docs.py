"""The registry's ``docs`` entries, and the problems ``portreg render-docs`` stops on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from portreg.confinement import written_escape
from portreg.findings import Severity
from portreg.render import SECTIONS
from portreg.rules import Context, Problem, declare, rule


@rule("PR601", "docs-target", Severity.ERROR)
def docs_target(context: Context) -> Iterator[Problem]:
    """A ``docs`` entry that render-docs cannot honour.

    Its sections must be known section names (header, allocations, ranges, shares,
    exceptions, parallel, changelog ...), each named once; its path must be relative to the
    project root, inside it, and listed only once: two entries for one file would each
    overwrite the other's sections. An ``.svg`` entry says where the port maps go (one
    file per tier and cluster, ``{name}`` in the path standing for it): there is at most
    one, and its sections, if given, are ``[map]``.
    """
    seen: dict[str, int] = {}
    for index, entry in enumerate(context.registry.docs):
        path = PurePosixPath(entry.path.replace("\\", "/"))
        if written_escape(entry.path) is not None:
            yield Problem(
                ("docs", index, "path"),
                f"docs path {entry.path} must be relative to the project root and inside it",
            )
        key = path.as_posix()
        if key in seen:
            line = context.sources.locate(("docs", seen[key], "path")).line
            yield Problem(("docs", index, "path"), f"{entry.path} is listed twice (line {line})")
        seen.setdefault(key, index)
        if key.lower().endswith(".svg"):
            yield from _picture_entry(context, index, key)
            continue
        names: set[str] = set()
        for position, name in enumerate(entry.sections or []):
            where = ("docs", index, "sections", position)
            if name not in SECTIONS:
                yield Problem(where, f"unknown section {name!r}; sections: {', '.join(SECTIONS)}")
            elif name in names:
                yield Problem(where, f"section {name} is listed twice for {entry.path}")
            names.add(name)


declare(
    "PR602",
    "doc-markers",
    Severity.ERROR,
    """
    The markers of a generated file are missing, duplicated, nested, unbalanced, malformed
    or name an unknown section (exit status 2, nothing written).

    render-docs replaces only the text between a line ``<!-- portreg:begin NAME -->`` and a
    line ``<!-- portreg:end NAME -->``; when it cannot tell where a section starts and
    ends, it writes nothing rather than guess. Markers inside fenced code blocks are
    ignored. A file that does not exist yet is created whole, with its markers.
    """,
    group="render-docs",
)

declare(
    "PR603",
    "doc-unreadable",
    Severity.ERROR,
    """
    A generated file cannot be read (not UTF-8, a directory, no permission) or written
    (exit status 2).
    """,
    group="render-docs",
)


def _picture_entry(context: Context, index: int, path: str) -> Iterator[Problem]:
    entry = context.registry.docs[index]
    if entry.sections is not None and list(entry.sections) != ["map"]:
        yield Problem(
            ("docs", index, "sections"),
            f"{entry.path} is where the port maps go: its only section is map",
        )
    first = next(
        position
        for position, item in enumerate(context.registry.docs)
        if item.path.lower().endswith(".svg")
    )
    if first != index:
        line = context.sources.locate(("docs", first, "path")).line
        yield Problem(
            ("docs", index, "path"),
            f"{path}: the port maps already go where line {line} says; keep one .svg entry",
        )
