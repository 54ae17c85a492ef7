"""Ingest: raw files (txt, md, jsonl, csv, html) to reports with provenance.

Every raw file is accounted for: it becomes reports, or quarantine rows with
a reason, or a skipped entry (hidden files, cache folders). See
``eventdata/data/ingest.yaml`` for the limits and cues this stage reads.
"""

from eventdata.ingest.discover import RawFile, discover
from eventdata.ingest.ids import normalise_text, report_id
from eventdata.ingest.run import (
    DEFAULT_MAX_BYTES,
    FILE_COLUMNS,
    QUARANTINE_COLUMNS,
    REPORT_COLUMNS,
    IngestResult,
    ingest,
    read_files,
    split_duplicates,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FILE_COLUMNS",
    "QUARANTINE_COLUMNS",
    "REPORT_COLUMNS",
    "IngestResult",
    "RawFile",
    "discover",
    "ingest",
    "normalise_text",
    "read_files",
    "report_id",
    "split_duplicates",
]
