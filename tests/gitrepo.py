"""A real git repository in a temporary directory, for tests of ``--base`` and hooks.

Identity and defaults come from the environment, never from the user's global git config.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from conftest import BUNDLED_FILE

GIT_ENV = {
    "GIT_AUTHOR_NAME": "portreg tests",
    "GIT_AUTHOR_EMAIL": "tests@example.invalid",
    "GIT_COMMITTER_NAME": "portreg tests",
    "GIT_COMMITTER_EMAIL": "tests@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git_env() -> dict[str, str]:
    return {**os.environ, **GIT_ENV}


class GitRepo:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def env(self) -> dict[str, str]:
        """The environment git runs in (identity fixed, no user config)."""
        return git_env()

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", *args],
            cwd=self.path,
            env=self.env(),
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def write(self, relative: str, text: str) -> Path:
        path = self.path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def commit(self, message: str = "change") -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD").strip()


# The bundled registry is DD-TEST-001 v1.10 (v1.9 plus what `portreg scan` reads); v1.9
# and the two states before it are derived from it.
V110 = BUNDLED_FILE.read_text(encoding="utf-8")


def _drop_entry(text: str, version: str, following: str) -> str:
    start = text.index(f'  - version: "{version}"')
    end = text.index(f'  - version: "{following}"')
    return text[:start] + text[end:]


def registry_1_9() -> str:
    """The seed's v1.9 (with the 1.10 scan hints, which change no port)."""
    text = V110.replace(
        'version: "1.10"\nupdated: 2025-12-26', 'version: "1.9"\nupdated: 2025-12-25'
    )
    return _drop_entry(text, "1.10", "1.9")


V19 = registry_1_9()


def registry_1_8() -> str:
    """Before the 1.9 fix: workflowexecution's Redis on hapi's 16387."""
    text = V19.replace('version: "1.9"\nupdated', 'version: "1.8"\nupdated', 1)
    text = _replace_once(
        text, "redis: 16388, datastorage: 18097", "redis: 16387, datastorage: 18097"
    )
    return _drop_entry(text, "1.9", "1.8")


def registry_1_7() -> str:
    """Before the 1.8 fix: hapi's DataStorage on signalprocessing's 18094."""
    text = registry_1_8().replace('version: "1.8"\nupdated', 'version: "1.7"\nupdated', 1)
    text = _replace_once(text, "datastorage: 18098, api: 18120", "datastorage: 18094, api: 18120")
    return _drop_entry(text, "1.8", "1.7")


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)
