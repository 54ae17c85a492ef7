"""What changed between two releases: added, changed (with the columns), deleted."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from eventdata.publish import read_release_table
from schemas import EVENT_COLUMNS


@dataclass
class ReleaseDiff:
    a: str
    b: str
    added: list[str]
    changed: dict[str, list[str]]  # event id -> columns that changed
    deleted: list[str]


def _norm(v: object) -> object:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if isinstance(v, float):
        return round(v, 6)
    if hasattr(v, "isoformat"):
        return pd.Timestamp(v).date().isoformat()
    return v


def diff_events(
    a: pd.DataFrame, b: pd.DataFrame
) -> tuple[list[str], dict[str, list[str]], list[str]]:
    ia = a.set_index("event_id_cnty")
    ib = b.set_index("event_id_cnty")
    added = sorted(set(ib.index) - set(ia.index))
    deleted = sorted(set(ia.index) - set(ib.index))
    changed: dict[str, list[str]] = {}
    # The timestamp of every changed row moves; naming it would only repeat "changed".
    cols = [c for c in EVENT_COLUMNS if c not in ("event_id_cnty", "timestamp")]
    for eid in sorted(set(ia.index) & set(ib.index)):
        ra, rb = ia.loc[eid], ib.loc[eid]
        diff = [c for c in cols if _norm(ra[c]) != _norm(rb[c])]
        if diff:
            changed[eid] = diff
    return added, changed, deleted


def diff_releases(curated: Path, a: str, b: str) -> ReleaseDiff:
    ea = read_release_table(curated, a, "events")
    eb = read_release_table(curated, b, "events")
    added, changed, deleted = diff_events(ea, eb)
    return ReleaseDiff(a, b, added, changed, deleted)


def format_diff(d: ReleaseDiff) -> str:
    lines = [
        f"{d.a} -> {d.b}: {len(d.added)} added, {len(d.changed)} changed, {len(d.deleted)} deleted"
    ]
    lines += [f"+ {e}" for e in d.added]
    lines += [f"~ {e}: {', '.join(cols)}" for e, cols in d.changed.items()]
    lines += [f"- {e}" for e in d.deleted]
    return "\n".join(lines)
