"""The options every editing command shares (--dry-run, --major, --no-bump, --no-docs)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:  # the editor loads the checker: keep it off every command's start-up
    from portreg.edit.session import EditOptions


def edit_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add --dry-run, --major, --no-bump and --no-docs to a click command."""
    for option in reversed(
        (
            click.option("--dry-run", is_flag=True, help="Print the diff; write nothing."),
            click.option("--major", is_flag=True, help="Raise the major version (default: minor)."),
            click.option(
                "--no-bump", is_flag=True, help="Leave version, updated and changelog alone."
            ),
            click.option(
                "--no-docs", is_flag=True, help="Do not re-render the docs or re-export constants."
            ),
        )
    ):
        command = option(command)
    return command


def to_options(dry_run: bool, major: bool, no_bump: bool, no_docs: bool) -> EditOptions:
    from portreg.edit.session import EditOptions
    from portreg.findings import UsageError

    if major and no_bump:
        raise UsageError("--major raises the version; --no-bump leaves it: choose one")
    bump = "none" if no_bump else "major" if major else "minor"
    return EditOptions(dry_run=dry_run, bump=bump, docs=not no_docs)


def require_utf8(*arguments: tuple[str, str | tuple[str, ...] | None]) -> None:
    """Refuse (bad usage) an argument that is not UTF-8 text: a byte the shell passed
    through undecoded cannot be written into a registry, which is UTF-8. Each argument is
    (how the user wrote it, its value): ``("--title", title)``."""
    from portreg.findings import UsageError

    for name, value in arguments:
        for text in value if isinstance(value, tuple) else (value,):
            if text is None:
                continue
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as error:
                code = ord(text[error.start])
                byte = f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"U+{code:04X}"
                raise UsageError(
                    f"{name} is not UTF-8 text ({byte} at character {error.start + 1}); "
                    "the registry holds only UTF-8"
                ) from None
