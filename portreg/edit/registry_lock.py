"""The registry's lock: held by every run that writes the registry or what is made from it.

An edit holds it from reading the registry to writing the last file of its change;
``render-docs`` and ``export --listed`` hold it while they read the registry and write the
docs and constants made from it, so that they never publish a registry an edit is changing
(a render that read before the edit and wrote after it would undo the edit's docs). The
locks are the registry files' own (``.NAME.lock``) and the journal's
(``.portreg.journal.lock``), taken in one order. Whoever takes them first finishes a change
that a killed run left half-written (:mod:`portreg.edit.transaction`).
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path

from portreg.commands.common import UNWRITABLE_FILE
from portreg.edit.lock import LockRefused, lock_path, locked_files
from portreg.edit.transaction import recover
from portreg.findings import InputError, Location
from portreg.loading.registry import display_name, journal_path

WRITE_CODE = UNWRITABLE_FILE
WRITE_RULE = "unwritable-file"
# A folder nobody may write in has no writer to wait for: a reader may go on without lock.
_READ_ONLY = (errno.EACCES, errno.EPERM, errno.EROFS)


def unwritable(name: str, error: OSError | str) -> InputError:
    """The one line for a file of a change that cannot be locked or written (PR607)."""
    reason = error if isinstance(error, str) else error.strerror or str(error)
    return InputError(f"cannot write {name}: {reason}", Location(name), WRITE_CODE, WRITE_RULE)


@contextlib.contextmanager
def holding_registry(files: list[Path], for_reading: bool = False) -> Iterator[None]:
    """Hold the lock of the registry made of ``files`` (finishing an interrupted change
    first). ``for_reading``: a registry in a folder that cannot be written is read without
    the lock, since no edit can be at work there."""
    journal = journal_path(files[0].parent)
    locks = [*(lock_path(file) for file in files), journal.with_name(journal.name + ".lock")]
    held = contextlib.ExitStack()
    try:
        held.enter_context(locked_files(*locks))
    except TimeoutError:
        shown = ", ".join(display_name(file) for file in files)
        raise InputError(
            f"{shown} stayed locked by another portreg run for over a minute; try again",
            Location(display_name(files[0])),
            WRITE_CODE,
            WRITE_RULE,
        ) from None
    except LockRefused as error:
        raise unwritable(display_name(files[0]), str(error)) from None
    except OSError as error:
        if os.path.lexists(journal):
            raise _unfinished(journal, files, error) from None
        if not (for_reading and error.errno in _READ_ONLY):
            raise unwritable(display_name(files[0]), _lock_reason(error)) from None
    with held:
        _finish(journal, files)
        yield


def writable_journal(files: list[Path]) -> Path | None:
    """The registry's journal for a change of several files; None in a registry folder
    that cannot be written (then each file is written atomically on its own)."""
    journal = journal_path(files[0].parent)
    return journal if os.access(journal.parent, os.W_OK) else None


def finish_interrupted(files: list[Path]) -> None:
    """Finish (or roll back) a change a killed run left half-written, if there is one."""
    with holding_registry(files):
        pass


def _finish(journal: Path, files: list[Path]) -> None:
    # A run killed while writing the journal itself leaves its temporary file: nobody else
    # writes one while the lock is held.
    for stray in journal.parent.glob(f".{journal.name}.*.tmp"):
        with contextlib.suppress(OSError):
            stray.unlink()
    if not os.path.lexists(journal):
        return
    try:
        recover(journal)
    except OSError as error:
        raise _unfinished(journal, files, error) from None


def _unfinished(journal: Path, files: list[Path], error: OSError) -> InputError:
    shown = ", ".join(display_name(file) for file in files)
    return unwritable(
        display_name(journal),
        f"an interrupted edit of {shown} cannot be finished here ({error.strerror or error}); "
        "run portreg check where the folder can be written",
    )


def _lock_reason(error: OSError) -> str:
    return f"its lock cannot be taken ({error.strerror or error})"
