"""Unit tests for eventdata.normalise.dates: forms, resolution rules, noise, speed paths."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from eventdata.normalise import dates as D
from eventdata.normalise.dates import (
    attribution_date,
    find_dates,
    parse_published,
    reference_date,
)

TUE = dt.date(2023, 4, 11)  # a Tuesday
SAT = dt.date(2023, 4, 15)
JAN3 = dt.date(2023, 1, 3)


def one(text: str, ref: dt.date | None = TUE, **kw: object) -> D.DateMention:
    found = find_dates(text, ref, **kw)  # type: ignore[arg-type]
    assert len(found) == 1, found
    return found[0]


# --- explicit dates --------------------------------------------------------

@pytest.mark.parametrize("text", [
    "On 11 April 2023 police dispersed",
    "on April 11, 2023, police dispersed",
    "the 11th of April 2023",
    "Tuesday, 11 April 2023",
    "Tue, 11 Apr 2023",
    "dated 11.04.2023",
    "dated 11/04/2023",
    "dated 2023-04-11T10:00",
    "APRIL 11TH, 2023",
    "Apr. 11 2023",
])
def test_explicit_full_dates(text: str) -> None:
    m = one(text, ref=None)
    assert (m.date, m.precision, m.explicit_year, m.relative) == (TUE, 1, True, False)
    assert text[m.start:m.end] == m.text


def test_ordinal_day_month_year() -> None:
    m = one("On 2nd January 2022, the protesters started rallies")
    assert m.date == dt.date(2022, 1, 2) and m.text == "2nd January 2022"


def test_day_month_without_year_takes_latest_not_after_ref() -> None:
    assert one("on 28 December", ref=JAN3).date == dt.date(2022, 12, 28)
    assert one("on 2 January", ref=JAN3).date == dt.date(2023, 1, 2)
    assert one("on April 11", ref=TUE).date == TUE
    assert not one("on 28 December", ref=JAN3).explicit_year
    # Half a year or more ahead: last year's day; sooner, a plan ("the vote on 12 April").
    assert one("on 12 October", ref=TUE).date == dt.date(2022, 10, 12)
    assert find_dates("the vote on April 12", TUE) == []
    assert find_dates("the vote on 12 April", TUE) == []


def test_ordinal_words_need_the_and_of() -> None:
    assert one("on the first of May 2022").date == dt.date(2022, 5, 1)
    assert one("the Twenty-First of March").date == dt.date(2023, 3, 21)
    assert find_dates("a first May Day rally", TUE) == []


def test_leap_day_without_year_goes_back_to_a_leap_year() -> None:
    assert one("on 29 February", ref=dt.date(2023, 5, 1)).date == dt.date(2020, 2, 29)


def test_day_month_without_year_and_without_ref_is_skipped() -> None:
    assert find_dates("on 11 April police fired", None) == []


def test_explicit_date_after_ref_is_kept_as_written() -> None:
    assert one("the vote on 5 May 2031").date == dt.date(2031, 5, 5)


def test_impossible_dates_are_not_dates() -> None:
    assert find_dates("on 30/02/2023 and 2023-02-30", TUE) == []
    # A typo'd day still tells the month.
    m = one("on 31 April 2023")
    assert (m.date, m.precision, m.text) == (dt.date(2023, 4, 15), 3, "April 2023")


# --- numeric day/month ambiguity ------------------------------------------------

def test_numeric_dayfirst_and_monthfirst() -> None:
    ref = dt.date(2023, 12, 31)
    assert one("04/05/2023", ref=ref).date == dt.date(2023, 5, 4)
    assert one("04/05/2023", ref=ref, dayfirst=False).date == dt.date(2023, 4, 5)


def test_numeric_first_number_over_12_is_the_day() -> None:
    assert one("13/04/2023", dayfirst=False).date == dt.date(2023, 4, 13)
    assert one("04/13/2023").date == dt.date(2023, 4, 13)


def test_numeric_reading_after_ref_loses_to_the_one_before() -> None:
    # dayfirst reads 4 May (after 11 April); 5 April is not after ref.
    assert one("04/05/2023", ref=TUE).date == dt.date(2023, 4, 5)


def test_two_digit_years_only_with_slashes() -> None:
    assert one("on 11/04/23").date == TUE
    assert find_dates("version 4.5.23 and score 10-11-12", TUE) == []


# --- months, years, ranges ---------------------------------------------------------

def test_month_and_year_is_mid_month_precision_3() -> None:
    m = one("protests in January 2022 spread")
    assert (m.date, m.precision, m.explicit_year) == (dt.date(2022, 1, 15), 3, True)


@pytest.mark.parametrize("text, day", [
    ("in early March", 1), ("at the beginning of March", 1), ("in mid-March", 15),
    ("in late March", 31), ("by the end of March", 31), ("in March", 15),
])
def test_month_modifiers(text: str, day: int) -> None:
    m = one(text)
    assert (m.date, m.precision) == (dt.date(2023, 3, day), 3)


def test_month_without_year_is_last_such_month_and_clamped_to_ref() -> None:
    assert one("since December", ref=JAN3).date == dt.date(2022, 12, 15)
    assert one("in late April").date == TUE  # 30 April would be after ref
    assert one("last April").date == dt.date(2022, 4, 15)


def test_bare_month_name_needs_a_cue() -> None:
    assert find_dates("April Ryan asked the minister", TUE) == []
    assert find_dates("police may detain them", TUE) == []
    assert find_dates("police may 5 times", TUE) == []


def test_bare_year_is_background_mid_year() -> None:
    m = one("In 2011 police opened fire on strikers")
    assert (m.date, m.precision, m.explicit_year, m.text) == (dt.date(2011, 7, 1), 3, True, "2011")


@pytest.mark.parametrize("text", [
    "between 10 and 12 April", "10-12 April", "10 to 12 April",
    "from the 10th to the 12th of April", "April 10-12", "April 10 to 12th", "10\u201312 April",
])
def test_ranges_take_the_middle_day(text: str) -> None:
    m = one(text, ref=SAT)
    assert (m.date, m.precision) == (dt.date(2023, 4, 11), 2)


def test_long_range_is_month_precision() -> None:
    assert one("1-25 March 2023").precision == 3


def test_month_day_and_count_is_not_a_range() -> None:
    dates_found = find_dates("On April 10 and 12 people were hurt", SAT)
    assert [m.date for m in dates_found] == [dt.date(2023, 4, 10)]


# --- relative forms ------------------------------------------------------------------

@pytest.mark.parametrize("text, expected, precision", [
    ("earlier today", TUE, 1),
    ("this morning", TUE, 1),
    ("tonight", TUE, 1),
    ("overnight", TUE, 1),  # the night just ended, told the day it ended
    ("last night", dt.date(2023, 4, 10), 1),
    ("yesterday", dt.date(2023, 4, 10), 1),
    ("the day before yesterday", dt.date(2023, 4, 9), 1),
    ("on Tuesday", TUE, 1),
    ("on Tuesday night", TUE, 1),
    ("on Monday morning", dt.date(2023, 4, 10), 1),
    ("on Wednesday", dt.date(2023, 4, 5), 1),
    ("last Tuesday", dt.date(2023, 4, 4), 1),
    ("last Monday", dt.date(2023, 4, 10), 1),
    ("last week", dt.date(2023, 4, 5), 2),
    ("this week", dt.date(2023, 4, 10), 2),
    ("over the weekend", dt.date(2023, 4, 8), 2),
    ("last month", dt.date(2023, 3, 15), 3),
    ("earlier this month", dt.date(2023, 4, 6), 3),
    ("last year", dt.date(2022, 7, 1), 3),
    ("two days ago", dt.date(2023, 4, 9), 1),
    ("3 days ago", dt.date(2023, 4, 8), 1),
    ("a week ago", dt.date(2023, 4, 4), 2),
    ("a few days ago", dt.date(2023, 4, 8), 2),
    ("over the past three days", dt.date(2023, 4, 10), 2),
    ("the previous day", dt.date(2023, 4, 10), 1),
    ("on the 5th", dt.date(2023, 4, 5), 1),
    ("on the 20th", dt.date(2023, 3, 20), 1),
])
def test_relative_forms(text: str, expected: dt.date, precision: int) -> None:
    m = one(text)
    assert (m.date, m.precision, m.relative, m.explicit_year) == (expected, precision, True, False)


def test_weekday_on_a_saturday_reference() -> None:
    assert one("on Saturday", ref=SAT).date == SAT
    assert one("last Saturday", ref=SAT).date == dt.date(2023, 4, 8)
    assert one("at the weekend", ref=SAT).date == SAT
    assert one("at the weekend", ref=dt.date(2023, 4, 16)).date == SAT
    assert one("this week", ref=dt.date(2023, 4, 16)).date == dt.date(2023, 4, 13)


def test_relative_forms_need_a_reference() -> None:
    assert find_dates("On Tuesday, yesterday, last week, two days ago, on the 5th", None) == []


def test_future_and_vague_forms_are_not_resolved() -> None:
    text = "Recently, in recent weeks and in recent days they said they would rally next Friday"
    assert find_dates(text, TUE) == []


def test_anchor_forms() -> None:
    anchor = dt.date(2023, 4, 5)
    assert one("the previous day", anchor=anchor).date == dt.date(2023, 4, 4)
    assert one("the next day", anchor=anchor).date == dt.date(2023, 4, 6)
    assert one("later that day", anchor=anchor).date == anchor
    assert one("three days later", anchor=anchor).date == dt.date(2023, 4, 8)
    assert find_dates("the next day", TUE) == []  # needs an anchor
    assert find_dates("the next day", TUE, anchor=TUE) == []  # would be after ref


def test_weekday_names_in_names_are_not_dates() -> None:
    assert find_dates("the Good Friday Agreement and Bloody Sunday", TUE) == []
    assert [m.text for m in find_dates("the Sunday Times said on Monday", TUE)] == ["Monday"]


def test_weekday_of_last_week() -> None:
    m = one("on Friday last week, police")
    assert (m.date, m.text) == (dt.date(2023, 4, 7), "Friday last week")
    assert one("on Monday of last week").date == dt.date(2023, 4, 3)


def test_fortnight_and_hours() -> None:
    assert (one("a fortnight ago").date, one("a fortnight ago").precision) == (
        dt.date(2023, 3, 28), 2)
    assert one("two hours ago").date == TUE
    assert one("30 hours ago").date == dt.date(2023, 4, 10)
    assert one("48 hours ago").date == dt.date(2023, 4, 9)


def test_month_of_year_and_counts_after_of() -> None:
    assert one("in January of 2011").date == dt.date(2011, 1, 15)
    assert find_dates("a crowd of 2000 gathered", TUE) == []
    assert one("since the year 2011").date == dt.date(2011, 7, 1)


# --- noise -------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "at 10:30 local time", "nearly 24 hours", "1,000 people", "COVID-19 cases", "the G20 summit",
    "UN Resolution 2254", "call +7 701 234 5678", "a 4-3 win", "a crowd of 2000 people",
    "the 11th anniversary", "a 2.5 km march", "in 2000 people",
])
def test_noise_is_not_a_date(text: str) -> None:
    assert find_dates(text, TUE) == []


def test_several_dates_in_order_with_offsets() -> None:
    text = "On Tuesday, after rallies on 2 January 2022 and last week, police acted yesterday."
    found = find_dates(text, TUE)
    assert [m.text for m in found] == ["Tuesday", "2 January 2022", "last week", "yesterday"]
    assert all(text[m.start:m.end] == m.text for m in found)


def test_length_changing_lowercase_keeps_offsets() -> None:
    text = "İstanbul: on 11 April 2023 police detained İmamoğlu supporters"
    m = one(text)
    assert m.date == TUE and text[m.start:m.end] == "11 April 2023"


# --- published, reference, attribution -----------------------------------------------

@pytest.mark.parametrize("value", [
    "2023-04-11", "2023-04-11T10:00:00Z", "2023-04-11T23:30:00-05:00", "2023-04-11 10:00:00",
    "Tue, 11 Apr 2023 10:00:00 +0000", "11 April 2023", "April 11, 2023", "11.04.2023",
    "1681207200", "1681207200000", "20230411", "  2023-04-11  ",
])
def test_parse_published_forms(value: str) -> None:
    assert parse_published(value, now=dt.date(2024, 1, 1)) == (TUE, [])


def test_parse_published_prefers_the_reading_not_in_the_future() -> None:
    assert parse_published("04/11/2023", now=dt.date(2023, 5, 1)) == (TUE, [])
    assert parse_published("04/11/2023", now=dt.date(2024, 1, 1)) == (dt.date(2023, 11, 4), [])


def test_parse_published_problems() -> None:
    assert parse_published(None) == (None, [])
    date, problems = parse_published("foo")
    assert date is None and problems == ["published date unparseable: 'foo'"]
    date, problems = parse_published("2031-01-01", now=TUE)
    assert date is None and problems == ["published date in the future: 2031-01-01"]


def test_reference_date() -> None:
    assert reference_date(TUE, "on 1 May 2024") == (TUE, "published")
    text = "On 2 January 2022 they rallied. — X (@x) April 11, 2023. In 2011 ..."
    assert reference_date(None, text) == (TUE, "newest date in text")
    assert reference_date(None, "On Tuesday they rallied in May 2023") == (None, "none")


@pytest.mark.parametrize("line, expected", [
    ("\u2014 Dr. Jane Doe \ufffd\ufffd (@jdoe) April 11, 2023", TUE),
    ("\u2014 teleSUR English (@telesurenglish) January 7, 2022", dt.date(2022, 1, 7)),
    ("January 7, 2022", dt.date(2022, 1, 7)),
    ("10:00 AM \u00b7 Apr 11, 2023", TUE),
    ("Police detained 40 people on April 11, 2023", None),
    ("Unrest grows #Kazakhstan pic.twitter.com/2FXa \u2014 Some TV (@sometv) January 7, 2022",
     dt.date(2022, 1, 7)),
    ("\u2014 Jane Doe (@jdoe)\nApril 11, 2023", TUE),
    ("\u2014 Jane Doe on Tuesday, April 11, 2023", TUE),
    ("Protesters \u2014 hundreds of them \u2014 marched in the capital on 11 April 2023", None),
    ("\u2014 Jane Doe (@jdoe)", None),
    ("", None),
])
def test_attribution_date(line: str, expected: dt.date | None) -> None:
    assert attribution_date(line) == expected


# --- data file ----------------------------------------------------------------------

def test_unknown_rule_in_data_fails_at_load(tmp_path: Path) -> None:
    raw = yaml.safe_load(D.DATA_FILE.read_text(encoding="utf-8"))
    raw["relative"].append({"rule": "fortnightly", "phrases": ["every other week"]})
    bad = tmp_path / "dates.yaml"
    bad.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(ValueError, match="unknown rule"):
        D._vocab(bad)


def test_duplicate_phrase_in_data_fails_at_load(tmp_path: Path) -> None:
    raw = yaml.safe_load(D.DATA_FILE.read_text(encoding="utf-8"))
    raw["relative"].append({"rule": "days", "offset": -3, "phrases": ["yesterday"]})
    bad = tmp_path / "dates.yaml"
    bad.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(ValueError, match="listed twice"):
        D._vocab(bad)


def test_impossible_holiday_in_data_fails_at_load(tmp_path: Path) -> None:
    raw = yaml.safe_load(D.DATA_FILE.read_text(encoding="utf-8"))
    raw["holidays"]["flag day"] = [2, 30]
    bad = tmp_path / "dates.yaml"
    bad.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(ValueError, match="holidays"):
        D._vocab(bad)


def test_unknown_period_in_data_fails_at_load(tmp_path: Path) -> None:
    raw = yaml.safe_load(D.DATA_FILE.read_text(encoding="utf-8"))
    raw["relative"].append({"rule": "this_month", "period": "tail", "phrases": ["month end"]})
    bad = tmp_path / "dates.yaml"
    bad.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(ValueError, match="period"):
        D._vocab(bad)


def test_every_form_starts_at_a_starter_word() -> None:
    """The scan skips words no form begins with: a phrase added to the data starts one."""
    starters = D._grammar().starters
    assert {"overnight", "between", "christmas", "late", "next", "the"} <= starters
    assert "police" not in starters


# --- properties ---------------------------------------------------------------------

_PIECES = st.sampled_from([
    "on", "Tuesday", "last", "week", "11", "April", "2023", "/", "-", ".", "the", "12th",
    "between", "and", "ago", "two", "days", "yesterday", "overnight", "March", "may",
    "29", "February", "31", "0", "1999", "weekend", "previous", "day", "mid", ",", "İ", "\u2013",
    "overnight", "into", "night", "of", "first", "will", "Street", "Christmas", "07/06", "late",
    "end", "month", "Saturday", "to", "next", "earlier", "from", "after", "a", "Day",
])
_refs = st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2099, 12, 31))


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=80), ref=st.none() | _refs, dayfirst=st.booleans())
def test_no_input_crashes(text: str, ref: dt.date | None, dayfirst: bool) -> None:
    for m in find_dates(text, ref, dayfirst=dayfirst):
        assert text[m.start:m.end] == m.text and m.precision in (1, 2, 3)
    attribution_date(text)
    parse_published(text)
    reference_date(None, text)


@settings(max_examples=400, deadline=None)
@given(words=st.lists(_PIECES, max_size=8), ref=_refs,
       anchor=st.none() | _refs, dayfirst=st.booleans())
def test_resolved_relative_dates_never_after_ref(words: list[str], ref: dt.date,
                                                 anchor: dt.date | None, dayfirst: bool) -> None:
    text = " ".join(words)
    for m in find_dates(text, ref, dayfirst=dayfirst, anchor=anchor):
        if m.relative or not m.explicit_year:
            assert m.date <= ref, (text, m)


def _brute_force(text: str, ref: dt.date) -> list[tuple[int, int, dt.date]]:
    """The slow reference scan: try every character position, left to right."""
    grammar = D._grammar()
    resolve = D._resolver(D._Ctx(text, ref, None, True, D._vocab()))
    out, last_end = [], 0
    for pos in range(len(text)):
        if pos < last_end:
            continue
        hit = D._match_at(grammar.plain, text, pos, resolve)  # type: ignore[arg-type]
        if hit is not None:
            last_end = hit[0].end()
            if hit[1][1]:
                out.append((hit[0].start(), hit[0].end(), hit[1][0]))
    return out


@settings(max_examples=300, deadline=None)
@given(words=st.lists(_PIECES, max_size=10), ref=_refs)
def test_keyed_scan_equals_scanning_every_position(words: list[str], ref: dt.date) -> None:
    text = " ".join(words).lower()
    fast = [(m.start, m.end, m.date) for m in find_dates(text, ref)]
    assert fast == _brute_force(text, ref)


# --- background years told without a preposition ---------------------------

@pytest.mark.parametrize(("text", "year"), [
    ("It recalls the 2020-21 protests against the farm laws", 2021),
    ("the 2019–2020 uprising left hundreds dead", 2020),
    ("The protests of 2011 were crushed", 2011),
    ("the massacre of 2014 in the same town", 2014),
    ("The 2022 elections were disputed", 2022),
])
def test_year_named_with_its_event_is_a_background_year(text: str, year: int) -> None:
    d = one(text)
    assert (d.date.year, d.precision, d.explicit_year) == (year, 3, True)


@pytest.mark.parametrize("text", [
    "A crowd of 2000 gathered", "The 2000 protesters marched", "Resolution 2254 passed",
    "the 2023/24 budget was cut", "a 2020-2045 plan",
])
def test_numbers_that_are_not_background_years(text: str) -> None:
    assert find_dates(text, TUE) == []


def test_earlier_this_month_is_the_15th_once_past() -> None:
    d = one("Earlier this month, fighters looted the market", ref=dt.date(2025, 5, 22))
    assert (d.date, d.precision) == (dt.date(2025, 5, 15), 3)


# --- spans over two months, names, calendar months (second news corpus) ----------------

def test_two_days_joined_by_and_are_one_span_only_when_close() -> None:
    near = find_dates("Protesters marched on 30 March and 1 April", TUE)  # 3 days
    assert [(m.date, m.precision) for m in near] == [(dt.date(2023, 3, 31), 2)]
    far = find_dates("Protesters marched on 3 March and 1 April", TUE)
    assert [m.date for m in far] == [dt.date(2023, 3, 3), dt.date(2023, 4, 1)]
    between = one("between 3 March and 1 April 2023")
    assert (between.date, between.precision, between.explicit_year) == (
        dt.date(2023, 3, 17), 3, True)


def test_span_across_the_year_end() -> None:
    d = one("Rebels shelled the town from Dec. 30 to Jan. 1", ref=JAN3)
    assert (d.date, d.precision) == (dt.date(2022, 12, 31), 2)


def test_numeric_names_are_not_dates() -> None:
    assert find_dates("Troops were on 24/7 alert", TUE) == []
    assert find_dates("Security has been tight since 9/11", TUE) == []
    assert one("On 4/7, police fired tear gas", dayfirst=False).date == dt.date(2023, 4, 7)


def test_months_counted_back_are_calendar_months() -> None:
    ref = dt.date(2023, 3, 31)
    assert one("a month ago", ref=ref).date == dt.date(2023, 2, 28)
    assert one("two months ago", ref=ref).date == dt.date(2023, 1, 31)
    assert one("a year ago", ref=ref).date == dt.date(2022, 3, 31)


def test_month_last_year() -> None:
    assert one("in April last year").date == dt.date(2022, 4, 15)
    assert one("on 3 April last year").date == dt.date(2022, 4, 3)
    assert one("in April 2021, last year").date == dt.date(2021, 4, 15)


def test_weekday_before_a_capitalised_name() -> None:
    assert find_dates("Supporters of Sunday Igboho rallied", TUE) == []
    assert one("Protests Erupt Sunday In Lagos").date == dt.date(2023, 4, 9)
    assert one("Police said on Sunday Adeyemi was shot").date == dt.date(2023, 4, 9)


def test_reference_date_takes_a_span_by_its_end() -> None:
    assert reference_date(None, "Period covered: 2 - 8 April 2023") == (
        dt.date(2023, 4, 8), "newest date in text")
    assert reference_date(None, "From 27 March to 2 April 2023, 9 incidents") == (
        dt.date(2023, 4, 2), "newest date in text")


def test_bad_name_exceptions_in_data_fail_at_load(tmp_path: Path) -> None:
    raw = yaml.safe_load(D.DATA_FILE.read_text(encoding="utf-8"))
    raw["weekday_name_exceptions"] = "in, at"
    bad = tmp_path / "dates.yaml"
    bad.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(ValueError, match="weekday_name_exceptions"):
        D._vocab(bad)
