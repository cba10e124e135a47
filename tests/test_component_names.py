"""How ``init --discover`` names a port's component (docs/adoption.md, "How ports are named").

tests/fixtures/adoption/engines/ is a library tested against several database engines: a
compose file per engine and version, whose service names carry the version
(``sqlserver-latest``, ``mariadb-10.6``) and whose images are not always named after the
engine; a settings file with a MariaDB and a MySQL port side by side; a test holding
addresses in a mapping.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from edit_helpers import EDIT_ENV
from gitrepo import GitRepo
from inprocess import invoke

from portreg.adopt.components import ComponentNames, firm_component
from portreg.loading.registry import load_registry

TREE = Path(__file__).parent / "fixtures" / "adoption" / "engines"


def _propose(tmp_path: Path) -> tuple[dict[str, dict[str, int]], str]:
    repository = GitRepo(tmp_path / "engines")
    shutil.copytree(TREE, repository.path, dirs_exist_ok=True)
    repository.commit("the tree, before portreg")
    result = invoke("init", "--discover", ".", "--concise", cwd=repository.path, env=EDIT_ENV)
    assert (result.code, result.err) == (0, ""), result.out
    registry = load_registry(repository.path / "registry" / "ports.yaml").registry
    assert registry is not None
    found: dict[str, dict[str, int]] = {}
    for use in registry.allocations:
        if use.side == "port" and use.port is not None:
            found.setdefault(use.service, {})[use.component] = use.port
    return found, result.out


def test_each_engine_is_named_by_its_image_or_container_port(tmp_path: Path) -> None:
    """Not by its compose service's version suffix (``sqlserver-latest`` gave ``latest``,
    ``db2-stable`` gave ``db-stable``), nor by a generic image name."""
    found, _ = _propose(tmp_path)
    assert found["sqlserver"] == {"mssql": 24433}  # image .../mssql/server, 1433
    assert found["db2"] == {"db2": 25000}  # image db2_community/db2, 50000
    assert found["oracle"] == {"oracle": 21521}  # an unknown image on 1521
    assert found["mariadb"] == {"mariadb": 23306}  # MariaDB's image, MySQL's port


def test_a_mariadb_and_a_mysql_port_are_two_components(tmp_path: Path) -> None:
    """``APP_MARIADB_PORT`` and ``APP_MYSQL_PORT`` were one component ``mysql`` with a
    disagreement (PR110) between the two."""
    found, out = _propose(tmp_path)
    assert found["client"]["mariadb"] == 18306
    assert found["client"]["mysql"] == 18307
    assert "PR110" not in out


def test_a_data_structure_of_addresses_names_no_component(tmp_path: Path) -> None:
    """``nodes_to_slots_mapping = {"127.0.0.1:17001": ...}`` gave ``nodes-slots``."""
    found, _ = _propose(tmp_path)
    assert found["client"]["app"] == 17001
    assert not any("slots" in component for component in found["client"])


def _names(*services: str) -> ComponentNames:
    return ComponentNames(lambda text: [name for name in services if name in text.lower()])


@pytest.mark.parametrize(
    ("label", "service", "component"),
    [
        ("mssql-latest", "mssql", None),  # the service's own port
        ("postgres-lts", "api", "postgresql"),
        ("redis_oldest_port", "api", "redis"),
        ("cache-v7", "api", "cache"),
        ("cache-2019", "api", "cache"),
        ("cache_16.2", "api", "cache"),
        ("latest", "api", None),
        ("stable_port", "api", None),
        ("nodes_to_slots_mapping", "api", None),
        ("redis_port_map", "api", None),
        ("startup_nodes_list", "api", None),
        ("SEQ_MARIADB_PORT", "core", "mariadb"),
        ("SEQ_MYSQL_PORT", "core", "mysql"),
        ("SqlServerPort", "core", "mssql"),
        ("ORACLE_DB_PORT", "core", "oracle"),
        ("metricsPort", "core", "metrics"),  # what the name says stays
    ],
)
def test_names_from_identifiers(label: str, service: str, component: str | None) -> None:
    assert _names(service).of(label, service) == component


@pytest.mark.parametrize(
    ("hint", "container_port", "label", "component"),
    [
        (None, 1433, "mssql-latest", "mssql"),
        (None, 1521, "database", "oracle"),
        (None, 50000, "db2-latest", "db2"),
        (None, 3306, "mariadb-latest", "mariadb"),  # a variant on MySQL's port
        ("mysql", 3306, "mariadb-latest", "mariadb"),
        ("mysql", 3306, "mysql-8.0", "mysql"),
        (None, 3306, "db", "mysql"),
        (None, 5432, "mysql-compat", "postgresql"),  # the container port beats the words
        ("redis", 6379, "cache", "redis"),
        (None, None, "mariadb", None),  # no syntax: the words name it (ComponentNames)
        (None, 12345, "anything", None),
    ],
)
def test_names_from_syntax(
    hint: str | None, container_port: int | None, label: str, component: str | None
) -> None:
    assert firm_component(hint, container_port, label) == component


def test_a_kind_nodes_web_ports_are_its_ingress_http_and_https(tmp_path: Path) -> None:
    """A root Kind config mapping the node's 80 and 443 (an ingress controller's) gave
    ``app`` and ``app2``."""
    found, _ = _propose(tmp_path)
    assert found["engines"] == {"http": 18080, "https": 18443}
