"""Unit tests of the day-and-place score (issue 4's targets) on tiny inline frames."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from eventdata.placement import align_events, gazetteer_point, haversine_km, score_placement


def _ev(**kw: Any) -> dict[str, Any]:
    base = {"report_ref": "a.md", "event_type": "Battles", "sub_event_type": "Armed clash",
            "event_date": "2025-05-10", "time_precision": 1, "actor1": "X", "actor2": "",
            "assoc_actor_1": "", "assoc_actor_2": "", "country": "Nigeria",
            "admin1": "Borno", "location": "Maiduguri", "geo_precision": 1, "fatalities": 0,
            "tags": "", "latitude": 11.8464, "longitude": 13.1603}
    return {**base, **kw}


def _frames(gold: list[dict[str, Any]], pred: list[dict[str, Any]]
            ) -> tuple[pd.DataFrame, pd.DataFrame]:
    return pd.DataFrame(gold).astype(object), pd.DataFrame(pred).astype(object)


def test_haversine_one_degree_of_latitude() -> None:
    assert haversine_km(0, 0, 1, 0) == pytest.approx(111.2, abs=0.1)


def test_wrong_day_and_far_place_are_counted_not_dropped() -> None:
    gold, pred = _frames([_ev()], [_ev(event_date="2025-05-09", latitude=12.5,
                                       longitude=13.16, location="Konduga")])
    s = score_placement(gold, pred)
    assert s.n_aligned == 1
    assert s.day == 0.0 and s.time_precision == 1.0 and s.admin1 == 1.0
    assert s.within_30km == 0.0  # 73 km north
    assert s.rows.loc[0, "km"] == pytest.approx(72.7, abs=1)


def test_unfound_event_lowers_the_share_over_all_gold_only() -> None:
    gold, pred = _frames([_ev(), _ev(event_type="Protests", sub_event_type="Peaceful protest")],
                         [_ev()])
    s = score_placement(gold, pred)
    assert (s.n_gold, s.n_aligned) == (2, 1)
    assert s.day == 1.0 and s.day_all == 0.5


def test_alignment_prefers_same_type_then_same_day() -> None:
    gold = pd.DataFrame([_ev(event_date="2025-05-10"), _ev(event_date="2025-05-12")])
    pred = pd.DataFrame([_ev(event_date="2025-05-12"), _ev(event_date="2025-05-11"),
                         _ev(event_type="Riots", sub_event_type="Mob violence",
                             event_date="2025-05-10")])
    pairs = dict(align_events(gold, pred))
    assert pairs[1] == 0  # the same day wins
    assert pairs[0] == 1  # the other battle, one day off, before a riot on the right day


def test_other_type_aligns_only_on_same_day_and_place() -> None:
    gold, pred = _frames([_ev()], [_ev(event_type="Riots", sub_event_type="Mob violence",
                                       event_date="2025-05-01")])
    assert align_events(gold, pred) == []
    gold, pred = _frames([_ev()], [_ev(event_type="Riots", sub_event_type="Mob violence")])
    assert align_events(gold, pred) == [(0, 0)]


def test_region_only_gold_is_judged_by_admin1() -> None:
    gold, pred = _frames([_ev(geo_precision=3, location="Borno", latitude=None,
                              longitude=None)],
                         [_ev(location="Bama", latitude=11.52, longitude=13.69)])
    s = score_placement(gold, pred)
    assert s.within_30km == 1.0 and s.n_with_point == 1


def test_gold_without_point_is_not_judged() -> None:
    gold, pred = _frames([_ev(latitude=None, longitude=None)], [_ev()])
    s = score_placement(gold, pred, gold_point=lambda c, a, loc: None)
    assert s.n_with_point == 0 and s.rows.loc[0, "place_ok"] is None


def test_gazetteer_point_keeps_to_the_gold_admin1() -> None:
    lat, lon = gazetteer_point("Nigeria", "Borno", "Maiduguri") or (0.0, 0.0)
    assert haversine_km(lat, lon, 11.8464, 13.1603) < 10
    assert gazetteer_point("Nigeria", "Lagos", "Maiduguri") is None
