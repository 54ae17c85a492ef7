"""Every ingested report and what became of it (reports.parquet)."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

REPORT_STATUSES = ("events", "no event", "duplicate", "language not read")


class ReportsModel(pa.DataFrameModel):
    """One row per report reference (a file, a feed line or a feed row)."""

    report_id: Series[str] = pa.Field(
        str_matches=r"^[0-9a-f]{32}$", description="sha256 (32 hex) of the normalised text."
    )
    report_ref: Series[str] = pa.Field(
        unique=True, description="Path relative to raw/, plus #L<line> or #R<row> inside feeds."
    )
    title: Series[str] = pa.Field(nullable=True, description="Title from metadata.")
    source: Series[str] = pa.Field(nullable=True, description="Outlet from metadata.")
    source_scale: Series[str] = pa.Field(nullable=True, description="Outlet scale from metadata.")
    url: Series[str] = pa.Field(nullable=True, description="Address of the report.")
    published: Series[str] = pa.Field(
        nullable=True, description="The published value as given in the metadata."
    )
    language: Series[str] = pa.Field(nullable=True, description="ISO 639-1 code, or 'und'.")
    country: Series[str] = pa.Field(nullable=True, description="Country hint from metadata.")
    encoding: Series[str] = pa.Field(
        nullable=True, description="Text encoding the file was read with."
    )
    reference_date: Series[pa.DateTime] = pa.Field(
        nullable=True,
        description="Date relative expressions were resolved against.",
        metadata={"arrow": "date32"},
    )
    reference_date_basis: Series[str] = pa.Field(
        isin=["published", "newest date in text", "reporting period", "none", "duplicate"],
        description="Where reference_date came from.",
    )
    status: Series[str] = pa.Field(
        isin=list(REPORT_STATUSES), description="What became of the report."
    )
    duplicate_of: Series[str] = pa.Field(
        nullable=True, description="report_ref of the first report with the same text."
    )
    n_events: Series[pa.Int32] = pa.Field(ge=0, description="Events this report supports.")
    problems: Series[str] = pa.Field(description="`; `-separated named problems; empty if none.")
    coder_version: Series[str] = pa.Field(description="Version of the coder that read it.")

    class Config:
        strict = True
        ordered = True
        coerce = True
        name = "reports"
