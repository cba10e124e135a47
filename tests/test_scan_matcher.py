"""The port matcher and the judgement, in process (the CLI tests cover the wiring)."""

from __future__ import annotations

import random
import re

from portreg.models import Registry
from portreg.scan.judge import PortIndex
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


def registry(**extra: object) -> Registry:
    return Registry.model_validate(
        {
            "portreg": 1,
            "title": "t",
            "version": "1.0",
            "updated": "2025-01-01",
            "tiers": {"integration": {}},
            "components": {"pg": {"ranges": {"integration": "15433-15442"}}},
            **extra,
        },
        strict=False,
    )


def test_a_share_lets_its_services_use_the_port() -> None:
    index = PortIndex(
        registry(
            services={
                "a": {"ports": {"integration": {"pg": 15433}}},
                "b": {"ports": {"integration": {"pg": 15434}}},
                "c": {},
            },
            shares=[{"port": 15433, "services": ["a", "b"], "reason": "one container"}],
        )
    )
    assert index.judge(15433, ["b"]) is None
    verdict = index.judge(15433, ["c"])
    assert verdict is not None
    assert (verdict.code, verdict.message) == ("PR501", "c uses a's integration pg 15433")
    assert index.judge(15433, ["a"]) is None
    assert index.judge(15440, []) is None  # unallocated, in no service's file: nothing


def test_non_host_and_udp_ports_say_so() -> None:
    index = PortIndex(
        registry(
            scopes={"kind": {"kind": "isolated"}},
            services={
                "a": {"ports": {"integration": {"pg": {"port": 15433, "scope": "kind"}}}},
                "b": {"ports": {"integration": {"pg": {"port": 15435, "protocol": "udp"}}}},
            },
        )
    )
    first, second = index.judge(15433, ["b"]), index.judge(15435, [])
    assert first is not None
    assert first.message == "b uses a's integration pg 15433 in scope kind"
    assert second is not None
    assert second.message == "15435 is b's integration pg port (udp)"
