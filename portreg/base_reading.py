"""The registry at a base revision, read as an edit of the working tree's registry.

``check --base`` and ``diff`` read the registry twice, as it is and as it was, and the two
texts nearly always differ in a few lines. So the base is read the way the editor reads a
file it edited (:mod:`portreg.edit.reload`): the working tree's reading, with the lines
that differ read again, alone. What did not change keeps the working tree's values, and
validation keeps its services' records, the very same objects (``validate_changed``),
which the diff passes over (:mod:`portreg.diff.services`).

Whatever does not fit is read whole, as before, with the same result: a file only one side
has, text that is not UTF-8 or that differs in its byte-order mark, anchors, and a base
with any error (its findings are the whole reading's to give). ``PORTREG_CHECK_RELOAD=1``
reads both ways and stops where the registries differ (the fuzzing harness sets it).
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from portreg.findings import InputError, Location
from portreg.loading.loader import Document, Source
from portreg.loading.registry import LoadedRegistry, load_documents, load_sources

_BOM = b"\xef\xbb\xbf"
# Texts are compared a block at a time (in C), then the differing block by halves.
_BLOCK = 4096


def read_as_edit(
    sources: list[Source], paths: list[str], working: LoadedRegistry, root: Path
) -> LoadedRegistry | None:
    """The registry that ``sources`` hold (``paths``: where each is in the repository), read
    from ``working``'s reading (loaded with ``keep_nodes``); None: read it whole.

    This consumes ``working``'s node trees (each document's ``root`` is let go as soon as
    its parts are known: at 5,000 services the tree is the largest thing a check holds), so
    it is done once per working reading; a second call reads whole (returns None). The
    working registry itself, its records and positions, are untouched."""
    if working.registry is None or working.data is None:
        return None
    partners = _partners(paths, working)
    documents = []
    for source, path in zip(sources, paths, strict=True):
        partner = partners.get(path)
        document = None if partner is None else _edited(source, partner)
        if document is None:
            return None
        documents.append(document)
    loaded = load_documents(documents, [source.name for source in sources], root, before=working)
    if loaded.registry is None:
        return None
    from portreg.edit.reload import CHECK_ENV

    if os.environ.get(CHECK_ENV):
        _require_same(sources, root, loaded)
    return loaded


def _require_same(sources: list[Source], root: Path, loaded: LoadedRegistry) -> None:
    """The check behind PORTREG_CHECK_RELOAD: the whole reading gives the same registry."""
    whole: object
    try:
        whole = load_sources(sources, root).registry
    except InputError as error:
        whole = error
    if whole != loaded.registry:
        raise AssertionError(f"the base read as an edit differs from the base read whole: {whole}")


def _partners(paths: list[str], working: LoadedRegistry) -> dict[str, Document]:
    """The working tree's file each file at the base is read as an edit of: the one file
    on both sides, else the file of the same name (a file read whole costs more, nothing
    else)."""
    documents = working.documents
    if len(paths) == 1 and len(documents) == 1:
        return {paths[0]: next(iter(documents.values()))}
    by_name = {Path(name).name: document for name, document in documents.items()}
    return {
        path: by_name[PurePosixPath(path).name]
        for path in paths
        if PurePosixPath(path).name in by_name
    }


def _edited(source: Source, partner: Document) -> Document | None:
    """``source`` read as an edit of ``partner``'s text; None when it must be read whole."""
    if partner.text is None or partner.root is None or "&" in partner.text:
        return None  # an anchor's alias may carry a change anywhere: the reload reads it whole
    bom = "\ufeff" if source.data.startswith(_BOM) else ""
    if bom != partner.bom:
        return None
    try:
        text = source.data[len(_BOM) if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError:
        return None  # the whole reading says where
    from portreg.edit.reload import reload_document
    from portreg.edit.yaml_text import YamlText

    edited = YamlText(partner.text, source.name, root=partner.root, bom=partner.bom)
    if text != partner.text:
        start, end = changed_lines(partner.text, text)
        edited.replace(start, len(partner.text) - (len(text) - end), text[start:end])
    try:
        # final: the partner's node tree is let go (see read_as_edit).
        document = reload_document(partner, edited, final=True)
    except InputError:
        return None
    # Parts not read again keep the working file's positions, under the base file's name.
    document.sources.default = Location(source.name)
    document.sources.files = [source.name]
    return document


def changed_lines(old: str, new: str) -> tuple[int, int]:
    """Where the lines of ``new`` that differ from ``old`` start and end: ``new[start:end]``
    takes the place of ``old[start:len(old) - (len(new) - end)]``, and both ends are at the
    start of a line (after a ``\\n``) or at the end of the text, on both sides, so that a
    line break is never cut in two."""
    start = _common_prefix(old, new)
    start = old.rfind("\n", 0, start) + 1
    limit = min(len(old), len(new)) - start
    tail = min(_common_prefix(old[::-1], new[::-1]), limit)
    old_end, new_end = len(old) - tail, len(new) - tail
    if not (_line_start(old, old_end) and _line_start(new, new_end)):
        # The common tail from its first whole line (its text is the same on both sides).
        after = old.find("\n", old_end) + 1
        tail = len(old) - after if after else 0
    return start, len(new) - tail


def _line_start(text: str, index: int) -> bool:
    return index == 0 or text[index - 1] == "\n"


def _common_prefix(first: str, second: str) -> int:
    """How many characters the two texts begin with alike."""
    length = min(len(first), len(second))
    done = 0
    while done < length:
        stop = min(done + _BLOCK, length)
        if first[done:stop] != second[done:stop]:
            while stop - done > 1:  # the first difference is in done:stop
                middle = (done + stop) // 2
                if first[done:middle] == second[done:middle]:
                    done = middle
                else:
                    stop = middle
            return done
        done = stop
    return length
