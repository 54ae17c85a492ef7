"""`eventdata code`: code reports from a file or stdin and print events, writing no release.

It runs the same ingest readers and the same coder as the pipeline (one path
through the code, so what `code` shows is what `run` would publish), and names
the validation failures of events that a release would quarantine.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from eventdata.coder import code_reports
from eventdata.consolidate import merge_mentions
from eventdata.ingest import RawFile, read_files
from eventdata.run import load_model_cached
from eventdata.validate import describe, split_valid
from schemas import EVENT_COLUMNS, EventsModel


def _raw_file(path: Path, ref: str) -> RawFile:
    return RawFile(path=path, ref=ref, size=path.stat().st_size, ext=path.suffix.lower())


def read_source(source: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(reports, quarantine) from a file of any ingest format, or JSONL on stdin for '-'."""
    if source == "-":
        data = sys.stdin.buffer.read()
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "stdin.jsonl"
            path.write_bytes(data)
            res = read_files([_raw_file(path, "stdin.jsonl")])
    else:
        path = Path(source)
        if not path.is_file():
            raise FileNotFoundError(f"no such file: {source}")
        res = read_files([_raw_file(path, path.name)])
    return res.reports, res.quarantine


def code_frame(
    reports: pd.DataFrame, *, published: str | None = None, model: Any | None = None
) -> pd.DataFrame:
    """Events of each report (ACLED's 31 columns + report_ref, confidence, validation)."""
    if published:
        reports = reports.copy()
        missing = reports["published"].isna() | reports["published"].eq("")
        reports.loc[missing, "published"] = published
    coded = code_reports(reports, today=dt.date.today(), model=model)
    rows = []
    now = int(dt.datetime.now(dt.UTC).timestamp())
    events, m = merge_mentions(coded.mentions, within_reports=True)
    ref_of = m.drop_duplicates("_key").set_index("_key")["report_ref"].to_dict()
    numbers: dict[str, int] = {}
    for rec in events.to_dict("records"):
        iso3 = rec.get("iso3") if isinstance(rec.get("iso3"), str) else "XXX"
        ref = ref_of[rec["_key"]]
        # preview ids, numbered per country as a release would (its ids are stable ones)
        numbers[iso3] = numbers.get(iso3, 0) + 1
        rec["event_id_cnty"] = f"{iso3}{numbers[iso3]}"
        rec["timestamp"] = now
        rec["report_ref"] = ref
        rec["confidence"] = round(float(rec.get("_confidence", 0.0)), 4)
        rows.append(rec)
    order = {ref: i for i, ref in enumerate(reports["report_ref"])}
    rows.sort(key=lambda r: (order.get(r["report_ref"], 0), str(r["event_date"])))
    out = pd.DataFrame(rows, columns=[*EVENT_COLUMNS, "report_ref", "confidence"])
    if out.empty:
        return out.assign(validation="")
    _, bad = split_valid(out[list(EVENT_COLUMNS)], EventsModel)
    out["validation"] = [describe(bad[i]) if i in bad else "" for i in range(len(out))]
    return out


def _jsonable(v: Any) -> Any:
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return None
    if isinstance(v, dt.date | pd.Timestamp):
        return pd.Timestamp(v).date().isoformat()
    if hasattr(v, "item"):
        return v.item()
    return v


def code_command(
    source: str,
    published: str | None,
    fmt: Any,
    model_path: Path | None,
    write: Callable[[str], None],
) -> int:
    model = load_model_cached(model_path) if model_path else None
    reports, quarantine = read_source(source)
    for q in quarantine.to_dict("records"):
        sys.stderr.write(f"quarantined {q['ref']}: {q['reason']}: {q['detail']}\n")
    events = code_frame(reports, published=published, model=model)
    if str(fmt) == "table":
        cols = ["report_ref", "event_date", "sub_event_type", "actor1", "location", "fatalities",
                "confidence", "validation"]  # fmt: skip
        from eventdata.cli import _table

        write(
            _table(cols, [tuple(_jsonable(r[c]) for c in cols) for r in events.to_dict("records")])
        )
        return 0
    for rec in events.to_dict("records"):
        failure = rec.pop("validation")
        obj = {k: _jsonable(rec[k]) for k in [*EVENT_COLUMNS, "report_ref", "confidence"]}
        if failure:
            obj["validation_failures"] = failure
        write(json.dumps(obj, ensure_ascii=False))
    return 0
