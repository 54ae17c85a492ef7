"""Runs a Pandera model over a frame and turns failures into rows a person can read.

Pandera reports a failing dataframe-level check once per column of each failing
row; users want one line per row and check, so failures are de-duplicated here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.errors as pa_errors
import pandera.pandas as pa


@dataclass(frozen=True)
class Failure:
    row: int  # positional row number in the frame
    column: str  # column, or "*" for a rule across columns
    check: str
    value: str


def failures(df: pd.DataFrame, model: type[pa.DataFrameModel]) -> list[Failure]:
    """Every failure of `df` against `model`, one per (row, column, check)."""
    frame = df.reset_index(drop=True)
    try:
        model.validate(frame, lazy=True)
        return []
    except pa_errors.SchemaErrors as err:
        cases = err.failure_cases
    out: dict[tuple, Failure] = {}
    for rec in cases.to_dict("records"):
        idx = rec.get("index")
        row = int(idx) if idx is not None and not pd.isna(idx) else -1
        context = str(rec.get("schema_context"))
        column = str(rec.get("column")) if context == "Column" else "*"
        check = str(rec.get("check"))
        key = (row, column if column != "*" else "*", check)
        if key not in out:
            out[key] = Failure(row, column, check, str(rec.get("failure_case"))[:200])
    return sorted(out.values(), key=lambda f: (f.row, f.column, f.check))


def split_valid(
    df: pd.DataFrame, model: type[pa.DataFrameModel]
) -> tuple[pd.DataFrame, dict[int, list[Failure]]]:
    """(rows that pass, failures by positional row of the rows that do not)."""
    frame = df.reset_index(drop=True)
    found = failures(frame, model)
    bad: dict[int, list[Failure]] = {}
    table_level = [f for f in found if f.row < 0]
    if table_level:
        # A failure that names no row (a missing column, a wrong dtype) fails them all.
        bad = {i: list(table_level) for i in range(len(frame))}
    for f in found:
        if f.row >= 0:
            bad.setdefault(f.row, []).append(f)
    keep = frame.drop(index=list(bad)).reset_index(drop=True)
    return keep, bad


def describe(fails: list[Failure]) -> str:
    """A compact reason: 'column: check (value)' joined by '; '."""
    return "; ".join(
        f"{f.column}: {f.check}" + (f" ({f.value})" if f.column != "*" else "") for f in fails
    )
