"""No forged line in any output: control characters, line breaks, raw HTML and GitHub
workflow commands in registry text, file names and process names, fed through every
command and every output format (issue 21, defect 5).

The registry (tests/fixtures/hostile/) puts them in every free text: titles, notes, reasons,
changelog entries, authors; the tree has files whose names hold them; a real process names
itself with one for probe. Each output must keep its lines: no line the GitHub runner reads
as a command but the annotations of --format github, no terminal escape, valid JSON, and
markdown whose tables keep their cells and hold no raw HTML.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from gitrepo import GitRepo
from helpers import runner_reads_a_command
from inprocess import invoke
from markdown_it import MarkdownIt
from markdown_tables import bare_pipes
from tests_data import MINIMAL

FIXTURES = Path(__file__).parent / "fixtures" / "hostile"
# What a terminal or a log acts on: C0 and C1 controls (but the tab and the line end),
# line separators and bidirectional controls.
CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
ANNOTATION = re.compile(
    r"^::(error|warning|notice) file=[^,:]*,line=\d+,col=\d+,title=[^,:]*::[^\r\n]*$"
)
# File names that try to forge a line of their own (git keeps them as they are).
HOSTILE_FILES = {
    "svc/run.sh": "REDIS_PORT=16380\n",
    "svc/::error::FORGED-FILE.sh": "REDIS_PORT=16380\n",
    "svc/a\n::error::FORGED-NEWLINE.sh": "REDIS_PORT=16379\n",
    "svc/\x1b[31mred.sh": "REDIS_PORT=16380\n",
    "::error::FORGED-ROOT.sh": "PG=15433\n",
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile registry committed, its changed version in the work tree."""
    repo = GitRepo(tmp_path_factory.mktemp("forged") / "project")
    shutil.copy(FIXTURES / "before.yaml", repo.write("registry/ports.yaml", ""))
    shutil.copy(FIXTURES / "ports.md", repo.write("docs/ports.md", ""))
    for name, text in HOSTILE_FILES.items():
        repo.write(name, text)
    repo.commit("hostile")
    shutil.copy(FIXTURES / "after.yaml", repo.path / "registry" / "ports.yaml")
    return repo.path


# (arguments, what stdout is): every command, every format.
RUNS = [
    (["check"], "text"),
    (["check", "--concise", "--color", "always"], "text"),
    (["check", "--base", "HEAD", "--statistics"], "text"),
    (["check", "--format", "github"], "github"),
    (["check", "--format", "json"], "json"),
    (["check", "--format", "sarif"], "json"),
    (["scan", "--show-notes"], "text"),
    (["scan", "--show-notes", "--format", "github"], "github"),
    (["scan", "--show-notes", "--format", "json"], "json"),
    (["scan", "--show-notes", "--format", "sarif"], "json"),
    (["diff"], "text"),
    (["diff", "--format", "markdown"], "markdown"),
    (["diff", "--format", "json"], "json"),
    (["diff", "--changelog"], "text"),
    (["who", "16379"], "text"),
    (["who", "16388"], "text"),
    (["who", "15433", "--format", "json"], "json"),
    (["next", "redis", "--tier", "integration"], "text"),
    (["plan"], "text"),
    (["plan", "--format", "json"], "json"),
    (["plan", "--format", "github-matrix"], "json"),
    (["render-docs", "--output", "-"], "markdown"),
    (["render-docs", "--check"], "text"),
    (["export", "--format", "go"], "text"),
    (["export", "--format", "python"], "text"),
    (["export", "--format", "env"], "text"),
    (["export", "--format", "json"], "json"),
    (["rules", "PR201"], "text"),
    (["move", "orders", "redis", "--tier", "integration", "--to", "16385", "--code"], "text"),
    (["allocate", "neworder", "redis", "--tier", "integration", "--dry-run"], "text"),
    (["allocate", "neworder", "redis", "--tier", "e2e", "--title", "x\n::error::T\x1b[2J"], "text"),
    (["release", "billing", "--dry-run"], "text"),
    (["rename", "orders", "purchases", "--dry-run"], "text"),
    (["init", "--discover", ".", "--dry-run"], "text"),
    (["check", "--registry", "svc/::error::FORGED-FILE.sh"], "text"),
]


def assert_safe_lines(text: str, kind: str) -> None:
    for line in text.split("\n"):
        assert not CONTROL.search(line), repr(line)
        if kind == "github" and line.startswith("::"):
            assert ANNOTATION.match(line), repr(line)
        else:
            assert not runner_reads_a_command(line), repr(line)


MARKER = re.compile(r"<!-- portreg:(begin|end) [a-z-]+ -->\n")


def assert_safe_markdown(text: str) -> None:
    """No raw HTML but portreg's own (markers, a line break in a history cell), and every
    table row as wide as its header."""
    tokens = MarkdownIt("commonmark", {"html": True}).enable("table").parse(text)
    for token in tokens:
        assert token.type != "html_block" or MARKER.fullmatch(token.content), token.content
        for child in token.children or []:
            assert child.type != "html_inline" or child.content == "<br>", child.content
    width = None
    for line in text.split("\n"):
        if not line.startswith("|"):
            width = None
        elif width is None:
            width = bare_pipes(line)
        else:
            assert bare_pipes(line) == width, line


@pytest.mark.parametrize(("args", "kind"), RUNS, ids=[" ".join(a)[:60] for a, _ in RUNS])
def test_no_forged_line_in_any_output(project: Path, args: list[str], kind: str) -> None:
    result = invoke(*args, cwd=project, env={"PORTREG_TODAY": "2026-01-15"})
    assert result.code in (0, 1, 2), result
    assert "internal error" not in result.err
    assert_safe_lines(result.err, "text")
    if kind == "json":
        json.loads(result.out)  # valid JSON, whatever the strings hold
        assert "##[" not in result.out and not CONTROL.search(result.out)
    else:
        assert_safe_lines(result.out, kind)
    if kind == "markdown":
        assert_safe_markdown(result.out)


def test_the_payloads_are_shown_escaped_not_dropped(project: Path) -> None:
    diff = invoke("diff", cwd=project).out
    assert "second\\n\\x3a:error::FORGED-NOTE-2 ##\\u005berror]X" not in diff  # one line:
    assert "second\\n::error::FORGED-NOTE-2 ##\\u005berror]X" in diff  # escaped in place
    who = invoke("who", "16388", cwd=project).out
    assert "kept ::error::FORGED-RESERVED \\x1b[5mblink" in who
    markdown = invoke("diff", "--format", "markdown", cwd=project).out
    assert "one server, again \\::error::FORGED-SHARE-2" not in markdown
    assert "FORGED-SHARE-2" in markdown


@pytest.fixture
def named_process(tmp_path: Path) -> Iterator[int]:
    """A real process that names itself with a forged line and holds a loopback port."""
    program = (
        "import socket, sys, time\n"
        "open('/proc/self/comm', 'w').write('\\n::error::PWN\\x1b')\n"
        "server = socket.socket()\n"
        "server.bind(('127.0.0.1', 0))\n"
        "server.listen()\n"
        "print(server.getsockname()[1], flush=True)\n"
        "time.sleep(60)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", program], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        yield int(child.stdout.readline())
    finally:
        child.kill()
        child.wait()


@pytest.mark.skipif(not Path("/proc/self/comm").exists(), reason="Linux names processes there")
def test_a_process_name_cannot_forge_a_line_in_probe(tmp_path: Path, named_process: int) -> None:
    registry = tmp_path / "ports.yaml"
    registry.write_text(
        MINIMAL + f"services:\n  a:\n    ports: {{e2e: {{redis: {named_process}}}}}\n",
        encoding="utf-8",
    )
    text = invoke("probe", "--registry", str(registry))
    assert text.code == 1
    assert "held by \\n::error::PWN\\x1b (pid " in text.out
    assert_safe_lines(text.out, "text")
    as_json = invoke("probe", "--registry", str(registry), "--format", "json")
    holder = json.loads(as_json.out)["ports"][0]["holders"][0]
    assert holder["process"] == "\n::error::PWN\x1b"
