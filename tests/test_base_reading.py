"""The registry at ``--base`` read as an edit of the working tree's (``portreg.base_reading``)
and the diff that passes over the services it keeps: the same registry as a whole reading,
the same findings and the same diff, read faster.

The property tests mutate real registries line by line and compare both readings in this
process; the others run ``check``/``diff --base`` against a real git history, at the edges
of the shortcut: a scope's kind, a component's container port, a rename, a split registry,
anchors.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import BUNDLED_FILE, ROOT
from gitrepo import GitRepo
from hypothesis import given, settings
from hypothesis import strategies as st
from inprocess import invoke

from portreg.base_reading import _require_same, changed_lines, read_as_edit
from portreg.checker import RuleFilter, check
from portreg.commands.check import point_conflicts_at_changes
from portreg.diff import diff_registries
from portreg.findings import InputError
from portreg.loading.loader import Source
from portreg.loading.registry import LoadedRegistry, load_sources
from portreg.rules.change_control import check_changes

REGISTRY = "registry/ports.yaml"
MAPPED = ROOT / "tests" / "fixtures" / "rules" / "mapped.yaml"
FIXTURES = [
    BUNDLED_FILE,
    ROOT / "tests" / "fixtures" / "real-sized" / "registry" / "ports.yaml",
    ROOT / "tests" / "fixtures" / "states" / "every-key" / "registry" / "ports.yaml",
    *sorted((ROOT / "tests" / "fixtures" / "rules").glob("*.yaml")),
]
TEXTS = [path.read_text(encoding="utf-8") for path in FIXTURES]
# Both readings of the base, and an internal error where they differ.
CHECK_RELOAD = {"PORTREG_CHECK_RELOAD": "1"}
# A hundred examples each: every one reads three registries; the mutations are what varies.
PROPERTY = settings(max_examples=100, derandomize=True, deadline=None, database=None)


# --- the lines that differ


@PROPERTY
@given(st.text("ab\n\r", max_size=14), st.text("ab\n\r", max_size=14), st.integers(0, 14))
def test_changed_lines_rebuild_the_new_text_in_whole_lines(old: str, new: str, at: int) -> None:
    new = old[:at] + new[:3] + old[at + 2 :] if at % 2 else new  # half of them near-equal
    start, end = changed_lines(old, new)
    old_end = len(old) - (len(new) - end)
    assert 0 <= start <= old_end <= len(old) and start <= end <= len(new)
    assert old[:start] + new[start:end] + old[old_end:] == new
    for text, index in ((old, start), (old, old_end), (new, start), (new, end)):
        assert index in (0, len(text)) or text[index - 1] == "\n", (old, new, index)


def test_changed_lines_are_the_lines_that_differ() -> None:
    old = "a: 1\nb: 2\nc: 3\n"
    assert changed_lines(old, "a: 1\nb: 5\nc: 3\n") == (5, 10)
    assert changed_lines(old, "a: 1\nc: 3\n") == (5, 5)  # a line removed
    assert changed_lines(old, "a: 1\nb: 2\nx: 0\nc: 3\n") == (10, 15)  # a line added
    # \r\n endings: a change never cuts a line break in two.
    assert changed_lines("a: 1\r\nb: 2\r\n", "a: 1\nb: 2\r\n") == (0, 5)


# --- the base read as an edit is the base read whole


def _mutated(text: str, operations: list[tuple[str, int, int]]) -> str:
    """``text`` with lines changed as a hand edit or a bad merge would: a digit changed, a
    line removed, doubled, moved or commented."""
    lines = text.split("\n")
    for kind, first, second in operations:
        at, other = first % len(lines), second % len(lines)
        line = lines[at]
        if kind == "digit":
            digits = [match.start() for match in re.finditer(r"\d", line)]
            if digits:
                spot = digits[second % len(digits)]
                lines[at] = line[:spot] + str((int(line[spot]) + 1) % 10) + line[spot + 1 :]
        elif kind == "remove" and len(lines) > 1:
            del lines[at]
        elif kind == "double":
            lines.insert(at, line)
        elif kind == "move":
            lines.insert(other, lines.pop(at))
        else:
            lines.insert(at, "# a comment")
    return "\n".join(lines)


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["digit", "digit", "remove", "double", "move", "comment"]),
        st.integers(0, 10_000),
        st.integers(0, 10_000),
    ),
    min_size=1,
    max_size=3,
)


def _working(text: str) -> LoadedRegistry:
    return load_sources([Source(REGISTRY, text.encode("utf-8"))], ROOT, keep_nodes=True)


def _whole(source: Source) -> LoadedRegistry | None:
    try:
        return load_sources([source], ROOT)
    except InputError:
        return None


@PROPERTY
@given(st.sampled_from(range(len(TEXTS))), OPERATIONS, st.booleans())
def test_the_base_read_as_an_edit_is_the_base_read_whole(
    which: int, operations: list[tuple[str, int, int]], base_mutated: bool
) -> None:
    text = TEXTS[which]
    old_text, new_text = (
        (_mutated(text, operations), text) if base_mutated else (text, _mutated(text, operations))
    )
    try:
        working = _working(new_text)
    except InputError:
        return  # an unreadable working tree has no change control
    if working.registry is None:
        return  # nor has an invalid one
    findings = check(working, RuleFilter((), ()))
    base = Source(f"HEAD:{REGISTRY}", old_text.encode("utf-8"))
    fast = read_as_edit([base], [REGISTRY], working, ROOT)
    whole = _whole(base)
    if fast is None:
        return  # read whole by the caller: nothing to compare
    assert whole is not None and whole.registry is not None
    assert fast.registry == whole.registry
    assert diff_registries(fast.registry, working.registry) == diff_registries(
        whole.registry, working.registry
    )
    assert check_changes(fast, working, "HEAD") == check_changes(whole, working, "HEAD")
    assert point_conflicts_at_changes(findings, fast, working) == point_conflicts_at_changes(
        findings, whole, working
    )


def test_unchanged_services_keep_the_working_trees_records() -> None:
    """What makes it fast: one port moved, every other service is the very same record."""
    text = BUNDLED_FILE.read_text(encoding="utf-8")
    moved = text.replace("redis: 16388, datastorage: 18097", "redis: 16383, datastorage: 18097")
    assert moved != text
    working = _working(moved)
    fast = read_as_edit([Source(f"HEAD:{REGISTRY}", text.encode())], [REGISTRY], working, ROOT)
    assert fast is not None and fast.registry is not None and working.registry is not None
    before, after = fast.registry.services, working.registry.services
    kept = [name for name in after if before[name] is after[name]]
    assert sorted(set(after) - set(kept)) == ["workflowexecution"]
    (change,) = [c for c in diff_registries(fast.registry, working.registry) if c.governed]
    assert change.text == "workflowexecution integration redis: 16388 → 16383"


def test_reading_as_an_edit_consumes_the_working_readings_node_trees() -> None:
    """Documented in read_as_edit: once per working reading (the tree is let go early);
    a second reading of a base from it is read whole, and the working registry is kept."""
    text = BUNDLED_FILE.read_text(encoding="utf-8")
    working = _working(text)
    registry = working.registry
    base = Source(f"HEAD:{REGISTRY}", text.replace("16388", "16383", 1).encode())
    assert read_as_edit([base], [REGISTRY], working, ROOT) is not None
    assert [document.root for document in working.documents.values()] == [None]
    assert read_as_edit([base], [REGISTRY], working, ROOT) is None
    assert working.registry is registry and registry == _working(text).registry


@pytest.mark.parametrize(
    ("base", "working"),
    [
        (b"\xef\xbb\xbf" + BUNDLED_FILE.read_bytes(), BUNDLED_FILE.read_bytes()),
        (BUNDLED_FILE.read_bytes(), b"\xef\xbb\xbf" + BUNDLED_FILE.read_bytes()),
        (BUNDLED_FILE.read_bytes().replace(b"Redis", b"R\xe9dis", 1), BUNDLED_FILE.read_bytes()),
        (BUNDLED_FILE.read_bytes(), BUNDLED_FILE.read_bytes().replace(b"16388", b"x", 1)),
    ],
    ids=["byte-order-mark-then", "byte-order-mark-now", "latin-1-then", "invalid-now"],
)
def test_what_does_not_fit_is_read_whole(base: bytes, working: bytes) -> None:
    """A byte-order mark on one side only, a base that is not UTF-8, a working tree with
    errors: the caller reads the base whole, as before."""
    loaded = load_sources([Source(REGISTRY, working)], ROOT, keep_nodes=True)
    assert read_as_edit([Source(f"HEAD:{REGISTRY}", base)], [REGISTRY], loaded, ROOT) is None


def test_a_base_with_an_error_is_read_whole() -> None:
    """Its findings (PR405's first one, diff's message) are the whole reading's."""
    text = BUNDLED_FILE.read_text(encoding="utf-8")
    broken = text.replace("redis: 16388, datastorage: 18097", "redis: x, datastorage: 18097")
    working = _working(text)
    base = Source(f"HEAD:{REGISTRY}", broken.encode())
    assert read_as_edit([base], [REGISTRY], working, ROOT) is None


# --- against a real git history


def _repository(tmp_path: Path, files: dict[str, str]) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    for name, text in files.items():
        repo.write(name, text)
    repo.commit("registry")
    return repo


def _diff_both_ways(repo: GitRepo, files: dict[str, str]) -> list[str]:
    """``diff --base HEAD`` (the base read as an edit), after checking that it says what a
    diff of the same two registries read whole says, line for line."""
    for name, text in files.items():
        repo.write(name, text)
    fast = invoke("diff", "--base", "HEAD", "--format", "json", cwd=repo.path, env=CHECK_RELOAD)
    assert fast.code == 0, fast.err
    old = repo.path.parent / "old"
    for name in files:
        (old / name).parent.mkdir(parents=True, exist_ok=True)
        (old / name).write_text(repo.git("show", f"HEAD:{name}"), encoding="utf-8")
    registry = str(Path(next(iter(files))).parent)
    whole = invoke("diff", str(old / registry), str(repo.path / registry), "--format", "json")
    assert whole.code == 0, whole.err

    def changes(output: str) -> list[dict[str, object]]:
        return [{**change, "file": None} for change in json.loads(output)["changes"]]

    assert changes(fast.out) == changes(whole.out)
    return [change["text"] for change in json.loads(fast.out)["changes"]]


@pytest.mark.parametrize(
    ("written", "edited", "said"),
    [
        # beta's redis is {port: 30011, scope: kind-a}: a NodePort while kind-a is a
        # nodeport scope, a host port of kind-a once it is not. beta's text is the same, and
        # so is its record; the diff still says what moved.
        (
            "kind-a: {kind: nodeport}",
            "kind-a: {kind: isolated}",
            [
                "scope kind-a kind: nodeport → isolated",
                "beta e2e redis: 30011 in kind-a (added)",
                "beta e2e redis NodePort: 30011 in kind-a (removed)",
            ],
        ),
        # The services that take api's default are not edited: the change is the
        # component's, said once; gamma, which writes its own, says nothing either.
        (
            "api: {container_port: 8080,",
            "api: {container_port: 8081,",
            ["component api container port: 8080 → 8081"],
        ),
        (
            "container_port: 28001}",
            "container_port: 28002}",
            ["gamma e2e api container port: 28001 → 28002"],
        ),
        ("  epsilon:\n", "  eta:\n", ["renamed epsilon → eta"]),
    ],
    ids=["scope-kind", "component-container-port", "service-container-port", "rename"],
)
def test_the_diff_says_what_changed_around_services_not_edited(
    tmp_path: Path, written: str, edited: str, said: list[str]
) -> None:
    text = MAPPED.read_text(encoding="utf-8")
    assert text.count(written) == 1
    repo = _repository(tmp_path, {REGISTRY: text})
    assert _diff_both_ways(repo, {REGISTRY: text.replace(written, edited)}) == said


def test_a_split_registry_with_one_file_changed(tmp_path: Path) -> None:
    """Each file at the base is read as an edit of the file of its name; a service moved
    from one file to the other is no change."""
    text = MAPPED.read_text(encoding="utf-8")
    head, services = text.split("services:\n")
    alpha, rest = services.split("  beta:\n")
    files = {
        "registry/a.yaml": head + "services:\n" + alpha,
        "registry/b.yaml": "portreg: 1\nservices:\n  beta:\n" + rest,
    }
    repo = _repository(tmp_path, files)
    moved = {
        "registry/a.yaml": head + "services: {}\n",
        "registry/b.yaml": "portreg: 1\nservices:\n" + alpha + "  beta:\n" + rest,
    }
    assert _diff_both_ways(repo, moved) == []
    edited = {**files, "registry/b.yaml": files["registry/b.yaml"].replace("28004", "28005")}
    assert _diff_both_ways(repo, edited) == ["zeta e2e api: 28004 → 28005"]
    result = invoke("check", "--base", "HEAD", "--format", "json", cwd=repo.path)
    (finding,) = [f for f in json.loads(result.out)["findings"] if f["code"] == "PR401"]
    assert "zeta e2e api: 28004 → 28005" in finding["message"]


def test_anchors_are_read_whole(tmp_path: Path) -> None:
    """An alias may carry a change anywhere: such a base is read whole, with the same
    result."""
    text = MAPPED.read_text(encoding="utf-8").replace(
        "  lab: {kind: isolated}", "  lab: &isolated {kind: isolated}\n  lab-2: *isolated"
    )
    repo = _repository(tmp_path, {REGISTRY: text})
    edited = text.replace("28004", "28005")
    assert _diff_both_ways(repo, {REGISTRY: edited}) == ["zeta e2e api: 28004 → 28005"]
    working = _working(edited)
    base = Source(f"HEAD:{REGISTRY}", text.encode())
    assert read_as_edit([base], [REGISTRY], working, ROOT) is None


def test_a_repository_without_a_commit_has_no_base(tmp_path: Path) -> None:
    """One git process finds the top of the work tree and the commit: with no commit yet,
    it is the revision that is missing, said in one line."""
    repo = GitRepo(tmp_path / "empty")
    repo.write(REGISTRY, MAPPED.read_text(encoding="utf-8"))
    result = invoke("check", "--base", "HEAD", cwd=repo.path)
    assert result.code == 2
    assert result.out == ""
    assert result.err.count("\n") == 1
    assert "--base HEAD: no such commit in this git repository" in result.err


def test_the_check_of_both_readings_stops_where_they_differ() -> None:
    """``PORTREG_CHECK_RELOAD=1``'s check: a whole reading that gives another registry, or
    none, is an internal error (the fuzzing harness counts those)."""
    working = _working(BUNDLED_FILE.read_text(encoding="utf-8"))
    for other in (MAPPED.read_bytes(), b"portreg: 1\ntitle: [broken\n"):
        with pytest.raises(AssertionError, match="differs from the base read whole"):
            _require_same([Source(f"HEAD:{REGISTRY}", other)], ROOT, working)
