"""Loads the codebook tables (taxonomy, inter categories, countries and regions).

The YAML/CSV files beside this module are the only place those codes are
written; every check, lookup and document reads them through here, and a table
that contradicts itself fails at load time rather than producing odd rows.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


class CodebookError(ValueError):
    """A codebook table is malformed or a code is unknown."""


@dataclass(frozen=True)
class Taxonomy:
    event_types: tuple[str, ...]  # precedence order, highest first
    sub_event_types: tuple[str, ...]  # precedence order, highest first
    event_type_of: dict[str, str]
    disorder_type_of: dict[str, str]
    disorder_types: tuple[str, ...]
    legacy_event_types: tuple[str, ...]

    def precedence(self, sub_event_type: str) -> int:
        """Lower is stronger: the position of the sub-event type in the codebook order."""
        try:
            return self.sub_event_types.index(sub_event_type)
        except ValueError as exc:
            raise CodebookError(f"unknown sub-event type: {sub_event_type!r}") from exc


@cache
def taxonomy() -> Taxonomy:
    raw = yaml.safe_load((HERE / "taxonomy.yaml").read_text(encoding="utf-8"))
    disorder_types = tuple(raw["disorder_types"])
    event_types: list[str] = []
    subs: list[str] = []
    event_type_of: dict[str, str] = {}
    disorder_of: dict[str, str] = {}
    for et in raw["event_types"]:
        event_types.append(et["name"])
        for sub in et["sub_event_types"]:
            name = sub["name"]
            if name in event_type_of:
                raise CodebookError(f"sub-event type listed twice: {name!r}")
            if sub["disorder_type"] not in disorder_types:
                raise CodebookError(f"unknown disorder type {sub['disorder_type']!r} for {name!r}")
            subs.append(name)
            event_type_of[name] = et["name"]
            disorder_of[name] = sub["disorder_type"]
    return Taxonomy(
        event_types=tuple(event_types),
        sub_event_types=tuple(subs),
        event_type_of=event_type_of,
        disorder_type_of=disorder_of,
        disorder_types=disorder_types,
        legacy_event_types=tuple(raw.get("legacy_event_types", ())),
    )


@dataclass(frozen=True)
class InterCodes:
    names: tuple[str, ...]  # in code order 1..8
    code_of: dict[str, int]
    source_scales: tuple[str, ...]

    def interaction(self, inter1: str, inter2: str | None) -> str:
        """ACLED's interaction text: both categories, lower code first, or '<cat> only'."""
        if inter1 not in self.code_of:
            raise CodebookError(f"unknown inter category: {inter1!r}")
        if not inter2:
            return f"{inter1} only"
        if inter2 not in self.code_of:
            raise CodebookError(f"unknown inter category: {inter2!r}")
        a, b = sorted((inter1, inter2), key=self.code_of.__getitem__)
        return f"{a}-{b}"

    def numeric_interaction(self, inter1: str, inter2: str | None) -> int:
        """Pre-2023 numeric interaction: both codes as digits, lower first (10: code 1 alone)."""
        c1 = self.code_of[inter1]
        c2 = self.code_of[inter2] if inter2 else 0
        lo, hi = sorted((c1, c2))
        return c1 * 10 if c2 == 0 else lo * 10 + hi


@cache
def inter_codes() -> InterCodes:
    raw = yaml.safe_load((HERE / "inter.yaml").read_text(encoding="utf-8"))
    cats = sorted(raw["categories"], key=lambda c: c["code"])
    if [c["code"] for c in cats] != list(range(1, len(cats) + 1)):
        raise CodebookError("inter codes must run 1..N without gaps")
    names = tuple(c["name"] for c in cats)
    return InterCodes(
        names=names,
        code_of={c["name"]: c["code"] for c in cats},
        source_scales=tuple(raw["source_scales"]),
    )


@dataclass(frozen=True)
class Country:
    iso3: str
    iso2: str
    iso: int
    country: str
    region: str


@cache
def regions() -> tuple[str, ...]:
    raw = yaml.safe_load((HERE / "regions.yaml").read_text(encoding="utf-8"))
    return tuple(raw["regions"])


@cache
def countries() -> tuple[Country, ...]:
    path = HERE / "countries.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for row in rows:
        if row["region"] not in regions():
            raise CodebookError(
                f"countries.csv: unknown region {row['region']!r} for {row['iso3']}"
            )
        out.append(
            Country(row["iso3"], row["iso2"], int(row["iso"]), row["country"], row["region"])
        )
    return tuple(out)


@cache
def country_by_iso3() -> dict[str, Country]:
    return {c.iso3: c for c in countries()}


@cache
def country_by_name() -> dict[str, Country]:
    return {c.country: c for c in countries()}


@cache
def country_bounds() -> dict[int, tuple[float, float, float, float]]:
    """ISO numeric -> (min_lat, max_lat, min_lon, max_lon) around the country's places."""
    by3 = country_by_iso3()
    out: dict[int, tuple[float, float, float, float]] = {}
    with (HERE / "country_bounds.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["iso3"] not in by3:
                raise CodebookError(f"country_bounds.csv: unknown country {row['iso3']!r}")
            out[by3[row["iso3"]].iso] = (
                float(row["min_lat"]),
                float(row["max_lat"]),
                float(row["min_lon"]),
                float(row["max_lon"]),
            )
    return out
