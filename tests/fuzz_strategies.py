"""Hypothesis strategies for the fuzzing harness: registries and file trees.

``valid_registries`` builds registries that follow the format (so that the round-trip
properties have something to accept); ``hostile_registries`` takes one and breaks it the ways
a hurried or hostile author would: odd values in port positions, explicit tags, anchors and
aliases, deep nesting, other encodings, CRLF, a BOM, truncation, raw byte noise.
``file_trees`` describes a project for ``scan``: names with newlines and bytes that are not
UTF-8, symlinks (inside, outside, dangling, looping), FIFOs, binary and empty files.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

SLUGS = st.from_regex(r"[a-z][a-z0-9]{0,6}(?:[-_][a-z0-9]{1,4})?", fullmatch=True)
TEXTS = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=20
).filter(lambda text: text.strip() != "")
# A block of ports per (component, tier) range; blocks never overlap.
BLOCK = 20
FIRST_BLOCK = 10_000


@st.composite
def valid_registries(draw: st.DrawFn) -> dict[str, Any]:
    """A registry as Python data that follows the format, with no conflicts."""
    tiers = draw(st.lists(SLUGS, min_size=1, max_size=3, unique=True))
    components = draw(st.lists(SLUGS, min_size=1, max_size=4, unique=True))
    ranges: dict[tuple[str, str], tuple[int, int]] = {}
    block = 0
    for component in components:
        for tier in tiers:
            start = FIRST_BLOCK + block * BLOCK
            ranges[(component, tier)] = (start, start + BLOCK // 2 - 1)
            block += 1
    taken: set[int] = set()
    services: dict[str, Any] = {}
    for service in draw(st.lists(SLUGS, min_size=0, max_size=5, unique=True)):
        ports: dict[str, Any] = {}
        for tier in draw(st.lists(st.sampled_from(tiers), max_size=len(tiers), unique=True)):
            chosen = draw(
                st.lists(st.sampled_from(components), max_size=len(components), unique=True)
            )
            entries: dict[str, Any] = {}
            for component in chosen:
                start, end = ranges[(component, tier)]
                free = [port for port in range(start, end + 1) if port not in taken]
                if not free:
                    continue
                port = draw(st.sampled_from(free))
                taken.add(port)
                if draw(st.booleans()):
                    entries[component] = port
                else:
                    entries[component] = {"port": port, "protocol": "tcp", "note": draw(TEXTS)}
            if entries:
                ports[tier] = entries
        body: dict[str, Any] = {"title": draw(TEXTS)}
        if draw(st.booleans()):
            body["paths"] = [f"src/{service}/**"]
        body["ports"] = ports
        services[service] = body
    version = f"{draw(st.integers(1, 9))}.{draw(st.integers(0, 20))}"
    date = draw(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)))
    registry: dict[str, Any] = {
        "portreg": 1,
        "title": draw(TEXTS),
        "version": version,
        "updated": date,
        "tiers": {tier: {} for tier in tiers},
        "components": {
            component: {
                "ranges": {
                    tier: f"{ranges[(component, tier)][0]}-{ranges[(component, tier)][1]}"
                    for tier in tiers
                }
            }
            for component in components
        },
        "services": services,
    }
    free_ports = [port for port in range(1024, FIRST_BLOCK) if port % 7 == 0]
    reserved = draw(st.lists(st.sampled_from(free_ports), max_size=2, unique=True))
    if reserved:
        registry["reserved"] = [{"port": port, "reason": "kept free"} for port in reserved]
    if draw(st.booleans()):
        registry["changelog"] = [{"version": version, "date": date, "summary": "fuzzed"}]
    if draw(st.booleans()):
        registry["docs"] = [{"path": "docs/ports.md"}]
    return registry


def dump(registry: dict[str, Any], flow: bool = False) -> str:
    return yaml.safe_dump(
        registry, sort_keys=False, allow_unicode=True, default_flow_style=flow, width=80
    )


# Scalars a port position should never accept silently.
HOSTILE_SCALARS = [
    "!!float 015433",
    "!!float 4:33:8",
    "!!float 0x3c39",
    "!!float 1_6380",
    "!!int 16379-16388",
    "!!str 16380",
    "!!bool 16380",
    "!!null 16380",
    "!!timestamp 2025-01-01",
    "!!binary AAAA",
    "!!set {a}",
    "!!omap [a: 1]",
    "!custom 16380",
    "!!python/object:os.system ls",
    "015433",
    "0x3c39",
    "0b101",
    "0o17",
    "4:33:8",
    "1_6380",
    "16380.0",
    ".inf",
    "-.inf",
    ".nan",
    "~",
    "null",
    "yes",
    "off",
    "'16380'",
    '"16380"',
    "-1",
    "0",
    "65536",
    "99999999999999999999",
    "9" * 5000,
    "0x" + "f" * 5000,
    "1-" + "9" * 5000,
    "[16380, 16381]",
    "{port: 16380}",
    "{port: !!float 16380}",
    "{port: 16380, protocol: sctp}",
    "{port: 16380, scope: nowhere}",
    "&anchor 16380",
    "*nowhere",
    "16380 # comment",
    "2025-01-01",
    "16380-16379",
    "'1-99999'",
    '"\\x00"',
    "\t16380",
    "16380\t",
    "'\u202e16380'",
]


@st.composite
def hostile_registries(draw: st.DrawFn) -> bytes:
    """A registry file's bytes: a valid registry, broken in one to three ways."""
    text = dump(draw(valid_registries()), flow=draw(st.booleans()))
    for _ in range(draw(st.sampled_from([1, 1, 1, 2, 3]))):
        text = draw(st.sampled_from(_TEXT_MUTATIONS))(draw, text)
    return draw(st.sampled_from(_ENCODINGS))(draw, text)


def _replace_a_number(draw: st.DrawFn, text: str) -> str:
    numbers = [index for index in range(len(text) - 4) if text[index : index + 5].isdigit()]
    if not numbers:
        return text
    start = draw(st.sampled_from(numbers))
    end = start
    while end < len(text) and text[end].isdigit():
        end += 1
    return text[:start] + draw(st.sampled_from(HOSTILE_SCALARS)) + text[end:]


def _disguise_a_number(draw: st.DrawFn, text: str) -> str:
    """A number rewritten in a form YAML 1.1 may read as another number (octal, hex,
    base 60, underscores, a float), often with an explicit tag: smuggling attempts."""
    numbers = [  # whole numbers, not a part of a range or of a longer number
        index
        for index in range(1, len(text) - 4)
        if text[index : index + 5].isdigit()
        and text[index - 1] in " [{"
        and text[index + 5 : index + 6] in ("\n", ",", "}", "]", "")
    ]
    if not numbers:
        return text
    start = draw(st.sampled_from(numbers))
    end = start
    while end < len(text) and text[end].isdigit():
        end += 1
    number = int(text[start:end])
    forms = [
        f"0{number:o}",
        f"0x{number:x}",
        f"0b{number:b}",
        f"0o{number:o}",
        f"{number}.0",
        f"{number // 3600}:{number // 60 % 60}:{number % 60}",
        f"{str(number)[:2]}_{str(number)[2:]}",
        f"+{number}",
        f"{number}e0",
        str(number),
    ]
    form = draw(st.sampled_from(forms))
    tag = draw(st.sampled_from(["", "!!float ", "!!int ", "!!str ", "!<tag:yaml.org,2002:float> "]))
    return text[:start] + tag + form + text[end:]


def _tag_a_value(draw: st.DrawFn, text: str) -> str:
    spots = [
        index
        for index, char in enumerate(text)
        if char == ":" and text[index + 1 : index + 2] == " "
    ]
    if not spots:
        return text
    spot = draw(st.sampled_from(spots)) + 2
    tag = draw(
        st.sampled_from(
            ["!!str ", "!!int ", "!!float ", "!!bool ", "!!null ", "!!map ", "!!seq ", "!x "]
        )
    )
    return text[:spot] + tag + text[spot:]


def _aliases(draw: st.DrawFn, text: str) -> str:
    depth = draw(st.integers(1, 12))
    lines = ["bomb0: &b0 [1, 2, 3, 4, 5, 6, 7, 8, 9]"]
    lines += [
        f"bomb{level}: &b{level} [{', '.join([f'*b{level - 1}'] * 9)}]" for level in range(1, depth)
    ]
    if draw(st.booleans()):
        lines.append("looping: &loop [*loop]")
    if draw(st.booleans()):
        lines.append("merged: {<<: {a: 1}}")
    return text + "\n".join(lines) + "\n"


def _deep(draw: st.DrawFn, text: str) -> str:
    depth = draw(st.integers(10, 3000))
    kind = draw(st.sampled_from(["flow-seq", "flow-map", "block"]))
    if kind == "flow-seq":
        value = "[" * depth + "1" + "]" * depth
    elif kind == "flow-map":
        value = "{a: " * depth + "1" + "}" * depth
    else:
        value = "\n" + "".join("  " * (level + 1) + "a:\n" for level in range(min(depth, 200)))
        value += "  " * (min(depth, 200) + 1) + "1"
    return text + f"nested: {value}\n"


def _duplicate_or_unknown_key(draw: st.DrawFn, text: str) -> str:
    return text + draw(
        st.sampled_from(["title: again\n", "titel: typo\n", "services: {}\n", "? [a]\n: b\n"])
    )


def _truncate(draw: st.DrawFn, text: str) -> str:
    return text[: draw(st.integers(0, len(text)))]


def _noise(draw: st.DrawFn, text: str) -> str:
    at = draw(st.integers(0, len(text)))
    return text[:at] + draw(st.text(max_size=12)) + text[at:]


def _tabs(draw: st.DrawFn, text: str) -> str:
    return text.replace("  ", "\t", draw(st.integers(1, 3)))


_TEXT_MUTATIONS = [
    _disguise_a_number,
    _disguise_a_number,
    _replace_a_number,
    _replace_a_number,
    _tag_a_value,
    _aliases,
    _deep,
    _duplicate_or_unknown_key,
    _truncate,
    _noise,
    _tabs,
]


def _utf8(draw: st.DrawFn, text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _crlf(draw: st.DrawFn, text: str) -> bytes:
    return text.replace("\n", draw(st.sampled_from(["\r\n", "\r"]))).encode(
        "utf-8", "surrogatepass"
    )


def _bom(draw: st.DrawFn, text: str) -> bytes:
    return b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass")


def _other_encoding(draw: st.DrawFn, text: str) -> bytes:
    codec = draw(st.sampled_from(["utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252"]))
    return text.encode(codec, "replace")


def _bytes_noise(draw: st.DrawFn, text: str) -> bytes:
    data = text.encode("utf-8", "surrogatepass")
    at = draw(st.integers(0, len(data)))
    return data[:at] + draw(st.binary(max_size=8)) + data[at:]


_ENCODINGS = [_utf8, _utf8, _utf8, _utf8, _utf8, _crlf, _bom, _other_encoding, _bytes_noise]


# --- registries to edit, and edits


@st.composite
def editable_registries(draw: st.DrawFn) -> tuple[dict[str, Any], bytes]:
    """A valid registry (as data) and its file in one of the styles people write: block or
    flow, LF, CRLF or CR line ends, a byte-order mark, and often a tier that one service
    shares with another through an anchor and an alias (the two then run apart)."""
    registry = draw(valid_registries())
    services = registry["services"]
    pairs = [
        (first, second, tier)
        for first in services
        for second in services
        if first != second
        for tier in services[first]["ports"]
    ]
    if pairs and draw(st.booleans()):
        first, second, tier = draw(st.sampled_from(pairs))
        # One object in two places: PyYAML writes it once, with &id001, then *id001. The
        # alias often ends its service (and the service the list): what comes after it is
        # placed by the alias's position, not by its anchor's.
        ports = services[second]["ports"]
        ports.pop(tier, None)
        ports[tier] = services[first]["ports"][tier]
        if draw(st.booleans()):
            services[second] = services.pop(second)
        registry["exclusive"] = [{"services": [first, second], "reason": "one at a time"}]
    text = dump(registry, flow=draw(st.booleans()))
    newline = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    data = text.replace("\n", newline).encode("utf-8")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    return registry, data


@st.composite
def edits(draw: st.DrawFn, registry: dict[str, Any]) -> tuple[str, ...]:
    """An editing command for ``registry``: allocate, move, release or rename, with
    arguments that mostly make sense and sometimes do not."""
    services = list(registry["services"])
    tiers = list(registry["tiers"])
    components = list(registry["components"])
    service = draw(st.one_of(st.sampled_from(services or ["fresh"]), st.just("fresh")))
    tier = draw(st.sampled_from(tiers))
    component = draw(st.sampled_from(components))
    kind = draw(st.sampled_from(["allocate", "move", "release", "rename"]))
    if kind == "allocate":
        return ("allocate", service, component, "--tier", tier)
    if kind == "move":
        where = draw(st.sampled_from([("--next",), ("--to", str(draw(st.integers(1024, 65535))))]))
        return ("move", service, component, "--tier", tier, *where)
    if kind == "release":
        return draw(
            st.sampled_from(
                [
                    ("release", service),
                    ("release", service, "--tier", tier),
                    ("release", service, component),
                    ("release", service, component, "--tier", tier),
                ]
            )
        )
    return ("rename", service, draw(SLUGS))


# --- file trees for scan


@dataclass
class Tree:
    """A project to scan: files (name bytes → content), symlinks, FIFOs."""

    files: dict[bytes, bytes] = field(default_factory=dict)
    links: dict[bytes, bytes] = field(default_factory=dict)  # link name → target
    fifos: list[bytes] = field(default_factory=list)
    stage: bool = False


_NAME_PARTS = st.sampled_from(
    [
        b"a",
        b"src",
        b"x\ny",
        b"bad\xff",
        b"sp ace",
        b"-dash",
        b"t\tab",
        b"\x1b[31m",
        b"e\xcc\x81",
        b"forged.go:1:1: error PR501 foreign-port: x\nz",
        b"\xc3\x28",
        b"long" * 20,
        b".hidden",
    ]
)
_NAMES = st.lists(_NAME_PARTS, min_size=1, max_size=3).map(b"/".join)
_CONTENTS = st.sampled_from(
    [
        b"",
        b"port := 16380\n",
        b'url := "localhost:10000"\n',
        b"\x00\x01binary 16380",
        b"PORT=10010 # portreg: ignore[PR501]\n",
        b"\xff\xfe not utf-8 10020\n",
        b"a" * 3000 + b" 10000\n",
        b"listen 99999 and 0 and 65535\n",
    ]
)
_LINK_TARGETS = st.sampled_from(
    [b"a", b"src", b"../outside", b"/etc/hostname", b"nowhere", b"loop", b".", b"..", b"x\ny"]
)


@st.composite
def file_trees(draw: st.DrawFn) -> Tree:
    tree = Tree(stage=draw(st.booleans()))
    for name in draw(st.lists(_NAMES, max_size=6, unique=True)):
        tree.files[name] = draw(_CONTENTS)
    for name in draw(st.lists(_NAMES, max_size=3, unique=True)):
        tree.links[b"l-" + name.replace(b"/", b"_")] = draw(_LINK_TARGETS)
    tree.fifos = [
        b"f-" + name.replace(b"/", b"_") for name in draw(st.lists(_NAMES, max_size=2, unique=True))
    ]
    return tree


def build(tree: Tree, root: Path) -> list[str]:
    """Make the tree under ``root`` (files that cannot be made are left out); the names made."""
    made = []
    base = os.fsencode(root)
    for name, content in tree.files.items():
        path = base + b"/" + name
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as stream:
                stream.write(content)
        except OSError:
            continue  # a part of the name is already a file: the tree cannot hold both
        made.append(os.fsdecode(name))
    for name, target in tree.links.items():
        try:
            os.symlink(target, base + b"/" + name)
        except OSError:
            continue
        made.append(os.fsdecode(name))
    for name in tree.fifos:
        try:
            os.mkfifo(base + b"/" + name)
        except OSError:
            continue
        made.append(os.fsdecode(name))
    return made


def is_fifo(path: Path) -> bool:
    return stat.S_ISFIFO(path.lstat().st_mode)
