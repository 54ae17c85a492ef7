"""The sample reports in raw/ are coded as a careful ACLED coder would (gold in tests/fixtures)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from eventdata.codecmd import code_frame, read_source
from eventdata.evaluate import score_articles
from tests.conftest import ROOT

pytestmark = pytest.mark.integration

RAW = ROOT / "raw"
GOLD = ROOT / "tests" / "fixtures" / "expected"


@pytest.fixture(scope="module")
def seed_like() -> pd.DataFrame:
    reports, quarantine = read_source(str(RAW / "kz_zhanaozen_workers_detained.txt"))
    assert quarantine.empty
    return code_frame(reports)


def test_background_years_make_no_events(seed_like: pd.DataFrame) -> None:
    dates = pd.to_datetime(seed_like["event_date"]).dt.date
    assert (dates >= dt.date(2024, 2, 1)).all(), "2011 and 2022 are background, not new events"
    assert int(seed_like["fatalities"].sum()) == 0, "background death tolls are not fatalities"


def test_workers_from_a_town_detained_in_the_capital_are_an_event_in_the_capital(
    seed_like: pd.DataFrame,
) -> None:
    astana = seed_like[seed_like["location"] == "Astana"]
    assert len(astana) == 1
    row = astana.iloc[0]
    assert row["sub_event_type"] in {"Protest with intervention", "Arrests"}
    assert str(pd.Timestamp(row["event_date"]).date()) == "2024-03-12"  # "Earlier today"
    assert row["actor2"] == "Police Forces of Kazakhstan (2019-)" or row["actor1"].startswith(
        "Police Forces of Kazakhstan"
    )


def test_last_week_is_a_week_precision_event(seed_like: pd.DataFrame) -> None:
    women = seed_like[seed_like["assoc_actor_1"].fillna("").str.contains("Women (Kazakhstan)", regex=False)]
    assert len(women) == 1
    row = women.iloc[0]
    assert (row["location"], int(row["time_precision"])) == ("Zhanaozen", 2)
    assert row["tags"] == "crowd size=dozens"


def test_every_event_has_notes_and_passes_validation(seed_like: pd.DataFrame) -> None:
    assert (seed_like["validation"] == "").all()
    assert seed_like["notes"].str.match(r"^(On|Around|In) ").all()


def test_every_sample_event_is_right() -> None:
    """Every gold event of every sample report is found, nothing else is, and every
    scored field agrees (the foundation issue's criterion; conventions in docs/evaluation.md)."""
    from eventdata.evaluate import field_disagreements

    scores = score_articles(GOLD, code_frame)
    assert scores.missed.empty, scores.missed[["report_ref", "sub_event_type", "event_date"]]
    assert scores.spurious.empty, scores.spurious[["report_ref", "sub_event_type", "event_date"]]
    wrong = field_disagreements(scores.pairs)
    assert wrong.empty, wrong.to_string()


def test_gold_files_exist_for_every_sample() -> None:
    samples = {p for p in RAW.rglob("*") if p.is_file()}
    covered = {Path(p.name.removesuffix(".gold.json").replace("__", "/")) for p in GOLD.glob("*.gold.json")}
    assert {p.relative_to(RAW) for p in samples} == covered


def test_code_preview_ids_are_unique_across_reports() -> None:
    """Two reports of one country get distinct preview ids, so the preview validates."""
    reports = pd.concat([read_source(str(p))[0] for p in sorted(RAW.rglob("*"))
                         if p.is_file() and not p.name.startswith(".")], ignore_index=True)
    events = code_frame(reports)
    assert events["iso"].duplicated().any(), "the samples have several events of one country"
    assert events["event_id_cnty"].is_unique
    assert not events["validation"].str.contains("field_uniqueness").any()
