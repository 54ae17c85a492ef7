"""The events schema catches what ACLED's rules forbid, and derives the arrow schema."""

from __future__ import annotations

import pandas as pd
import pytest

from eventdata.validate import failures, split_valid
from schemas import EVENT_COLUMNS, EventsModel
from schemas.codebook import inter_codes, taxonomy
from schemas.derive import arrow_schema
from tests.conftest import event_row


def _checks(**overrides: object) -> set[str]:
    return {f.check for f in failures(pd.DataFrame([event_row(**overrides)]), EventsModel)}


def test_exactly_acleds_31_columns_in_order() -> None:
    assert len(EVENT_COLUMNS) == 31
    assert EVENT_COLUMNS[:4] == ("event_id_cnty", "event_date", "year", "time_precision")
    assert EVENT_COLUMNS[-3:] == ("fatalities", "tags", "timestamp")
    assert arrow_schema(EventsModel).names == list(EVENT_COLUMNS)


def test_valid_row_passes() -> None:
    assert failures(pd.DataFrame([event_row()]), EventsModel) == []


@pytest.mark.parametrize(
    ("overrides", "check"),
    [
        ({"sub_event_type": "Armed clash"}, "sub_event_type_belongs_to_event_type"),
        ({"disorder_type": "Political violence"}, "disorder_type_follows_from_sub_event_type"),
        ({"interaction": "State forces-Protesters"}, "interaction_follows_from_inter1_inter2"),
        ({"year": 2022}, "year_is_year_of_event_date"),
        ({"latitude": 123.0}, "less_than_or_equal_to(90)"),
        ({"longitude": -181.0}, "greater_than_or_equal_to(-180)"),
        ({"geo_precision": 4}, "isin([1, 2, 3])"),
        ({"fatalities": -1}, "greater_than_or_equal_to(0)"),
        ({"event_id_cnty": "KZ12"}, "str_matches('^[A-Z]{3}\\d+$')"),
        ({"event_id_cnty": "KEN12"}, "event_id_prefix_is_country_iso3"),
        ({"tags": None}, "protests_and_riots_have_crowd_size_tag"),
        ({"source_scale": "Galactic"}, "source_scale_known"),
        ({"latitude": -33.9, "longitude": 18.4}, "coordinates_fall_in_the_country"),
    ],
)
def test_rules_catch_bad_rows(overrides: dict, check: str) -> None:
    assert check in _checks(**overrides)


def test_split_valid_keeps_good_rows_and_names_failures() -> None:
    df = pd.DataFrame([event_row(), event_row(event_id_cnty="KAZ2", latitude=123.0)])
    good, bad = split_valid(df, EventsModel)
    assert list(good["event_id_cnty"]) == ["KAZ1"]
    assert list(bad) == [1]
    assert "latitude" in {f.column for f in bad[1]}


def test_taxonomy_has_25_sub_event_types_in_6_types() -> None:
    tax = taxonomy()
    assert len(tax.sub_event_types) == 25
    assert len(tax.event_types) == 6
    assert tax.precedence("Armed clash") < tax.precedence("Peaceful protest")


def test_interaction_lower_code_first() -> None:
    codes = inter_codes()
    assert codes.interaction("Protesters", "State forces") == "State forces-Protesters"
    assert codes.interaction("Rioters", None) == "Rioters only"
    assert codes.numeric_interaction("Protesters", "State forces") == 16
    assert codes.numeric_interaction("Protesters", None) == 60
    with pytest.raises(ValueError, match="unknown inter category"):
        codes.interaction("Aliens", None)
