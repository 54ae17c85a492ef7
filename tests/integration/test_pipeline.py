"""The whole flow on a temporary folder: release, catalog, incremental rerun, history."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import duckdb
import pytest

from eventdata.catalog import NotReadOnly, run_query
from eventdata.publish import verify_release
from schemas import EVENT_COLUMNS

pytestmark = pytest.mark.integration

KZ = """---
title: Oil workers rally in Zhanaozen
source: Steppe Courier
source_scale: National
published: 2023-04-11
country: Kazakhstan
---
On Tuesday, several hundred oil workers gathered on the central square of Zhanaozen in the
Mangystau region, demanding the release of colleagues detained in Astana.
"""

KE = """---
title: Police fire tear gas at traders in Nairobi
source: Lakeside Daily
published: 2024-03-07
country: Kenya
---
Police in Nairobi fired tear gas on Wednesday to disperse about 200 traders who had marched
to City Hall to protest against new market fees. Several traders were arrested.
"""

NG = '{"text": "Gunmen killed five villagers in an overnight attack on a village near Bokkos in Plateau State, police said on Monday.", "published": "2024-01-15", "source": "Plateau Voice", "country": "Nigeria"}\n{"text": "not json\n'


def _raw(tmp: Path) -> Path:
    raw = tmp / "raw"
    (raw / "feeds").mkdir(parents=True)
    (raw / "kz.md").write_text(KZ, encoding="utf-8")
    (raw / "ke.txt").write_text(KE, encoding="utf-8")
    (raw / "feeds" / "ng.jsonl").write_text(NG, encoding="utf-8")
    (raw / "empty.txt").write_text("", encoding="utf-8")
    return raw


T1 = dt.datetime(2024, 3, 8, 6, 0, tzinfo=dt.UTC)
T2 = dt.datetime(2024, 3, 9, 6, 0, tzinfo=dt.UTC)


def test_pipeline_end_to_end(tmp_path: Path, prefect_harness: None) -> None:
    from flows.pipeline import pipeline

    raw, curated = _raw(tmp_path), tmp_path / "curated"
    s1 = pipeline(raw_dir=raw, curated_dir=curated, release_time=T1, batch_size=2)
    assert s1["version"] == "2024-03-08"
    rel = curated / "releases" / "2024-03-08"
    assert verify_release(rel) == []
    con = duckdb.connect()
    cols = [
        r[0]
        for r in con.execute(
            f"DESCRIBE SELECT * FROM read_parquet('{rel / 'events.parquet'}')"
        ).fetchall()
    ]
    assert cols == list(EVENT_COLUMNS)
    countries = {
        r[0]
        for r in con.execute(
            f"SELECT country FROM read_parquet('{rel / 'events.parquet'}')"
        ).fetchall()
    }
    assert {"Kazakhstan", "Kenya", "Nigeria"} <= countries
    # Every raw file is accounted for, and the bad line and empty file are quarantined.
    assert s1["files"] == 4
    reasons = {
        r[0]
        for r in con.execute(
            f"SELECT reason FROM read_parquet('{rel / 'quarantine.parquet'}')"
        ).fetchall()
    }
    assert {"empty", "broken json line"} <= reasons

    # The catalog answers every view, read-only.
    for view in (
        "events",
        "events_all",
        "releases",
        "changes",
        "event_sources",
        "reports",
        "quarantine",
    ):
        run_query(curated, f"SELECT count(*) FROM {view}")
    with pytest.raises(NotReadOnly):
        run_query(curated, f"COPY (SELECT 1) TO '{tmp_path / 'x.csv'}'")

    # Nothing new: no release.
    s2 = pipeline(raw_dir=raw, curated_dir=curated, release_time=T2)
    assert s2["nothing_new"] and s2["version"] is None
    assert s2["reports_coded"] == 0

    # Remove the Kenyan report: its event is withdrawn and listed as deleted.
    ke_ids = {
        r[0]
        for r in con.execute(
            f"SELECT event_id_cnty FROM read_parquet('{rel / 'events.parquet'}') "
            "WHERE country = 'Kenya'"
        ).fetchall()
    }
    (raw / "ke.txt").unlink()
    s3 = pipeline(raw_dir=raw, curated_dir=curated, release_time=T2)
    assert s3["version"] == "2024-03-09" and s3["deleted"] == len(ke_ids) > 0
    rel3 = curated / "releases" / "2024-03-09"
    deleted = {
        r[0]
        for r in con.execute(
            f"SELECT event_id_cnty FROM read_parquet('{rel3 / 'deleted.parquet'}')"
        ).fetchall()
    }
    assert deleted == ke_ids
    kept = con.execute(
        f"SELECT event_id_cnty, timestamp FROM read_parquet('{rel3 / 'events.parquet'}') ORDER BY 1"
    ).fetchall()
    before = dict(
        con.execute(
            f"SELECT event_id_cnty, timestamp FROM read_parquet('{rel / 'events.parquet'}')"
        ).fetchall()
    )
    assert all(before[eid] == ts for eid, ts in kept)  # ids and timestamps kept
    manifest = json.loads((rel3 / "manifest.json").read_text())
    assert manifest["previous_version"] == "2024-03-08"
    changes = run_query(
        curated, "SELECT change, count(*) FROM changes WHERE release = '2024-03-09' GROUP BY 1"
    )[1]
    assert dict(changes).get("deleted") == len(ke_ids)


def test_two_runs_from_scratch_agree_byte_for_byte(tmp_path: Path, prefect_harness: None) -> None:
    from flows.pipeline import pipeline

    raw = _raw(tmp_path)
    outs = []
    for name in ("a", "b"):
        curated = tmp_path / name
        pipeline(
            raw_dir=raw, curated_dir=curated, release_time=T1, batch_size=1 if name == "a" else 50
        )
        outs.append((curated / "releases" / "2024-03-08" / "events.parquet").read_bytes())
        shutil.rmtree(curated / "cache")
    assert outs[0] == outs[1]
