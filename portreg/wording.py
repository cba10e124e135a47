"""Counted nouns and possessives, said the same way in every message.

``plural(2, "port")`` is ``2 ports``, ``plural(1, "entry")`` ``1 entry``; a possessive of a
name that ends in s takes an apostrophe only (``orders' redis``), as style guides for
plural-looking names (and most readers of service ids) expect.
"""

from __future__ import annotations

import re

# Nouns whose plural the two rules below would get wrong.
_IRREGULAR = {"is": "are", "was": "were", "has": "have", "this": "these"}
_ADD_ES = re.compile(r"(?:s|x|z|ch|sh)$")
_Y_TO_IES = re.compile(r"[^aeiou]y$")


def plural_of(word: str) -> str:
    """The plural of an English noun (or of the last word of a phrase): port → ports,
    process → processes, entry → entries."""
    head, _, last = word.rpartition(" ")
    if last in _IRREGULAR:
        plural_last = _IRREGULAR[last]
    elif _ADD_ES.search(last):
        plural_last = last + "es"
    elif _Y_TO_IES.search(last):
        plural_last = last[:-1] + "ies"
    else:
        plural_last = last + "s"
    return f"{head} {plural_last}" if head else plural_last


def plural(count: int, word: str, plural_form: str | None = None, thousands: bool = False) -> str:
    """``1 port``, ``2 ports``, ``0 ports``: the count and the noun in the right number
    (``thousands`` writes 10,000)."""
    number = f"{count:,}" if thousands else str(count)
    noun = word if count == 1 else plural_form or plural_of(word)
    return f"{number} {noun}"


def possessive(name: str) -> str:
    """``hapi's``, but ``orders'``: a name that ends in s takes the apostrophe alone."""
    return f"{name}'" if name.endswith(("s", "S")) else f"{name}'s"
