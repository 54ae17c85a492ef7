"""Read a list of raw files into the reports, quarantine and file-accounting tables.

This is where the "nothing lost" invariant of ingest is kept: every file
handed in ends as read (with reports and perhaps rejected lines), quarantined
(with a reason) or skipped (from discovery), and a reader that fails in a way
nobody foresaw quarantines its file instead of stopping the run.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from eventdata.ingest.config import load_config
from eventdata.ingest.discover import RawFile, discover
from eventdata.ingest.ids import report_id
from eventdata.ingest.language import UNDETERMINED, detect_language, normalise_language
from eventdata.ingest.readers import (
    EMPTY,
    NOT_REPORT,
    READERS,
    TOO_LARGE,
    UNREADABLE,
    Draft,
    Item,
    Rejection,
    TooLargeError,
    too_large_detail,
)

log = logging.getLogger(__name__)

#: The size limit of ingest.yaml (20 MB as shipped), the default of every entry point.
DEFAULT_MAX_BYTES = load_config().max_bytes
STAGE = "ingest"

REPORT_COLUMNS = [
    "report_id", "report_ref", "title", "source", "source_scale", "url", "published",
    "language", "country", "text", "encoding", "problems",
]
QUARANTINE_COLUMNS = ["ref", "stage", "reason", "detail", "report_id", "sample"]
FILE_COLUMNS = ["ref", "size", "outcome", "n_reports", "n_quarantined", "reason", "detail"]
# Metadata columns between report_ref and language, in the order of REPORT_COLUMNS.
_META_BEFORE_LANGUAGE = ("title", "source", "source_scale", "url", "published")

PROBLEM_LANGUAGE = "language_unrecognised"


@dataclass
class IngestResult:
    """What ingest made of a set of files."""

    reports: pd.DataFrame  # REPORT_COLUMNS
    quarantine: pd.DataFrame  # QUARANTINE_COLUMNS
    files: pd.DataFrame  # FILE_COLUMNS: one row per file or unread entry


def _str_frame(rows: list[tuple[object, ...]], columns: list[str]) -> pd.DataFrame:
    """pandas `str` columns (missing values NA) even when there are no rows."""
    return pd.DataFrame(rows, columns=columns, dtype=object).astype("str")


def _report_row(draft: Draft) -> tuple[object, ...]:
    """A row of REPORT_COLUMNS; a declared language wins over the guess when it is known."""
    meta = draft.meta
    problems = list(draft.problems)
    declared = meta.get("language")
    language = normalise_language(declared) if declared else None
    if declared and language is None:
        problems.append(PROBLEM_LANGUAGE)
    if language is None:
        language = detect_language(draft.text)
    return (
        report_id(draft.text), draft.ref, *(meta.get(k) for k in _META_BEFORE_LANGUAGE), language,
        meta.get("country"), draft.text, draft.encoding, "; ".join(problems),
    )


def _items(raw: RawFile, max_bytes: int) -> Iterable[Item]:
    """The reader's output, or one rejection when the file cannot be read at all."""
    if raw.size > max_bytes:
        return [Rejection(raw.ref, TOO_LARGE, too_large_detail(raw.size, max_bytes))]
    reader = READERS.get(raw.format or "")
    if reader is None:
        ext = raw.ext or "no extension"
        return [Rejection(raw.ref, NOT_REPORT, f"not a report format ({ext})")]
    if raw.size == 0:
        return [Rejection(raw.ref, EMPTY, "empty file")]
    try:
        return list(reader(raw, max_bytes))
    except TooLargeError as err:
        return [Rejection(raw.ref, TOO_LARGE, str(err))]
    except OSError as err:
        return [Rejection(raw.ref, UNREADABLE, f"cannot read {raw.ref}: {err.strerror or err}")]
    except Exception as err:  # a reader bug must not stop the run or lose the file
        log.exception("reader %s failed on %s", raw.format, raw.ref)
        return [Rejection(raw.ref, UNREADABLE, f"reader error: {type(err).__name__}: {err}")]


def read_files(files: list[RawFile], *, max_bytes: int = DEFAULT_MAX_BYTES) -> IngestResult:
    """Read every file (in the order given) into reports, quarantine rows and accounting."""
    reports: list[tuple[object, ...]] = []
    quarantine: list[tuple[object, ...]] = []
    accounting: list[tuple[object, ...]] = []
    for raw in files:
        if raw.skip_reason is not None:
            accounting.append((raw.ref, raw.size, "skipped", 0, 0, raw.skip_reason,
                               raw.skip_detail))
            continue
        n_rep = n_q = 0
        last: Rejection | None = None
        for item in _items(raw, max_bytes):
            if isinstance(item, Draft):
                reports.append(_report_row(item))
                n_rep += 1
            else:
                quarantine.append((item.ref, STAGE, item.reason, item.detail, None, item.sample))
                n_q += 1
                last = item
        if n_rep == 0 and n_q == 0:
            last = Rejection(raw.ref, EMPTY, "no reports in the file")
            quarantine.append((raw.ref, STAGE, last.reason, last.detail, None, ""))
            n_q = 1
        if n_rep:
            accounting.append((raw.ref, raw.size, "read", n_rep, n_q, None, None))
        else:
            reason = last.reason if n_q == 1 and last else "no usable report"
            detail = last.detail if n_q == 1 and last else f"{n_q} rejected lines or rows"
            accounting.append((raw.ref, raw.size, "quarantined", 0, n_q, reason, detail))
    log.info("ingest: %d files, %d reports, %d quarantined", len(files), len(reports),
             len(quarantine))
    return IngestResult(
        reports=_str_frame(reports, REPORT_COLUMNS),
        quarantine=_str_frame(quarantine, QUARANTINE_COLUMNS),
        files=_files_frame(accounting),
    )


def _files_frame(rows: list[tuple[object, ...]]) -> pd.DataFrame:
    """The accounting table with integer counts and `str` text columns."""
    frame = pd.DataFrame(rows, columns=FILE_COLUMNS, dtype=object)
    for col in ("size", "n_reports", "n_quarantined"):
        frame[col] = frame[col].astype("int64")
    for col in ("ref", "outcome", "reason", "detail"):
        frame[col] = frame[col].astype("str")
    return frame


def ingest(raw_dir: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> IngestResult:
    """Discover and read a raw folder; unreadable entries join the quarantine and accounting."""
    files, unreadable = discover(Path(raw_dir))
    result = read_files(files, max_bytes=max_bytes)
    if unreadable.empty:
        return result
    quarantine = pd.concat([result.quarantine, unreadable], ignore_index=True)
    file_of = quarantine["ref"].str.split("#", n=1).str[0]
    quarantine = quarantine.loc[file_of.sort_values(kind="stable").index].reset_index(drop=True)
    extra = [(r.ref, 0, "quarantined", 0, 1, r.reason, r.detail)
             for r in unreadable.itertuples(index=False)]
    files_frame = pd.concat([result.files, _files_frame(extra)], ignore_index=True)
    files_frame = files_frame.sort_values("ref", kind="stable").reset_index(drop=True)
    return IngestResult(result.reports, quarantine, files_frame)


def split_duplicates(
    reports: pd.DataFrame, seen: set[str] | MutableMapping[str, str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(first occurrences, duplicates with a `duplicate_of` ref column); updates `seen`.

    `duplicate_of` is the ref of the first occurrence in this frame. A report
    whose id was seen in an earlier batch has `duplicate_of` None when `seen`
    is a set of ids, or the remembered ref when `seen` maps ids to refs.
    """
    first_ref: dict[str, str] = {}
    is_dup: list[bool] = []
    dup_of: list[str | None] = []
    for rid, ref in zip(reports["report_id"], reports["report_ref"], strict=True):
        if rid in first_ref:
            is_dup.append(True)
            dup_of.append(first_ref[rid])
        elif rid in seen:
            is_dup.append(True)
            dup_of.append(seen[rid] if isinstance(seen, MutableMapping) else None)
        else:
            is_dup.append(False)
            first_ref[rid] = ref
    mask = pd.Series(is_dup, index=reports.index, dtype=bool)
    firsts = reports[~mask].copy()
    dups = reports[mask].copy()
    dups["duplicate_of"] = pd.Series(dup_of, index=dups.index, dtype=object).astype(
        "str"
    )
    seen.update(first_ref)  # a set takes the ids, a mapping ids and refs
    return firsts, dups


__all__ = [
    "DEFAULT_MAX_BYTES", "FILE_COLUMNS", "QUARANTINE_COLUMNS", "REPORT_COLUMNS", "UNDETERMINED",
    "IngestResult", "ingest", "read_files", "split_duplicates",
]
