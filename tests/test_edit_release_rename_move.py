"""``portreg release``, ``rename`` and ``move``: real files, every untouched line kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from edit_helpers import EDIT_ENV, EDIT_FIXTURES, copy_fixture, endings, line_changes
from inprocess import invoke

from portreg.loading.registry import load_registry

NEWLINES = pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
SHARED = EDIT_FIXTURES / "shared.yaml"


def edit(path: Path, *args: str) -> tuple[int, str, str, bytes]:
    command, rest = args[0], args[1:]
    result = invoke(command, "--registry", str(path), *rest, env=EDIT_ENV)
    return result.code, result.out, result.err, path.read_bytes()


@NEWLINES
def test_release_one_component_of_a_block_map(tmp_path: Path, newline: str) -> None:
    path = copy_fixture(tmp_path, newline)
    before = path.read_bytes()
    code, out, err, after = edit(
        path, "release", "beta", "redis", "--tier", "integration", "--no-bump"
    )
    assert (code, err) == (0, "")
    removed, added = line_changes(before, after)
    assert removed == [f"        redis: 16380{newline}"]
    assert added == []
    assert "released beta integration redis" in out


@NEWLINES
def test_release_one_component_of_a_flow_map(tmp_path: Path, newline: str) -> None:
    path = copy_fixture(tmp_path, newline)
    before = path.read_bytes()
    code, _, _, after = edit(
        path, "release", "alpha", "redis", "--tier", "integration", "--no-bump"
    )
    assert code == 0
    removed, added = line_changes(before, after)
    assert removed == [
        f"      integration: {{postgresql: 15433, redis: 16379}}   # two ports{newline}"
    ]
    assert added == [f"      integration: {{postgresql: 15433}}   # two ports{newline}"]


def test_release_a_component_in_every_tier(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    code, out, _, _ = edit(path, "release", "alpha", "redis", "--no-bump")
    assert code == 0
    assert "released alpha e2e redis" in out
    assert "released alpha integration redis" in out
    registry = load_registry(path).registry
    assert registry is not None
    assert set(registry.services["alpha"].ports) == {"integration"}


@NEWLINES
def test_release_a_whole_service_with_its_comment(tmp_path: Path, newline: str) -> None:
    path = copy_fixture(tmp_path, newline)
    before = path.read_bytes()
    code, _, err, after = edit(path, "release", "beta", "--no-bump")
    assert (code, err) == (0, "")
    removed, added = line_changes(before, after)
    assert added == []
    nl = newline
    assert removed == [
        f"  # beta: block style everywhere{nl}",
        f"  beta:{nl}",
        f'    title: "Beta"{nl}',
        f"    paths:{nl}",
        f"      - test/beta/**{nl}",
        f"    ports:{nl}",
        f"      integration:{nl}",
        f"        postgresql: 15434   # beta's database{nl}",
        f"        redis: 16380{nl}",
        f"      # e2e next{nl}",
        f"      e2e:{nl}",
        f"        postgresql: 25433{nl}",
    ]
    assert endings(after) == {newline.encode()}


def test_release_drops_stale_shares_and_groups(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path, source=SHARED)
    code, out, err, _ = edit(path, "release", "beta", "--no-bump")
    assert (code, err) == (0, "")
    assert "share of 15433 removed: not shared any more" in out
    assert "beta removed from a group (exclusive[0])" in out
    assert "exception for beta removed" in out
    loaded = load_registry(path)
    assert loaded.registry is not None
    assert [share.port for share in loaded.registry.shares] == [18000]
    assert [group.services for group in loaded.registry.exclusive] == [["gamma", "delta"]]
    assert invoke("check", "--registry", str(path)).code == 0


def test_release_keeps_a_share_that_still_has_users(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path, source=SHARED)
    code, out, _, _ = edit(path, "release", "delta", "--no-bump")
    assert code == 0
    assert "delta removed from a share (shares[1])" in out
    registry = load_registry(path).registry
    assert registry is not None
    assert registry.shares[1].services == ["gamma", "epsilon"]


@NEWLINES
def test_rename_everywhere(tmp_path: Path, newline: str) -> None:
    path = copy_fixture(tmp_path, newline, source=SHARED)
    before = path.read_bytes()
    code, out, err, after = edit(path, "rename", "beta", "bravo", "--no-bump")
    assert (code, err) == (0, "")
    removed, added = line_changes(before, after)
    assert [line.replace("beta", "bravo") for line in removed] == added
    assert len(removed) == 4  # the service, a share, an exclusive group, an exception
    assert "renamed beta → bravo (4 places)" in out
    assert invoke("check", "--registry", str(path)).code == 0


def test_rename_follows_part_of(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path, source=SHARED)
    before = path.read_bytes()
    code, _, _, after = edit(path, "rename", "alpha", "main-suite", "--no-bump")
    assert code == 0
    removed, added = line_changes(before, after)
    assert removed == ["  alpha:\n", "    part_of: alpha\n", "    services: [alpha, beta]\n"]
    assert added == [
        "  main-suite:\n",
        "    part_of: main-suite\n",
        "    services: [main-suite, beta]\n",
    ]


def test_rename_writes_the_changelog_summary(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    assert edit(path, "rename", "gamma", "gemma")[0] == 0
    registry = load_registry(path).registry
    assert registry is not None
    assert registry.changelog[0].summary == "renamed gamma → gemma"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("rename", "nobody", "x"), "no service nobody"),
        (("rename", "alpha", "beta"), "service beta exists already"),
        (("rename", "alpha", "Alpha!"), "'Alpha!' is not a service id"),
        (("release", "nobody"), "no service nobody"),
        (("release", "alpha", "--tier", "staging"), "alpha has no staging ports"),
        (("release", "alpha", "api", "--tier", "e2e"), "alpha has no e2e api"),
        (("release", "alpha", "api"), "alpha has no api in any tier"),
        (("move", "alpha", "redis", "--tier", "e2e"), "--to N or --next"),
        (("move", "alpha", "redis", "--tier", "e2e", "--to", "1", "--next"), "--to N or --next"),
        (("move", "alpha", "redis", "--tier", "e2e", "--to", "26379"), "already on 26379"),
        (("move", "alpha", "api", "--tier", "e2e", "--to", "26000"), "alpha has no e2e api"),
        (("move", "nobody", "api", "--tier", "e2e", "--to", "26000"), "no service nobody"),
        (("move", "alpha", "redis", "--tier", "e2e", "--to", "2", "--apply"), "add --code"),
    ],
)
def test_bad_input(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    path = copy_fixture(tmp_path)
    before = path.read_bytes()
    code, out, err, after = edit(path, *args)
    assert (code, out) == (2, "")
    assert message in err
    assert err.count("\n") == 1
    assert after == before


@NEWLINES
def test_move_a_bare_port(tmp_path: Path, newline: str) -> None:
    path = copy_fixture(tmp_path, newline)
    before = path.read_bytes()
    code, out, _, after = edit(
        path, "move", "beta", "redis", "--tier", "integration", "--next", "--no-bump"
    )
    assert code == 0
    removed, added = line_changes(before, after)
    assert removed == [f"        redis: 16380{newline}"]
    assert added == [f"        redis: 16382{newline}"]
    assert "moved beta integration redis: 16380 → 16382" in out


def test_move_a_port_written_as_a_mapping(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path, source=SHARED)
    code, _, _, after = edit(
        path, "move", "epsilon", "redis", "--tier", "integration", "--to", "16387", "--no-bump"
    )
    assert code == 0
    assert b"redis: {port: 16387, note: the cache}" in after


def test_move_off_a_shared_port_drops_the_share(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path, source=SHARED)
    code, out, _, _ = edit(
        path, "move", "beta", "postgresql", "--tier", "integration", "--to", "15440"
    )
    assert code == 0
    assert "share of 15433 removed: not shared any more" in out
    assert invoke("check", "--registry", str(path)).code == 0


def test_move_onto_a_taken_port_is_refused(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    before = path.read_bytes()
    code, out, _, after = edit(
        path, "move", "beta", "redis", "--tier", "integration", "--to", "16379"
    )
    assert code == 1
    assert "PR201" in out
    assert after == before


def test_move_that_fixes_a_known_conflict_drops_its_entry(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path, source=SHARED)
    text = path.read_text().replace("{redis: 16381, api: 18000}", "{redis: 16380, api: 18000}")
    text += (
        "known_conflicts:\n"
        "  - port: 16380\n"
        "    services: [beta, gamma]\n"
        "    reason: found when portreg was adopted\n"
    )
    path.write_text(text)
    code, out, err, _ = edit(
        path, "move", "gamma", "redis", "--tier", "integration", "--to", "16383", "--no-bump"
    )
    assert (code, err) == (0, "")
    assert "dropped known conflict 16380 (host): the conflict is gone" in out
    registry = load_registry(path).registry
    assert registry is not None
    assert registry.known_conflicts == []


def with_instances(path: Path) -> None:
    text = path.read_text().replace(
        "  epsilon:\n",
        "  zeta:\n    ports:\n      integration:\n        api:\n"
        "          - {port: 18010, name: table}   # the table server\n"
        "          - {port: 18011, name: yaml}\n  epsilon:\n",
    )
    path.write_text(text)


def test_move_one_instance(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path, source=SHARED)
    with_instances(path)
    before = path.read_bytes()
    code, out, err, after = edit(
        path, "move", "zeta", "api[yaml]", "--tier", "integration", "--to", "18012", "--no-bump"
    )
    assert (code, err) == (0, "")
    assert "moved zeta integration api[yaml]: 18011 → 18012" in out
    removed, added = line_changes(before, after)
    assert removed == ["          - {port: 18011, name: yaml}\n"]
    assert added == ["          - {port: 18012, name: yaml}\n"]


@pytest.mark.parametrize(
    ("component", "message"),
    [
        ("api", "has instances: name one as api[NAME] (table, yaml)"),
        ("api[json]", "has instances: name one as api[NAME] (table, yaml)"),
    ],
)
def test_move_an_instance_needs_its_name(tmp_path: Path, component: str, message: str) -> None:
    path = copy_fixture(tmp_path, source=SHARED)
    with_instances(path)
    code, _, err, _ = edit(
        path, "move", "zeta", component, "--tier", "integration", "--to", "18012"
    )
    assert code == 2
    assert message in err


def test_a_single_allocation_has_no_instance(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path, source=SHARED)
    code, _, err, _ = edit(
        path, "move", "alpha", "postgresql[x]", "--tier", "integration", "--to", "15440"
    )
    assert code == 2
    assert "has no instances; drop [x]" in err


def test_moving_the_host_port_of_a_nodeport_only_allocation_points_at_node_port(
    tmp_path: Path,
) -> None:
    path = copy_fixture(tmp_path, source=EDIT_FIXTURES / "conflicts.yaml")
    before = path.read_bytes()
    code, out, err, after = edit(path, "move", "gamma", "api", "--tier", "integration", "--next")
    assert (code, out, after) == (2, "", before)
    assert "gamma integration api has no host port: move it with --node-port" in err
    code, out, err, after = edit(
        path, "move", "gamma", "api", "--tier", "integration", "--node-port", "--to", "30081"
    )
    assert (code, err) == (0, ""), out
    assert "delta" not in "".join(line_changes(before, after)[1])
    assert "{api: {node_port: 30081, cluster: kind}}" in after.decode()


def test_an_edit_prints_the_warnings_it_adds(tmp_path: Path) -> None:
    # Regression (issue 22): moving to 80 exited 0 in silence; the next check showed three
    # new warnings. The edit now prints them as check does (and still writes: warnings do
    # not fail check either).
    path = copy_fixture(tmp_path)
    result = invoke(
        "move", "alpha", "redis", "--tier", "integration", "--to", "80", "-r", str(path)
    )
    assert (result.code, result.err) == (0, ""), result.out
    headlines = [line for line in result.out.splitlines() if ": warning PR" in line]
    assert [line.split(" ", 3)[2] for line in headlines] == ["PR301", "PR303", "PR304"]
    assert all(line.startswith(f"{path}:37:47: ") for line in headlines)
    assert "37 |       integration: {postgresql: 15433, redis: 80}   # two ports" in result.out
    assert result.out.splitlines()[-1] == (
        "portreg move: the change adds 3 new warnings (above); portreg check shows them too"
    )
    assert "redis: 80}" in path.read_text()
    # A change that adds nothing new says nothing more.
    again = invoke(
        "move", "alpha", "postgresql", "--tier", "integration", "--next", "-r", str(path)
    )
    assert again.code == 0
    assert "warning" not in again.out
