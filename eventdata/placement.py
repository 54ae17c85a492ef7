"""Day and place accuracy of coded events, measured the way issue 4's targets are stated.

Why a second score next to event F1: the article benchmark matches a gold event only
when type, day and place all agree, so "date accuracy on matched events" is 1.0 by
construction and says nothing about how well days and places are read.  Here each gold
event is *aligned* with the predicted event of its report that describes it best
(same event type, else same day and place), whatever its day and place, and then
judged on the four targets: the right day, the right time_precision, the right admin1,
and a point within 30 km of the gold place (or the right admin1 where the gold knows
only the region, geo_precision 3).

Shares are given over the aligned gold events (how well an event found is placed and
dated) and over all gold events (an event not found counts as wrong), so neither figure
hides the other.  Gold coordinates come from the gold file (``latitude``/``longitude``)
or, when absent, from a ``gold_point`` callable (the CLI passes a gazetteer lookup of
the gold place name); gold events with no coordinates are left out of the 30 km share.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from eventdata.evaluate import (
    FIELDS,
    _is_missing,
    _norm_date,
    _norm_field,
    _norm_int,
    _norm_text,
    _place_agrees,
    _safe_div,
    _table,
)
from eventdata.normalise.geodesy import haversine_km

RADIUS_KM = 30.0
# Alignment weights: the type says which event it is; day and place break ties between
# several events of one type in a report, the other fields between the remaining ones.
_W_TYPE, _W_DAY, _W_PLACE = 8, 3, 3

GoldPoint = Callable[[str, str, str], tuple[float, float] | None]


@dataclass
class PlacementScores:
    """Issue-4 shares; ``rows`` holds one line per aligned gold event for debugging."""

    n_gold: int
    n_aligned: int
    n_with_point: int  # aligned gold events with coordinates or geo_precision 3
    day: float
    time_precision: float
    admin1: float
    within_30km: float
    day_all: float  # the same, over all gold events
    time_precision_all: float
    admin1_all: float
    within_30km_all: float
    rows: pd.DataFrame


def _days_apart(a: Any, b: Any) -> int:
    try:
        return abs((pd.Timestamp(_norm_date(a)) - pd.Timestamp(_norm_date(b))).days)
    except ValueError:
        return 10_000


def _fit(g: pd.Series, p: pd.Series) -> tuple[int, int]:
    """How well a prediction fits a gold event: weighted agreement, then nearness in days."""
    same_type = _norm_text(g["event_type"]) == _norm_text(p.get("event_type"))
    same_day = _norm_date(g["event_date"]) == _norm_date(p.get("event_date"))
    same_place = _place_agrees(g, p)
    score = _W_TYPE * same_type + _W_DAY * same_day + _W_PLACE * same_place + sum(
        _norm_field(f, g.get(f)) == _norm_field(f, p.get(f))
        for f in FIELDS if f not in ("event_date", "location"))
    return score, -_days_apart(g["event_date"], p.get("event_date"))


def align_events(gold: pd.DataFrame, pred: pd.DataFrame) -> list[tuple[Any, Any]]:
    """One-to-one alignment of one report's gold and predicted events, best fit first.

    A pair is a candidate when the event type agrees, or when day and place both
    agree (a protest the coder called a riot is still the event whose day and place
    are being judged).
    """
    cands = []
    for gi, g in gold.iterrows():
        for pi, p in pred.iterrows():
            same_type = _norm_text(g["event_type"]) == _norm_text(p.get("event_type"))
            if same_type or (_norm_date(g["event_date"]) == _norm_date(p.get("event_date"))
                             and _place_agrees(g, p)):
                score, near = _fit(g, p)
                cands.append((-score, -near, str(gi), str(pi), gi, pi))
    cands.sort(key=lambda c: c[:4])
    used_g: set[Any] = set()
    used_p: set[Any] = set()
    out = []
    for *_, gi, pi in cands:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def _gold_point(g: pd.Series, gold_point: GoldPoint | None) -> tuple[float, float] | None:
    lat, lon = g.get("latitude"), g.get("longitude")
    if not _is_missing(lat) and not _is_missing(lon):
        return float(lat), float(lon)
    if gold_point is None:
        return None
    return gold_point(str(g["country"]), str(g["admin1"]), str(g["location"]))


def _float(value: Any) -> float | None:
    if _is_missing(value):
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


def _row(g: pd.Series, p: pd.Series, gold_point: GoldPoint | None) -> dict[str, Any]:
    admin1_ok = _norm_text(g["admin1"]) == _norm_text(p.get("admin1"))
    km: float | None = None
    point = _gold_point(g, gold_point)
    plat, plon = _float(p.get("latitude")), _float(p.get("longitude"))
    if point is not None and plat is not None and plon is not None:
        km = round(haversine_km(point[0], point[1], plat, plon), 1)
    region_only = _norm_int(g.get("geo_precision")) == "3"
    if region_only:
        place_ok: bool | None = admin1_ok
    elif km is not None:
        place_ok = km <= RADIUS_KM
    else:
        place_ok = None  # no gold point: not judged
    return {
        "report_ref": g["report_ref"], "event_type": g["event_type"],
        "gold_date": _norm_date(g["event_date"]), "pred_date": _norm_date(p.get("event_date")),
        "day_ok": _norm_date(g["event_date"]) == _norm_date(p.get("event_date")),
        "gold_tp": _norm_int(g.get("time_precision")), "pred_tp": _norm_int(
            p.get("time_precision")),
        "tp_ok": _norm_int(g.get("time_precision")) == _norm_int(p.get("time_precision")),
        "gold_admin1": g["admin1"], "pred_admin1": p.get("admin1"), "admin1_ok": admin1_ok,
        "gold_location": g["location"], "pred_location": p.get("location"), "km": km,
        "place_ok": place_ok,
    }


def score_placement(gold: pd.DataFrame, pred: pd.DataFrame,
                    gold_point: GoldPoint | None = None) -> PlacementScores:
    """Align per report, then the four shares over aligned and over all gold events."""
    rows: list[dict[str, Any]] = []
    for ref in sorted(set(gold["report_ref"])):
        g = gold[gold["report_ref"] == ref]
        p = pred[pred["report_ref"] == ref] if len(pred) else pred
        for gi, pi in align_events(g, p):
            rows.append(_row(g.loc[gi], p.loc[pi], gold_point))
    cols = ["report_ref", "event_type", "gold_date", "pred_date", "day_ok", "gold_tp", "pred_tp",
            "tp_ok", "gold_admin1", "pred_admin1", "admin1_ok", "gold_location", "pred_location",
            "km", "place_ok"]
    df = pd.DataFrame(rows, columns=cols)
    n_gold, n_al = len(gold), len(df)
    judged = df["place_ok"].dropna() if n_al else pd.Series(dtype=bool)
    # over all gold, the 30 km share counts only the gold events that can be judged
    judgeable = sum(_norm_int(g.get("geo_precision")) == "3"
                    or _gold_point(g, gold_point) is not None for _, g in gold.iterrows())
    return PlacementScores(
        n_gold=n_gold, n_aligned=n_al, n_with_point=len(judged),
        day=_safe_div(int(df["day_ok"].sum()), n_al),
        time_precision=_safe_div(int(df["tp_ok"].sum()), n_al),
        admin1=_safe_div(int(df["admin1_ok"].sum()), n_al),
        within_30km=_safe_div(int(judged.astype(bool).sum()), len(judged)),
        day_all=_safe_div(int(df["day_ok"].sum()), n_gold),
        time_precision_all=_safe_div(int(df["tp_ok"].sum()), n_gold),
        admin1_all=_safe_div(int(df["admin1_ok"].sum()), n_gold),
        within_30km_all=_safe_div(int(judged.astype(bool).sum()), judgeable),
        rows=df,
    )


def format_placement(s: PlacementScores, max_errors: int = 20) -> str:
    """Markdown: the four shares, then the aligned events that missed one of them."""
    head = pd.DataFrame([
        ("gold events", s.n_gold, ""), ("aligned with a prediction", s.n_aligned, ""),
        ("right day", s.day, s.day_all),
        ("right time_precision", s.time_precision, s.time_precision_all),
        ("right admin1", s.admin1, s.admin1_all),
        (f"within {RADIUS_KM:.0f} km (region-only gold: right admin1); "
         f"{s.n_with_point} judged", s.within_30km, s.within_30km_all)],
        columns=["metric", "over aligned", "over all gold"], dtype=object)
    parts = ["## Days and places (gold aligned by type, day and place free)", _table(head)]
    bad = s.rows[~(s.rows["day_ok"] & s.rows["tp_ok"] & s.rows["admin1_ok"])
                 | (s.rows["place_ok"] == False)]  # noqa: E712 (None is "not judged")
    if len(bad):
        parts += ["### Aligned events with a wrong day, precision or place",
                  _table(bad.drop(columns=["day_ok", "tp_ok", "admin1_ok"]).head(max_errors))]
    return "\n\n".join(parts) + "\n"


def gazetteer_point(country: str, admin1: str, location: str) -> tuple[float, float] | None:
    """The gazetteer's point for a gold place in the gold country and admin1: a town
    before a unit, then the most populous.  "City - District" looks up the city.  A
    namesake in another admin1 is no point (Behsud of Wardak is not Behsud of Nangarhar)."""
    from eventdata.normalise.gazetteer import KIND_PLACE, load_gazetteer
    from eventdata.normalise.places import country_record

    rec = country_record(country)
    if rec is None or not location:
        return None
    gaz = load_gazetteer()
    iso2, want = str(rec["iso2"]), _norm_text(admin1)
    best: tuple[tuple[bool, int], int] | None = None
    for name in dict.fromkeys([location, location.split(" - ")[0]]):
        for i in gaz.lookup_name(name):
            if gaz.iso2[i] != iso2 or (want and _norm_text(gaz.admin1[i]) != want):
                continue
            rank = (gaz.kind[i] == KIND_PLACE,
                    gaz.population[i] if gaz.kind[i] == KIND_PLACE else 0)
            if best is None or rank > best[0]:
                best = (rank, i)
        if best is not None:
            break
    if best is None:
        return None
    return gaz.lat[best[1]], gaz.lon[best[1]]
