"""Find the registry, read its files, merge them and validate the result.

A registry is one YAML file or a directory of them (``registry/*.yaml``, e.g. one per team).
Files are merged key by key; anything defined in two files is a finding naming both places.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from portreg.findings import Finding, InputError, Location, Severity
from portreg.loading.loader import Document, Source, load_document, read_source
from portreg.loading.sourcemap import SourceMap

if TYPE_CHECKING:
    from portreg.models import Registry

REGISTRY_ENV = "PORTREG_REGISTRY"
# Where an edit that writes several files keeps its journal (portreg.edit.transaction).
JOURNAL_NAME = ".portreg.journal"
REGISTRY_DIR = "registry"
YAML_SUFFIXES = (".yaml", ".yml")

# Top-level keys by how several files combine them.
_MERGED_MAPPINGS = ("tiers", "scopes", "components", "services")
_CONCATENATED_LISTS = (
    "reserved",
    "shares",
    "exclusive",
    "known_conflicts",
    "exceptions",
    "exports",
)


@dataclass
class LoadedRegistry:
    """A registry as read: the model (None when the files are not valid) and where it came from."""

    registry: Registry | None
    sources: SourceMap
    files: list[str]
    root: Path
    findings: list[Finding] = field(default_factory=list)
    # Each file as read, by name, and the data validated (merged), when the editor asked
    # to keep them (``keep_nodes``): an edit reads again and validates only what it changed.
    documents: dict[str, Document] = field(default_factory=dict)
    data: dict[str, Any] | None = None

    @property
    def valid(self) -> bool:
        return self.registry is not None


def git_root(start: Path) -> Path | None:
    for directory in (start, *start.parents):
        if (directory / ".git").exists():
            return directory
    return None


def find_registry(start: Path) -> Path:
    """``registry/`` in ``start`` or the nearest directory above it, up to the git root."""
    start = start.resolve()
    top = git_root(start)
    for directory in (start, *start.parents):
        candidate = directory / REGISTRY_DIR
        if candidate.is_dir() and _yaml_files(candidate):
            return candidate
        if directory == top:
            break
    searched = f"from {start} up to {top}" if top else f"from {start} upwards"
    raise InputError(
        f"no registry found: looked for {REGISTRY_DIR}/ with YAML files {searched}; "
        f"pass --registry PATH or set {REGISTRY_ENV}",
        code="PR002",
        rule="unreadable-file",
    )


def resolve_registry_path(option: str | None) -> Path:
    """--registry, else PORTREG_REGISTRY, else the configuration's, else found upwards."""
    given = option or os.environ.get(REGISTRY_ENV) or None
    if given is None:
        from portreg.config import find_config

        configured = find_config().registry
        if configured is not None:
            if not configured.exists():
                raise InputError(
                    f"registry {display_name(configured)} (from the configuration) does not exist",
                    code="PR002",
                    rule="unreadable-file",
                )
            return configured
        return find_registry(Path.cwd())
    path = Path(given)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise InputError(
            f"registry {given} does not exist", code="PR002", rule="unreadable-file"
        ) from None
    except OSError as error:  # a folder on the way that cannot be read, a symlink loop ...
        raise InputError(
            f"cannot read the registry {given}: {error.strerror or error}",
            code="PR002",
            rule="unreadable-file",
        ) from None
    if not stat.S_ISDIR(mode) and not stat.S_ISREG(mode):
        # A FIFO would block the read forever, a device would be read without end.
        raise InputError(
            f"registry {given} is not a regular file or a directory",
            code="PR002",
            rule="unreadable-file",
        )
    return path


def display_name(path: Path) -> str:
    """A path as users see it: relative to the current directory when it is below it, or in
    the same git work tree (``../registry/ports.yaml`` from a subdirectory); else as given."""
    try:
        resolved, here = path.resolve(), Path.cwd().resolve()
    except RuntimeError:  # a symlink loop: nothing to shorten
        return str(path)
    if resolved.is_relative_to(here):
        return str(resolved.relative_to(here))
    top = git_root(here)
    if top is not None and resolved.is_relative_to(top):
        return os.path.relpath(resolved, here)
    return str(path)


def registry_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = _yaml_files(path)
        if not files:
            raise InputError(
                f"{display_name(path)} holds no *.yaml files", code="PR002", rule="unreadable-file"
            )
        return files
    return [path]


def project_root(path: Path) -> Path:
    """What paths written in the registry (docs, service paths) are relative to."""
    resolved = path.resolve()
    top = git_root(resolved if resolved.is_dir() else resolved.parent)
    if top is not None:
        return top
    return resolved.parent


def journal_path(directory: Path) -> Path:
    """The journal of the registry whose files are in ``directory``."""
    return directory / JOURNAL_NAME


def load_registry(path: Path, keep_nodes: bool = False) -> LoadedRegistry:
    """The registry at ``path``; ``keep_nodes``: as :func:`load_sources` keeps them."""
    files = registry_files(path)
    if os.path.lexists(journal_path(files[0].parent)):
        # A change a killed edit left half-written: finished (or rolled back) before the
        # registry is read, so that no command ever reads a mix of old and new files.
        from portreg.edit.registry_lock import finish_interrupted

        finish_interrupted(files)
    sources = [read_source(file, display_name(file)) for file in files]
    return load_sources(sources, project_root(path), keep_nodes)


def load_sources(sources: list[Source], root: Path, keep_nodes: bool = False) -> LoadedRegistry:
    """Load, merge and validate registry files given as bytes (from disk or from git);
    ``keep_nodes`` keeps each file's text and node tree for the editor, and for reading the
    registry at a base revision as an edit of this one (``portreg.base_reading``)."""
    documents = [load_document(source, keep_nodes) for source in sources]
    names = [source.name for source in sources]
    return load_documents(documents, names, root, keep=keep_nodes)


def load_documents(
    documents: list[Document],
    names: list[str],
    root: Path,
    keep: bool = False,
    before: LoadedRegistry | None = None,
) -> LoadedRegistry:
    """Merge and validate registry files already read; ``keep``: keep the documents and
    the data for the editor; ``before``: the registry these documents are an edit of (its
    unchanged services keep their records)."""
    from portreg.loading.validation import validate, validate_changed

    if len(documents) == 1:
        data, source_map, findings = documents[0].data, documents[0].sources, []
        findings.extend(_format_version_findings(documents[0]))
    else:
        data, source_map, findings = merge(documents)
    for document in documents:
        findings.extend(document.findings)
    if before is not None and before.data is not None and before.registry is not None:
        registry, schema_findings = validate_changed(data, source_map, before.data, before.registry)
    else:
        registry, schema_findings = validate(data, source_map)
    findings.extend(schema_findings)
    # A duplicate key or a file defined twice leaves a registry that looks valid but is not
    # what the user wrote: refuse to check it further. (A warning, a value cut by a comment,
    # does not stop it.)
    if any(finding.severity is Severity.ERROR for finding in findings):
        registry = None
    loaded = LoadedRegistry(registry, source_map, names, root, findings)
    if keep:
        loaded.documents = dict(zip(names, documents, strict=True))
        loaded.data = data
    return loaded


def _format_version_findings(document: Document) -> list[Finding]:
    if "portreg" in document.data:
        return []
    return [
        Finding(
            "PR101",
            "schema",
            Severity.ERROR,
            "every registry file starts with the file-format version: portreg: 1",
            document.sources.default,
        )
    ]


def merge(documents: list[Document]) -> tuple[dict[str, Any], SourceMap, list[Finding]]:
    first = documents[0]
    merged: dict[str, Any] = {}
    source_map = SourceMap(first.sources.default)
    findings: list[Finding] = []
    for document in documents:
        findings.extend(_format_version_findings(document))
        shifts: dict[str, int] = {}
        data = dict(document.data)
        if "portreg" in data and "portreg" in merged and data["portreg"] == merged["portreg"]:
            del data["portreg"]  # every file states it; it is not defined twice
        for key, value in data.items():
            here = document.sources.locate((key,), key=True)
            if key in _CONCATENATED_LISTS and isinstance(value, list):
                existing = merged.setdefault(key, [])
                if not isinstance(existing, list):
                    continue
                shifts[key] = len(existing)
                existing.extend(value)
            elif key in _MERGED_MAPPINGS and isinstance(value, dict):
                existing = merged.setdefault(key, {})
                if not isinstance(existing, dict):
                    continue
                for name, item in value.items():
                    if name in existing:
                        findings.append(
                            _defined_twice(
                                f"{key}.{name}",
                                document.sources.locate((key, name), key=True),
                                source_map.locate((key, name), key=True),
                            )
                        )
                    else:
                        existing[name] = item
            elif key in merged:
                findings.append(_defined_twice(key, here, source_map.locate((key,), key=True)))
                continue
            else:
                merged[key] = value
        source_map.take_new(document.sources, shifts)
    return merged, source_map, findings


def _defined_twice(what: str, here: Location, first: Location) -> Finding:
    return Finding(
        "PR106",
        "duplicate-definition",
        Severity.ERROR,
        f"{what} is defined twice: here and at {first}",
        here,
        related=(first,),
    )


def _yaml_files(directory: Path) -> list[Path]:
    try:
        entries = list(directory.iterdir())
    except OSError as error:
        raise InputError(
            f"cannot read the directory {display_name(directory)}: {error.strerror or error}",
            code="PR002",
            rule="unreadable-file",
        ) from None
    return sorted(
        path
        for path in entries
        if path.suffix in YAML_SUFFIXES and path.is_file() and not path.name.startswith(".")
    )
