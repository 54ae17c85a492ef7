"""Pandera models and codebook tables: the single source of truth for every column.

The pyarrow schemas, the DuckDB views and `docs/data-dictionary.md` are derived
from the models here; nothing else in the project restates a column list.
This package imports nothing from `eventdata` so the arrows point one way.
"""

from schemas.events import EVENT_COLUMNS, EventsModel
from schemas.quarantine import QuarantineModel
from schemas.reports import ReportsModel
from schemas.sources import DeletedModel, EventSourcesModel

SCHEMA_VERSION = "1.0.0"

__all__ = [
    "EVENT_COLUMNS",
    "SCHEMA_VERSION",
    "DeletedModel",
    "EventSourcesModel",
    "EventsModel",
    "QuarantineModel",
    "ReportsModel",
]
