"""Edits never go through a YAML alias into another service (issue 21, defect 4).

Regression: with ``integration: *gw``, ``allocate newsvc`` spliced the new service inside
gateway's entry (the alias's node is the anchor's, so its positions are gateway's); check
passed and the changelog said only "newsvc added". An edit at, inside or through an
aliased node is refused (PR606, exit 2, nothing written); every other edit works, and
places its text by the alias's own position.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from edit_helpers import EDIT_ENV, EDIT_FIXTURES, copy_fixture
from inprocess import invoke

ALIASED = EDIT_FIXTURES / "aliased.yaml"


def ports_of(data: bytes) -> dict[str, object]:
    """Each service's ports as YAML itself reads them (aliases expanded)."""
    services = yaml.safe_load(data)["services"]
    return {name: body.get("ports") for name, body in services.items()}


@pytest.mark.parametrize(
    ("args", "where"),
    [
        (
            ("allocate", "other", "postgresql", "--tier", "e2e"),
            "services.other.ports.e2e is an alias",
        ),
        (
            ("allocate", "gateway", "postgresql", "--tier", "e2e"),
            "services.gateway.ports.e2e is anchored",
        ),
        (
            ("move", "other", "redis", "--tier", "e2e", "--to", "26390"),
            "services.other.ports.e2e is an alias",
        ),
        (
            ("move", "gateway", "redis", "--tier", "e2e", "--to", "26390"),
            "services.gateway.ports.e2e is anchored",
        ),
        (("release", "gateway"), "services.gateway holds an anchor (its alias is at line 27)"),
        (("release", "other", "redis", "--tier", "e2e"), "services.other.ports.e2e is an alias"),
    ],
)
def test_an_edit_through_an_alias_is_refused(
    tmp_path: Path, args: tuple[str, ...], where: str
) -> None:
    path = copy_fixture(tmp_path, source=ALIASED)
    before = path.read_bytes()
    result = invoke(*args, "-r", str(path), env=EDIT_ENV)
    assert result.code == 2, result
    assert "error PR606 edit-through-alias: " + where in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "args",
    [
        ("allocate", "newsvc", "app", "--tier", "integration"),
        ("allocate", "other", "app", "--tier", "integration"),
        ("move", "other", "redis", "--tier", "integration", "--to", "16390"),
        ("release", "other"),
        ("release", "other", "--tier", "e2e"),
        ("rename", "other", "another"),
    ],
    ids=[
        "new-service",
        "other-tier",
        "move-elsewhere",
        "release-the-service",
        "release-the-alias",
        "rename",
    ],
)
def test_edits_beside_an_alias_leave_the_other_service_alone(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    path = copy_fixture(tmp_path, source=ALIASED)
    before = ports_of(path.read_bytes())
    result = invoke(*args, "-r", str(path), env=EDIT_ENV)
    assert (result.code, result.err) == (0, ""), result.out
    after = ports_of(path.read_bytes())
    assert after["gateway"] == before["gateway"]
    assert before["gateway"] == {
        "e2e": {"redis": 26379, "app": 27000},
        "integration": {"redis": 16380},
    }
    assert invoke("check", "-r", str(path)).code == 0
