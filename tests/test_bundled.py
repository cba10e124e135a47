"""The bundled registry is the seed's DD-TEST-001 (v1.9, plus v1.10's scan hints), and the
checker catches its incidents."""

from __future__ import annotations

from conftest import BUNDLED_FILE
from helpers import codes, findings_for, load_text

BUNDLED_TEXT = BUNDLED_FILE.read_text(encoding="utf-8")


def test_bundled_registry_is_clean_even_strictly() -> None:
    assert findings_for(BUNDLED_TEXT) == []


def test_bundled_registry_holds_the_seed_allocation() -> None:
    registry = load_text(BUNDLED_TEXT).registry
    assert registry is not None
    assert registry.version == "1.10"
    table = {(use.service, use.tier, use.component): use.port for use in registry.allocations}
    assert table[("workflowexecution", "integration", "redis")] == 16388
    assert table[("hapi", "integration", "redis")] == 16387
    assert table[("hapi", "integration", "datastorage")] == 18098
    assert table[("hapi", "integration", "postgresql")] == 15439
    assert table[("notification", "integration", "postgresql")] == 15439
    assert table[("remediationorchestrator", "integration", "datastorage")] == 18140
    assert table[("gateway", "e2e", "redis")] == 26380
    assert len(registry.services) == 9
    assert [entry.version for entry in registry.changelog] == [
        "1.10",
        "1.9",
        "1.8",
        "1.7",
        "1.6",
        "1.5",
        "1.4",
        "1.3",
        "1.2",
        "1.1",
        "1.0",
    ]
    assert {reservation.port.start for reservation in registry.reserved} == {15432, 8080}
    assert registry.services["hapi"].paths == ["holmesgpt-api/tests/integration/**"]


def test_incident_1_8_workflowexecution_on_hapis_redis() -> None:
    text = BUNDLED_TEXT.replace(
        "integration: {postgresql: 15441, redis: 16388",
        "integration: {postgresql: 15441, redis: 16387",
    )
    findings = findings_for(text)
    assert codes(findings) == ["PR201"]
    message = findings[0].message
    assert "redis 16387 (tcp, host)" in message
    assert "workflowexecution (integration)" in message and "hapi (integration)" in message


def test_incident_1_7_hapi_on_signalprocessings_datastorage() -> None:
    text = BUNDLED_TEXT.replace("datastorage: 18098, api: 18120", "datastorage: 18094, api: 18120")
    findings = findings_for(text)
    assert codes(findings) == ["PR201"]
    assert "datastorage 18094" in findings[0].message
    assert "signalprocessing (integration)" in findings[0].message
    line = text.splitlines()[findings[0].location.line - 1]
    assert "18094" in line and "hapi" not in line  # points into hapi's ports mapping
    assert line[findings[0].location.column - 1 :].startswith("18094")


def test_the_wrong_shared_note_of_1_8_is_a_stale_share() -> None:
    # v1.8 said HAPI shares PostgreSQL *and Redis* with Notification/WE.
    text = BUNDLED_TEXT.replace(
        "shares:\n",
        "shares:\n  - port: 16387\n    services: [hapi, workflowexecution]\n"
        "    reason: shared with Notification/WE for simplicity\n",
    )
    findings = findings_for(text)
    assert codes(findings) == ["PR202"]


def test_version_header_behind_its_history() -> None:
    text = BUNDLED_TEXT.replace('\nversion: "1.10"', '\nversion: "1.9"')
    assert codes(findings_for(text)) == ["PR210"]


def test_removing_the_exception_shows_the_warning() -> None:
    start = BUNDLED_TEXT.index("exceptions:")
    end = BUNDLED_TEXT.index("changelog:")
    findings = findings_for(BUNDLED_TEXT[:start] + BUNDLED_TEXT[end:])
    assert codes(findings) == ["PR301"]
    assert "remediationorchestrator integration datastorage 18140" in findings[0].message
