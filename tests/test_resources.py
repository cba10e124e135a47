"""Resources (issue 12, defect 13): what bounds the time and memory of a run."""

from __future__ import annotations

import gc
import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, Result
from helpers import after_portreg, findings_for

from portreg.findings import InputError
from portreg.loading import compose
from portreg.loading.loader import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, Source, load_document
from portreg.scan import files
from portreg.scan.files import BINARY_SNIFF, FileToScan


def _benchmark_generator() -> Any:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generate = _benchmark_generator()


def _counting_open(counted: list[int]) -> Callable[..., Any]:
    class Counting:
        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def read(self, size: int = -1) -> bytes:
            data: bytes = self.handle.read(size)
            counted.append(len(data))
            return data

        def __enter__(self) -> Counting:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

    def opener(path: str, mode: str = "r") -> Counting:
        return Counting(open(path, mode))

    return opener


def test_a_binary_file_is_judged_on_its_first_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "disk.img"
    with big.open("wb") as handle:
        handle.write(b"\0ELF")
        handle.truncate(64 * 1024 * 1024)  # sparse: nothing is written to disk
    counted: list[int] = []
    monkeypatch.setattr(files, "open", _counting_open(counted), raising=False)
    data, why = files.read(FileToScan(str(big), "disk.img", size=big.stat().st_size))
    assert (data, why) == (None, "binary")
    assert sum(counted) <= BINARY_SNIFF


@pytest.mark.parametrize("size", [0, 10, BINARY_SNIFF - 1, BINARY_SNIFF, BINARY_SNIFF + 1, 100_000])
def test_text_files_are_read_whole_at_every_size(tmp_path: Path, size: int) -> None:
    path = tmp_path / "code.go"
    content = (b"port := 16379\n" * (size // 14 + 1))[:size]
    path.write_bytes(content)
    assert files.read(FileToScan(str(path), "code.go", size=size)) == (content, None)


def test_scan_with_a_huge_max_size_skips_a_large_binary_as_binary(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    (tmp_path / "registry").mkdir()
    (tmp_path / "registry" / "ports.yaml").write_bytes(
        (ROOT / "registry" / "ports.yaml").read_bytes()
    )
    with (tmp_path / "disk.img").open("wb") as handle:
        handle.write(b"\0")
        handle.truncate(512 * 1024 * 1024)
    result = run_cli("scan", "--max-size", "2000000000", "--format", "json", cwd=tmp_path)
    assert result.code == 0, result.err
    assert '"binary": 1' in result.out


def _refused(text: str) -> InputError:
    with pytest.raises(InputError) as caught:
        load_document(Source("ports.yaml", text.encode()))
    return caught.value


DEEP_MAPPING = (
    "deep:" + "".join(f"\n{'  ' * level}k:" for level in range(1, MAX_DEPTH + 3)) + " 1\n"
)
DEEP_LIST = "deep: " + "[" * (MAX_DEPTH + 2) + "1" + "]" * (MAX_DEPTH + 2) + "\n"


@pytest.mark.parametrize("deep", [DEEP_MAPPING, DEEP_LIST], ids=["mapping", "list"])
def test_deep_nesting_is_refused_at_the_same_place_with_or_without_anchors(deep: str) -> None:
    # Without an anchor the alias walk is skipped and the walker checks the depth itself.
    plain = _refused("portreg: 1\n" + deep)
    anchored = _refused("portreg: 1\nanchored: &a 1\n" + deep)
    for error in (plain, anchored):
        assert error.code == "PR004"
        assert error.message == f"nested deeper than {MAX_DEPTH} levels"
    assert plain.location is not None and anchored.location is not None
    assert plain.location.line + 1 == anchored.location.line
    assert plain.location.column == anchored.location.column


def test_the_50000_service_benchmark_registry_fits_under_the_size_and_value_caps() -> None:
    text = generate.registry(50_000)
    assert 10 * 1024 * 1024 < len(text.encode()) < MAX_FILE_BYTES
    composer = compose._CountingLoader(text)
    gc.disable()  # as in the portreg process: 1.7 million nodes, no cycles
    try:
        composer.get_single_node()
    finally:
        composer.dispose()
        gc.enable()
    assert 0 < composer.nodes_left < MAX_NODES // 20  # under the cap, and not far under


# The root, the keys portreg, title and x, the first two's values, and the list: 7 nodes.
DENSE_HEAD = "portreg: 1\ntitle: dense\nx: ["


def _dense(values: int) -> str:
    return DENSE_HEAD + ",".join(["1"] * values) + "]\n"


def test_a_document_of_more_values_than_the_cap_is_refused_before_it_is_walked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # At the real cap (1.75 million values) this is the benchmark's "value cap" row; the
    # counting is the same at any cap.
    monkeypatch.setattr(compose, "MAX_NODES", 100)
    assert len(load_document(Source("r.yaml", _dense(93).encode())).data["x"]) == 93
    error = _refused(_dense(94))
    assert error.code == "PR002"
    assert str(error) == (
        "ports.yaml:1:1: error PR002 unreadable-file: more than 100 values; a registry never has "
        "that many (docs/performance.md)"
    )


def test_values_written_with_a_tag_count_against_the_cap_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The composer asks for no tag where one is written: each "!" is counted instead (twice
    # for "!!int": an overcount, never an undercount).
    monkeypatch.setattr(compose, "MAX_NODES", 100)
    tagged = [DENSE_HEAD + ",".join(["!!int 1"] * count) + "]\n" for count in (46, 47)]
    assert load_document(Source("r.yaml", tagged[0].encode())).data["x"] == [1] * 46
    assert _refused(tagged[1]).code == "PR002"


def test_a_value_cap_refusal_exits_2_with_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from inprocess import invoke

    monkeypatch.setattr(compose, "MAX_NODES", 100)
    registry = tmp_path / "ports.yaml"
    registry.write_text(_dense(500), encoding="utf-8")
    result = invoke("check", "--registry", str(registry))
    assert result.code == 2
    assert result.out == ""
    assert result.err.count("\n") == 1 and "more than 100 values" in result.err


def test_generated_registries_stay_clean_past_one_scope(monkeypatch: pytest.MonkeyPatch) -> None:
    # The same layout as 50,000 services in groups of 5,000, at a size a unit test can check.
    monkeypatch.setattr(generate, "SERVICES_PER_SCOPE", 300)
    monkeypatch.setattr(generate, "SHARING", (250,))
    monkeypatch.setattr(generate, "OUTSIDE_RANGE", (100, 200))
    text = generate.registry(1000)
    assert "scope: c03" in text and "shares:" in text and "exceptions:" in text
    assert findings_for(text) == []


def test_the_portreg_process_runs_without_the_cycle_collector() -> None:
    assert after_portreg(["rules"], "gc.isenabled()") is False


@pytest.mark.parametrize(("runnable", "jobs"), [(1, 4), (2, 3), (4, 1), (12, 1)])
def test_idle_cores_count_the_tasks_runnable_now_not_the_lagging_average(
    monkeypatch: pytest.MonkeyPatch, runnable: int, jobs: int
) -> None:
    """Right after a heavy job the 1-minute load average is still high while the cores are
    free: the runnable count of /proc/loadavg decides (this process is one of them)."""
    from portreg.scan import search

    monkeypatch.setattr(search.os, "cpu_count", lambda: 4)
    monkeypatch.setattr(search, "runnable_tasks", lambda: runnable)
    monkeypatch.setattr(search.os, "getloadavg", lambda: (9.0, 9.0, 9.0))
    assert search.idle_cores() == jobs


def test_runnable_tasks_reads_this_machine() -> None:
    from portreg.scan import search

    found = search.runnable_tasks()
    if Path("/proc/loadavg").exists():
        assert found is not None and found >= 1  # this test's own process is runnable
    else:
        assert found is None


@pytest.mark.parametrize(
    ("load", "jobs"), [(0.1, 4), (1.2, 3), (2.6, 1), (3.6, 1), (9.0, 1), (None, 4)]
)
def test_a_large_scan_forks_one_worker_per_idle_core(
    monkeypatch: pytest.MonkeyPatch, load: float | None, jobs: int
) -> None:
    from portreg.scan import search

    def getloadavg() -> tuple[float, float, float]:
        if load is None:
            raise OSError("no load average here")
        return (load, load, load)

    monkeypatch.setattr(search.os, "cpu_count", lambda: 4)
    monkeypatch.setattr(search, "runnable_tasks", lambda: None)  # no /proc/loadavg
    monkeypatch.setattr(search.os, "getloadavg", getloadavg)
    monkeypatch.delenv(search.JOBS_ENV, raising=False)
    large = [FileToScan(f"/f{n}", f"f{n}", size=search.PARALLEL_MIN_BYTES) for n in range(8)]
    small = [FileToScan("/f", "f", size=1000)]
    assert search._jobs(large) == (jobs if hasattr(search.os, "fork") else 1)
    assert search._jobs(small) == 1
