"""The projects that documented examples run in (``<!-- example state=NAME -->``).

Each state is a small git repository built in a temporary directory for every example
block, so that examples can write files and compare with git revisions without touching
this repository. A state is either

- a directory ``tests/fixtures/states/NAME/``: its files, committed once on ``main``
  (also ``origin/main``), for broken or unusual registries; or
- a function below, registered with ``@state("NAME")``, for states with a history
  (the bundled registry as it was at 1.8, then 1.9 ...).

Commits have a fixed author and date (doc_examples.GIT_IDENTITY), so their hashes are the
same on every machine.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from doc_examples import ROOT, session_env
from gitrepo import GitRepo, registry_1_8, registry_1_9

STATES_DIR = ROOT / "tests" / "fixtures" / "states"
BUNDLED_REGISTRY = ROOT / "registry" / "ports.yaml"
BUNDLED_DOCS = ROOT / "docs" / "port-allocation.md"
BUNDLED_SCHEMA = ROOT / "docs" / "registry.schema.json"
SCAN_TREE = ROOT / "tests" / "fixtures" / "scan-tree"
SHOP_PLATFORM = ROOT / "tests" / "fixtures" / "adoption" / "shop-platform"
FLEET_TREE = ROOT / "tests" / "fixtures" / "adoption" / "fleet-tree"
PORT_TABLES = ROOT / "tests" / "fixtures" / "adoption" / "tables"
RUN_FIXTURES = ROOT / "tests" / "fixtures" / "run"

Builder = Callable[["Project"], None]
STATES: dict[str, Builder] = {}


class Project(GitRepo):
    """A git repository being built for an example: write files, commit, run portreg.

    Its commits have the fixed author and date of the examples, so hashes are stable.
    """

    def env(self) -> dict[str, str]:
        return {"PATH": os.environ.get("PATH", ""), **session_env()}

    def copy(self, source: Path, relative: str = "") -> None:
        """Copy a file, or a directory's files, into the project at ``relative``."""
        target = self.path / relative if relative else self.path
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)

    def commit(self, message: str = "change", publish: bool = False) -> str:
        """Commit everything; ``publish`` also points ``origin/main`` at the commit."""
        head = super().commit(message)
        if publish:
            self.git("update-ref", "refs/remotes/origin/main", "HEAD")
        return head


def state(name: str) -> Callable[[Builder], Builder]:
    def register(builder: Builder) -> Builder:
        STATES[name] = builder
        return builder

    return register


def build_state(name: str, path: Path) -> Path:
    """Build state ``name`` at ``path`` (which must not exist) and return ``path``."""
    project = Project(path)
    if name in STATES:
        STATES[name](project)
    elif (STATES_DIR / name).is_dir():
        project.copy(STATES_DIR / name)
        project.commit(name, publish=True)
    else:
        known = sorted({*STATES, *(p.name for p in STATES_DIR.glob("*") if p.is_dir())})
        raise ValueError(f"no example state {name!r}; known: {', '.join(known)}")
    return path


# --- States with a history -------------------------------------------------------------


def _copy_docs(project: Project) -> None:
    """This repository's generated docs: the page and the port maps it links to."""
    project.copy(BUNDLED_DOCS, "docs/port-allocation.md")
    for picture in sorted(BUNDLED_DOCS.parent.glob("port-map-*.svg")):
        project.copy(picture, f"docs/{picture.name}")


def _registry_1_8_with_docs(project: Project) -> None:
    # 1.8 has a conflict, and render-docs does not render a registry with errors: its docs
    # are those of 1.9 (examples at 1.8 do not show them).
    _copy_docs(project)
    project.write("registry/ports.yaml", registry_1_8())


@state("bundled")
def bundled(project: Project) -> None:
    """This repository's registry (1.10), its generated docs and its JSON Schema, committed
    and published."""
    project.copy(BUNDLED_REGISTRY, "registry/ports.yaml")
    _copy_docs(project)
    project.copy(BUNDLED_SCHEMA, "docs/registry.schema.json")
    project.commit("registry 1.10", publish=True)


@state("v1.8")
def v1_8(project: Project) -> None:
    """The bundled registry as it was at 1.8: workflowexecution's Redis on hapi's 16387."""
    _registry_1_8_with_docs(project)
    project.commit("registry 1.8", publish=True)


@state("v1.8-unbumped")
def v1_8_unbumped(project: Project) -> None:
    """1.8 committed and published; in the work tree the Redis moved, version not raised."""
    v1_8(project)
    text = registry_1_8()
    old = "redis: 16387, datastorage: 18097"
    assert text.count(old) == 1
    project.write("registry/ports.yaml", text.replace(old, "redis: 16388, datastorage: 18097"))


@state("v1.9-docs-stale")
def v1_9_docs_stale(project: Project) -> None:
    """The 1.9 registry committed with docs that still show 1.8's Redis port for
    workflowexecution (as if the registry had been edited and the docs not regenerated)."""
    bundled(project)
    docs = BUNDLED_DOCS.read_text(encoding="utf-8")
    row = "| Workflow Execution (WE) | 15441 | 16388 |"
    assert docs.count(row) == 1
    project.write("docs/port-allocation.md", docs.replace(row, row.replace("16388", "16387")))
    project.commit("docs by hand")


@state("v1.9-branch")
def v1_9_branch(project: Project) -> None:
    """origin/main at 1.8; a branch on top of it with the 1.9 fix (registry and docs)."""
    v1_8(project)
    project.git("checkout", "-q", "-b", "fix-redis")
    project.write("registry/ports.yaml", registry_1_9())
    _copy_docs(project)
    project.commit("registry 1.9: workflowexecution's Redis off hapi's port")


@state("scan-tree")
def scan_tree(project: Project) -> None:
    """tests/fixtures/scan-tree (a project whose code drifted from the registry), with the
    bundled registry."""
    project.copy(SCAN_TREE)
    project.copy(BUNDLED_REGISTRY, "registry/ports.yaml")
    project.commit("scan tree", publish=True)


@state("port-tables")
def port_tables(project: Project) -> None:
    """The hand-kept port documents of tests/fixtures/adoption/tables/ under docs/, and no
    registry yet (for docs/adoption.md, "What a hand-kept document may look like")."""
    for document in sorted(PORT_TABLES.glob("*.md")):
        project.copy(document, f"docs/{document.name}")
    project.commit("port documents, before portreg", publish=True)


@state("shop-platform")
def shop_platform(project: Project) -> None:
    """tests/fixtures/adoption/shop-platform: a project with no registry yet, its code and
    its hand-kept docs/PORTS.md (for docs/adoption.md)."""
    project.copy(SHOP_PLATFORM)
    project.commit("shop platform, before portreg", publish=True)


@state("fleet-tree")
def fleet_tree(project: Project) -> None:
    """tests/fixtures/adoption/fleet-tree: a many-service Go repository with no registry
    yet: a shared test/infrastructure/ folder, Kind configs named after suites, compose per
    suite, a mock service, backup copies (for docs/adoption.md, "How discovery reads a
    tree")."""
    project.copy(FLEET_TREE)
    project.commit("fleet tree, before portreg", publish=True)


@state("run-records")
def run_records(project: Project) -> None:
    """A registry with parallel workers, a Kind cluster and a reservation, and two records
    that ``portreg run --record`` wrote on CI (a worker of ingest's integration suite, and
    shop's E2E suite)."""
    project.copy(RUN_FIXTURES / "ports.yaml", "registry/ports.yaml")
    project.copy(RUN_FIXTURES / "ingest-record.json", "records/ingest-worker1.json")
    project.copy(RUN_FIXTURES / "shop-record.json", "records/shop-e2e.json")
    project.commit("registry and two records", publish=True)
