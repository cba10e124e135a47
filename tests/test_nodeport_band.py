"""The static band of a cluster's NodePort range: what Kubernetes' allocator keeps for
NodePorts written in Services, and where next --scope and allocate --cluster look first."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from inprocess import invoke
from tests_data import MINIMAL

from portreg.nodeports import static_band
from portreg.records import port_range

# Two clusters: kind-a with the default range, kind-b with 21 ports (a band of 16).
CLUSTERS = (
    MINIMAL
    + """\
  api: {}
scopes:
  kind-a: {kind: nodeport}
  kind-b: {kind: nodeport, nodeport_range: 30000-30020}
services:
  web:
    ports:
      e2e: {api: {port: 28001, node_port: 30000, cluster: kind-a}}
"""
)


@pytest.mark.parametrize(
    ("start", "end", "band"),
    [
        (30000, 32767, "30000-30085"),  # size 2768: 2768 / 32 = 86
        (30000, 30015, None),  # 16 ports or fewer: no static band
        (30000, 30016, "30000-30015"),  # at least 16
        (30000, 38191, "30000-30127"),  # at most 128
    ],
)
def test_the_band_is_the_allocators(start: int, end: int, band: str | None) -> None:
    found = static_band(port_range(start, end))
    assert (str(found) if found else None) == band


def write(tmp_path: Path) -> str:
    path = tmp_path / "ports.yaml"
    path.write_text(CLUSTERS, encoding="utf-8")
    return str(path)


def test_next_hands_out_the_static_band_and_warns_beyond_it(tmp_path: Path) -> None:
    registry = write(tmp_path)
    inside = invoke("next", "--scope", "kind-a", "-n", "2", "-r", registry)
    assert (inside.code, inside.out, inside.err) == (0, "30001\n30002\n", "")
    beyond = invoke("next", "--scope", "kind-b", "-n", "17", "-r", registry)
    assert beyond.code == 0 and beyond.out.split()[-1] == "30016"
    assert beyond.err == (
        "portreg: warning: the static band 30000-30015 of kind-b has 16 free NodePorts; 30016 "
        "is in the dynamic band, where a Service created without nodePort: can take it "
        "first (PR305)\n"
    )


BANDS = CLUSTERS.replace(
    "  kind-a: {kind: nodeport}", "  kind-a: {kind: nodeport, ranges: {api: 30060-30069}}"
)
BANDS = BANDS.replace(
    "  api: {}\n", "  api: {}\n  metrics: {nodeport_ranges: {e2e: 30040-30049}}\n"
)


@pytest.mark.parametrize(
    ("component", "expected"),
    [("api", "30060"), ("metrics", "30040")],  # the cluster's band; the component's
)
def test_a_declared_band_is_where_next_and_allocate_look(
    tmp_path: Path, component: str, expected: str
) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    path = tmp_path / "ports.yaml"
    path.write_text(BANDS, encoding="utf-8")
    found = invoke("next", component, "--scope", "kind-a", "--tier", "e2e", "-r", str(path))
    assert (found.code, found.out) == (0, f"{expected}\n")
    arguments = ("allocate", "shop", component, "--tier", "e2e", "--cluster", "kind-a")
    done = invoke(*arguments, "--no-docs", "-r", str(path), cwd=tmp_path)
    assert done.code == 0, done.err
    assert f"allocated shop e2e {component}: NodePort in kind-a: {expected}" in done.out


def test_allocate_a_nodeport_in_a_cluster(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    registry = write(tmp_path)
    arguments = ("allocate", "shop", "api", "--tier", "e2e", "--cluster", "kind-a", "--no-docs")
    done = invoke(*arguments, "-r", registry, cwd=tmp_path)
    assert done.code == 0, done.err
    assert "allocated shop e2e api: NodePort in kind-a: 30001" in done.out
    assert "        api: {node_port: 30001, cluster: kind-a}\n" in Path(registry).read_text()
    explicit = invoke(*arguments, "-r", registry, cwd=tmp_path)
    assert explicit.code == 2 and "shop already has e2e api" in explicit.err


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (["--cluster", "host"], "--cluster: host is not a cluster of the registry"),
        (["--cluster", "kind-a", "--in-block"], "--in-block: blocks are host ports"),
    ],
)
def test_allocate_refuses_what_is_not_a_cluster(
    tmp_path: Path, arguments: list[str], says: str
) -> None:
    registry = write(tmp_path)
    before = Path(registry).read_text()
    done = invoke("allocate", "shop", "api", "--tier", "e2e", *arguments, "-r", registry)
    assert done.code == 2 and says in done.err
    assert Path(registry).read_text() == before
