"""Every console example in README.md and docs/*.md prints what the document says.

How examples are written and regenerated: tests/doc_examples.py and docs/contributing.md.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from doc_examples import (
    SETUP_COMMANDS,
    Example,
    all_examples,
    build_and_run,
    current_body,
    cut_like,
    examples_in,
    update,
)

EXAMPLES = all_examples()
RUN = [example for example in EXAMPLES if not example.is_setup]
SETUP = [example for example in EXAMPLES if example.is_setup]


@pytest.mark.parametrize("example", RUN, ids=[example.name for example in RUN])
def test_example_output_is_what_the_commands_print(example: Example, tmp_path: Path) -> None:
    written = current_body(example)
    printed = build_and_run(example, tmp_path)
    if printed != written:
        diff = "\n".join(
            difflib.unified_diff(written, printed, "in the document", "printed now", lineterm="")
        )
        pytest.fail(f"{example.name}: the example is stale; run `make docs`\n{diff}")


@pytest.mark.parametrize("example", SETUP, ids=[example.name for example in SETUP])
def test_only_set_up_commands_are_exempt(example: Example) -> None:
    for step in example.steps:
        assert step.command.startswith(SETUP_COMMANDS), (
            f"{example.name}: `{step.command}` is not a set-up command; only those may skip "
            "being run (remove `setup` from the example marker)"
        )
        assert not any(line.strip() for line in step.output), (
            f"{example.name}: a set-up example is not run, so it must not show output"
        )


def test_there_are_examples_in_readme_and_docs() -> None:
    documents = {example.document.name for example in RUN}
    assert {"README.md", "output-formats.md", "export.md", "scan.md"} <= documents


DOCUMENT = """\
# Title

<!-- example PORTREG_TODAY=2031-02-03 -->
```console
$ portreg rules PR201
this is not what it prints
$ portreg next redis --tier integration
99999
$ echo $?
7
$ echo "today is $PORTREG_TODAY"
$ portreg rules
...
```

Text after.
"""


def test_update_rewrites_stale_outputs_and_keeps_cuts(tmp_path: Path) -> None:
    document = tmp_path / "doc.md"
    document.write_text(DOCUMENT, encoding="utf-8")
    [example] = examples_in(document)
    assert [step.command for step in example.steps][:3] == [
        "portreg rules PR201",
        "portreg next redis --tier integration",
        "echo $?",
    ]
    changed = update([example], tmp_path / "work")
    assert changed == [f"{document}:4"]
    text = document.read_text(encoding="utf-8")
    assert "this is not what it prints" not in text
    assert "### PR201 port-conflict" in text or "PR201 port-conflict" in text
    assert "$ portreg next redis --tier integration\n16383\n$ echo $?\n0\n" in text
    assert "\ntoday is 2031-02-03\n" in text  # the marker's environment variable
    assert "$ portreg rules\n...\n```" in text  # cut with no line above or below
    assert text.endswith("```\n\nText after.\n")
    # A second run changes nothing: the outputs are stable.
    [again] = examples_in(document)
    assert update([again], tmp_path / "work2") == []


def test_a_stale_example_fails_with_a_diff(tmp_path: Path) -> None:
    document = tmp_path / "doc.md"
    document.write_text(
        "```console\n$ portreg next redis --tier integration\n16380\n```\n", encoding="utf-8"
    )
    [example] = examples_in(document)
    printed = build_and_run(example, tmp_path / "work")
    assert printed != current_body(example)
    assert printed == ["$ portreg next redis --tier integration", "16383"]


def test_cut_keeps_as_many_lines_above_and_below_the_ellipsis() -> None:
    actual = [str(number) for number in range(10)]
    assert cut_like(actual, ["a", "b", "...", "z"]) == ["0", "1", "...", "9"]
    assert cut_like(actual, ["a", "..."]) == ["0", "..."]
    assert cut_like(actual[:2], ["a", "...", "z"]) == ["0", "1"]
    assert cut_like(actual, ["x"]) == actual


def test_an_unknown_option_or_state_is_an_error(tmp_path: Path) -> None:
    document = tmp_path / "doc.md"
    document.write_text("<!-- example colour=red -->\n```console\n$ portreg rules\n```\n")
    with pytest.raises(ValueError, match="unknown example option"):
        list(examples_in(document))
    document.write_text("<!-- example state=nowhere -->\n```console\n$ portreg rules\n```\n")
    [example] = examples_in(document)
    with pytest.raises(ValueError, match="no example state 'nowhere'"):
        build_and_run(example, tmp_path / "work")


def test_cwd_cd_and_redirect(tmp_path: Path) -> None:
    document = tmp_path / "doc.md"
    document.write_text(
        "<!-- example cwd=registry -->\n```console\n"
        "$ portreg check --concise\n$ cd ..\n$ portreg schema > out.json\n"
        "$ test -s out.json && echo written\n```\n",
        encoding="utf-8",
    )
    [example] = examples_in(document)
    body = build_and_run(example, tmp_path / "work")
    assert body[1].startswith("0 errors, 0 warnings in ")  # the bundled registry is clean
    assert body[:1] + body[2:] == [
        "$ portreg check --concise",
        "$ cd ..",
        "$ portreg schema > out.json",
        "$ test -s out.json && echo written",
        "written",
    ]
