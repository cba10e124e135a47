"""The judgement of port hits against a registry, in process."""

from __future__ import annotations

from typing import Any

from portreg.models import Registry
from portreg.scan.comments import Place
from portreg.scan.judge import PortIndex
from portreg.scan.messages import Verdict
from portreg.scan.roles import PortHit, Role


def registry(**extra: Any) -> Registry:
    document: dict[str, Any] = {
        "portreg": 1,
        "title": "t",
        "version": "1.0",
        "updated": "2025-01-01",
        "tiers": {"integration": {}},
        "components": {
            "pg": {"ranges": {"integration": "15433-15442"}, "container_port": 5432},
            "redis": {"ranges": {"integration": "16379-16388"}, "container_port": 6379},
        },
    }
    document.update(extra)
    return Registry.model_validate(document, strict=False)


def hit(port: int, role: Role = Role.UNKNOWN, component: str | None = None, **more: Any) -> PortHit:
    return PortHit(port, role, component, 1, 1, **more)


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
    assert index.judge(hit(15433), ["b"]) is None
    verdict = index.judge(hit(15433), ["c"])
    assert verdict is not None
    assert (verdict.code, verdict.message) == ("PR501", "c uses a's integration pg 15433")
    assert verdict.group == ("c", "pg", 15433)
    assert index.judge(hit(15433), ["a"]) is None
    assert index.judge(hit(15440), []) is None  # unallocated, in no service's file: nothing


def test_suites_of_an_exclusive_group_may_take_each_others_ports() -> None:
    """They never run together (separate runners, sequential jobs): a port of one in a file
    of the other is no collision, unless the group has ``reuse: false``, lists other ports,
    or another of the file's services runs with it."""
    services = {
        "a": {"ports": {"integration": {"pg": 15433}}},
        "b": {"ports": {"integration": {"pg": 15434}}},
        "c": {"ports": {"integration": {"pg": 15435}}},
    }
    group = {"services": ["a", "b"], "reason": "sequential CI jobs"}
    index = PortIndex(registry(services=services, exclusive=[group]))
    assert index.judge(hit(15433), ["b"]) is None
    assert index.judge(hit(15433), ["b"], tier="integration") is None
    assert _code(index.judge(hit(15433), ["b", "c"])) == "PR501"  # c runs with a
    assert _code(index.judge(hit(15433), ["c"])) == "PR501"
    for other in ({"reuse": False}, {"ports": [15434]}, {"tiers": ["e2e"]}):
        index = PortIndex(registry(services=services, exclusive=[group | other]))
        assert _code(index.judge(hit(15433), ["b"])) == "PR501", other


def test_a_service_that_is_a_component_holds_that_components_ports() -> None:
    """A mock service other suites run as a component (``mock-llm``) declares the ports it
    serves each suite on: those are no collision in its own code; another holder is."""
    index = PortIndex(
        registry(
            services={
                "triage": {"ports": {"integration": {"mock-llm": 18141, "pg": 15433}}},
                "mock-llm": {},
                "orders": {"ports": {"integration": {"api": 18142}}},
            },
            components={"mock-llm": {}, "api": {}, "pg": {}},
        )
    )
    assert index.judge(hit(18141), ["mock-llm"]) is None
    assert _code(index.judge(hit(15433), ["mock-llm"])) == "PR501"  # guard: not its component
    assert _code(index.judge(hit(18142), ["mock-llm"])) == "PR501"  # guard
    assert _code(index.judge(hit(18141), ["orders"])) == "PR501"  # guard


def test_a_computed_port_is_judged_against_the_workers_the_registry_declares() -> None:
    """``18120 + GinkgoParallelProcess()`` in a suite whose ``workers`` give that port a
    stride of 1 computes ports the registry has; another stride, or no workers, is PR514."""

    def computed(port: int, expression: str, **workers: Any) -> Verdict | None:
        service: dict[str, Any] = {"ports": {"integration": {"api": 18120}}}
        if workers:
            service["workers"] = {"integration": workers}
        index = PortIndex(registry(services={"a": service}, components={"api": {}}))
        return index.judge(hit(port, Role.HOST, "api", computed=f"{port} + {expression}"), ["a"])

    assert computed(18120, "GinkgoParallelProcess()", count=4, stride=1) is None
    assert computed(18120, "(processNum-1)*10", count=4, stride=10) is None
    every = computed(18120, "GinkgoParallelProcess()")
    assert every is not None and every.code == "PR514"
    assert "18121 and up are in no allocation" in every.message
    tens = computed(18120, "(processNum-1)*10")
    assert tens is not None and "18130 and up are in no allocation" in tens.message
    other = computed(18120, "(processID * 100)", count=4, stride=1)
    assert other is not None and other.code == "PR514"
    assert "a computes ports from 18120 + (processID * 100): its workers are declared 1" in (
        other.message
    )


def _code(verdict: Verdict | None) -> str | None:
    return verdict.code if verdict is not None else None


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
    first, second = index.judge(hit(15433), ["b"]), index.judge(hit(15435), [])
    assert first is not None
    assert first.message == "b uses a's integration pg 15433 in scope kind"
    assert second is not None
    assert second.message == "15435 is b's integration pg port (udp)"
    assert second.group is None  # notes are not grouped


WE_AND_HAPI = {
    "we": {"ports": {"integration": {"pg": 15441, "redis": 16388}}},
    "hapi": {"ports": {"integration": {"redis": 16387}}},
    "gateway": {"ports": {"integration": {"pg": 15433}}},
}


def test_the_own_port_rule_holds_a_component_to_its_port_whatever_the_ranges() -> None:
    index = PortIndex(registry(services=WE_AND_HAPI))
    outside = index.judge(hit(16389, Role.HOST, "redis"), ["we"])
    assert outside is not None
    assert (outside.code, outside.message) == (
        "PR505",
        "we binds redis on 16389, but the registry gives we's redis 16388",
    )
    assert outside.headline == "we redis 16389: the registry gives 16388"
    in_range = index.judge(hit(16383, Role.HOST, "redis"), ["we"])
    assert in_range is not None and in_range.code == "PR505"
    # Its own port for another component is still the wrong port for Redis.
    crossed = index.judge(hit(15441, Role.HOST, "redis"), ["we"])
    assert crossed is not None and crossed.code == "PR505"
    assert index.judge(hit(16388, Role.HOST, "redis"), ["we"]) is None
    # Another service's port: PR501, with the port the service should use.
    foreign = index.judge(hit(16387, Role.HOST, "redis"), ["we"])
    assert foreign is not None
    assert foreign.message == "we uses hapi's integration redis 16387; its redis is 16388"
    # Without a component, or for a component the service does not have: no guess.
    assert index.judge(hit(16389, Role.HOST), ["we"]) is None
    assert index.judge(hit(16389, Role.HOST, "redis"), ["gateway"]) is None
    unallocated = index.judge(hit(16383, Role.UNKNOWN), ["we"])
    assert unallocated is not None and unallocated.code == "PR503"


def test_container_sides_other_values_and_references_are_never_judged() -> None:
    index = PortIndex(registry(services=WE_AND_HAPI))
    for role in (Role.CONTAINER, Role.OTHER):
        assert index.judge(hit(16387, role, "redis"), ["we"]) is None
    assert index.judge(hit(16387, reference=True), ["we"]) is None


def test_a_reserved_port_may_be_used_by_the_service_it_names() -> None:
    index = PortIndex(
        registry(
            services={"gateway": {}, "we": {}},
            reserved=[{"port": 8080, "service": "gateway", "reason": "production Gateway"}],
        )
    )
    assert index.judge(hit(8080, Role.HOST), ["gateway"]) is None
    verdict = index.judge(hit(8080, Role.HOST), ["we"])
    assert verdict is not None
    assert verdict.message == "we uses 8080, which is reserved: production Gateway"
    assert verdict.headline == "we 8080: reserved for production Gateway"


def test_comments_and_docs_have_their_own_rule_unless_they_cite_the_owner() -> None:
    index = PortIndex(registry(services=WE_AND_HAPI))
    comment = index.judge(hit(16387, place=Place.COMMENT), ["we"])
    assert comment is not None
    assert (comment.code, comment.message) == (
        "PR506",
        "a comment says we uses hapi's integration redis 16387",
    )
    doc = index.judge(hit(16389, Role.HOST, "redis", place=Place.DOC), ["we"])
    assert doc is not None and doc.code == "PR506" and doc.message.startswith("the text says")
    cited = hit(16387, place=Place.COMMENT, mentions=frozenset({"hapi"}))
    assert index.judge(cited, ["we"]) is None
    # An unallocated number in prose is not worth a warning.
    assert index.judge(hit(16383, place=Place.COMMENT), ["we"]) is None


def test_node_ports_are_held_against_node_ports_only() -> None:
    index = PortIndex(
        registry(
            scopes={"kind": {"kind": "nodeport"}},
            services={
                "a": {"ports": {"integration": {"pg": {"node_port": 30433, "cluster": "kind"}}}},
                "b": {
                    "ports": {
                        "integration": {
                            "pg": {"port": 15434, "node_port": 30434, "cluster": "kind"}
                        }
                    }
                },
            },
        )
    )
    assert 30433 in index.ports()
    foreign = index.judge(hit(30433, Role.NODE_PORT), ["b"])
    assert foreign is not None
    assert foreign.message == "b uses a's integration pg 30433 in scope kind"
    assert index.judge(hit(30434, Role.NODE_PORT), ["b"]) is None
    wrong = index.judge(hit(30435, Role.NODE_PORT, "pg"), ["b"])
    assert wrong is not None and wrong.code == "PR505"
    # A NodePort number reached as a host port reaches nothing on the host (issue 17).
    as_host = index.judge(hit(30434, Role.HOST), ["b"])
    assert as_host is not None and as_host.code == "PR513"
    assert as_host.message == (
        "b reaches 30434 on this machine, but it is only b's integration pg 30434 in scope "
        "kind; its host port is 15434"
    )
    assert index.judge(hit(15434, Role.NODE_PORT), ["a"]) is None


def test_a_block_covers_the_ports_of_its_service() -> None:
    index = PortIndex(
        registry(
            services={
                "we": {
                    "ports": {"integration": {"redis": 16388}},
                    "blocks": {"integration": {"redis": "16386-16388"}},
                }
            }
        )
    )
    assert index.judge(hit(16386, Role.HOST, "redis"), ["we"]) is None
    assert index.judge(hit(16386, Role.UNKNOWN), ["we"]) is None
    assert index.judge(hit(16385, Role.HOST, "redis"), ["we"]) is not None


def test_in_a_cluster_config_node_ports_are_that_clusters() -> None:
    index = PortIndex(
        registry(
            scopes={
                "kind-a": {"kind": "nodeport", "config": "test/a/kind-config.yaml"},
                "kind-b": {"kind": "nodeport"},
            },
            services={
                "a": {"ports": {"integration": {"pg": {"node_port": 30433, "cluster": "kind-a"}}}},
                "b": {"ports": {"integration": {"pg": {"node_port": 30433, "cluster": "kind-b"}}}},
            },
        )
    )
    cluster = index.cluster_of("test/a/kind-config.yaml")
    assert cluster == "kind-a"
    assert index.cluster_of("test/b/kind-config.yaml") is None
    assert index.judge(hit(30433, Role.NODE_PORT), ["b"], cluster) is not None  # a's, in kind-a
    assert index.judge(hit(30433, Role.NODE_PORT), ["a"], cluster) is None
    # Elsewhere the cluster is not known: b's own NodePort is fine for b.
    assert index.judge(hit(30433, Role.NODE_PORT), ["b"]) is None


def test_a_file_of_several_suites_names_them_all() -> None:
    """A Kind config shared by a cluster's suites speaks of the cluster's suites, not of the
    first of them; a file of several services without a cluster names each."""
    index = PortIndex(
        registry(
            scopes={"kind-x": {"kind": "nodeport", "config": "test/e2e/kind-x-config.yaml"}},
            services={
                "api-frontend": {"ports": {"integration": {"pg": {"node_port": 30100}}}},
                "billing": {
                    "ports": {"integration": {"redis": {"node_port": 30101, "cluster": "kind-x"}}}
                },
                "ledger": {"ports": {"integration": {"pg": 15433}}},
            },
        )
    )
    suites = ["api-frontend", "billing"]
    foreign = index.judge(hit(15433, Role.HOST, "pg"), suites, "kind-x")
    assert foreign is not None
    assert foreign.message == (
        "kind-x's suites (api-frontend, billing) use ledger's integration pg 15433"
    )
    assert foreign.group == ("kind-x's suites (api-frontend, billing)", "pg", 15433)
    unregistered = index.judge(hit(18105, Role.HOST, bind=True), suites, "kind-x")
    assert unregistered is not None and unregistered.message == (
        "kind-x's suites (api-frontend, billing) bind 18105, which the registry does not "
        "have: allocate it"
    )
    wrong = index.judge(hit(30109, Role.NODE_PORT, "redis"), suites, "kind-x")
    assert wrong is not None and wrong.message == (
        "kind-x's suites (api-frontend, billing) bind redis on NodePort 30109, but the "
        "registry gives their redis NodePort 30101"
    )
    assert wrong.headline.endswith(": the registry gives redis NodePort 30101")
    shared = index.judge(hit(15433, Role.HOST, "pg"), suites)
    assert shared is not None and shared.message.startswith("api-frontend and billing use ")
    alone = index.judge(hit(15433, Role.HOST, "pg"), ["billing"], "kind-x")
    assert alone is not None and alone.message.startswith("billing uses ")
