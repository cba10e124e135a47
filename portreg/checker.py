"""Run the rules on a loaded registry and apply the declared exceptions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from portreg.findings import Finding, Severity
from portreg.loading.registry import LoadedRegistry
from portreg.rules import Context, Problem, Rule, all_rules, find_rule
from portreg.rules.references import CONFLICT_RULES


@dataclass(frozen=True)
class RuleFilter:
    """``--select`` and ``--ignore``: rule codes, code prefixes (``PR3``) or rule names."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def enabled(self, rule: Rule) -> bool:
        if self.select and not any(_matches(rule, pattern) for pattern in self.select):
            return False
        return not any(_matches(rule, pattern) for pattern in self.ignore)


def _matches(rule: Rule, pattern: str) -> bool:
    return rule.code.startswith(pattern.upper()) or rule.name == pattern


def unknown_patterns(patterns: Iterable[str]) -> list[str]:
    rules = all_rules()
    return [pattern for pattern in patterns if not any(_matches(rule, pattern) for rule in rules)]


def check(loaded: LoadedRegistry, rule_filter: RuleFilter | None = None) -> list[Finding]:
    """Every finding for the registry, sorted by place. Schema errors are never filtered; a
    warning found while reading (PR115) is, as any rule's."""
    rule_filter = rule_filter or RuleFilter()
    if loaded.registry is None:
        return sorted(loaded.findings, key=Finding.sort_key)
    context = Context(loaded.registry, loaded.sources, loaded.root)
    findings = [finding for finding in loaded.findings if _kept(finding, rule_filter)]
    for rule in all_rules():
        if rule.check is None or rule.group != "registry" or not rule_filter.enabled(rule):
            continue
        findings.extend(to_finding(rule, problem, context) for problem in rule.check(context))
    findings = _apply_exceptions(findings, context, rule_filter)
    return sorted(findings, key=Finding.sort_key)


def _kept(finding: Finding, rule_filter: RuleFilter) -> bool:
    rule = find_rule(finding.code)
    return finding.severity is Severity.ERROR or rule is None or rule_filter.enabled(rule)


def to_finding(rule: Rule, problem: Problem, context: Context) -> Finding:
    sources = context.sources
    return Finding(
        rule.code,
        rule.name,
        rule.severity,
        problem.message,
        sources.locate(problem.path, key=problem.at_key),
        related=tuple(sources.locate(path) for path in problem.related),
        subject=problem.subject,
        fixable=rule.fixable,
    )


def _apply_exceptions(
    findings: Sequence[Finding], context: Context, rule_filter: RuleFilter
) -> list[Finding]:
    exceptions = context.registry.exceptions
    if not exceptions:
        return list(findings)
    used = [False] * len(exceptions)
    rules = [find_rule(exception.rule) for exception in exceptions]
    kept = []
    for finding in findings:
        silenced = False
        for index, (exception, rule) in enumerate(zip(exceptions, rules, strict=True)):
            if (
                rule is not None
                and rule.code == finding.code
                and finding.subject is not None
                and exception.covers(
                    finding.subject.service,
                    finding.subject.tier,
                    finding.subject.component,
                    finding.subject.scope,
                )
            ):
                used[index] = silenced = True
        if not silenced:
            kept.append(finding)
    unused_rule = find_rule("PR306")
    if unused_rule is not None and rule_filter.enabled(unused_rule):
        for index, (exception, rule) in enumerate(zip(exceptions, rules, strict=True)):
            # An exception for a rule that was not run (--select/--ignore) cannot be judged.
            if used[index] or rule is None or not rule_filter.enabled(rule):
                continue
            if rule.code in CONFLICT_RULES or (exception.service or exception.cluster) is None:
                continue  # PR214 or PR216 says why it cannot silence anything

            kept.append(
                to_finding(
                    unused_rule,
                    Problem(
                        ("exceptions", index, "rule"),
                        f"exception for {rule.code} {rule.name} on {exception.whose} silences "
                        "nothing; remove it",
                    ),
                    context,
                )
            )
    return kept
