"""``portreg rules``: list every rule with its code, name, severity and summary."""

from __future__ import annotations

import sys

from portreg.rules import all_rules


def run(code: str | None) -> int:
    rules = all_rules()
    if code is not None:
        from portreg.findings import UsageError
        from portreg.rules import find_rule

        found = find_rule(code)
        if found is None:
            raise UsageError(f"no rule {code!r}; 'portreg rules' lists them all")
        from portreg.rules_doc import plain

        title = f"{found.code} {found.name} ({found.severity.value})"
        sys.stdout.write(f"{title}\n\n{plain(found.doc)}\n")
        if found.fixable:
            sys.stdout.write("\nFixable: portreg check --fix repairs it (docs/editing.md).\n")
        return 0
    from portreg.rules_doc import plain

    width = max(len(rule.name) for rule in rules)
    for rule in rules:
        sys.stdout.write(
            f"{rule.code}  {rule.name:<{width}}  {rule.severity.value:<7}  {plain(rule.summary)}"
            + (" [fixable]\n" if rule.fixable else "\n")
        )
    return 0
