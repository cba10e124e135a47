"""The words around a number: what a line says in words rather than syntax.

"NodePort 30084", "listens on 8080 inside its container", "18120 +
GinkgoParallelProcess()", "Redis runs on 16387": a reviewer reads the role and the
component from the words near a number when its syntax says nothing (a bare number, a log
line, a comment). Each function here reads one such clue from one line.
"""

from __future__ import annotations

import re

# A NodePort by the words around it: "NodePort 30084", "(NodePort 30099)", "30099 is its
# NodePort", in code, comments, logs and docs alike; the word may be part of an identifier
# (FailoverNodePortAPI, DeployWithNodePort), ending where a capital starts the next word.
_NODEPORT = r"node[ _-]?ports?(?:\b|(?=(?-i:[A-Z])))"
_NODEPORT_BEFORE = re.compile(_NODEPORT + r"[^0-9\n]{0,12}$", re.IGNORECASE)
_NODEPORT_WORD = re.compile(_NODEPORT, re.IGNORECASE)
_NODEPORT_AFTER = re.compile(
    r"^[ \t]*(?:\(|\bis\s+(?:its|the|a)\s+)?[ \t]*node[ _-]?port", re.IGNORECASE
)
# "listens on 8080 inside its container", "the container's port 8080": the container side.
_CONTAINER_AFTER = re.compile(
    r"^[ \t]*\)?[ \t]*(?:inside|in|within)\s+(?:the|its|a|each)\s+(?:containers?|pods?|cluster)\b"
    r"|^[ \t]*\(?(?:in|inside)[ -](?:cluster|container|pod)\b",
    re.I,
)
_CONTAINER_BEFORE = re.compile(r"\bcontainer(?:'s)?[ \t]+(?:side|port)s?[ \t:=]*$", re.IGNORECASE)
# 18090 + GinkgoParallelProcess(), 16379 + worker_id: a port per parallel process.
_COMPUTED_AFTER = re.compile(
    r"^[ \t]*\+[ \t]*(\(?[ \t]*(?:int\()?[\w.]*?(?:parallel|worker|process|proc|shard|xdist|node)"
    r"[\w.]*(?:\(\))?\)?(?:[ \t]*-[ \t]*1[ \t]*\)?)?(?:[ \t]*\*[ \t]*[0-9]+[ \t]*\)?)?)",
    re.IGNORECASE,
)
_STRIDE = re.compile(r"\*[ \t]*([0-9]+)")
# In prose, a component named right before a port states its port: "Redis on 16377",
# "the cache (Redis) listens on 16374", "| Redis | 16373 |".
_PROSE_COMPONENT = re.compile(
    r"([A-Za-z_][A-Za-z0-9_]*)\)?(?:[ \t:=(|`'\",]+(?:on|at|port|is|listens|listening|runs"
    r"|running|uses|to|via))*[ \t:=(|`'\",]*$",
    re.IGNORECASE,
)


# The identifier a value is given to: `MAILPIT_API = "http://localhost:8025`,
# getenv("MAILPIT_API", "http://localhost:8025").
_HOLDER = re.compile(r"([A-Za-z_][A-Za-z0-9_.\-]*)[\"']?[ \t]*(?::=|=|:|,)[ \t]*[\"'\[]?[^\"'\s]*$")


def node_port_by_words(text: str, start: int, end: int, port: int, in_range: bool) -> bool:
    """Whether the words make the number a NodePort: "NodePort 30084", "(NodePort
    30099)", "30099 is its NodePort"; or any NodePort word on a line of NodePort-range
    numbers ("NodePorts: Ledger API (30081→8080)")."""
    if _NODEPORT_BEFORE.search(text[:start]) or _NODEPORT_AFTER.match(text[end:]):
        return True
    return in_range and _NODEPORT_WORD.search(text) is not None


def names_node_ports(line: str) -> bool:
    """Whether a line (the one above a comment's number) speaks of NodePorts, its sentence
    going on below ("NodePorts\n// (30183 health, 30185 API) are unique")."""
    return _NODEPORT_WORD.search(line) is not None


def container_by_words(text: str, start: int, end: int) -> bool:
    """Whether the words make the number a container's port ("inside its container")."""
    return bool(_CONTAINER_AFTER.match(text[end:]) or _CONTAINER_BEFORE.search(text[:start]))


def computed_by(text: str, end: int) -> str | None:
    """The expression a port is computed by, when a parallel process's number is added to
    it (``+ GinkgoParallelProcess()``, ``+ (processID * 100)``)."""
    computed = _COMPUTED_AFTER.match(text[end:])
    if computed is None or "port" in computed.group(1).lower():
        return None
    return computed.group(1)


def computed_stride(expression: str) -> int:
    """How far apart the processes' ports are: ``(processNum-1)*10`` is 10, a number added
    alone (``+ GinkgoParallelProcess()``) 1."""
    stride = _STRIDE.search(expression)
    return int(stride.group(1)) if stride else 1


def prose_component(text: str, start: int) -> str | None:
    """The word naming a component right before a port in prose: "Redis on 16377"."""
    named = _PROSE_COMPONENT.search(text[:start])
    return named.group(1) if named else None


def holder_of(text: str, start: int) -> str | None:
    """The identifier a value is given to (``MAILPIT_API = "http://localhost:8025``)."""
    holder = _HOLDER.search(text[:start])
    return holder.group(1) if holder else None


# A line that is a comment and nothing else, with words in it (not an empty "//").
_COMMENT_LINE = re.compile(r"^[ \t]*(?://+|#+|/?\*+|--|;+)[ \t]*\S")


# A comment line that ends its sentence ("// Ledger owns 18090."; an ellipsis goes on).
_SENTENCE_END = re.compile(r"(?<!\.\.)[.!?][ \t]*(?:\*/)?[ \t]*$")


# "This starts: PostgreSQL, Redis, Ledger API": what a suite runs, not whose ports follow.
_RUNS = re.compile(
    r"\b(?:starts?|started|runs?|launch(?:es)?|deploys?|(?:brings?|spins?) up)\b", re.IGNORECASE
)


def comment_sentence(line: str, above: list[str | None]) -> list[str]:
    """The comment lines just above a comment line (nearest first), up to the first that
    is no comment or ends a sentence (``.``, ``!``, ``?``): the sentence the line may be
    the end of; a line saying what runs ("This starts: ...") names what the suite runs,
    and is left out."""
    if not _COMMENT_LINE.match(line):
        return []
    sentence = []
    for text in above:
        if text is None or not _COMMENT_LINE.match(text) or _SENTENCE_END.search(text):
            break
        if not _RUNS.search(text):
            sentence.append(text)
    return sentence
