"""``portreg init --discover PATH --from-table DOC``: the document and the code held
against each other, on tests/fixtures/adoption/shop-platform/ (compose files per suite, a
Go constants file, a Kind config, a digit-led suite folder, and a hand-kept docs/PORTS.md
with seeded disagreements: inventory's ports moved in the table only, an API port no code
binds, a service with no code, a service and a Kind mapping the table never got)."""

from __future__ import annotations

import shutil
from pathlib import Path

from gitrepo import GitRepo
from helpers import ROOT
from inprocess import invoke

from portreg.loading.registry import load_registry

SHOP = ROOT / "tests" / "fixtures" / "adoption" / "shop-platform"
TODAY = {"PORTREG_TODAY": "2026-03-01"}

SEEDED = [
    "docs/PORTS.md:9:30: warning PR112 one-source-only: the document lists checkout "
    "integration api 18501; no code binds it",
    "docs/PORTS.md:10:15: error PR111 table-code-mismatch: the document gives inventory "
    "integration postgresql 15503, the code binds 15502 "
    "(services/inventory/docker-compose.test.yml:6:10); proposed 15503",
    "docs/PORTS.md:10:23: error PR111 table-code-mismatch: the document gives inventory "
    "integration redis 16502, the code binds 16501 "
    "(services/inventory/docker-compose.test.yml:10:10); proposed 16502",
    "docs/PORTS.md:12:13: warning PR112 one-source-only: the document lists the service "
    "reviews (2 ports); no code of it was found",
    "services/mailer/docker-compose.test.yml:6:10: warning PR112 one-source-only: the code "
    "has the service mailer (1 port), which the document does not list",
    "test/e2e/payments/kind-config.yaml:10:19: warning PR112 one-source-only: the code binds "
    "payments e2e app2 28481, which the document does not list",
]


def _shop(tmp_path: Path) -> Path:
    repository = GitRepo(tmp_path / "shop")
    shutil.copytree(SHOP, repository.path, dirs_exist_ok=True)
    repository.commit("the shop platform")
    return repository.path


def test_every_seeded_disagreement_is_reported_with_both_places(tmp_path: Path) -> None:
    root = _shop(tmp_path)
    result = invoke(
        "init", "--discover", ".", "--from-table", "docs/PORTS.md", "--concise", cwd=root,
        env=TODAY,
    )  # fmt: skip
    assert result.code == 1, result.err
    found = [line for line in result.out.splitlines() if " PR111 " in line or " PR112 " in line]
    assert found == SEEDED
    assert "merged: search (01_search)" in result.out
    registry = load_registry(root / "registry" / "ports.yaml").registry
    assert registry is not None
    # The document's ports win; what only the code has is proposed too.
    ports = {(ref.service, ref.component): ref.allocation.port for ref in registry.entries}
    assert (ports["inventory", "postgresql"], ports["inventory", "redis"]) == (15503, 16502)
    assert ports["mailer", "postgresql"] == 15505
    # The document's history is the changelog; its Kind config names the code's cluster.
    assert [entry.version for entry in registry.changelog] == ["3", "2", "1"]
    assert list(registry.scopes) == ["payments-e2e"]
    # The code's Go constants file: the registry exports constants beside it.
    assert [(e.path, e.format, e.package) for e in registry.exports] == [
        ("test/infrastructure/ports_gen.go", "go", "infrastructure")
    ]


def test_the_code_alone_shows_the_collision_the_document_hid(tmp_path: Path) -> None:
    root = _shop(tmp_path)
    result = invoke("init", "--discover", ".", "--concise", cwd=root, env=TODAY)
    assert result.code == 1
    assert (
        "services/checkout/docker-compose.test.yml:10:10: error PR108 suite-collision: redis "
        "16501 (tcp, host) is used by checkout (integration) at "
        "services/checkout/docker-compose.test.yml:10:10 and inventory (integration) at "
        "services/inventory/docker-compose.test.yml:10:10"
    ) in result.out.splitlines()
