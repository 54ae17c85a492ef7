"""The release writer: validation at the write edge, atomicity, checksums, determinism."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from eventdata.publish import (
    ReleaseError,
    clean_leftovers,
    next_version,
    sha256_file,
    verify_release,
    write_release,
)
from eventdata.releases import latest_version
from schemas import QuarantineModel, ReportsModel
from tests.conftest import event_row


def _tables(events: list[dict]) -> dict[str, pd.DataFrame]:
    return {
        "events": pd.DataFrame(events),
        "event_sources": pd.DataFrame(
            [
                {
                    "event_id_cnty": e["event_id_cnty"],
                    "report_id": "a" * 32,
                    "report_ref": "r.txt",
                    "source": "S",
                    "sentence_start": 0,
                    "sentence_end": 10,
                    "sub_event_type": e["sub_event_type"],
                    "confidence": 0.9,
                    "coder_version": "t",
                }
                for e in events
            ]
        ),
        "reports": pd.DataFrame(columns=list(ReportsModel.to_schema().columns)),
        "quarantine": pd.DataFrame(columns=list(QuarantineModel.to_schema().columns)),
        "deleted": pd.DataFrame({"event_id_cnty": ["KAZ9"], "deleted_timestamp": [5]}),
    }


def test_release_is_written_with_manifest_checksums(tmp_path: Path) -> None:
    rel = write_release(tmp_path, "2023-04-12", _tables([event_row()]), {"changes": {}})
    manifest = json.loads((rel.path / "manifest.json").read_text())
    assert manifest["row_counts"]["events"] == 1
    for name, digest in manifest["files"].items():
        assert sha256_file(rel.path / name) == digest
    assert verify_release(rel.path) == []
    assert latest_version(tmp_path) == "2023-04-12"
    pointer = json.loads((tmp_path / "latest.json").read_text())
    assert pointer == {"version": "2023-04-12", "path": "releases/2023-04-12"}


def test_invalid_events_never_reach_disk(tmp_path: Path) -> None:
    with pytest.raises(ReleaseError, match="latitude"):
        write_release(tmp_path, "2023-04-12", _tables([event_row(latitude=123.0)]), {})
    assert not (tmp_path / "releases" / "2023-04-12").exists()
    assert latest_version(tmp_path) is None


def test_same_tables_give_identical_bytes(tmp_path: Path) -> None:
    rows = [event_row(event_id_cnty="KAZ2"), event_row(event_id_cnty="KAZ10")]
    a = write_release(tmp_path / "a", "2023-04-12", _tables(rows), {})
    b = write_release(tmp_path / "b", "2023-04-12", _tables(list(reversed(rows))), {})
    assert (a.path / "events.parquet").read_bytes() == (b.path / "events.parquet").read_bytes()
    ids = pd.read_parquet(a.path / "events.parquet")["event_id_cnty"].tolist()
    assert ids == ["KAZ2", "KAZ10"]


def test_second_release_of_a_day_gets_a_suffix(tmp_path: Path) -> None:
    when = dt.datetime(2023, 4, 12, 6, tzinfo=dt.UTC)
    assert next_version(tmp_path, when) == "2023-04-12"
    write_release(tmp_path, "2023-04-12", _tables([event_row()]), {})
    assert next_version(tmp_path, when) == "2023-04-12_2"


def test_leftovers_of_a_killed_run_are_removed(tmp_path: Path) -> None:
    (tmp_path / "releases" / ".tmp-release-2023-04-12-99").mkdir(parents=True)
    (tmp_path / ".latest.json.99.tmp").write_text("{")
    removed = clean_leftovers(tmp_path)
    assert len(removed) == 2
    assert not any(p.name.startswith(".tmp") for p in (tmp_path / "releases").iterdir())


def test_tampered_file_is_detected(tmp_path: Path) -> None:
    rel = write_release(tmp_path, "2023-04-12", _tables([event_row()]), {})
    (rel.path / "deleted.parquet").write_bytes(b"junk")
    assert verify_release(rel.path) == ["deleted.parquet: checksum does not match the manifest"]
