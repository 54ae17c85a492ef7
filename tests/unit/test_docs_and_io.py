"""Derived documents stay in step with the schemas; ACLED's layouts are read and written."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from eventdata.acled_io import legacy_layout, to_acled_csv, validate_file
from eventdata.docs import DICTIONARY, render_dictionary
from eventdata.history import diff_events
from schemas import EVENT_COLUMNS
from tests.conftest import event_row


def test_data_dictionary_is_up_to_date() -> None:
    assert DICTIONARY.read_text(encoding="utf-8") == render_dictionary(), (
        "docs/data-dictionary.md is stale: run `eventdata docs`"
    )


def test_dictionary_lists_every_event_column() -> None:
    text = render_dictionary()
    for col in EVENT_COLUMNS:
        assert f"| `{col}` |" in text


def _write_csv(tmp_path: Path, rows: list[dict]) -> Path:
    path = tmp_path / "events.csv"
    path.write_text(to_acled_csv(pd.DataFrame(rows)), encoding="utf-8")
    return path


def test_validate_accepts_our_export(tmp_path: Path) -> None:
    lines: list[str] = []
    assert validate_file(_write_csv(tmp_path, [event_row()]), lines.append) == 0


def test_validate_names_row_column_and_check(tmp_path: Path) -> None:
    bad = [
        event_row(),
        event_row(event_id_cnty="KAZ2", latitude=123.0, sub_event_type="Armed clash"),
    ]
    lines: list[str] = []
    assert validate_file(_write_csv(tmp_path, bad), lines.append) == 1
    text = "\n".join(lines)
    assert "row 2, column latitude" in text
    assert "sub_event_type_belongs_to_event_type" in text


def test_older_acled_layout_is_recognised(tmp_path: Path) -> None:
    old = {k: v for k, v in event_row().items() if k not in ("disorder_type", "tags")}
    old = {"data_id": 1, "iso3": "KAZ", "event_id_no_cnty": 1, **old, "inter1": 6, "inter2": 0}
    path = tmp_path / "old.csv"
    pd.DataFrame([old]).to_csv(path, index=False)
    lines: list[str] = []
    assert validate_file(path, lines.append) == 1
    assert len(lines) == 1 and "before March 2023" in lines[0]
    assert legacy_layout(list(EVENT_COLUMNS), pd.DataFrame([event_row()])) is None


def test_numeric_inter_export() -> None:
    row = event_row(
        sub_event_type="Protest with intervention", actor2="Police Forces of Kazakhstan (2019-)",
        inter2="State forces", interaction="State forces-Protesters",
    )  # fmt: skip
    text = to_acled_csv(pd.DataFrame([row]), numeric_inter=True)
    out = pd.read_csv(pd.io.common.StringIO(text))
    assert (out.loc[0, "inter1"], out.loc[0, "inter2"], out.loc[0, "interaction"]) == (6, 1, 16)


def test_diff_names_changed_columns() -> None:
    a = pd.DataFrame([event_row(), event_row(event_id_cnty="KAZ2")])
    b = pd.DataFrame([event_row(fatalities=2), event_row(event_id_cnty="KAZ3")])
    added, changed, deleted = diff_events(a, b)
    assert (added, deleted) == (["KAZ3"], ["KAZ2"])
    assert changed == {"KAZ1": ["fatalities"]}
