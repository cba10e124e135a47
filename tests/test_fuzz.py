"""The fuzzing harness: hostile registries and file trees through every command, in-process.

Properties, for every example: the exit status is 0, 1 or 2; no run ends in an "internal
error" or a traceback; no run outlives its deadline (a real timer interrupts it, FIFOs
included); a registry portreg accepts round-trips through ``schema``, ``export`` and
``render-docs``. ``make test`` runs the short, derandomized profile (about 200 examples);
``make fuzz`` runs 10,000 (``FUZZ_PROFILE=fuzz``), plus real processes
(``tests/fuzz_subprocess.py``). docs/reliability.md says more.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import Result
from fuzz_strategies import (
    build,
    dump,
    editable_registries,
    edits,
    file_trees,
    hostile_registries,
    valid_registries,
)
from gitrepo import git_env
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from inprocess import invoke

# Examples per profile, shared out between the properties below (weights sum to 1).
PROFILES = {"test": 200, "fuzz": 10_000}
PROFILE = os.environ.get("FUZZ_PROFILE", "test")
TOTAL = int(os.environ.get("FUZZ_EXAMPLES", PROFILES[PROFILE]))
# Seconds one command may take before it counts as a hang.
DEADLINE = 10.0 if PROFILE == "fuzz" else 20.0

for name, total in PROFILES.items():
    settings.register_profile(
        f"portreg-{name}",
        max_examples=int(os.environ.get("FUZZ_EXAMPLES", total)),
        deadline=None,  # timing on a shared machine is noise: the real timer below decides
        derandomize=name == "test",  # make test is reproducible; make fuzz explores
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
settings.load_profile(f"portreg-{PROFILE}")

TALLY: Counter[str] = Counter()
# Edits re-read the parts they changed; here also the whole file, and stop if they differ.
CHECK_RELOAD = {"PORTREG_CHECK_RELOAD": "1"}


def examples(weight: float) -> settings:
    return settings(max_examples=max(1, round(TOTAL * weight)))


class Hang(BaseException):
    """Raised by the timer inside a run that outlived its deadline (a BaseException, so
    that main()'s own safety net cannot turn it into an exit status)."""


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    def expire(_signal: int, _frame: object) -> None:
        raise Hang

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Result:
    """One command in-process, held to the harness's properties."""
    TALLY["runs"] += 1
    try:
        with deadline(DEADLINE):
            result = invoke(*args, cwd=cwd, env=env)
    except Hang:
        TALLY["hangs"] += 1
        raise AssertionError(f"hang: portreg {' '.join(args)} ran over {DEADLINE} s") from None
    TALLY[f"exit {result.code}"] += 1
    if "internal error" in result.err or "Traceback" in result.err:
        TALLY["internal errors"] += 1
        raise AssertionError(f"portreg {' '.join(args)}: {result.err}")
    if result.code not in (0, 1, 2):
        TALLY["wrong exit codes"] += 1
        raise AssertionError(f"portreg {' '.join(args)} exited {result.code}")
    return result


@pytest.fixture(scope="module", autouse=True)
def report() -> Iterator[None]:
    yield
    problems = ("internal errors", "hangs", "wrong exit codes")
    summary = {key: TALLY.get(key, 0) for key in ("examples", "runs", *problems)}
    summary.update(
        {key: count for key, count in sorted(TALLY.items()) if key.startswith(("exit", "edits"))}
    )
    print(f"\nfuzz ({PROFILE} profile): {json.dumps(summary)}")
    target = os.environ.get("FUZZ_REPORT")
    if target:
        Path(target).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")


@contextlib.contextmanager
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="portreg-fuzz-") as name:
        yield Path(name)


def _json(result: Result) -> Any:
    return json.loads(result.out) if result.out.strip() else None


# --- registries


@examples(0.4)
@given(hostile_registries(), st.sampled_from(["text", "json", "github", "sarif"]), st.data())
def test_hostile_registries_never_crash_or_hang(
    data: bytes, output: str, draw: st.DataObject
) -> None:
    TALLY["examples"] += 1
    with workdir() as directory:
        registry = directory / "ports.yaml"
        registry.write_bytes(data)
        r = str(registry)
        checked = run("check", "-r", r, "--format", output, cwd=directory)
        if output in ("json", "sarif"):
            _json(checked)  # whatever happened, the output parses
        export_format = draw.draw(st.sampled_from(["go", "python", "env", "json"]))
        run("export", "-r", r, "--format", export_format, cwd=directory)
        if checked.code == 0:
            exported = run("export", "-r", r, "--format", "json", cwd=directory)
            _exported_as_written(data, exported)
        run("render-docs", "-r", r, "-o", "-", cwd=directory)
        run("render-docs", "-r", r, "-o", str(directory / "out.md"), cwd=directory)
        run(
            "next",
            draw.draw(st.sampled_from(["redis", "a", "x"])),
            "--tier",
            "a",
            "-r",
            r,
            cwd=directory,
        )
        run("who", str(draw.draw(st.integers(1, 65535))), "-r", r, cwd=directory)
        other = directory / "old.yaml"
        other.write_text(dump(draw.draw(valid_registries())), encoding="utf-8")
        run("diff", str(other), r, cwd=directory)


@examples(0.2)
@given(valid_registries(), st.booleans())
def test_an_accepted_registry_round_trips(registry: dict[str, Any], flow: bool) -> None:
    TALLY["examples"] += 1
    with workdir() as directory:
        path = directory / "ports.yaml"
        text = dump(registry, flow)
        path.write_text(text, encoding="utf-8")
        r = str(path)
        checked = run("check", "-r", r, "--format", "json", cwd=directory)
        assert checked.code == 0, checked.out
        # schema: the published JSON Schema accepts what check accepts.
        schema = json.loads(run("schema", cwd=directory).out)
        as_json = json.loads(json.dumps(yaml.safe_load(text), default=str))
        jsonschema.validators.validator_for(schema)(schema).validate(as_json)
        # export: every allocation, with its port, and nothing else.
        exported = json.loads(run("export", "-r", r, "--format", "json", cwd=directory).out)
        got = sorted(
            (p["service"], p["tier"], p["component"], p["port"]) for p in exported["ports"]
        )
        assert got == sorted(_allocations(registry))
        # render-docs: written once, then up to date; every port is in the tables.
        doc = directory / "docs.md"
        assert run("render-docs", "-r", r, "-o", str(doc), cwd=directory).code == 0
        assert run("render-docs", "-r", r, "-o", str(doc), "--check", cwd=directory).code == 0
        rendered = doc.read_text(encoding="utf-8")
        assert all(str(port) in rendered for *_key, port in _allocations(registry))


def _exported_as_written(data: bytes, exported: Result) -> None:
    """An accepted registry exports each port exactly as YAML itself reads it: an integer,
    equal to the exported one (``!!float 015433`` once exported 6939)."""
    try:
        written = yaml.safe_load(data)
    except Exception:  # PyYAML fails on some tagged values (KeyError for !!bool 1-2 ...)
        return  # portreg accepted it as text; YAML itself reads nothing to compare with
    for entry in json.loads(exported.out)["ports"]:
        services = written["services"]
        value = services[entry["service"]]["ports"][entry["tier"]][entry["component"]]
        port = value["port"] if isinstance(value, dict) else value
        assert type(port) is int and port == entry["port"], (entry, value)


def _allocations(registry: dict[str, Any]) -> list[tuple[str, str, str, int]]:
    found = []
    for service, body in registry["services"].items():
        for tier, entries in body["ports"].items():
            for component, entry in entries.items():
                port = entry["port"] if isinstance(entry, dict) else entry
                found.append((service, tier, component, port))
    return found


# --- edits


@examples(0.1)
@given(editable_registries(), st.data())
def test_an_edit_changes_no_other_service(
    written: tuple[dict[str, Any], bytes], draw: st.DataObject
) -> None:
    """After every edit, every other service's ports are what they were (the property that
    found edits going through aliases into another service), and a refused edit writes
    nothing."""
    TALLY["examples"] += 1
    registry, data = written
    command = draw.draw(edits(registry))
    with workdir() as directory:
        path = directory / "ports.yaml"
        path.write_bytes(data)
        result = run(*command, "-r", str(path), "--no-docs", cwd=directory, env=CHECK_RELOAD)
        after = path.read_bytes()
        if "PR606" in result.err:
            TALLY["edits refused at an alias"] += 1
        if result.code != 0 or "dry run" in result.out:
            assert after == data, result
            return
        TALLY["edits written"] += 1
        before_ports, after_ports = _ports(data), _ports(after)
        edited = command[1]
        if command[0] == "rename" and edited in before_ports:
            assert after_ports.pop(command[2]) == before_ports.pop(edited)
        before_ports.pop(edited, None)
        after_ports.pop(edited, None)
        assert after_ports == before_ports, command
        assert run("check", "-r", str(path), "--select", "PR1", cwd=directory).code == 0


def _ports(data: bytes) -> dict[str, Any]:
    """Each service's ports as YAML itself reads them (aliases expanded)."""
    services = yaml.safe_load(data).get("services") or {}
    return {name: (body or {}).get("ports") for name, body in services.items()}


# --- file trees


@examples(0.3)
@given(file_trees(), valid_registries(), st.booleans())
def test_scan_of_hostile_trees(tree: Any, registry: dict[str, Any], in_git: bool) -> None:
    TALLY["examples"] += 1
    with workdir() as directory:
        project, outside = directory / "project", directory / "outside"
        (outside).mkdir()
        (outside / "secret.go").write_text("port := 10000\n", encoding="utf-8")
        (project / "registry").mkdir(parents=True)
        (project / "registry" / "ports.yaml").write_text(dump(registry), encoding="utf-8")
        build(tree, project)
        if in_git:
            _git(project, "init", "-q")
            if tree.stage:
                _git(project, "add", "-A")
        text = run("scan", "--concise", "--show-notes", cwd=project)
        found = run("scan", "--format", "json", cwd=project)
        if found.code != 2:
            findings = json.loads(found.out)["findings"]
            # One line per finding and the summary, besides the group headlines and the
            # coverage lines: no name printed a line of its own.
            lines = [
                line
                for line in text.out.splitlines()
                if not line.endswith((" place)", " places)"))
                and not line.startswith(("files owned: ", "files of no service holding "))
            ]
            assert len(lines) == len(findings) + 1, text.out
            for finding in findings:
                assert not finding["file"].startswith(("/", "..")), finding
        _json(run("scan", "--format", "sarif", cwd=project))
        if in_git:
            run("scan", "--staged", cwd=project)


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=git_env(), capture_output=True, check=False)
