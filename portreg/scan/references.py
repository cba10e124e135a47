"""Sentences that cite a port rather than use it: history, derivations, quoted ranges.

A reviewer does not ask anyone to fix "Redis moved from 16387 to 16388", "allocated right
after HAPI's ports" or "the integration range 16379-16388": they say where a port came from
or what it avoids. Numbers in such sentences (in comments and documents) are not reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from portreg.scan.names import Vocabulary

HISTORY = re.compile(
    r"\b(?:changed|moved|migrated|switched|corrected|reused|copied|renamed)\s+(?:it\s+)?from\b"
    r"|\bwas\b|\bwere\b|\bpreviously\b|\bformerly\b|\bbefore\b|\bdeprecated\b|\bused\s+to\b"
    r"|\bold\b|\blegacy\b|\binstead\s+of\b|\breplaced\b|\bno\s+longer\b|\bfixed\b|\bbug\b"
    r"|\bcorrected\b|\bstale\b|\boutdated\b|\bobsolete\b|\bunchanged\b"
    # a rejected alternative, "(not 18120)", "not shared 18090"
    r"|\bnot\s+(?:shared\s+|the\s+)?[0-9]{4,5}\b"
    # an illustration: "e.g. http://127.0.0.1:18090", "Example: -p 18096:8080"
    r"|\be\.g\.|\bfor\s+example\b|\bfor\s+instance\b|\bexample\s*:",
    re.IGNORECASE,
)
# A derivation: "+10 from DS baseline 18090", "offset from", "based on", "derived from".
DERIVATION = re.compile(
    r"[+-]\s*[0-9]+\s+(?:from|over|after|past)\b|\bbaseline\b|\bbased\s+on\b"
    r"|\bderived\s+from\b|\boffset\s+(?:from|of)\b|\bmirror(?:s|ing)?\b",
    re.IGNORECASE,
)
# "after", "avoids" ... followed by a service's name: a derivation from another's ports.
_AFTER_OR_AVOIDS = re.compile(r"\b(?:after|avoids?|avoiding|clear\s+of|next\s+to)\b(.*)", re.I)
_RANGE_BEFORE = re.compile(r"[0-9]\s*(?:-|–|\.\.)\s*$")
_RANGE_AFTER = re.compile(r"^\s*(?:-|–|\.\.)\s*[0-9]")


def is_reference(text: str, vocabulary: Vocabulary) -> bool:
    """Whether a line is history (``changed from``, ``was``, ``corrected`` ...), a
    derivation (``+10 from the baseline 18090``) or one from a named service's ports
    (``after HAPI's``, ``avoids DataStorage's``)."""
    if HISTORY.search(text) or DERIVATION.search(text):
        return True
    found = _AFTER_OR_AVOIDS.search(text)
    return bool(found and vocabulary.services_in(found.group(1)))


def is_range_end(text: str, start: int, end: int) -> bool:
    """``16379-16388``: the number at ``text[start:end]`` ends a range quoted."""
    return bool(_RANGE_BEFORE.search(text[:start]) or _RANGE_AFTER.match(text[end:]))


def markdown_context(data: bytes, line_start: int) -> Iterator[str]:
    """The heading a markdown line is under, and, inside a fenced block, the last line of
    text before the fence (``Before (deprecated):``)."""
    heading = data.rfind(b"\n#", 0, line_start)
    if heading >= 0 or data.startswith(b"#"):
        end = data.find(b"\n", heading + 1)
        yield data[heading + 1 : end].decode("utf-8", "replace")
    if data.count(b"```", 0, line_start) % 2:
        fence = data.rfind(b"```", 0, line_start)
        end = data.rfind(b"\n", 0, fence)
        for _ in range(3):  # the nearest line with text, at most three lines up
            if end <= 0:
                return
            start = data.rfind(b"\n", 0, end) + 1
            line = data[start:end].decode("utf-8", "replace")
            if line.strip():
                yield line
                return
            end = start - 1
