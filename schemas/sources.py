"""Provenance of events (event_sources.parquet) and withdrawn ids (deleted.parquet)."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from schemas.codebook import taxonomy


class EventSourcesModel(pa.DataFrameModel):
    """One row per report mention behind an event."""

    event_id_cnty: Series[str] = pa.Field(str_matches=r"^[A-Z]{3}\d+$", description="Event.")
    report_id: Series[str] = pa.Field(description="Report that mentions the event.")
    report_ref: Series[str] = pa.Field(description="Where the report came from.")
    source: Series[str] = pa.Field(nullable=True, description="Outlet of the report.")
    sentence_start: Series[pa.Int32] = pa.Field(ge=0, description="Offset of the sentence.")
    sentence_end: Series[pa.Int32] = pa.Field(ge=0, description="End offset of the sentence.")
    sub_event_type: Series[str] = pa.Field(
        isin=list(taxonomy().sub_event_types), description="Type this report alone gives."
    )
    confidence: Series[pa.Float64] = pa.Field(ge=0, le=1, description="Coder confidence.")
    coder_version: Series[str] = pa.Field(description="Version of the coder.")

    class Config:
        strict = True
        ordered = True
        coerce = True
        name = "event_sources"


class DeletedModel(pa.DataFrameModel):
    """Event ids withdrawn since the previous release, as ACLED publishes deletions."""

    event_id_cnty: Series[str] = pa.Field(str_matches=r"^[A-Z]{3}\d+$", unique=True)
    deleted_timestamp: Series[pa.Int64] = pa.Field(ge=0, description="Unix time of deletion.")

    class Config:
        strict = True
        ordered = True
        coerce = True
        name = "deleted"
