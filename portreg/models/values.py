"""The values every part of the format is made of: ids, texts, versions, dates, ports
ranges and blocks, and ``Model``, the base of every model (strict, frozen, no unknown key)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from portreg.records import PortRangeMethods, parse_date, parse_range

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$", max_length=63),
    Field(description="Lowercase letters and digits, words joined by - or _"),
]


Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


Reason = Annotated[
    str,
    StringConstraints(min_length=3, strip_whitespace=True),
    Field(description="Why: shown in the generated docs and in findings"),
]


Symbol = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z][A-Za-z0-9]*$"),
    Field(description="CamelCase name used in exported constants (default: from the id)"),
]


Protocol = Annotated[Literal["tcp", "udp"], Field(description="Transport protocol")]


Version = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]+(\.[0-9]+)*$"),
    Field(description='Dotted numbers, quoted: "1.9", "2.0.1"'),
]


Date = Annotated[dt.date, BeforeValidator(parse_date), Field(description="YYYY-MM-DD")]


class PortRange(PortRangeMethods, BaseModel):
    """An inclusive range of ports, written ``15433-15442`` (or one number)."""

    model_config = ConfigDict(frozen=True, strict=True, extra="forbid", defer_build=True)

    start: int
    end: int


# What users write, for the published JSON Schema (portreg schema): the parsed form
# {start, end} is internal.


RangeText = Annotated[
    str,
    StringConstraints(pattern=r"^\s*[0-9]+\s*-\s*[0-9]+\s*$"),
    Field(description="START-END, like 16379-16388"),
]


Range = Annotated[
    PortRange,
    BeforeValidator(parse_range, json_schema_input_type=RangeText | int),
    Field(description="Inclusive port range START-END, or a single port"),
]


class BlockSize(BaseModel):
    """A block written by its first port and its size: ``{start: 18120, size: 10}``."""

    model_config = ConfigDict(frozen=True, strict=True, extra="forbid", defer_build=True)

    start: int
    size: int = Field(ge=1)


Block = Annotated[
    PortRange,
    BeforeValidator(parse_range, json_schema_input_type=RangeText | int | BlockSize),
    Field(description="A block of ports: START-END, one port, or {start: N, size: K}"),
]


class Model(BaseModel):
    # Only Registry is ever validated directly: build one validator, at first use, not one
    # per class at import (start-up time matters for a git hook).
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, defer_build=True)
