"""Mentions become events: merging across reports, precedence, stable ids, deletions."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from eventdata.consolidate import Previous, consolidate
from eventdata.rules import strongest

D = dt.date(2023, 4, 11)


def mention(**kw: object) -> dict:
    base = {
        "event_date": D, "year": 2023, "time_precision": 1,
        "disorder_type": "Demonstrations", "event_type": "Protests",
        "sub_event_type": "Peaceful protest", "actor1": "Protesters (Kazakhstan)",
        "assoc_actor_1": None, "inter1": "Protesters", "actor2": None, "assoc_actor_2": None,
        "inter2": None, "interaction": "Protesters only", "civilian_targeting": None,
        "iso": 398, "region": "Central Asia and the Caucasus", "country": "Kazakhstan",
        "admin1": "Mangystau", "admin2": None, "admin3": None, "location": "Zhanaozen",
        "latitude": 43.3412, "longitude": 52.8619, "geo_precision": 1, "source": "Wire A",
        "source_scale": "National", "notes": "On 11 April 2023, people protested.",
        "fatalities": 0, "tags": "crowd size=no report", "iso3": "KAZ", "crowd_size": None,
        "arrests": None, "report_id": "a" * 32, "report_ref": "a.txt", "sentence_start": 0,
        "sentence_end": 40, "confidence": 0.8, "problem": None,
    }  # fmt: skip
    base.update(kw)
    return base


def test_precedence_and_combinations() -> None:
    assert (
        strongest(["Peaceful protest", "Protest with intervention"]) == "Protest with intervention"
    )
    assert strongest(["Peaceful protest", "Arrests"]) == "Protest with intervention"
    assert strongest(["Air/drone strike", "Armed clash"]) == "Armed clash"
    assert strongest(["Abduction/forced disappearance", "Attack"]) == "Attack"


def test_two_reports_of_one_event_merge_with_both_sources() -> None:
    m = pd.DataFrame(
        [
            mention(),
            mention(
                report_id="b" * 32,
                report_ref="b.txt",
                source="Wire B",
                source_scale="International",
                sub_event_type="Protest with intervention",
                actor2="Police Forces of Kazakhstan (2019-)",
                inter2="State forces",
                assoc_actor_1="Women (Kazakhstan)",
                crowd_size="several hundred",
            ),
        ]
    )
    out = consolidate(m, Previous(), release_ts=100)
    assert len(out.events) == 1
    ev = out.events.iloc[0]
    assert ev["sub_event_type"] == "Protest with intervention"
    assert ev["source"] == "Wire A; Wire B"
    assert ev["source_scale"] == "National-International"
    assert ev["interaction"] == "State forces-Protesters"
    assert ev["tags"] == "crowd size=several hundred"
    assert ev["event_id_cnty"] == "KAZ1"
    assert sorted(out.sources["report_ref"]) == ["a.txt", "b.txt"]


def test_different_days_or_places_stay_apart() -> None:
    m = pd.DataFrame(
        [mention(), mention(event_date=dt.date(2023, 4, 5)), mention(location="Aktau")]
    )
    assert len(consolidate(m, Previous(), 100).events) == 3


def test_lowest_reported_fatalities_win() -> None:
    m = pd.DataFrame(
        [
            mention(sub_event_type="Armed clash", event_type="Battles", fatalities=7),
            mention(
                sub_event_type="Armed clash",
                event_type="Battles",
                fatalities=5,
                report_id="b" * 32,
                report_ref="b.txt",
            ),
        ]
    )
    assert int(consolidate(m, Previous(), 100).events.iloc[0]["fatalities"]) == 5


def test_ids_are_kept_edits_get_new_timestamp_and_removals_are_deleted() -> None:
    first = consolidate(
        pd.DataFrame(
            [mention(), mention(location="Aktau", report_id="c" * 32, report_ref="c.txt")]
        ),
        Previous(),
        release_ts=100,
    )
    ids = dict(zip(first.events["location"], first.events["event_id_cnty"], strict=True))
    prev = Previous(
        version="v1", events=first.events, sources=first.sources,
        id_high_water=first.id_high_water,
    )  # fmt: skip
    # The Zhanaozen report now says the crowd was several hundred; the Aktau report is gone;
    # a new report brings a new event.
    second = consolidate(
        pd.DataFrame(
            [
                mention(crowd_size="several hundred"),
                mention(location="Atyrau", admin1="Atyrau", report_id="d" * 32, report_ref="d.txt"),
            ]
        ),
        prev,
        release_ts=200,
    )
    got = dict(zip(second.events["location"], second.events["event_id_cnty"], strict=True))
    assert got["Zhanaozen"] == ids["Zhanaozen"]
    assert got["Atyrau"] == "KAZ3"  # after the high-water mark, never reusing KAZ2
    assert list(second.deleted["event_id_cnty"]) == [ids["Aktau"]]
    stamps = dict(zip(second.events["location"], second.events["timestamp"], strict=True))
    assert stamps["Zhanaozen"] == 200
    assert second.changes == {"added": 1, "changed": 1, "deleted": 1}


def test_unchanged_event_keeps_its_timestamp() -> None:
    first = consolidate(pd.DataFrame([mention()]), Previous(), release_ts=100)
    prev = Previous("v1", first.events, first.sources, first.id_high_water)
    again = consolidate(pd.DataFrame([mention()]), prev, release_ts=200)
    assert again.events.iloc[0]["timestamp"] == 100
    assert again.changes == {"added": 0, "changed": 0, "deleted": 0}


def test_missing_texts_from_frames_do_not_break_notes() -> None:
    from eventdata.notes import write_notes

    row = mention(sub_event_type="Arrests", event_type="Strategic developments")
    row.update(actor2=float("nan"), assoc_actor_2=float("nan"), assoc_actor_1=float("nan"))
    assert write_notes(row).startswith("On 11 April 2023")
