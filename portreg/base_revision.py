"""The git revision a command compares with, as the user named it: ``--base REV`` or
``PORTREG_BASE``.

Kept apart from ``portreg.gitrev`` (which runs git) so that a plain ``check`` can look at
the environment without importing subprocess. An empty value is refused here, for every
command: it is nearly always a CI variable that is not set (``--base "$BASE_REF"``), and
reading it as "no base" or as HEAD would pass a change silently (issue 12, defect 6).
"""

from __future__ import annotations

import os

from portreg.findings import InputError

BASE_ENV = "PORTREG_BASE"
# ``--base auto``: HEAD when there is one (the pre-commit hook's default), else no base.
AUTO_BASE = "auto"


def base_error(message: str) -> InputError:
    """A base that cannot be used (rule PR400): the command stops with exit status 2."""
    return InputError(message, code="PR400", rule="base-unreadable")


def require_revision(name: str, source: str = "--base") -> str:
    """``name``, or stop with exit status 2 when it is empty or blank."""
    if not name.strip():
        raise base_error(
            f"{source} is empty (an unset CI variable?): name a revision, like origin/main"
        )
    return name


def base_from_environment() -> str | None:
    """``PORTREG_BASE``; None when it is not set, and refused when it is set but empty."""
    value = os.environ.get(BASE_ENV)
    return None if value is None else require_revision(value, BASE_ENV)


def chosen_base(option: str | None, configured: str | None) -> str | None:
    """The revision to compare with: ``--base``, else ``PORTREG_BASE``, else ``base`` from
    the settings file; None when none is given. An empty one is refused wherever it came
    from."""
    if option is not None:
        return require_revision(option)
    from_environment = base_from_environment()
    if from_environment is not None:
        return from_environment
    return None if configured is None else require_revision(configured, "base (settings file)")
