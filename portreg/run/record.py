"""The record of one run (``portreg run --record FILE``), written and read back.

A JSON document (docs/output-formats.md, "portreg run --record"): the suite, the command
and its exit status, what each observer could see, every bind, and the findings as the run
judged them. ``check --observed`` and ``init --observed`` read the binds back and judge them
again against the registry as it is then.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from portreg.findings import Finding, InputError, Location
from portreg.run.judge import DEFAULT_EPHEMERAL, Suite
from portreg.run.observe import Bind, Observer

if TYPE_CHECKING:
    from portreg.loading.registry import LoadedRegistry

RECORD_VERSION = 1
_BIND_FIELDS = {item.name: item.type for item in fields(Bind)}
# What a field of a bind may hold, by its declared type.
_ACCEPTED: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "str | None": (str, type(None)),
    "int | None": (int, type(None)),
    "bool | None": (bool, type(None)),
    "tuple[str, ...]": (list,),
}


@dataclass
class Record:
    suite: Suite
    command: list[str]
    binds: list[Bind]
    ephemeral: tuple[int, int] = DEFAULT_EPHEMERAL
    registry_source: str = ""
    registry_version: str = ""
    host: str = ""
    started: str = ""
    seconds: float = 0.0
    exit_status: int | None = None  # None: the command was not started
    observers: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    path: str = ""  # where it was read from


def observer_states(observers: list[Observer]) -> list[dict[str, Any]]:
    return [
        {
            "name": observer.name,
            "state": observer.status.state,
            "note": observer.status.note,
            "polls": observer.status.polls,
        }
        for observer in observers
    ]


def bind_json(bind: Bind) -> dict[str, Any]:
    """The bind's fields that say something (no nulls, no empty command)."""
    shown = {key: value for key, value in asdict(bind).items() if value not in (None, ())}
    shown["seen"] = round(bind.seen, 2)
    if bind.command:
        shown["command"] = list(bind.command)
    return shown


def to_json(record: Record, findings: list[Finding]) -> dict[str, Any]:
    from portreg.reporters.json_format import finding_to_json

    return {
        "portreg_record": RECORD_VERSION,
        "suite": {
            "service": record.suite.service,
            "tier": record.suite.tier,
            "worker": record.suite.worker,
        },
        "registry": {"source": record.registry_source, "version": record.registry_version},
        "command": record.command,
        "host": record.host,
        "started": record.started,
        "seconds": round(record.seconds, 2),
        "exit_status": record.exit_status,
        "ephemeral": list(record.ephemeral),
        "observers": record.observers,
        "binds": [bind_json(bind) for bind in record.binds],
        "findings": [finding_to_json(finding) for finding in findings],
    }


def read_record(name: str) -> Record:
    """A record file, or an InputError (PR706) that says what is wrong with it."""
    try:
        document = json.loads(Path(name).read_text(encoding="utf-8"))
    except OSError as error:
        raise _bad(name, f"cannot read it: {error.strerror or error}") from None
    except json.JSONDecodeError as error:
        raise _bad(name, f"not JSON: {error.msg}", error.lineno, error.colno) from None
    except (UnicodeDecodeError, ValueError) as error:
        raise _bad(name, f"not JSON: {error}") from None
    if not isinstance(document, dict) or "portreg_record" not in document:
        raise _bad(name, "not a record of portreg run --record (no portreg_record key)")
    if document["portreg_record"] != RECORD_VERSION:
        raise _bad(
            name,
            f"record version {document['portreg_record']!r}; this portreg reads version "
            f"{RECORD_VERSION}",
        )
    try:
        return _record(name, document)
    except KeyError as error:
        raise _bad(name, f"not a record of portreg run --record: no {error.args[0]}") from None
    except (TypeError, ValueError) as error:
        raise _bad(name, f"not a record of portreg run --record: {error}") from None


def _record(name: str, document: dict[str, Any]) -> Record:
    suite = _mapping(document["suite"], "suite")
    service, tier, worker = suite["service"], suite["tier"], suite.get("worker")
    if not isinstance(service, str) or not isinstance(tier, str):
        raise ValueError("suite.service and suite.tier are names")
    if worker is not None and (not isinstance(worker, int) or isinstance(worker, bool)):
        raise ValueError("suite.worker is a number or null")
    ephemeral = document.get("ephemeral") or list(DEFAULT_EPHEMERAL)
    if not (isinstance(ephemeral, list) and len(ephemeral) == 2):
        raise ValueError("ephemeral is [low, high]")
    status = document.get("exit_status")
    return Record(
        Suite(service, tier, worker),
        [str(part) for part in document.get("command") or []],
        [_bind(index, entry) for index, entry in enumerate(document["binds"])],
        (int(ephemeral[0]), int(ephemeral[1])),
        str((document.get("registry") or {}).get("source", "")),
        str((document.get("registry") or {}).get("version", "")),
        str(document.get("host", "")),
        str(document.get("started", "")),
        float(document.get("seconds") or 0.0),
        status if isinstance(status, int) else None,
        list(document.get("observers") or []),
        list(document.get("findings") or []),
        name,
    )


def _bind(index: int, entry: Any) -> Bind:
    values = dict(_mapping(entry, f"binds[{index}]"))
    unknown = sorted(set(values) - set(_BIND_FIELDS))
    if unknown:
        raise ValueError(f"binds[{index}] has an unknown key {unknown[0]}")
    for key in ("source", "protocol", "port"):
        if key not in values:
            raise ValueError(f"binds[{index}] has no {key}")
    for key, value in values.items():
        accepted = _ACCEPTED[str(_BIND_FIELDS[key])]
        if not isinstance(value, accepted) or (isinstance(value, bool) and bool not in accepted):
            raise ValueError(f"binds[{index}].{key} is {value!r}")
    if "command" in values:
        values["command"] = tuple(str(part) for part in values["command"])
    return Bind(**values)


def _mapping(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{what} is not a mapping")
    return value


def _bad(name: str, message: str, line: int = 1, column: int = 1) -> InputError:
    return InputError(message, Location(name, line, column), code="PR706", rule="unreadable-record")


def judge_records(loaded: LoadedRegistry, names: Sequence[str]) -> list[Finding]:
    """The PR7xx findings of each record's binds against the registry as it is now."""
    from portreg.rules import Context
    from portreg.run.judge import Judge

    registry = loaded.registry
    assert registry is not None
    context = Context(registry, loaded.sources)
    findings: list[Finding] = []
    for name in names:
        record = read_record(name)
        suite = record.suite
        if suite.service not in registry.services or suite.tier not in registry.tiers:
            raise _bad(name, f"the record is of {suite}, which the registry does not have")
        findings += Judge(context, suite, record.ephemeral).judge(record.binds)
    return findings
