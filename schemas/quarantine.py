"""Everything that was rejected, with the reason (quarantine.parquet)."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

QUARANTINE_STAGES = ("ingest", "code", "validate")


class QuarantineModel(pa.DataFrameModel):
    """One row per rejected file, feed line, feed row, report or event."""

    ref: Series[str] = pa.Field(description="What was rejected: path (+ #L/#R) or event key.")
    stage: Series[str] = pa.Field(
        isin=list(QUARANTINE_STAGES), description="Stage that rejected it."
    )
    reason: Series[str] = pa.Field(str_length={"min_value": 1}, description="Short stable reason.")
    detail: Series[str] = pa.Field(description="The specific message.")
    report_id: Series[str] = pa.Field(nullable=True, description="Report it came from, if any.")
    sample: Series[str] = pa.Field(description="First characters of the rejected content.")

    class Config:
        strict = True
        ordered = True
        coerce = True
        name = "quarantine"
