"""The marks on a port's cell and the notes that explain them, each note written once.

ˢ a share, ˣ an exception, ⁿ an allocation's note, ⚠ a known conflict. A mark is keyed by
what it marks, never numbered, so adding a port above does not renumber every note below.
An exception marks only the numbers its rule judges there (a host port's exception is not
copied onto the NodePort it maps to).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from portreg.records import AllocationRef, PortUse
from portreg.render.markdown import KNOWN_CONFLICT, View, bullet, inline, port_text, text
from portreg.rules import find_rule

if TYPE_CHECKING:
    from portreg.models import RuleException

SHARE_MARK = "ˢ"
EXCEPTION_MARK = "ˣ"
NOTE_MARK = "ⁿ"

NoteKey = tuple[str | int, ...]


@dataclass
class Notes:
    """The notes of one section: each once, in the order their marks first appear."""

    view: View
    found: dict[NoteKey, str] = field(default_factory=dict)

    def marks(self, ref: AllocationRef, use: PortUse | None, shown: str) -> list[str]:
        """The marks of one number (or of an allocation without one), noting each."""
        view = self.view
        marks: list[str] = []
        if use is not None:
            for index, share in view.context.shares_by_key.get(use.key, []):
                if use.service in share.services:
                    marks.append(SHARE_MARK)
                    self.found.setdefault(
                        ("share", index),
                        f"{SHARE_MARK} {port_text(share.port, share.protocol)} shared by "
                        f"{view.services(share.services)}: {text(share.reason)}",
                    )
            for index in view.excepted.get(view.context.port_path(use), ()):
                exception = view.registry.exceptions[index]
                rule = find_rule(exception.rule)
                name = f"{rule.code} {rule.name}" if rule else text(exception.rule)
                marks.append(EXCEPTION_MARK)
                self.found.setdefault(
                    ("exception", index),
                    f"{EXCEPTION_MARK} {_whose(view, exception)}: exception to {name}: "
                    f"{inline(exception.reason)}",
                )
            if (*use.key, use.service) in view.known_conflicts:
                marks.append(KNOWN_CONFLICT)
        note = ref.allocation.note
        if note and (use is None or use.side == _first_side(ref)):
            marks.append(NOTE_MARK)
            what = view.component(ref.component, ref.instance)
            self.found.setdefault(
                ("note", *ref.path),
                f"{NOTE_MARK} {shown} ({view.service(ref.service)} {what}): {inline(note)}",
            )
        return marks

    def lines(self) -> list[str]:
        """The notes as list items; ⚠ needs none: the Known conflicts table, first in the
        allocations section, lists each with its reason."""
        return [bullet(note) for note in self.found.values()]


def _whose(view: View, exception: RuleException) -> str:
    """Whose allocations the exception covers, as people call them."""
    if exception.service is None:
        return f"{text(exception.cluster)}'s NodePorts"
    name = view.service(exception.service)
    return f"{name} in {text(exception.cluster)}" if exception.cluster else name


def _first_side(ref: AllocationRef) -> str:
    """The side an allocation's note is marked on: its host port, else its NodePort."""
    return "port" if ref.allocation.port is not None else "node_port"
