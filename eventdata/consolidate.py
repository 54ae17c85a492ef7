"""Mentions from many reports -> one row per real-world event, with ids that never move.

The previous release is an input: an event that it already holds keeps its
`event_id_cnty` (and its timestamp unless a column changed); new events get the
next numbers after the country's high-water mark recorded in that release, in
an order fixed by their content, so that reruns give the same ids.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import pandas as pd

from eventdata.notes import write_notes
from eventdata.rules import rules, strongest
from eventdata.version import coder_version
from schemas import EVENT_COLUMNS
from schemas.codebook import inter_codes, taxonomy

log = logging.getLogger(__name__)

_GROUP = ["iso3", "event_date", "admin1", "location", "_class"]


@dataclass
class Previous:
    """What the next run needs of the previous release."""

    version: str | None = None
    events: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(EVENT_COLUMNS)))
    sources: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["event_id_cnty", "report_id"])
    )
    id_high_water: dict[str, int] = field(default_factory=dict)


@dataclass
class Consolidated:
    events: pd.DataFrame  # ACLED's 31 columns
    sources: pd.DataFrame  # event_sources rows
    deleted: pd.DataFrame  # event_id_cnty, deleted_timestamp
    changes: dict[str, int]
    id_high_water: dict[str, int]
    changed_ids: list[str]


def _class(df: pd.DataFrame) -> pd.Series:
    cls = df["sub_event_type"].map(rules().merge_class)
    join = rules().arrests_join
    demo_keys = set(
        map(tuple, df.loc[cls == join, ["iso3", "event_date", "admin1", "location"]].to_numpy())
    )
    is_arrest = df["sub_event_type"].eq("Arrests")
    if "standalone" in df:  # an arrest that set off a demonstration did not happen at it
        is_arrest &= ~df["standalone"].fillna(False).astype(bool)
    joins = [
        bool(a) and tuple(k) in demo_keys
        for a, k in zip(
            is_arrest, df[["iso3", "event_date", "admin1", "location"]].to_numpy(), strict=True
        )
    ]
    return cls.mask(pd.Series(joins, index=df.index), join)


def _combine_scales(values: list[str]) -> str:
    order = inter_codes().source_scales
    parts = sorted({p for v in values for p in str(v).split("-") if p in order}, key=order.index)
    if not parts:
        return "Other"
    return parts[0] if len(parts) == 1 else f"{parts[0]}-{parts[-1]}"


def _join_unique(values: list) -> str | None:
    out: list[str] = []
    for v in values:
        if v is None or (isinstance(v, float) and pd.isna(v)):
            continue
        for part in str(v).split("; "):
            if part and part not in out:
                out.append(part)
    return "; ".join(out) or None


def _present(v: object) -> bool:
    return isinstance(v, str) and v != ""


def _merge_group(g: list[dict]) -> dict:
    """One event from the mentions of one group (plain records: this runs once per event)."""
    tax = taxonomy()
    sub = strongest(r["sub_event_type"] for r in g)
    ranked = sorted(
        g, key=lambda r: (r["sub_event_type"] != sub, -float(r["confidence"]), r["report_ref"])
    )
    lead = ranked[0]
    row = {c: lead.get(c) for c in EVENT_COLUMNS if c in lead}
    deaths = [int(r["fatalities"]) for r in g if int(r["fatalities"]) > 0]
    row["fatalities"] = min(deaths) if deaths else 0
    row["sub_event_type"] = sub
    row["event_type"] = tax.event_type_of[sub]
    row["disorder_type"] = tax.disorder_type_of[sub]
    by_ref = sorted(g, key=lambda r: r["report_ref"])
    row["source"] = _join_unique([r["source"] for r in by_ref])
    row["source_scale"] = _combine_scales([r["source_scale"] for r in g])
    row["assoc_actor_1"] = _join_unique([r["assoc_actor_1"] for r in ranked])
    if not _present(row.get("actor2")):
        with_a2 = next((r for r in ranked if _present(r.get("actor2"))), None)
        if with_a2 is not None:
            row["actor2"] = with_a2["actor2"]
            row["inter2"] = with_a2["inter2"]
            row["assoc_actor_2"] = with_a2["assoc_actor_2"]
    if _present(row.get("inter1")):
        inter2 = row["inter2"] if _present(row.get("inter2")) else None
        row["interaction"] = inter_codes().interaction(row["inter1"], inter2)
    crowd = next((r["crowd_size"] for r in ranked if _present(r.get("crowd_size"))), None)
    if row["event_type"] in ("Protests", "Riots"):
        row["tags"] = f"crowd size={crowd or 'no report'}"
    else:
        row["tags"] = None
    if sub != lead["sub_event_type"]:
        facts = dict(row, crowd_size=crowd, arrests=lead.get("arrests"), notes=None)
        row["notes"] = write_notes(facts)
    best = max(float(r["confidence"]) for r in g)
    row["_confidence"] = min(1.0, best * (1 + 0.05 * (len(g) - 1)))
    row["_reports"] = tuple(sorted({r["report_id"] for r in g}))
    row["iso3"] = lead["iso3"]
    return row


def merge_mentions(
    mentions: pd.DataFrame, *, within_reports: bool = False
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(events without ids, with `_key` linking to mentions; mentions with their `_key`).

    `within_reports` keeps each report's events apart (for `eventdata code`).
    """
    if mentions.empty:
        return pd.DataFrame(columns=[*EVENT_COLUMNS, "iso3", "_key"]), mentions.assign(_key=[])
    m = mentions.copy()
    m["_class"] = _class(m)
    group = [*_GROUP, "report_ref"] if within_reports else _GROUP
    m["_key"] = m.groupby(group, sort=True, dropna=False).ngroup()
    groups: dict[int, list[dict]] = {}
    for rec in m.to_dict("records"):
        groups.setdefault(rec["_key"], []).append(rec)
    rows = [dict(_merge_group(groups[k]), _key=k) for k in sorted(groups)]
    return pd.DataFrame(rows), m


def _match(new: pd.DataFrame, new_reports: dict[int, set[str]], prev: Previous) -> dict[int, str]:
    """Previous id for each new event key that is the same event (greedy by score)."""
    if prev.events.empty or new.empty:
        return {}
    reports_of: dict[str, set[str]] = {}
    for eid, rid in prev.sources[["event_id_cnty", "report_id"]].itertuples(index=False):
        reports_of.setdefault(eid, set()).add(rid)
    by_report: dict[str, set[str]] = {}
    for eid, rids in reports_of.items():
        for rid in rids:
            by_report.setdefault(rid, set()).add(eid)
    pe = prev.events.set_index("event_id_cnty")
    pdate = pd.to_datetime(pe["event_date"]).dt.date
    by_place: dict[tuple, set[str]] = {}
    for eid, date, loc, country in zip(pe.index, pdate, pe["location"], pe["country"], strict=True):
        by_place.setdefault((country, date, loc), set()).add(eid)
    scored: list[tuple[int, str, int]] = []
    for rec in new.to_dict("records"):
        key = rec["_key"]
        date = pd.Timestamp(rec["event_date"]).date()
        cands = set(by_place.get((rec["country"], date, rec["location"]), set()))
        for rid in new_reports.get(key, ()):
            cands |= by_report.get(rid, set())
        for eid in cands:
            same_date = pdate[eid] == date
            same_loc = pe.at[eid, "location"] == rec["location"]
            shared = bool(reports_of.get(eid, set()) & new_reports.get(key, set()))
            same_type = pe.at[eid, "event_type"] == rec["event_type"]
            if not ((shared and (same_date or same_loc)) or (same_date and same_loc and same_type)):
                continue
            score = 4 * same_date + 2 * same_loc + 2 * shared + same_type
            scored.append((-score, eid, key))
    scored.sort()
    taken_ids: set[str] = set()
    out: dict[int, str] = {}
    for _, eid, key in scored:
        if eid in taken_ids or key in out:
            continue
        out[key] = eid
        taken_ids.add(eid)
    return out


def consolidate(mentions: pd.DataFrame, prev: Previous, release_ts: int) -> Consolidated:
    """Events with stable ids and timestamps, their sources, and the deletions."""
    events, m = merge_mentions(mentions)
    new_reports: dict[int, set[str]] = {}
    for key, rid in zip(m["_key"], m["report_id"], strict=True):
        new_reports.setdefault(key, set()).add(rid)
    matched = _match(events, new_reports, prev)
    high = dict(prev.id_high_water)
    for eid in prev.events.get("event_id_cnty", pd.Series(dtype=str)):
        iso3, num = eid[:3], int(eid[3:])
        high[iso3] = max(high.get(iso3, 0), num)
    ids: dict[int, str] = dict(matched)
    if len(events):
        fresh = events[~events["_key"].isin(list(matched))].copy()
        fresh["_first_report"] = fresh["_reports"].map(lambda r: r[0])
        fresh = fresh.sort_values(
            ["iso3", "event_date", "location", "sub_event_type", "actor1", "_first_report"]
        )
        for rec in fresh.to_dict("records"):
            iso3 = rec["iso3"]
            high[iso3] = high.get(iso3, 0) + 1
            ids[rec["_key"]] = f"{iso3}{high[iso3]}"
    events["event_id_cnty"] = events["_key"].map(ids) if len(events) else []
    prev_by_id = prev.events.set_index("event_id_cnty") if len(prev.events) else None
    changed: list[str] = []
    stamps = []
    compare = [c for c in EVENT_COLUMNS if c not in ("event_id_cnty", "timestamp")]
    for rec in events.to_dict("records"):
        eid = rec["event_id_cnty"]
        if prev_by_id is not None and eid in prev_by_id.index:
            old = prev_by_id.loc[eid]
            if _differs(rec, old, compare):
                changed.append(eid)
                stamps.append(release_ts)
            else:
                stamps.append(int(old["timestamp"]))
        else:
            stamps.append(release_ts)
    events["timestamp"] = stamps
    kept = set(events["event_id_cnty"])
    gone = sorted(set(prev.events.get("event_id_cnty", [])) - kept)
    deleted = pd.DataFrame({"event_id_cnty": gone, "deleted_timestamp": [release_ts] * len(gone)})
    sources = _sources(m, ids)
    added = len(events) - len(matched)
    out = events[list(EVENT_COLUMNS)].sort_values("event_id_cnty", key=_id_sort_key)
    return Consolidated(
        events=out.reset_index(drop=True),
        sources=sources,
        deleted=deleted,
        changes={"added": added, "changed": len(changed), "deleted": len(gone)},
        id_high_water=dict(sorted(high.items())),
        changed_ids=sorted(changed),
    )


def _id_sort_key(s: pd.Series) -> pd.Series:
    return s.str[:3] + s.str[3:].str.zfill(12)


def _same(a: object, b: object) -> bool:
    na_a = a is None or (not isinstance(a, str) and pd.isna(a))
    na_b = b is None or (not isinstance(b, str) and pd.isna(b))
    if na_a or na_b:
        return na_a and na_b
    if isinstance(a, float) or isinstance(b, float):
        return abs(float(a) - float(b)) < 1e-9
    if hasattr(a, "date") and hasattr(b, "date"):
        return pd.Timestamp(a).date() == pd.Timestamp(b).date()
    return str(a) == str(b)


def _differs(new: dict, old: pd.Series, columns: list[str]) -> bool:
    return any(not _same(new.get(c), old.get(c)) for c in columns)


def _sources(m: pd.DataFrame, ids: dict[int, str]) -> pd.DataFrame:
    cols = [
        "event_id_cnty", "report_id", "report_ref", "source", "sentence_start", "sentence_end",
        "sub_event_type", "confidence", "coder_version",
    ]  # fmt: skip
    if m.empty:
        return pd.DataFrame(columns=cols)
    out = m.assign(event_id_cnty=m["_key"].map(ids), coder_version=coder_version())
    out = out[cols].sort_values(["event_id_cnty", "report_ref", "sentence_start"])
    return out.reset_index(drop=True)
