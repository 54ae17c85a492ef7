"""The events table: exactly ACLED's 31 export columns, in ACLED's order.

Column order, types, allowed values and the rules that tie columns together are
declared once here; the writer, the catalog and the data dictionary read them.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.codebook import (
    countries,
    country_bounds,
    country_by_iso3,
    inter_codes,
    regions,
    taxonomy,
)

_TAX = taxonomy()
_INTER = inter_codes()
_ISO3 = tuple(sorted(c.iso3 for c in countries()))
_COUNTRY_NAMES = tuple(sorted(c.country for c in countries()))
_PROTEST_RIOT = ("Protests", "Riots")


def _source_scale_ok(value: str) -> bool:
    parts = value.split("-")
    return 1 <= len(parts) <= 2 and all(p in _INTER.source_scales for p in parts)


class EventsModel(pa.DataFrameModel):
    """One row per event, coded by ACLED's rules."""

    event_id_cnty: Series[str] = pa.Field(
        str_matches=r"^[A-Z]{3}\d+$",
        unique=True,
        description="Country ISO3 code plus a number; assigned once, kept when edited.",
    )
    event_date: Series[pa.DateTime] = pa.Field(
        description="Day of the event.", metadata={"arrow": "date32"}
    )
    year: Series[pa.Int32] = pa.Field(ge=1900, le=2100, description="Year of event_date.")
    time_precision: Series[pa.Int8] = pa.Field(
        isin=[1, 2, 3],
        description="1 day known; 2 a week or a few days (middle of the span); 3 the month.",
    )
    disorder_type: Series[str] = pa.Field(
        isin=list(_TAX.disorder_types), description="Follows from the sub-event type."
    )
    event_type: Series[str] = pa.Field(
        isin=list(_TAX.event_types), description="One of ACLED's six event types."
    )
    sub_event_type: Series[str] = pa.Field(
        isin=list(_TAX.sub_event_types),
        description="One of ACLED's 25 sub-event types; must belong to event_type.",
    )
    actor1: Series[str] = pa.Field(str_length={"min_value": 1}, description="Main actor.")
    assoc_actor_1: Series[str] = pa.Field(
        nullable=True, description="`; `-separated actors associated with actor1."
    )
    inter1: Series[str] = pa.Field(isin=list(_INTER.names), description="Actor category of actor1.")
    actor2: Series[str] = pa.Field(
        nullable=True, description="Second actor; the victims in violence against civilians."
    )
    assoc_actor_2: Series[str] = pa.Field(
        nullable=True, description="`; `-separated actors associated with actor2."
    )
    inter2: Series[str] = pa.Field(
        nullable=True, isin=list(_INTER.names), description="Actor category of actor2."
    )
    interaction: Series[str] = pa.Field(
        description="Both inter categories joined with '-', lower code first, or '<inter1> only'."
    )
    civilian_targeting: Series[str] = pa.Field(
        nullable=True,
        isin=["Civilians targeted"],
        description="'Civilians targeted' when civilians were the target, else empty.",
    )
    iso: Series[pa.Int16] = pa.Field(ge=0, le=999, description="ISO 3166-1 numeric country code.")
    region: Series[str] = pa.Field(isin=list(regions()), description="ACLED region.")
    country: Series[str] = pa.Field(isin=list(_COUNTRY_NAMES), description="Country name.")
    admin1: Series[str] = pa.Field(
        str_length={"min_value": 1}, description="First-level administrative unit."
    )
    admin2: Series[str] = pa.Field(nullable=True, description="Second-level unit, where known.")
    admin3: Series[str] = pa.Field(nullable=True, description="Third-level unit, where known.")
    location: Series[str] = pa.Field(
        str_length={"min_value": 1},
        description="The named place; districts of large cities as 'City - District'.",
    )
    latitude: Series[pa.Float64] = pa.Field(ge=-90, le=90, description="WGS84, 4 decimals.")
    longitude: Series[pa.Float64] = pa.Field(ge=-180, le=180, description="WGS84, 4 decimals.")
    geo_precision: Series[pa.Int8] = pa.Field(
        isin=[1, 2, 3],
        description="1 town named; 2 near a town or part of a region; 3 only a large region.",
    )
    source: Series[str] = pa.Field(
        str_length={"min_value": 1}, description="`; `-separated outlets that reported the event."
    )
    source_scale: Series[str] = pa.Field(
        description="Scale of the sources, or two joined with '-' (National-International)."
    )
    notes: Series[str] = pa.Field(
        str_length={"min_value": 1}, description="What happened, in ACLED's style."
    )
    fatalities: Series[pa.Int32] = pa.Field(
        ge=0, description="Conservative count of reported deaths in the event."
    )
    tags: Series[str] = pa.Field(
        nullable=True,
        description="`; `-separated tags; Protests and Riots carry 'crowd size=...'.",
    )
    timestamp: Series[pa.Int64] = pa.Field(
        ge=0, description="Unix time when the row was last added or changed."
    )

    class Config:
        strict = True
        ordered = True
        coerce = True
        name = "events"

    @pa.check("source_scale", name="source_scale_known")
    def _source_scale(cls, s: Series[str]) -> Series[bool]:
        return s.map(_source_scale_ok).astype(bool)

    @pa.dataframe_check(name="sub_event_type_belongs_to_event_type")
    def _sub_in_type(cls, df: pd.DataFrame) -> Series[bool]:
        return df["sub_event_type"].map(_TAX.event_type_of).eq(df["event_type"])

    @pa.dataframe_check(name="disorder_type_follows_from_sub_event_type")
    def _disorder(cls, df: pd.DataFrame) -> Series[bool]:
        return df["sub_event_type"].map(_TAX.disorder_type_of).eq(df["disorder_type"])

    @pa.dataframe_check(name="interaction_follows_from_inter1_inter2")
    def _interaction(cls, df: pd.DataFrame) -> Series[bool]:
        memo: dict[tuple, str | None] = {}

        def expected(i1: object, i2: object) -> str | None:
            key = (i1, i2 if isinstance(i2, str) else None)
            if key not in memo:
                try:
                    memo[key] = _INTER.interaction(str(i1), key[1])
                except ValueError:
                    memo[key] = None
            return memo[key]

        want = [expected(a, b) for a, b in zip(df["inter1"], df["inter2"], strict=True)]
        return pd.Series(want, index=df.index, dtype=object).eq(df["interaction"]).astype(bool)

    @pa.dataframe_check(name="actor2_and_inter2_together")
    def _actor2(cls, df: pd.DataFrame) -> Series[bool]:
        return df["actor2"].isna() == df["inter2"].isna()

    @pa.dataframe_check(name="year_is_year_of_event_date")
    def _year(cls, df: pd.DataFrame) -> Series[bool]:
        return pd.to_datetime(df["event_date"]).dt.year.eq(df["year"])

    @pa.dataframe_check(name="event_id_prefix_is_country_iso3")
    def _id_prefix(cls, df: pd.DataFrame) -> Series[bool]:
        by3 = country_by_iso3()
        expected = df["event_id_cnty"].str[:3].map(lambda p: by3[p].iso if p in by3 else -1)
        return expected.eq(df["iso"])

    @pa.dataframe_check(name="country_matches_iso")
    def _country_iso(cls, df: pd.DataFrame) -> Series[bool]:
        iso_of = {c.country: c.iso for c in countries()}
        return df["country"].map(iso_of).eq(df["iso"])

    @pa.dataframe_check(name="coordinates_fall_in_the_country")
    def _in_country(cls, df: pd.DataFrame) -> Series[bool]:
        box = pd.DataFrame.from_dict(
            country_bounds(), orient="index", columns=["lat0", "lat1", "lon0", "lon1"]
        )
        iso = pd.to_numeric(df["iso"], errors="coerce")
        b = box.reindex(iso.to_numpy())
        b.index = df.index
        lat = pd.to_numeric(df["latitude"], errors="coerce")
        lon = pd.to_numeric(df["longitude"], errors="coerce")
        inside = lat.between(b["lat0"], b["lat1"]) & lon.between(b["lon0"], b["lon1"])
        return (inside | b["lat0"].isna()).astype(bool)

    @pa.dataframe_check(name="protests_and_riots_have_crowd_size_tag")
    def _crowd(cls, df: pd.DataFrame) -> Series[bool]:
        needs = df["event_type"].isin(_PROTEST_RIOT)
        has = df["tags"].fillna("").str.contains("crowd size=", regex=False)
        return ~needs | has


EVENT_COLUMNS: tuple[str, ...] = tuple(EventsModel.to_schema().columns)
