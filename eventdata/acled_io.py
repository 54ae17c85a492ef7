"""ACLED's file layouts: validating a file against the events schema, exporting CSV.

ACLED's exports changed in March 2023 (text inter codes, `disorder_type`,
`civilian_targeting`, `tags`; no `event_id_no_cnty`). A file in an older layout
is recognised and named as such, rather than reported as 31 failures.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from eventdata.publish import read_release_table
from eventdata.releases import latest_version
from eventdata.validate import failures
from schemas import EVENT_COLUMNS, EventsModel
from schemas.codebook import inter_codes

LEGACY_MARKERS = ("event_id_no_cnty", "data_id", "iso3", "geo_precis")


def read_table(path: Path) -> pd.DataFrame:
    if path.suffix.lower() == ".parquet":
        return pd.read_parquet(path)
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])


def legacy_layout(columns: list[str], frame: pd.DataFrame) -> str | None:
    """A description of the older ACLED layout the columns follow, or None."""
    cols = set(columns)
    signs = [m for m in LEGACY_MARKERS if m in cols]
    missing_new = [c for c in ("disorder_type", "civilian_targeting", "tags") if c not in cols]
    numeric_inter = False
    if "inter1" in frame:
        numeric_inter = (
            frame["inter1"].dropna().astype(str).str.fullmatch(r"\d").all()
            and len(frame["inter1"].dropna()) > 0
        )
    if signs or (missing_new and "event_id_cnty" in cols) or numeric_inter:
        parts = []
        if signs:
            parts.append("columns " + ", ".join(signs))
        if missing_new:
            parts.append("no " + ", ".join(missing_new))
        if numeric_inter:
            parts.append("numeric inter codes")
        return "ACLED's export layout from before March 2023 (" + "; ".join(parts) + ")"
    return None


def _coerce(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or str(out[col].dtype) == "str":
            out[col] = out[col].where(out[col].notna() & out[col].astype(str).ne(""), None)
    return out


def validate_file(path: Path, write: Callable[[str], None]) -> int:
    """Check a file against the events schema; print each failure; 1 if any, 0 if none."""
    if not path.is_file():
        write(f"{path}: no such file")
        return 2
    frame = read_table(path)
    legacy = legacy_layout(list(frame.columns), frame)
    if legacy:
        write(
            f"{path}: this file follows {legacy}. eventdata validates the current layout "
            f"(31 columns from event_id_cnty to timestamp, text inter codes); convert it first."
        )
        return 1
    cols = list(frame.columns)
    if cols != list(EVENT_COLUMNS):
        missing = [c for c in EVENT_COLUMNS if c not in cols]
        extra = [c for c in cols if c not in EVENT_COLUMNS]
        if missing or extra:
            write(f"{path}: columns differ from ACLED's 31: missing {missing}, unexpected {extra}")
            return 1
        write(f"{path}: columns are not in ACLED's order")
        return 1
    found = failures(_coerce(frame), EventsModel)
    for f in found:
        row = f"row {f.row + 1}" if f.row >= 0 else "all rows"
        write(f"{row}, column {f.column}: failed {f.check} (value: {f.value})")
    if found:
        write(f"{path}: {len(found)} failure(s) in {len(frame)} rows")
        return 1
    write(f"{path}: {len(frame)} rows valid against the events schema")
    return 0


def to_acled_csv(events: pd.DataFrame, numeric_inter: bool = False) -> str:
    """ACLED's CSV layout: the 31 columns, empty strings for missing values."""
    out = events[list(EVENT_COLUMNS)].copy()
    out["event_date"] = pd.to_datetime(out["event_date"]).dt.strftime("%Y-%m-%d")
    if numeric_inter:
        codes = inter_codes()
        i1 = out["inter1"].map(codes.code_of)
        i2 = out["inter2"].map(lambda v: codes.code_of.get(v, 0) if isinstance(v, str) else 0)
        out["interaction"] = [
            codes.numeric_interaction(a, b if isinstance(b, str) else None)
            for a, b in zip(out["inter1"], out["inter2"], strict=True)
        ]
        out["inter1"], out["inter2"] = i1, i2
    buf = io.StringIO()
    out.to_csv(buf, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return buf.getvalue()


def export_csv(
    curated: Path, release: str | None, numeric_inter: bool, out: Path | None
) -> Path | None:
    version = release or latest_version(curated)
    if version is None:
        raise FileNotFoundError(f"no release in {curated}")
    text = to_acled_csv(read_release_table(curated, version, "events"), numeric_inter)
    if out is None:
        sys.stdout.write(text)
        return None
    out.write_text(text, encoding="utf-8")
    return out
