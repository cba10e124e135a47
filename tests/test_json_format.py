"""JSON and SARIF are written as they are made: the same bytes as one ``json.dumps`` of the
whole document, without the whole document (or its text) in memory at once."""

from __future__ import annotations

import contextlib
import io
import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from scan_labels import build_project

from portreg.escaping import json_text
from portreg.findings import Finding, Location, Severity
from portreg.main import main
from portreg.reporters import Report, get_renderer, get_writer, json_format, sarif_format

TREE = ROOT / "tests" / "fixtures" / "scan-faithful"


def _findings(count: int) -> list[Finding]:
    """Findings whose text JSON must escape: non-ASCII, C1 and bidirectional controls, a
    GitHub workflow command, a file name that is not UTF-8."""
    texts = ["café uses 18090", "a\x85b \u202eevil", "##[error]forged", 'quote " and \\ slash']
    return [
        Finding(
            "PR501",
            "foreign-port",
            Severity.ERROR if number % 3 else Severity.WARNING,
            f"{texts[number % len(texts)]} #{number}",
            Location(f"test/bad\udcffname{number % 7}.go", number + 1, 9),
            tuple(Location("test/b.go", line) for line in range(number % 6)),
            fixable=number % 5 == 0,
        )
        for number in range(count)
    ]


def _report(count: int) -> Report:
    meta = {"registry": {"files": [Path("registry/ports.yaml")], "valid": True}, "n": None}
    return Report("scan", _findings(count), "files", meta)


def _whole(output_format: str, report: Report) -> str:
    """What the reporters wrote before they wrote as they went: one ``json.dumps`` of the
    whole document, escaped once."""
    module = json_format if output_format == "json" else sarif_format
    ascii_only = output_format == "json"  # SARIF keeps non-ASCII text as it is
    dumped = json.dumps(
        module.document(report), indent=2, ensure_ascii=ascii_only, default=module.convert
    )
    return json_text(dumped) + "\n"


@pytest.mark.parametrize("batch", [1, 7, json_format.WRITE_BATCH])
@pytest.mark.parametrize("count", [0, 1, 60])
def test_the_same_bytes_as_one_dump_of_the_whole_document(
    monkeypatch: pytest.MonkeyPatch, batch: int, count: int
) -> None:
    # Batches of one character: every chunk is escaped on its own, and still the same.
    monkeypatch.setattr(json_format, "WRITE_BATCH", batch)
    report = _report(count)
    written = io.StringIO()
    get_writer("json")(report, written)
    assert written.getvalue() == json_format.render(report) == _whole("json", report)
    assert "##\\u005b" in written.getvalue() or count < 3
    written = io.StringIO()
    get_writer("sarif")(report, written)
    assert written.getvalue() == sarif_format.render(report) == _whole("sarif", report)


class _Counted(io.StringIO):
    """A stream that keeps how much was written to it, and how many findings had been
    turned into JSON by then."""

    def __init__(self, converted: list[int] | None = None) -> None:
        super().__init__()
        self.size = 0
        self.converted = converted if converted is not None else [0]
        self.writes: list[tuple[int, int]] = []

    def write(self, text: str) -> int:
        self.size += len(text)
        self.writes.append((len(text), self.converted[0]))
        return len(text)


@pytest.mark.parametrize(
    ("output_format", "module", "converter"),
    [("json", json_format, "finding_to_json"), ("sarif", sarif_format, "result")],
)
def test_findings_are_written_as_they_are_turned_into_json(
    monkeypatch: pytest.MonkeyPatch, output_format: str, module: object, converter: str
) -> None:
    converted = [0]
    convert = getattr(module, converter)

    def counted(*args: Any) -> Any:
        converted[0] += 1
        return convert(*args)

    monkeypatch.setattr(module, converter, counted)
    sink = _Counted(converted)
    get_writer(output_format)(_report(2000), sink)
    assert converted[0] == 2000
    # Many writes, none much larger than a batch, the first long before the last finding.
    assert len(sink.writes) > 20
    assert max(size for size, _ in sink.writes) < 2 * json_format.WRITE_BATCH
    assert sink.writes[1][1] < 200


def test_a_large_report_takes_no_more_memory_than_a_small_one() -> None:
    """The text alone would take its size (and the document's dicts several times more)."""
    report = _report(4000)
    sink = _Counted()
    tracemalloc.start()
    try:
        get_writer("json")(report, sink)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sink.size > 2_000_000
    assert peak < sink.size / 5, (peak, sink.size)


def test_the_other_formats_write_their_rendered_text() -> None:
    report = _report(2)
    written = io.StringIO()
    get_writer("text")(report, written)
    assert written.getvalue() == get_renderer("text")(report)


def test_scan_writes_its_json_as_it_goes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The command, not only the reporter: ``scan --format json`` writes batch after batch
    (small batches here, for a small tree), and they make one JSON document."""
    project = build_project(TREE, TREE.with_name("scan-faithful.ports.yaml"), tmp_path / "p")
    monkeypatch.chdir(project)
    monkeypatch.setattr(json_format, "WRITE_BATCH", 512)
    sink = _Recorded()
    with contextlib.redirect_stdout(sink), pytest.raises(SystemExit) as done:
        main(["scan", "--format", "json"])
    assert done.value.code == 1
    document = json.loads("".join(sink.parts))
    assert len(document["findings"]) > 100
    assert len(sink.parts) > 50
    assert max(len(part) for part in sink.parts) < 2048


class _Recorded(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)
