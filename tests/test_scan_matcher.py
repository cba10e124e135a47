"""The port matcher, in process (the CLI tests cover the wiring)."""

from __future__ import annotations

import random
import re

from portreg.scan.matcher import PortMatcher, digit_trie, suppressed_codes


def test_the_digit_trie_matches_exactly_its_numbers() -> None:
    generator = random.Random(7)
    for _ in range(50):
        numbers = set(generator.sample(range(1000, 70000), generator.randint(1, 60)))
        numbers |= {n + 1 for n in list(numbers)[:5]}  # runs that become character classes
        pattern = re.compile(digit_trie(numbers))
        for candidate in [*numbers, *generator.sample(range(0, 100000), 2000)]:
            assert bool(pattern.fullmatch(str(candidate))) == (candidate in numbers), candidate


def test_a_number_counts_only_on_its_own() -> None:
    matcher = PortMatcher([16387])
    text = (
        b"localhost:16387 x16387 _16387 1.16387 16387.5 163870 116387 0x16387\n"
        b'"16387:6379" port=16387 (16387). 16387\n'
    )
    hits = [(hit.line, hit.column) for hit in matcher.find(text)]
    assert hits == [(1, 11), (2, 2), (2, 19), (2, 26), (2, 34)]


def test_ports_below_1024_are_not_looked_for() -> None:
    assert list(PortMatcher([80, 443]).find(b"port 80 and 443")) == []


def test_columns_count_characters_not_bytes() -> None:
    (hit,) = PortMatcher([18100]).find("ü → 18100".encode())
    assert hit.column == 5


def test_suppression_comments() -> None:
    assert suppressed_codes(b"x = 1 # portreg: ignore") == {"*"}
    assert suppressed_codes(b"x // portreg:ignore[pr501, PR503]") == {"PR501", "PR503"}
    assert suppressed_codes(b"x = 1 # portreg ignore") == frozenset()


def test_numbers_nobody_has_are_found_where_the_text_says_port() -> None:
    matcher = PortMatcher([16388], container_ports=[6379])
    text = (
        b'REDIS_PORT="16389"\n'  # a *_PORT key
        b"redisPort := 16390\n"  # a camelCase key
        b"addr: localhost:16391\n"  # a local URL
        b'  - "16392:6379"\n'  # mapped to a component's container port
        b"    published: 16393\n"  # compose long syntax
        b"count = 16394\n"  # no port context: not looked for
        b'"16395:9999"\n'  # a quoted mapping, whatever its container port
        b"PORT=80 PORT=70000\n"  # outside 1024-65535
        b"16396 -> 8080\n"  # a mapping in prose, whatever its host port
        b"at 16398:5\n"  # a mapping's container side has two digits or more
    )
    assert [(hit.port, hit.line) for hit in matcher.find(text)] == [
        (16389, 1),
        (16390, 2),
        (16391, 3),
        (16392, 4),
        (16393, 5),
        (16395, 7),
        (16396, 9),
    ]


def test_a_number_found_twice_is_one_hit_and_knows_its_offset() -> None:
    (hit,) = PortMatcher([16388]).find(b"x\nREDIS_PORT=16388\n")
    assert (hit.port, hit.line, hit.column, hit.offset) == (16388, 2, 12, 13)


def test_contexts_can_be_turned_off() -> None:
    assert list(PortMatcher([], contexts=False).find(b"REDIS_PORT=16389")) == []


def test_without_contexts_only_the_registry_ports_are_found() -> None:
    matcher = PortMatcher([16388], container_ports=[6379])
    text = b'REDIS_PORT="16389"\n"16392:6379"\nx = 16388\n'
    assert [hit.port for hit in matcher.find(text)] == [16389, 16392, 16388]
    assert [hit.port for hit in matcher.find(text, contexts=False)] == [16388]


# Text made of what sits around numbers: digits, word characters, dots, separators.
_PIECES = ["1", "8", "0", "9", "3", "5", "6", "a", "_", ".", ":", " ", "\n", "-", "18090"]


def test_without_contexts_the_passes_per_first_digit_find_what_one_pattern_finds() -> None:
    """The registry's ports are looked for with one pattern per first digit (see
    ``PortMatcher``): together they find what one pattern of them all, led by a boundary,
    finds, every number standing alone, in order."""
    import re2  # type: ignore[import-untyped]

    generator = random.Random(17)
    for _ in range(300):
        wanted = set(generator.sample(range(1024, 65536), generator.randint(1, 30)))
        wanted |= {18090, 1809, 30090, 9090}  # prefixes of each other, several first digits
        text = "".join(generator.choices(_PIECES, k=generator.randint(0, 120)))
        text += "".join(f" {n}" for n in generator.sample(sorted(wanted), 3))
        data = text.encode()
        matcher = PortMatcher(wanted)
        one = re2.compile(f"(?:^|[^0-9A-Za-z_])({digit_trie(wanted)})")
        expected = [
            (int(found.group(1)), found.start(1))
            for found in one.finditer(data)
            if matcher._stands_alone(data, found.start(1), found.end(1))
        ]
        hits = matcher.find(data, contexts=False)
        assert [(hit.port, hit.offset) for hit in hits] == expected, text
        assert expected or not any(f" {n}" in text for n in wanted), text  # it finds some


def test_ports_of_several_files_searched_together_are_each_files_own() -> None:
    """``registry_places`` joins the files it searches: each file's ports, lines and
    offsets are what the file alone gives, a number at the end of one file and one at the
    start of the next included."""
    generator = random.Random(18)
    wanted = {18090, 1809, 30090, 9090, 16388}
    for _ in range(200):
        datas = [
            "".join(generator.choices(_PIECES, k=generator.randint(0, 40))).encode()
            for _ in range(generator.randint(1, 6))
        ]
        matcher = PortMatcher(wanted)
        alone = [
            [(hit.line, hit.offset, hit.offset + len(str(hit.port))) for hit in found]
            for found in (matcher.find(data, contexts=False) for data in datas)
        ]
        assert matcher.registry_places(datas) == alone, datas
    edges = [b"x 18090", b"9090 y\n18090", b"", b"\n", b"16388"]
    assert PortMatcher(wanted).registry_places(edges) == [
        [(1, 2, 7)],
        [(1, 0, 4), (2, 7, 12)],
        [],
        [],
        [(1, 0, 5)],
    ]
