"""The registry itself: its header, its parts by key, and the files made from it (docs,
exports), with the changelog and the scan settings."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from portreg.models.agreements import (
    ExclusiveGroup,
    KnownConflict,
    Reservation,
    RuleException,
    Share,
)
from portreg.models.scopes import Component, Scope, Tier
from portreg.models.services import Service
from portreg.models.values import Date, Model, Slug, Text, Version
from portreg.records import RegistryMethods, cluster_is_scope


class ChangelogEntry(Model):
    version: Version
    date: Date
    summary: Text
    author: Text | None = None
    changes: list[Text] = Field(default_factory=list)


class DocTarget(Model):
    """A markdown file generated from the registry (by portreg render-docs)."""

    path: Text
    sections: list[Slug] | None = Field(
        default=None, description="Which sections go into this file (default: all)"
    )


class ExportTarget(Model):
    """A constants file generated from the registry (by portreg export and the edit commands)."""

    path: Text
    format: Literal["go", "python", "env", "json"]
    service: Slug | None = None
    tier: Slug | None = None
    package: Text | None = Field(default=None, description="Go package name")


class ScanSettings(Model):
    exclude: list[Text] = Field(
        default_factory=list, description="Globs that portreg scan never reads"
    )


class Registry(RegistryMethods, Model):
    portreg: Literal[1] = Field(description="File-format version")
    title: Text
    version: Version
    updated: Date
    status: Text | None = Field(default=None, description="Approved, Draft ... (for the docs)")
    created: Date | None = Field(default=None, description="When the allocation was first made")
    related: list[Text] = Field(
        default_factory=list, description="Related documents (paths or URLs), for the docs"
    )
    authors: list[Text] = Field(default_factory=list, description="Shown in the docs' header")
    reviewers: list[Text] = Field(default_factory=list, description="Shown in the docs' header")
    description: Text | None = None
    tiers: dict[Slug, Tier] = Field(min_length=1)
    scopes: dict[Slug, Scope] = Field(default_factory=dict)
    components: dict[Slug, Component] = Field(min_length=1)
    services: dict[Slug, Service] = Field(default_factory=dict)
    reserved: list[Reservation] = Field(default_factory=list)
    shares: list[Share] = Field(default_factory=list)
    exclusive: list[ExclusiveGroup] = Field(
        default_factory=list, description="Groups of suites that never run at the same time"
    )
    known_conflicts: list[
        Annotated[
            KnownConflict, BeforeValidator(cluster_is_scope, json_schema_input_type=KnownConflict)
        ]
    ] = Field(default_factory=list, description="Conflicts accepted for now: warnings, not errors")
    exceptions: list[RuleException] = Field(default_factory=list)
    changelog: list[ChangelogEntry] = Field(default_factory=list, description="Newest first")
    docs: list[DocTarget] = Field(default_factory=list)
    exports: list[ExportTarget] = Field(
        default_factory=list, description="Constants files regenerated with the docs"
    )
    scan: ScanSettings = Field(default_factory=ScanSettings)
