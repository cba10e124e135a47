"""Examples in README.md and docs/*.md are run, and their output is what the commands print.

An example is a fenced ``console`` block: ``$ command`` lines, each followed by its output.
``make docs`` rewrites the outputs in place (nobody types them); ``make test`` fails when a
block differs from what the commands print now. See docs/contributing.md, "Examples".

An HTML comment on the line before a block sets it up (every key is optional)::

    <!-- example state=v1.8 cwd=registry PORTREG_BASE=HEAD -->
    <!-- example output-of="portreg export --format go --service hapi" -->
    <!-- example setup -->

- ``state=NAME``: the project the commands run in (a fresh temporary copy for each block),
  built by ``tests/doc_states.py``: default ``bundled``.
- ``cwd=DIR``: a directory of that project to start in (``$ cd DIR`` in a block works too).
- ``NAME=VALUE`` with an upper-case NAME: an environment variable for the block's commands.
- ``output-of="COMMAND"``: the block (any language: go, json ...) is COMMAND's output.
- ``setup``: not run, for the set-up commands themselves (``make check``, ``make test``,
  ``pipx install .``); a test holds such blocks to those commands.

In an output, a line ``...`` keeps only the lines above it and as many lines below it as
there are now: long outputs are shown cut, and stay tested.

``portreg`` commands run in-process (click's test runner around ``portreg.main.main``);
anything else (``git``, ``echo $?``, a pipe) runs in bash, with this virtualenv's
``portreg`` first on PATH.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ("README.md", "docs/*.md")
# Generated from the code, with examples of their own kind (none of them console blocks).
SKIPPED_DOCUMENTS = ("docs/rules.md", "docs/port-allocation.md")

MARKER = re.compile(r"^<!--\s*example\b(?P<options>.*?)-->\s*$")
FENCE = re.compile(r"^(?P<fence>```+|~~~+)(?P<info>[^`]*)$")
ELLIPSIS = "..."
PROMPT = "$ "

# The set-up commands a ``setup`` block may hold: they install things, so tests do not run them.
SETUP_COMMANDS = ("make", "pipx", "pip", "python3 -m venv", "source", ".", "git clone", "cd")

# Fixed for every example, so that outputs are the same on every machine and every day.
EXAMPLE_TODAY = "2026-01-15"
PROJECT_PLACEHOLDER = "~/project"
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Dana Developer",
    "GIT_AUTHOR_EMAIL": "dana@example.com",
    "GIT_COMMITTER_NAME": "Dana Developer",
    "GIT_COMMITTER_EMAIL": "dana@example.com",
    "GIT_AUTHOR_DATE": "2026-01-15T10:00:00+00:00",
    "GIT_COMMITTER_DATE": "2026-01-15T10:00:00+00:00",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
# Variables of the person running the tests that would change what portreg prints.
CLEARED = ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "COLUMNS", "PRE_COMMIT")


@dataclass
class Step:
    """One ``$ command`` line and the output lines under it (as written in the document)."""

    command: str
    output: list[str] = field(default_factory=list)


@dataclass
class Example:
    """One fenced block to run: where it is, how to set it up, and what it says."""

    document: Path
    line: int  # 1-based line of the opening fence
    body: slice  # the document's lines between the fences
    options: dict[str, str]
    steps: list[Step]
    # For an ``output-of`` block: its whole text is the output of this one command.
    output_of: str | None = None

    @property
    def name(self) -> str:
        return f"{_shown(self.document)}:{self.line}"

    @property
    def is_setup(self) -> bool:
        return "setup" in self.options

    @property
    def state(self) -> str:
        return self.options.get("state", "bundled")

    @property
    def env(self) -> dict[str, str]:
        return {key: value for key, value in self.options.items() if key.isupper()}


def _shown(document: Path) -> str:
    return document.relative_to(ROOT).as_posix() if document.is_relative_to(ROOT) else str(document)


def documents() -> list[Path]:
    found: set[Path] = set()
    for pattern in DOCUMENTS:
        found.update(ROOT.glob(pattern))
    skipped = {ROOT / name for name in SKIPPED_DOCUMENTS}
    return sorted(path for path in found if path not in skipped)


def parse_options(text: str) -> dict[str, str]:
    options: dict[str, str] = {}
    for token in shlex.split(text):
        key, _, value = token.partition("=")
        options[key] = value
    known = {"state", "cwd", "output-of", "setup"}
    unknown = [key for key in options if key not in known and not key.isupper()]
    if unknown:
        raise ValueError(f"unknown example option(s) {', '.join(unknown)}")
    return options


def parse_steps(lines: list[str]) -> list[Step]:
    steps: list[Step] = []
    for line in lines:
        if line.startswith(PROMPT) or line == PROMPT.strip():
            steps.append(Step(line[len(PROMPT) :].strip()))
        elif steps:
            steps[-1].output.append(line)
        elif line.strip():
            raise ValueError(f"output before the first '$ ' command: {line!r}")
    return steps


def examples_in(document: Path) -> Iterator[Example]:
    lines = document.read_text(encoding="utf-8").split("\n")
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        fence, language = opening["fence"], opening["info"].strip()
        close = index + 1
        while close < len(lines) and lines[close].strip() != fence:
            close += 1
        marker = MARKER.match(lines[index - 1]) if index else None
        options = parse_options(marker["options"]) if marker else {}
        body = slice(index + 1, close)
        content = lines[body]
        where = f"{_shown(document)}:{index + 1}"
        try:
            if "output-of" in options:
                yield Example(
                    document, index + 1, body, options, [Step(options["output-of"], content)],
                    options["output-of"],
                )  # fmt: skip
            elif language == "console":
                yield Example(document, index + 1, body, options, parse_steps(content))
            elif marker:
                raise ValueError("an example marker before a block that is not `console`")
        except ValueError as error:
            raise ValueError(f"{where}: {error}") from None
        index = close + 1


def all_examples() -> list[Example]:
    return [example for document in documents() for example in examples_in(document)]


# --- Running -------------------------------------------------------------------------


@dataclass
class Session:
    """The shell an example's commands share: a directory, an environment, the last status."""

    project: Path
    cwd: Path
    env: dict[str, str]
    status: int = 0

    def run(self, command: str, stdout_only: bool = False) -> str:
        """Run one ``$`` line as a shell would and return what it printed (stdout and stderr,
        or stdout only: an ``output-of`` block shows a file's text, not the terminal)."""
        words = _simple_words(command)
        if words and words[0] == "cd" and len(words) == 2:
            self.cwd = (self.cwd / words[1]).resolve()
            self.status = 0
            return ""
        if words and words[0] == "portreg":
            text, self.status = self._run_in_process(words[1:], stdout_only)
        else:
            text, self.status = self._run_in_shell(command, stdout_only)
        return text.replace(str(self.project), PROJECT_PLACEHOLDER)

    def _run_in_process(self, words: list[str], stdout_only: bool) -> tuple[str, int]:
        from click.testing import CliRunner

        from portreg.main import main

        redirect: tuple[str, Path] | None = None
        if len(words) >= 2 and words[-2] in (">", ">>"):
            redirect = (words[-2], self.cwd / words[-1])
            words = words[:-2]
        overrides: dict[str, str | None] = {
            key: None for key in os.environ if key.startswith("PORTREG_") or key in CLEARED
        }
        overrides.update(self.env)
        previous = Path.cwd()
        os.chdir(self.cwd)
        try:
            with CliRunner().isolation(env=overrides) as (stdout, _stderr, mixed):
                # Line by line, as on a terminal, so that stdout and stderr interleave in order.
                sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
                sys.stderr.reconfigure(line_buffering=True)  # type: ignore[union-attr]
                try:
                    main(words)
                    status = 0
                except SystemExit as done:
                    status = done.code if isinstance(done.code, int) else 1
                finally:
                    sys.stdout.flush()
                    sys.stderr.flush()
                if redirect:
                    mode, target = redirect
                    with target.open("ab" if mode == ">>" else "wb") as file:
                        file.write(stdout.getvalue())
                    # What reached the terminal: stderr only.
                    return _stderr.getvalue().decode("utf-8", "replace"), status
                shown = stdout if stdout_only else mixed
                return shown.getvalue().decode("utf-8", "replace"), status
        finally:
            os.chdir(previous)

    def _run_in_shell(self, command: str, stdout_only: bool) -> tuple[str, int]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("PORTREG_") and key not in CLEARED
        }
        env.update(self.env)
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        # `(exit N)` first, so that `echo $?` says what the previous `$` line returned.
        done = subprocess.run(
            ["bash", "-c", f"(exit {self.status}); {command}"],
            cwd=self.cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL if stdout_only else subprocess.STDOUT,
            text=True,
            timeout=120,
        )
        return done.stdout, done.returncode


def _simple_words(command: str) -> list[str] | None:
    """The words of a command with no shell syntax but ``> FILE``, else None (run in bash)."""
    if any(character in command for character in "|&;$`<()*?{}"):
        return None
    try:
        words = shlex.split(command, comments=True)
    except ValueError:
        return None
    if words[:3] == ["python", "-m", "portreg"]:
        words = ["portreg", *words[3:]]
    return words


def session_env() -> dict[str, str]:
    return {"PORTREG_TODAY": EXAMPLE_TODAY, "PORTREG_SCAN_JOBS": "1", **GIT_IDENTITY}


def run_example(example: Example, project: Path) -> list[Step]:
    """Run every step of ``example`` in ``project`` and return the steps with today's output."""
    start = project / example.options.get("cwd", "")
    session = Session(project, start.resolve(), {**session_env(), **example.env})
    done = []
    for step in example.steps:
        printed = session.run(step.command, stdout_only=example.output_of is not None)
        lines = [line.rstrip() for line in printed.split("\n")]
        if lines and lines[-1] == "":
            lines.pop()
        done.append(Step(step.command, cut_like(lines, step.output)))
    return done


def cut_like(actual: list[str], written: list[str]) -> list[str]:
    """``actual``, cut at ``...`` where ``written`` is cut: as many lines above and below."""
    if ELLIPSIS not in written:
        return actual
    head = written.index(ELLIPSIS)
    tail = len(written) - head - 1
    if len(actual) <= head + tail:
        return actual
    return [*actual[:head], ELLIPSIS, *actual[len(actual) - tail :]]


def render_body(example: Example, steps: list[Step]) -> list[str]:
    if example.output_of is not None:
        return steps[0].output
    lines: list[str] = []
    for step in steps:
        lines.append(f"{PROMPT}{step.command}")
        lines.extend(step.output)
    return lines


def current_body(example: Example) -> list[str]:
    return example.document.read_text(encoding="utf-8").split("\n")[example.body]


def build_and_run(example: Example, workspace: Path) -> list[str]:
    """Build the example's state under ``workspace``, run it, and return the block's new body."""
    from doc_states import build_state

    project = build_state(example.state, workspace / "project")
    return render_body(example, run_example(example, project))


def update(examples: list[Example], workspace: Path) -> list[str]:
    """Rewrite every example's output in place; return the names of the blocks that changed."""
    changed = []
    by_document: dict[Path, list[Example]] = {}
    for example in examples:
        if not example.is_setup:
            by_document.setdefault(example.document, []).append(example)
    for document, found in by_document.items():
        lines = document.read_text(encoding="utf-8").split("\n")
        # Bottom up, so that the line numbers of the blocks above stay right.
        for number, example in enumerate(sorted(found, key=lambda e: -e.line)):
            body = build_and_run(example, workspace / f"{document.stem}-{number}")
            if lines[example.body] != body:
                changed.append(example.name)
                lines[example.body] = body
        document.write_text("\n".join(lines), encoding="utf-8")
    return changed


def main() -> int:
    """``make docs``: run every example and write its output into the document."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="portreg-examples-") as workspace:
        changed = update(all_examples(), Path(workspace))
    for name in changed:
        print(f"{name}: example output updated")
    print(f"{len(changed)} example(s) updated")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
