"""What the lines around a port say: the neighbourhood a role is read from.

A role is mostly read from the hit's own line (:mod:`portreg.scan.roles`); some syntaxes
spread over several: a YAML key's parent (``redis:`` above ``port: 16388``), a TOML or INI
``[section]``, the other key of a pair (Terraform's ``internal`` beside ``external``), the
``port`` of a Kubernetes Service entry beside its ``nodePort``, a compose service's
``image``, a healthcheck. Only the lines near a hit are read, and only for hits that need
them.
"""

from __future__ import annotations

import bisect
import enum
import functools
import re

from portreg.scan.comments import Kind
from portreg.scan.names import Vocabulary


class Flavour(enum.Enum):
    """What a YAML file is, which changes what ``port`` and ``containerPort`` mean."""

    PLAIN = "plain"
    COMPOSE = "compose"
    KUBERNETES = "kubernetes"
    KIND = "kind"  # a Kind cluster config: containerPort is the node's (a NodePort)


# The kinds of objects a YAML file declares: a Kind config's is ``Cluster`` (a Deployment
# that mentions extraPortMappings in a comment, or a ClusterRole, is no Kind config).
_KIND_LINE = re.compile(rb"^kind:[ \t]*[\"']?([A-Za-z]+)", re.MULTILINE)


def flavour_of(data: bytes, kind: Kind) -> Flavour:
    if kind is not Kind.YAML:
        return Flavour.PLAIN
    kinds = _KIND_LINE.findall(data)
    if b"Cluster" in kinds or (b"extraPortMappings" in data and not kinds):
        return Flavour.KIND  # a Kind config, or a fragment of one (its node's mappings)
    if b"apiVersion:" in data and b"kind:" in data:
        return Flavour.KUBERNETES
    if b"services:" in data and (b"image:" in data or b"build:" in data):
        return Flavour.COMPOSE
    return Flavour.PLAIN


_BACKTICK = re.compile(rb"`")
YAML_KEY = re.compile(r"^([ \t]*)(?:- )?([A-Za-z_][A-Za-z0-9_.\-]*)[ \t]*:")
_IMAGE = re.compile(r"^[ \t]*image:[ \t]*[\"']?(?:[\w.\-]+/)*([\w.\-]+)")
_TARGET = re.compile(r"^[ \t]*-?[ \t]*target:[ \t]*[\"']?([0-9]{1,5})")
_HEALTHCHECK = re.compile(r"healthcheck|HEALTHCHECK")
_SECTION = re.compile(r"^[ \t]*\[+([^\]\n]+)\]+[ \t]*(?:[#;].*)?$")
# The other keys of a Kubernetes Service port entry (YAML or Go): a `port` beside them is
# the Service's port inside the cluster.
_SERVICE_SIBLING = re.compile(
    r"^[ \t]*-?[ \t]*(?:targetPort|nodePort|TargetPort|NodePort|containerPort|ContainerPort)"
    r"[\"']?[ \t]*:"
)
_ROLE_OF_SIBLING = re.compile(
    r"^[ \t]*-?[ \t]*(port|targetPort|containerPort|name)[ \t]*:[ \t]*[\"']?([A-Za-z0-9_\-]+)"
)


class Neighbourhood:
    """A file's bytes, its kind and flavour, and the registry's words: the lines around a
    hit, read on demand."""

    def __init__(self, data: bytes, kind: Kind, flavour: Flavour, vocabulary: Vocabulary):
        self.data = data
        self.kind = kind
        self.flavour = flavour
        self.vocabulary = vocabulary
        self.backticks: list[int] | None = None  # where they are: see backticks_before

    def backticks_before(self, offset: int) -> int:
        """How many backticks come before ``offset`` (Go's raw strings open and close with
        one): found once per file, then looked up, not counted from the top for each hit."""
        if self.backticks is None:
            self.backticks = [match.start() for match in _BACKTICK.finditer(self.data)]
        return bisect.bisect_left(self.backticks, offset)

    def raw_string(self, offset: int) -> tuple[int, int] | None:
        """Where the raw string holding ``offset`` (Go's backticks) starts and ends, its
        content only (the end of the file when it never closes); None outside one, and in
        files of other kinds."""
        if self.kind not in (Kind.GO, Kind.C_LIKE):
            return None
        before = self.backticks_before(offset)
        if not before % 2:
            return None
        assert self.backticks is not None
        closed = self.backticks[before] if before < len(self.backticks) else len(self.data)
        return self.backticks[before - 1] + 1, closed

    def yaml_parent(self, line_start: int) -> str | None:
        text = self.line_before(line_start, 0) or ""
        own = YAML_KEY.match(text)
        indent = len(own.group(1)) if own else len(text) - len(text.lstrip())
        for back in range(1, 30):
            previous = self.line_before(line_start, back)
            if previous is None:
                return None
            found = YAML_KEY.match(previous)
            if found and len(found.group(1)) < indent:
                return found.group(2)
        return None

    def under_key(self, line_start: int, key: str) -> bool:
        """Whether a YAML line is inside ``key:``, at any level above it."""
        text = self.line_before(line_start, 0) or ""
        own = YAML_KEY.match(text)
        indent = len(own.group(1)) if own else len(text) - len(text.lstrip())
        for back in range(1, 40):
            previous = self.line_before(line_start, back)
            if previous is None or indent == 0:
                return False
            found = YAML_KEY.match(previous)
            if found and len(found.group(1)) < indent:
                if found.group(2) == key:
                    return True
                indent = len(found.group(1))
        return False

    def beside_service_keys(self, line_start: int) -> bool:
        """Whether a ``port`` key has a Service port entry's other keys around it."""
        return any(
            _SERVICE_SIBLING.match(self.line_before(line_start, back) or "")
            for back in (1, -1, 2, -2, 3, -3)
        )

    def partner_port(self, line_start: int, partners: tuple[str, ...]) -> int | None:
        """The number the other key of a pair holds, on this line or the nearby ones."""
        pattern = _pair_pattern(partners)
        for back in (0, 1, -1, 2, -2, 3, -3):
            found = pattern.search(self.line_before(line_start, back) or "")
            if found:
                return int(found.group(1))
        return None

    def section(self, line_start: int) -> str | None:
        """The ``[section]`` of a TOML or INI line (its last dotted part)."""
        for back in range(1, 60):
            previous = self.line_before(line_start, back)
            if previous is None:
                return None
            found = _SECTION.match(previous)
            if found:
                return found.group(1).strip().strip("\"'").rsplit(".", 1)[-1]
        return None

    def sibling_component(self, line_start: int) -> str | None:
        """The component of a Kubernetes Service port entry, from its siblings: the
        ``port``/``targetPort`` that is a component's container port, or its ``name``."""
        own = self.line_before(line_start, 0) or ""
        indent = len(own) - len(own.lstrip(" -"))
        ports = self.vocabulary.container_ports
        for back in (1, 2, 3, 4, -1, -2, -3, -4):
            line = self.line_before(line_start, back)
            if line is None or len(line) - len(line.lstrip(" -")) != indent:
                if back > 0:
                    continue
                break
            found = _ROLE_OF_SIBLING.match(line)
            if found is None:
                continue
            key, value = found.groups()
            if key != "name" and value.isdigit() and int(value) in ports:
                return ports[int(value)]
            if key == "name":
                component = self.vocabulary.component_in(value)
                if component is not None:
                    return component
            if back > 0 and line.lstrip().startswith("-"):
                break  # the entry's first line: the lines above are another entry's
        return None

    def compose_target(self, line_start: int) -> str | None:
        for back in (-1, -2, 1, 2):
            line = self.line_before(line_start, back)
            target = _TARGET.match(line or "")
            if target:
                return self.vocabulary.container_ports.get(int(target.group(1)))
        return self.compose_image(line_start)

    def compose_image(self, line_start: int) -> str | None:
        """In a compose file, the component the service's ``image`` names (``redis:7``)."""
        if self.flavour is not Flavour.COMPOSE:
            return None
        # The service's keys are indented alike; a key indented less is the service's own
        # name (or the next service's): its image is another's.
        keys = None
        for step in (1, -1):
            for back in range(0 if step == 1 else -1, 12 * step, step):
                line = self.line_before(line_start, back)
                if line is None:
                    break
                key = YAML_KEY.match(line)
                if key is None:
                    continue
                indent = len(key.group(1))
                if keys is None and key.group(2) == "ports":
                    keys = indent
                elif keys is not None and indent < keys:
                    break
                image = _IMAGE.match(line)
                if image and (keys is None or indent == keys):
                    return self.vocabulary.component_in(image.group(1).split(":")[0])
        return None

    def in_healthcheck(self, before: str, line_start: int) -> bool:
        if _HEALTHCHECK.search(before):
            return True
        if self.kind is not Kind.YAML:
            return False
        return any(
            _HEALTHCHECK.search(self.line_before(line_start, back) or "") for back in (1, 2, 3)
        )

    def line_before(self, line_start: int, back: int) -> str | None:
        """The line ``back`` lines above (negative: below); None outside the file."""
        data = self.data
        start = line_start
        if back >= 0:
            for _ in range(back):
                if start == 0:
                    return None
                start = data.rfind(b"\n", 0, start - 1) + 1
        else:
            for _ in range(-back):
                next_line = data.find(b"\n", start)
                if next_line < 0:
                    return None
                start = next_line + 1
        end = data.find(b"\n", start)
        return data[start : end if end >= 0 else len(data)].decode("utf-8", "replace")


@functools.lru_cache(maxsize=16)
def _pair_pattern(keys: tuple[str, ...]) -> re.Pattern[str]:
    """``internal = 9092``, ``guest: 6379``: the number one of these keys holds."""
    names = "|".join(keys)
    return re.compile(rf"\b(?:{names})[\"']?[ \t]*(?:=|:)[ \t]*[\"']?([0-9]{{1,5}})\b")
