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
    from portreg.tables import terminal_table

    rows = [
        [
            rule.code,
            rule.name,
            rule.severity.value,
            plain(rule.summary) + (" [fixable]" if rule.fixable else ""),
        ]
        for rule in rules
    ]
    sys.stdout.write("".join(f"{line}\n" for line in terminal_table(rows)))
    return 0
