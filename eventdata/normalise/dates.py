"""Dates in news text: find them, resolve them against the report's date.

ACLED codes every event to a day with a ``time_precision`` (1 day, 2 a few
days or a week, 3 a month), and most dates in news are relative ("on
Tuesday", "last week", "overnight") and hang on the publication date.
dateparser gets several of these wrong and is far too slow for a pipeline
that must code hundreds of reports a second (~400 calls/s), so this module
compiles one regular expression from the vocabulary in
``eventdata/data/dates.yaml`` and resolves each match with plain date
arithmetic. The grammar (which forms exist) is code; every word is data.

Decisions a coder should know (see also the comments in the data file):

* Relative expressions never resolve after the reference date; when there is
  no reference date they are not resolved at all (skipped).
* "overnight" and "last night" resolve to the day before the reference date:
  ACLED codes overnight events to the day they began, and such reports are
  typically published the next morning.
* "the previous day" uses ``anchor`` (the sentence's previous date) when the
  caller gives one, else the reference date; "the next day" and "that day"
  need an anchor and are skipped without one.
* "earlier this month" resolves to the middle of the month's days up to the
  reference date, at precision 3 (only the month is known).
* "recently", "in recent weeks", "earlier this year" ... are consumed but never
  resolved: ACLED would not date an event from them.
* A day-month without a year ("28 December") takes the latest year that puts
  it on or before the reference date; a month without a year ("in April",
  "late April") likewise, and its day is clamped to the reference date.
* Explicit dates with a year are returned as written, even after the
  reference date: the coder decides what a future date means.
* A bare year after a cue ("in 2011", "since 2019") is returned as 1 July of
  that year, precision 3, ``explicit_year`` True: a background marker.
* "04/05/2023": day first unless ``dayfirst=False``; a number over 12 is the
  day; when only one reading is not after the reference date, it wins.
* A reading the grammar matches but the rules reject ("April 10 and 12
  people" is not a range) gives way to the next form at the same place.
* A night named by both its days is coded to the day it began: "the night of
  12-13 May" and "Saturday night into Sunday" are their first day, precision 1; a
  night named only by the day it ran into is that day ("overnight into Wednesday" is
  Wednesday); "overnight Tuesday" keeps the day it names.
* "between Monday and Wednesday" is the middle day, precision 2; "the first
  week of June" the middle of its seven days, precision 2.
* "early/late last week" are its Tuesday/Friday; "early/the end of last month"
  (or "of the month", "last year") its first/last day, precision 3; "last
  weekend" is one already over (on a Sunday, the weekend before).
* A day and month without a year up to ``future_window_days`` ahead of the
  reference date is a plan ("the vote on 20 June"): no date. So is a weekday
  after a future marker ("will meet on Friday") and "Friday next week".
* A day the sentence names anchors the relative phrases after it ("on 4 June
  and the next day"); "on Wednesday, a day after residents fled" dates the
  clause's event, not the sentence's: no date for "a day after".
* "15 May Street", "the 6 October Bridge": names, not dates. Fixed feasts
  ("Christmas Day") are their day; movable ones ("Eid al-Fitr") give no date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import email.utils
import functools
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventdata.types import DateMention
from eventdata.yamlfile import read_yaml

log = logging.getLogger(__name__)

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "dates.yaml"

_RULES = frozenset({"days", "last_week", "this_week", "weekend", "last_month", "this_month",
                    "last_year", "anchor", "vague"})
_WEEKDAY_MEANINGS = frozenset({"latest", "strict", "future"})
_PERIODS = frozenset({"first", "middle", "last"})
_DIRECTIONS = frozenset({"back_ref", "back_anchor", "forward_anchor"})
_KEYS = frozenset({"months", "capitalised_only", "weekdays", "weekday_blockers",
                   "weekday_followers", "weekday_last_week",
                   "weekday_modifiers", "day_parts", "period_modifiers", "month_prepositions",
                   "month_previous", "year_prepositions", "year_blockers", "year_event_nouns",
                   "day_only_prepositions", "day_only_blockers", "ordinal_suffixes",
                   "number_words", "approximate_numbers", "ordinal_words", "units",
                   "unit_directions",
                   "window_words", "window_max_days", "relative", "precheck_skip_words",
                   "weekday_next_week", "future_markers", "night_leads", "night_range_leads",
                   "weekday_range_leads", "weekday_range_joiners", "night_parts",
                   "week_ordinals", "date_name_nouns", "future_window_days", "holidays",
                   "clause_directions", "weekday_name_exceptions", "month_last_year",
                   "numeric_names"})

# Earliest and latest years taken as years (not counts) in text.
_YEAR = r"(?:19|20)\d\d"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
# Dashes of every width used between two days of a range.
_DASH_CHARS = r"\u2010-\u2015-"
_DASH = f"[{_DASH_CHARS}]"


@dataclass(frozen=True, slots=True)
class _Phrase:
    """How one fixed relative phrase resolves (see ``relative`` in the data file)."""

    rule: str
    offset: int
    precision: int
    fallback_ref: bool
    period: str | None  # "first"/"middle"/"last" of the week, month or year it names


@dataclass(frozen=True, slots=True)
class _Vocab:
    """The data file, checked and indexed once."""

    months: dict[str, int]
    month_names: frozenset[str]
    capitalised_only: frozenset[str]
    weekdays: dict[str, int]
    weekday_names: frozenset[str]
    weekday_blockers: frozenset[str]
    weekday_followers: frozenset[str]
    weekday_last_week: tuple[str, ...]
    weekday_modifiers: dict[str, str]
    day_parts: tuple[str, ...]
    period_modifiers: dict[str, str]
    month_prepositions: frozenset[str]
    month_previous: frozenset[str]
    year_prepositions: frozenset[str]
    year_blockers: frozenset[str]
    year_event_nouns: frozenset[str]
    day_only_prepositions: frozenset[str]
    day_only_blockers: frozenset[str]
    ordinal_suffixes: tuple[str, ...]
    ordinal_words: dict[str, int]
    number_words: dict[str, int]
    approximate: frozenset[str]
    units: dict[str, float]
    directions: dict[str, str]
    window_words: tuple[str, ...]
    window_max_days: int
    relative: dict[str, _Phrase]
    precheck_words: frozenset[str]
    weekday_next_week: tuple[str, ...]
    future_markers: tuple[str, ...]
    night_leads: dict[str, int]
    night_range_leads: tuple[str, ...]
    weekday_range_leads: frozenset[str]
    weekday_range_joiners: tuple[str, ...]
    night_parts: frozenset[str]
    week_ordinals: dict[str, int]
    date_name_nouns: frozenset[str]
    future_window_days: int
    holidays: dict[str, tuple[int, int]]
    clause_directions: frozenset[str]
    weekday_name_exceptions: frozenset[str]
    month_last_year: tuple[str, ...]
    numeric_names: frozenset[str]


def _norm(phrase: str) -> str:
    """Collapse case and whitespace so that data and matched text compare equal."""
    return " ".join(phrase.lower().split())


def _words(raw: Any, key: str) -> tuple[str, ...]:
    """A list of lower-case phrases from the data file, or a loud error."""
    if not isinstance(raw, list) or not all(isinstance(w, str) and w.strip() for w in raw):
        raise ValueError(f"{DATA_FILE.name}: {key} must be a list of non-empty strings")
    return tuple(dict.fromkeys(_norm(w) for w in raw))


def _mapping(raw: Any, key: str, allowed: frozenset[str] | None = None) -> dict[str, str]:
    """A phrase -> meaning table, with every meaning checked against ``allowed``."""
    if not isinstance(raw, dict):
        raise ValueError(f"{DATA_FILE.name}: {key} must be a mapping")
    out = {_norm(str(k)): str(v) for k, v in raw.items()}
    if allowed is not None:
        bad = sorted(v for v in out.values() if v not in allowed)
        if bad:
            raise ValueError(f"{DATA_FILE.name}: {key}: unknown value(s) {bad}")
    return out


def _calendar_names(raw: Any, key: str, lo: int, hi: int) -> tuple[dict[str, int], set[str]]:
    """Month or weekday names -> number, and the set of full names."""
    if not isinstance(raw, dict):
        raise ValueError(f"{DATA_FILE.name}: {key} must be a mapping")
    index: dict[str, int] = {}
    full: set[str] = set()
    for number, entry in raw.items():
        if not isinstance(number, int) or not lo <= number <= hi or not isinstance(entry, dict):
            raise ValueError(f"{DATA_FILE.name}: {key}: bad entry {number!r}")
        if set(entry) - {"names", "abbreviations"}:
            raise ValueError(f"{DATA_FILE.name}: {key} {number}: unknown fields {set(entry)}")
        names = _words(entry.get("names"), f"{key}.names")
        abbrs = _words(entry.get("abbreviations") or [], f"{key}.abbreviations")
        for word in names + abbrs:
            if word in index:
                raise ValueError(f"{DATA_FILE.name}: {key}: {word!r} listed twice")
            index[word] = number
        full.update(names)
    if sorted(set(index.values())) != list(range(lo, hi + 1)):
        raise ValueError(f"{DATA_FILE.name}: {key} must cover {lo}..{hi}")
    return index, full


def _int_table(raw: Any, key: str, lo: int, hi: int) -> dict[str, int]:
    """A phrase -> integer table with every value in ``lo..hi``, or a loud error."""
    if not isinstance(raw, dict) or not all(
            isinstance(v, int) and not isinstance(v, bool) and lo <= v <= hi
            for v in raw.values()):
        raise ValueError(f"{DATA_FILE.name}: {key} must map phrases to integers {lo}..{hi}")
    return {_norm(str(k)): v for k, v in raw.items()}


def _holidays(raw: Any) -> dict[str, tuple[int, int]]:
    """Fixed feasts -> (month, day), each a real calendar day."""
    if not isinstance(raw, dict):
        raise ValueError(f"{DATA_FILE.name}: holidays must be a mapping")
    out: dict[str, tuple[int, int]] = {}
    for name, value in raw.items():
        if (not isinstance(value, list) or len(value) != 2
                or _date(2000, *value) is None):  # 2000: a leap year allows 29 February
            raise ValueError(f"{DATA_FILE.name}: holidays: bad [month, day] for {name!r}")
        out[_norm(str(name)).replace("\u2019", "'")] = (value[0], value[1])
    return out


def _relative(raw: Any) -> dict[str, _Phrase]:
    """The fixed relative phrases, each phrase listed once."""
    if not isinstance(raw, list):
        raise ValueError(f"{DATA_FILE.name}: relative must be a list")
    out: dict[str, _Phrase] = {}
    for group in raw:
        if not isinstance(group, dict):
            raise ValueError(f"{DATA_FILE.name}: relative: bad group {group!r}")
        unknown = set(group) - {"rule", "offset", "precision", "fallback", "phrases", "period"}
        rule = group.get("rule")
        if unknown or rule not in _RULES:
            raise ValueError(f"{DATA_FILE.name}: relative: unknown rule or field in {group!r}")
        precision = int(group.get("precision", 1))
        fallback = group.get("fallback")
        period = group.get("period")
        if precision not in (1, 2, 3) or fallback not in (None, "ref") or period not in (
                None, *_PERIODS):
            raise ValueError(f"{DATA_FILE.name}: relative: bad precision/fallback/period in "
                             f"{group!r}")
        phrase = _Phrase(rule, int(group.get("offset", 0)), precision, fallback == "ref", period)
        for word in _words(group.get("phrases"), "relative.phrases"):
            if word in out:
                raise ValueError(f"{DATA_FILE.name}: relative: {word!r} listed twice")
            out[word] = phrase
    return out


@functools.cache
def _vocab(path: Path = DATA_FILE) -> _Vocab:
    """Read and check the data file once per process."""
    with open(path, encoding="utf-8") as fh:
        raw = read_yaml(fh.read())
    if not isinstance(raw, dict) or set(raw) != _KEYS:
        got = set(raw) if isinstance(raw, dict) else set()
        raise ValueError(f"{path.name}: keys missing {sorted(_KEYS - got)}, "
                         f"unknown {sorted(got - _KEYS)}")
    months, month_names = _calendar_names(raw["months"], "months", 1, 12)
    weekdays, weekday_names = _calendar_names(raw["weekdays"], "weekdays", 0, 6)
    numbers = raw["number_words"]
    units = raw["units"]
    if not isinstance(numbers, dict) or not all(isinstance(v, int) for v in numbers.values()):
        raise ValueError(f"{path.name}: number_words must map words to integers")
    if not isinstance(units, dict) or not all(
            isinstance(v, (int, float)) and v > 0 for v in units.values()):
        raise ValueError(f"{path.name}: units must map words to positive day counts")
    number_words = {_norm(k): v for k, v in numbers.items()}
    ordinals = raw["ordinal_words"]
    if not isinstance(ordinals, dict) or not all(
            isinstance(v, int) and 1 <= v <= 31 for v in ordinals.values()):
        raise ValueError(f"{path.name}: ordinal_words must map words to days 1..31")
    approximate = frozenset(_words(raw["approximate_numbers"], "approximate_numbers"))
    capitalised = frozenset(_words(raw["capitalised_only"], "capitalised_only"))
    if approximate - set(number_words) or capitalised - set(months):
        raise ValueError(f"{path.name}: approximate_numbers/capitalised_only name unknown words")
    relative = _relative(raw["relative"])
    skip = frozenset(_words(raw["precheck_skip_words"], "precheck_skip_words"))
    precheck_words: set[str] = set()
    for phrase, meaning in relative.items():
        keys = set(phrase.split()) - skip
        if not keys and meaning.rule != "vague":
            raise ValueError(f"{path.name}: relative phrase {phrase!r} has only skip words")
        precheck_words |= keys if meaning.rule != "vague" else set()
    holidays = _holidays(raw["holidays"])
    precheck_words |= {name.split()[-1] for name in holidays}  # "eve", "day"
    joiners = _words(raw["weekday_range_joiners"], "weekday_range_joiners")
    if "into" not in joiners:
        raise ValueError(f"{path.name}: weekday_range_joiners must hold 'into' (a night)")
    return _Vocab(
        months=months,
        month_names=frozenset(month_names),
        capitalised_only=capitalised,
        weekdays=weekdays,
        weekday_names=frozenset(weekday_names),
        weekday_blockers=frozenset(_words(raw["weekday_blockers"], "weekday_blockers")),
        weekday_followers=frozenset(_words(raw["weekday_followers"], "weekday_followers")),
        weekday_last_week=_words(raw["weekday_last_week"], "weekday_last_week"),
        weekday_modifiers=_mapping(raw["weekday_modifiers"], "weekday_modifiers",
                                   _WEEKDAY_MEANINGS),
        day_parts=_words(raw["day_parts"], "day_parts"),
        period_modifiers=_mapping(raw["period_modifiers"], "period_modifiers", _PERIODS),
        month_prepositions=frozenset(_words(raw["month_prepositions"], "month_prepositions")),
        month_previous=frozenset(_words(raw["month_previous"], "month_previous")),
        year_prepositions=frozenset(_words(raw["year_prepositions"], "year_prepositions")),
        year_blockers=frozenset(_words(raw["year_blockers"], "year_blockers")),
        year_event_nouns=frozenset(_words(raw["year_event_nouns"], "year_event_nouns")),
        day_only_prepositions=frozenset(_words(raw["day_only_prepositions"],
                                               "day_only_prepositions")),
        day_only_blockers=frozenset(_words(raw["day_only_blockers"], "day_only_blockers")),
        ordinal_suffixes=_words(raw["ordinal_suffixes"], "ordinal_suffixes"),
        ordinal_words={_norm(k): v for k, v in ordinals.items()},
        number_words=number_words,
        approximate=approximate,
        units={_norm(k): float(v) for k, v in units.items()},
        directions=_mapping(raw["unit_directions"], "unit_directions", _DIRECTIONS),
        window_words=_words(raw["window_words"], "window_words"),
        window_max_days=int(raw["window_max_days"]),
        relative=relative,
        precheck_words=frozenset(precheck_words),
        weekday_next_week=_words(raw["weekday_next_week"], "weekday_next_week"),
        future_markers=_words(raw["future_markers"], "future_markers"),
        night_leads=_int_table(raw["night_leads"], "night_leads", -1, 0),
        night_range_leads=_words(raw["night_range_leads"], "night_range_leads"),
        weekday_range_leads=frozenset(_words(raw["weekday_range_leads"],
                                             "weekday_range_leads")),
        weekday_range_joiners=joiners,
        night_parts=frozenset(_words(raw["night_parts"], "night_parts")),
        week_ordinals=_int_table(raw["week_ordinals"], "week_ordinals", -1, 5),
        date_name_nouns=frozenset(_words(raw["date_name_nouns"], "date_name_nouns")),
        future_window_days=int(raw["future_window_days"]),
        holidays=holidays,
        clause_directions=frozenset(_words(raw["clause_directions"], "clause_directions")),
        weekday_name_exceptions=frozenset(_words(raw["weekday_name_exceptions"],
                                                 "weekday_name_exceptions")),
        month_last_year=_words(raw["month_last_year"], "month_last_year"),
        numeric_names=frozenset(_words(raw["numeric_names"], "numeric_names")),
    )


# ---------------------------------------------------------------------------
# The grammar: one master pattern, one alternative per form, tried in order.
# ---------------------------------------------------------------------------

def _alt(words: Iterable[str]) -> str:
    """A non-capturing alternation, longest first so that a phrase beats its prefix."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


def _forms(v: _Vocab) -> list[tuple[str, str]]:
    """(name, pattern) of every date form, in the order they are tried at one position."""
    abbreviations = set(v.months) - v.month_names
    month = rf"\b(?:{_alt(v.month_names)}\b|{_alt(abbreviations)}(?:\.|\b))"
    wd_abbr = set(v.weekdays) - v.weekday_names
    wd_any = rf"\b(?:{_alt(v.weekday_names)}\b|{_alt(wd_abbr)}(?:\.|\b)),?\s+"
    ordinal = _alt(v.ordinal_suffixes)
    period = _alt(v.period_modifiers)
    number = r"(?:(?<![\d.,])\d{1,3}|\b" + _alt(v.number_words) + r")"
    unit = _alt(v.units) + r"\b"
    joiner = r"(?:\s*" + _DASH + r"\s*|\s+(?:to|and|until|till|through)\s+)"
    year_tail = rf"(?:(?:,?\s+|-)(?:of\s+)?(?P<{{p}}_y>{_YEAR})(?!\d))?"
    day_lead = r"(?<![\d.,:/])"
    day_tail = r"(?!\d|[.,:]\d)"

    def tail(prefix: str) -> str:
        return year_tail.format(p=prefix)

    weekday = rf"\b{_alt(v.weekday_names)}\b"
    parts = rf"(?:\s+{_alt(v.day_parts)}\b)?"
    week = _alt(w for w, days in v.units.items() if days == 7)
    wd_joiner = rf"(?P<wrg_j>\s*{_DASH}\s*|\s+{_alt(v.weekday_range_joiners)}\s+)"
    feasts = _alt(v.holidays).replace("'", "['\u2019]")
    last_year = rf"(?:,?\s+(?P<{{p}}_l>{_alt(v.month_last_year)})\b)?"
    span_lead = r"(?:\b(?P<{p}_s>between|from)\s+)?"
    month_joiner = rf"(?P<{{p}}_j>\s*{_DASH}\s*|\s+(?:to|and|until|till|through)\s+)"

    def lead(prefix: str) -> str:
        return span_lead.format(p=prefix)

    def last(prefix: str) -> str:
        return last_year.format(p=prefix)

    def mjoin(prefix: str) -> str:
        return month_joiner.format(p=prefix)

    return [
        ("rdm", rf"(?:\b(?:between|from)\s+)?(?:\bthe\s+)?{day_lead}(?P<rdm_a>{_DAY})(?:{ordinal})?"
                rf"{joiner}(?:the\s+)?(?P<rdm_b>{_DAY})(?:{ordinal})?(?:\s+of)?\s+"
                rf"(?P<rdm_m>{month}){tail('rdm')}"),
        ("rmd", rf"(?:\b(?:between|from)\s+)?(?P<rmd_m>{month})\s*(?P<rmd_a>{_DAY})(?:{ordinal})?"
                rf"(?P<rmd_j>{joiner})(?P<rmd_b>{_DAY})(?P<rmd_o>{ordinal})?{day_tail}"
                rf"{tail('rmd')}"),
        ("rdd", rf"{lead('rdd')}(?:{wd_any})?(?:\bthe\s+)?{day_lead}(?P<rdd_a>{_DAY})"
                rf"(?:{ordinal})?(?:\s+of)?\s+(?P<rdd_m>{month})(?:,?\s+(?P<rdd_x>{_YEAR}))?"
                rf"{mjoin('rdd')}(?:{wd_any})?(?:the\s+)?(?P<rdd_b>{_DAY})(?:{ordinal})?(?:\s+of)?\s+(?P<rdd_n>{month})"
                rf"{tail('rdd')}"),
        ("rmm", rf"{lead('rmm')}(?:{wd_any})?(?P<rmm_m>{month})\s*(?P<rmm_a>{_DAY})"
                rf"(?:{ordinal})?(?:,?\s+(?P<rmm_x>{_YEAR}))?{mjoin('rmm')}(?:{wd_any})?"
                rf"(?P<rmm_n>{month})\s*"
                rf"(?P<rmm_b>{_DAY})(?:{ordinal})?{day_tail}{tail('rmm')}"),
        ("dmy", rf"(?:{wd_any})?(?:\bthe\s+)?{day_lead}(?P<dmy_d>{_DAY}|\b"
                rf"{_alt(v.ordinal_words)}\b)(?:{ordinal})?"
                rf"(?:\s+of)?[\s{_DASH_CHARS}]+(?P<dmy_m>{month}){tail('dmy')}{last('dmy')}"),
        ("mdy", rf"(?:{wd_any})?(?P<mdy_m>{month})\s*(?:the\s+)?(?P<mdy_d>{_DAY})(?:{ordinal})?"
                rf"{day_tail}(?!\s*{_DASH}\s*\d){tail('mdy')}{last('mdy')}"),
        ("iso", rf"(?<![\d./-])(?P<iso_y>{_YEAR})(?P<iso_s>[-/.])(?P<iso_m>0?[1-9]|1[0-2])"
                rf"(?P=iso_s)(?P<iso_d>{_DAY})(?![\d]|[./-]\d)"),
        ("num", r"(?<![\d./-])(?P<num_a>\d{1,2})(?P<num_s>[-/.])(?P<num_b>\d{1,2})(?P=num_s)"
                r"(?P<num_y>\d{4}|\d{2})(?![\d]|[./-]\d)"),
        ("dmn", r"(?<![\d./-])(?P<dmn_a>\d\d?)/(?P<dmn_b>\d\d?)(?![\d/]|[.,]\d)"),
        ("hol", rf"\b(?P<hol_p>{feasts})\b"),
        ("wom", rf"(?:\bthe\s+)?\b(?P<wom_o>{_alt(v.week_ordinals)})\s+{week}\s+of\s+"
                rf"(?P<wom_m>{month}){tail('wom')}"),
        ("wrg", rf"(?:(?:\b(?:on|in)\s+)?(?:\bthe\s+)?\b(?P<wrg_l>"
                rf"{_alt((*v.night_range_leads, *v.weekday_range_leads))})\s+)?"
                rf"(?P<wrg_a>{weekday})(?:\s+(?P<wrg_p>{_alt(v.day_parts)})\b)?{wd_joiner}"
                rf"(?P<wrg_b>{weekday}){parts}"),
        ("wkd", rf"(?:\b(?P<wkd_l>{_alt(v.night_leads)})\s+)?"
                rf"(?:\b(?P<wkd_q>{_alt(v.weekday_modifiers)})\s+)?(?P<wkd_n>{weekday}){parts}"
                rf"(?:,?\s+(?P<wkd_w>{_alt(v.weekday_last_week)})\b)?"
                rf"(?:,?\s+(?P<wkd_x>{_alt(v.weekday_next_week)})\b)?"),
        ("fix", rf"\b(?:(?P<fix_q>{period})[\s{_DASH_CHARS}]+)?(?P<fix_p>{_alt(v.relative)})\b"),
        ("ago", rf"(?P<ago_n>{number})\s+(?P<ago_u>{unit})\s+"
                rf"(?P<ago_d>{_alt(v.directions)})\b"),
        ("win", rf"\bthe\s+(?:{_alt(v.window_words)})\s+(?:(?P<win_n>{number})\s+)?"
                rf"(?P<win_u>{unit})"),
        ("mrg", rf"{lead('mrg')}(?:\b(?P<mrg_q>{period})[\s{_DASH_CHARS}]*)?(?P<mrg_m>{month})"
                rf"(?:,?\s+(?P<mrg_x>{_YEAR}))?{mjoin('mrg')}"
                rf"(?:(?P<mrg_r>{period})[\s{_DASH_CHARS}]*)?(?P<mrg_n>{month}){tail('mrg')}"),
        ("mon", rf"(?:\b(?P<mon_q>{period})[\s{_DASH_CHARS}]*)?(?P<mon_m>{month}){tail('mon')}"
                rf"{last('mon')}"),
        ("yr", rf"(?:\b(?P<yr_q>{period})[\s{_DASH_CHARS}]*)?(?<![\d.,/])\b(?P<yr_y>{_YEAR})"
               rf"(?:[-–/](?P<yr_e>(?:19|20)?\d\d)(?!\d))?\b"
               r"(?![.,/-]?\d|\s*%)"),
        ("day", rf"\bthe\s+(?P<day_d>{_DAY})(?:{ordinal})\b"),
    ]


@dataclass(frozen=True, slots=True)
class _Patterns:
    """The master alternation and each form alone, compiled with one set of flags."""

    master: re.Pattern[str]
    forms: tuple[re.Pattern[str], ...]  # in master order
    order: dict[str, int]  # form name -> index in ``forms``


@dataclass(frozen=True, slots=True)
class _Grammar:
    """Compiled patterns; built once per process from the vocabulary."""

    plain: _Patterns  # run on lower-cased text
    icase: _Patterns  # for texts whose lower() changes their length
    plain_one: _Patterns  # the same without the forms that need two month words
    icase_one: _Patterns
    months: frozenset[str]  # month words, as tokens
    keys: frozenset[str]  # words without which a sentence holds no resolvable date
    starters: frozenset[str]  # words a form can begin with (besides digits)
    planned: re.Pattern[str]  # a future marker ending up to three words before a position
    night_before: re.Pattern[str]  # "night of [the]" ending just before a day range
    of_date: re.Pattern[str]  # " of 7-8 June" after a phrase: the phrase names that date


# A date form starts at most this many words before its first key word
# ("a couple of days ago", "over the past weekend").
_LOOKBACK = 5
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_WORD = re.compile(r"[^\W\d_]+")
_DIGIT = re.compile(r"\d")
# The same tokens and words where no letter or digit is outside ASCII (most news, curly
# quotes and dashes included): ASCII classes run about three times faster.
_TOKEN_ASCII = re.compile(r"[A-Za-z]+|[0-9]+")
_WORD_ASCII = re.compile(r"[A-Za-z]+")
_NON_ASCII_WORD = re.compile(r"[^\W\x00-\x7f]")


def _ascii_words(text: str) -> bool:
    """Are all the text's letters and digits ASCII (so the ASCII patterns are exact)?"""
    return text.isascii() or _NON_ASCII_WORD.search(text) is None


def _patterns(forms: list[tuple[str, str]], flags: int) -> _Patterns:
    """Compile the alternation of all forms, and each form on its own for retries."""
    wrapped = [f"(?P<{name}>{pattern})" for name, pattern in forms]
    return _Patterns(
        master=re.compile("|".join(wrapped), flags),
        forms=tuple(re.compile(w, flags) for w in wrapped),
        order={name: i for i, (name, _) in enumerate(forms)},
    )


# Words the patterns in ``_forms`` themselves begin with ("between 10 and 12 April",
# "the 11th", "the past three days").
_GLUE_STARTERS = frozenset({"between", "from", "the", "on", "in"})


def _starters(v: _Vocab) -> frozenset[str]:
    """The first word of every phrase a form can begin with: the scan skips other words.

    Must cover every form's first token (the property test that scans every position
    checks it); digits are always starts.
    """
    phrases: list[Iterable[str]] = [
        v.months, v.weekdays, v.relative, v.period_modifiers, v.weekday_modifiers,
        v.night_leads, v.night_range_leads, v.weekday_range_leads, v.number_words,
        v.ordinal_words, v.week_ordinals, v.holidays]
    first = {_TOKEN.findall(p)[0] for group in phrases for p in group if _TOKEN.findall(p)}
    return frozenset(first | _GLUE_STARTERS)


# Forms that name two months ("31 May to 1 June", "late May to early June"): a sentence
# with fewer than two month words is scanned without them (they are its costliest tries).
_TWO_MONTH_FORMS = frozenset({"rdd", "rmm", "mrg"})


@functools.cache
def _grammar() -> _Grammar:
    """Compile the master pattern from the vocabulary."""
    v = _vocab()
    forms = _forms(v)
    # Every resolvable form holds a digit or one of these key words.
    keys = set(v.months) | set(v.weekdays) | set(v.units) | set(v.precheck_words)
    month = _alt(v.months)
    one = [(name, pattern) for name, pattern in forms if name not in _TWO_MONTH_FORMS]
    return _Grammar(
        plain=_patterns(forms, 0), icase=_patterns(forms, re.IGNORECASE),
        plain_one=_patterns(one, 0), icase_one=_patterns(one, re.IGNORECASE),
        months=frozenset(v.months), keys=frozenset(keys),
        starters=_starters(v),
        planned=re.compile(rf"(?<![\w'\u2019]){_alt(v.future_markers)}\s+"
                           r"(?:[^\s.;:!?]+\s+){0,3}\Z", re.IGNORECASE),
        night_before=re.compile(rf"\b{_alt(v.night_range_leads)}\s+(?:the\s+)?\Z",
                                re.IGNORECASE),
        of_date=re.compile(rf"\s+of\s+(?:the\s+)?(?:\d|{month}\b)", re.IGNORECASE))


_Resolved = tuple[dt.date, int, bool, bool] | None  # date, precision, explicit_year, relative
# A reading that is certainly not a resolvable date but must still consume its
# text ("next Friday" must not leave "Friday" to be read as last Friday).
_BLOCKED: tuple[dt.date, int, bool, bool] = (dt.date.min, 0, False, False)
_Resolver = Callable[[re.Match[str]], _Resolved]


def _match_at(patterns: _Patterns, text: str, start: int, resolve: _Resolver
              ) -> tuple[re.Match[str], tuple[dt.date, int, bool, bool]] | None:
    """The first form at ``start`` that matches *and* resolves.

    The master alternation stops at the first form that matches; when the
    resolver rejects it ("April 10 and 12 people" is not a range), the later
    forms are tried one by one, so a rejected reading never hides a good one.
    """
    found = patterns.master.match(text, start)
    if found is None:
        return None
    resolved = resolve(found)
    if resolved is not None:
        return found, resolved
    for pattern in patterns.forms[patterns.order[str(found.lastgroup)] + 1:]:
        again = pattern.match(text, start)
        if again is not None:
            resolved = resolve(again)
            if resolved is not None:
                return again, resolved
    return None


def _scan(grammar: _Grammar, patterns: tuple[_Patterns, _Patterns], text: str,
          resolve: _Resolver, folded: bool
          ) -> list[tuple[re.Match[str], tuple[dt.date, int, bool, bool]]]:
    """Resolved matches, tried only at word starts just before key words.

    Trying the whole alternation at every character costs about 1 us per
    character; dates need a digit or a key word and start at most a few words
    before it, so only those word starts are tried, each at most once. The
    result equals a left-to-right scan for every form that starts within
    ``_LOOKBACK`` words of its first key word.
    """
    pattern = _TOKEN_ASCII if _ascii_words(text) else _TOKEN
    tokens = [(m.start(), m.group()) for m in pattern.finditer(text)]
    keys, starters, months = grammar.keys, grammar.starters, grammar.months
    several = sum(1 for _, w in tokens if (w if folded else w.lower()) in months) >= 2
    chosen = patterns[0] if several else patterns[1]
    out: list[tuple[re.Match[str], tuple[dt.date, int, bool, bool]]] = []
    next_j = 0
    last_end = 0
    for i, (pos, word) in enumerate(tokens):
        if pos < last_end or not (word in keys or word[0].isdigit()
                                  or (not folded and word.lower() in keys)):
            continue
        for j in range(max(next_j, i - _LOOKBACK), i + 1):
            start, word = tokens[j]
            next_j = j + 1
            if start < last_end or not (word in starters or word[0].isdigit() or (
                    not folded and word.lower() in starters)):
                continue  # no form begins with this word
            hit = _match_at(chosen, text, start, resolve)
            if hit is not None:
                out.append(hit)
                last_end = hit[0].end()
    return out


# ---------------------------------------------------------------------------
# Calendar arithmetic.
# ---------------------------------------------------------------------------

def _date(year: int, month: int, day: int) -> dt.date | None:
    """A date, or None for impossible ones (31 April) instead of an exception."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _latest_not_after(month: int, day: int, ref: dt.date) -> dt.date | None:
    """The latest (month, day) on or before ``ref``: "28 December" read on 3 January."""
    for year in range(ref.year, ref.year - 9, -1):
        found = _date(year, month, day)
        if found is not None and found <= ref:
            return found
    return None


def _period_day(year: int, month: int, period: str) -> dt.date:
    """The day ACLED codes for a month known only as a whole, or its start or end."""
    if period == "first":
        return dt.date(year, month, 1)
    if period == "last":
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(year, month, 15)


def _month_start(day: dt.date, back: int) -> dt.date:
    """The first day of the month ``back`` months before ``day``'s month."""
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def _weekday_on_or_before(ref: dt.date, weekday: int, strict: bool) -> dt.date:
    """The latest given weekday not after ``ref`` (strictly before when ``strict``)."""
    back = (ref.weekday() - weekday) % 7
    if strict and back == 0:
        back = 7
    return ref - dt.timedelta(days=back)


def _precision_for_span(days: float) -> int:
    """ACLED precision for an event known to within a span of ``days``.

    ACLED's 2 is "a week or a few days"; a fortnight is still closer to that
    than to "only the month known".
    """
    if days <= 1:
        return 1
    return 2 if days <= 14 else 3


# ---------------------------------------------------------------------------
# Resolving one match.
# ---------------------------------------------------------------------------

@dataclass(slots=True)
class _Ctx:
    """What every form handler needs about the sentence being read."""

    text: str
    ref: dt.date | None
    anchor: dt.date | None
    dayfirst: bool
    vocab: _Vocab
    own_anchor: bool = False  # the anchor is a day this sentence named


_THE_OF = re.compile(r"(?i)(?:.*\s)?the\s.*\sof\s")  # "[Tuesday,] the first of May"
_PREV_WORD = re.compile(r"([^\W\d_]+)[\s,]*\Z")
_NEXT_WORD = re.compile(r"[\s,]*([^\W\d_]+)")


def _g(m: re.Match[str], name: str) -> str:
    """A group's text, lower-cased and with single spaces ('' when absent)."""
    value = m.group(name)
    return _norm(value) if value else ""


_WORDS_BEFORE = re.compile(r"[A-Za-z]+")


def _prev_word(ctx: _Ctx, start: int) -> str:
    """The word just before ``start`` (skipping spaces and commas), lower-cased."""
    found = _PREV_WORD.search(ctx.text, max(0, start - 30), start)
    return found.group(1).lower() if found else ""


def _next_word(ctx: _Ctx, end: int) -> str:
    """The word just after ``end``, lower-cased."""
    found = _NEXT_WORD.match(ctx.text, end)
    return found.group(1).lower() if found else ""


def _month_ok(m: re.Match[str], group: str, ctx: _Ctx, has_year: bool) -> int | None:
    """The month number of a month word, unless it is a common word written as one."""
    word = _g(m, group).rstrip(".")
    if (word in ctx.vocab.capitalised_only and not has_year
            and not ctx.text[m.start(group)].isupper()):
        return None
    return ctx.vocab.months.get(word)


_NAME_NOUN = re.compile(r"\s+([^\W\d_]+)")


def _named_by(ctx: _Ctx, end: int) -> bool:
    """Is the day and month part of a name ("15 May Street", "the 6 April Youth Movement")?"""
    found = _NAME_NOUN.match(ctx.text, end)
    return found is not None and found.group(1)[0].isupper() and (
        found.group(1).lower() in ctx.vocab.date_name_nouns)


def _night_before(ctx: _Ctx, pos: int) -> bool:
    """Does "night of" / "overnight" stand just before the span starting at ``pos``?"""
    return _grammar().night_before.search(ctx.text, max(0, pos - 30), pos) is not None


_CLAUSE = re.compile(r"\s+(?:to\s+)?[^\W_]")


def _dates_a_clause(ctx: _Ctx, direction: str, end: int) -> bool:
    """Is "a day after" a preposition dating another event than the sentence's own?

    "On Wednesday, a day after residents fled": the sentence has its day, the phrase
    tells when the clause's event happened. Without a day of its own ("The day after
    the attack, police arrested six"), the phrase dates the sentence from the anchor.
    """
    return (ctx.own_anchor and direction in ctx.vocab.clause_directions
            and _CLAUSE.match(ctx.text, end) is not None)


def _planned(ctx: _Ctx, pos: int) -> bool:
    """Does a future marker ("will", "plans to") stand up to three words before ``pos``?"""
    return _grammar().planned.search(ctx.text, max(0, pos - 80), pos) is not None


def _day_month(ctx: _Ctx, day: int, month: int, year: int | None) -> _Resolved:
    """An explicit day and month, its year given or taken from ``ref``."""
    if year is not None:
        found = _date(year, month, day)
        return None if found is None else (found, 1, True, False)
    if ctx.ref is None:
        return None
    ahead = _date(ctx.ref.year, month, day)
    if ahead is not None and 0 < (ahead - ctx.ref).days <= ctx.vocab.future_window_days:
        return _BLOCKED  # "the vote on 20 June": a plan, not last year's 20 June
    found = _latest_not_after(month, day, ctx.ref)
    return None if found is None else (found, 1, False, False)


def _range(ctx: _Ctx, first: int, last: int, month: int, year: int | None,
           night: bool = False) -> _Resolved:
    """A span of days in one month: its middle day, precision by its length.

    A night over two days ("the night of 12-13 May") is coded to the day it began.
    """
    if last <= first:
        return None
    start = _day_month(ctx, first, month, year)
    if start is None or start is _BLOCKED:
        return start
    end_day = _date(start[0].year, month, last)
    if end_day is None:
        return None
    if night and last == first + 1:
        return start[0], 1, year is not None, False
    middle = start[0] + (end_day - start[0]) // 2
    if year is None and ctx.ref is not None:
        middle = min(middle, ctx.ref)
    return middle, _precision_for_span(last - first + 1), year is not None, False


def _year_of(m: re.Match[str], group: str) -> int | None:
    """The year a form named, if it named one."""
    value = m.group(group)
    return int(value) if value else None


def _form_rdm(m: re.Match[str], ctx: _Ctx) -> _Resolved:
    """"between 10 and 12 April": one event over a few days is coded to the middle day."""
    year = _year_of(m, "rdm_y")
    month = _month_ok(m, "rdm_m", ctx, year is not None)
    if month is None:
        return None
    return _range(ctx, int(m.group("rdm_a")), int(m.group("rdm_b")), month, year,
                  _night_before(ctx, m.start("rdm_a")))


def _form_rmd(m: re.Match[str], ctx: _Ctx) -> _Resolved:
    """"April 10-12", the American order of a range."""
    year = _year_of(m, "rmd_y")
    month = _month_ok(m, "rmd_m", ctx, year is not None)
    # "April 10 and 12 people": a word joiner needs a year or an ordinal to be a range.
    worded = m.group("rmd_j").strip().isalpha()
    if month is None or (worded and year is None and not m.group("rmd_o")):
        return None
    return _range(ctx, int(m.group("rmd_a")), int(m.group("rmd_b")), month, year,
                  _night_before(ctx, m.start("rmd_m")))


# Longest span of days read as one event; a span of two days joined by "and" without
# "between" ("on 31 May and 1 June") is one event only when the days are this close.
_MAX_SPAN_DAYS = 62
_MAX_AND_SPAN_DAYS = 3


def _cross_range(ctx: _Ctx, m: re.Match[str], p: str, first: tuple[int, int],
                 last: tuple[int, int]) -> _Resolved:
    """A span of days over two months ("31 May to 2 June", "Dec. 29 - Jan. 2"):
    its middle day, precision by its length; the first day for a two-day night."""
    year, first_year = _year_of(m, f"{p}_y"), _year_of(m, f"{p}_x")
    if year is not None:
        end = _date(year, *last)
        found: _Resolved = None if end is None else (end, 1, True, False)
    else:
        found = _day_month(ctx, last[1], last[0], None)
    if found is None or found is _BLOCKED:
        return found
    end = found[0]
    start_year = first_year or (end.year if first <= last else end.year - 1)
    start = _date(start_year, *first)
    if start is None:
        return None
    span = (end - start).days + 1
    worded_and = _g(m, f"{p}_j") == "and" and not m.group(f"{p}_s")
    if not 2 <= span <= _MAX_SPAN_DAYS or (worded_and and span > _MAX_AND_SPAN_DAYS):
        return None  # "on 3 May and 20 June": two days, each read on its own
    if span == 2 and _night_before(ctx, m.start()):
        return start, 1, year is not None, False
    middle = start + (end - start) // 2
    if year is None and ctx.ref is not None:
        middle = min(middle, ctx.ref)
    return middle, _precision_for_span(span), year is not None, False


def _month_span(m: re.Match[str], ctx: _Ctx, form: str) -> _Resolved:
    """A span of days with a month on each end; ``form`` names the pattern's groups."""
    has_year = m.group(f"{form}_y") is not None
    first = _month_ok(m, f"{form}_m", ctx, has_year)
    last = _month_ok(m, f"{form}_n", ctx, has_year)
    if first is None or last is None:
        return None
    return _cross_range(ctx, m, form, (first, int(m.group(f"{form}_a"))),
                        (last, int(m.group(f"{form}_b"))))


def _form_rdd(m: re.Match[str], ctx: _Ctx) -> _Resolved:
    """"31 May and 1 June", "from Monday 2 June to Sunday 8 June 2025": a span of days
    with a month (and a weekday) on each end."""
    return _month_span(m, ctx, "rdd")


def _form_rmm(m: re.Match[str], ctx: _Ctx) -> _Resolved:
    """"May 31 and June 1", "between Dec. 29 and Jan. 2": the American order."""
    return _month_span(m, ctx, "rmm")


def _form_mrg(m: re.Match[str], ctx: _Ctx) -> _Resolved:
    """"from late May to early June": the middle of the two months' parts, precision 3.

    A bare month starts on its first day and ends on its last; "and" joins months into
    a span only after "between" ("in May and June" are two months).
    """
    year, first_year = _year_of(m, "mrg_y"), _year_of(m, "mrg_x")
    has_year = year is not None
    first, last = _month_ok(m, "mrg_m", ctx, has_year), _month_ok(m, "mrg_n", ctx, has_year)
    if (first is None or last is None or first == last
            or (_g(m, "mrg_j") == "and" and not m.group("mrg_s"))):
        return None
    if year is None:
        if ctx.ref is None:
            return None
        year = ctx.ref.year if last <= ctx.ref.month else ctx.ref.year - 1
    start_year = first_year or (year if first < last else year - 1)
    periods = ctx.vocab.period_modifiers
    start = _period_day(start_year, first, periods.get(_g(m, "mrg_q"), "first"))
    end = _period_day(year, last, periods.get(_g(m, "mrg_r"), "last"))
    if end < start or (end - start).days > 366:
        return None
    middle = start + (end - start) // 2
    if not has_year:
        assert ctx.ref is not None
        if start > ctx.ref:
            return None
        middle = min(middle, ctx.ref)
    return middle, 3, has_year, False


def _last_year(m: re.Match[str], p: str, ctx: _Ctx) -> int | None:
    """The previous year when the month is followed by "last year" ("in June last year")."""
    if m.group(f"{p}_l") is None or m.group(f"{p}_y") is not None or ctx.ref is None:
        return None
    return ctx.ref.year - 1


def _form_dmy(m: re.Match[str], ctx: _Ctx) -> _Resolved:
    """"11 April 2023", "Tuesday, 11 April", "the 11th of April": the British order."""
    year = _year_of(m, "dmy_y")
    month = _month_ok(m, "dmy_m", ctx, year is not None)
    raw = _g(m, "dmy_d")
    if raw.isdigit():
        day = int(raw)
    elif _THE_OF.match(m.group()):
        day = ctx.vocab.ordinal_words[raw]
    else:
        return None
    if month is not None and year is None and _named_by(ctx, m.end()):
        return _BLOCKED
    previous = _last_year(m, "dmy", ctx)
    if month is not None and previous is not None:
        found = _date(previous, month, day)
        return None if found is None else (found, 1, False, True)
    return None if month is None else _day_month(ctx, day, month, year)


def _form_mdy(m: re.Match[str], ctx: _Ctx) -> _Resolved:
    """"April 11, 2023", "Tue, Apr 11": the American order."""
    year = _year_of(m, "mdy_y")
    month = _month_ok(m, "mdy_m", ctx, year is not None)
    if month is not None and year is None and _named_by(ctx, m.end()):
        return _BLOCKED
    previous = _last_year(m, "mdy", ctx)
    if month is not None and previous is not None:
        found = _date(previous, month, int(m.group("mdy_d")))
        return None if found is None else (found, 1, False, True)
    return None if month is None else _day_month(ctx, int(m.group("mdy_d")), month, year)


def _form_iso(m: re.Match[str], ctx: _Ctx) -> _Resolved:
    """"2023-04-11": unambiguous, so taken as written."""
    found = _date(int(m.group("iso_y")), int(m.group("iso_m")), int(m.group("iso_d")))
    return None if found is None else (found, 1, True, False)


def _form_num(m: re.Match[str], ctx: _Ctx) -> _Resolved:
    """11/04/2023: day first unless told otherwise, or unless only one reading fits."""
    a, b, raw_year = int(m.group("num_a")), int(m.group("num_b")), m.group("num_y")
    if len(raw_year) == 2:
        if m.group("num_s") != "/" and not (  # "4.5.23", "10-11-12": versions and scores
                _prev_word(ctx, m.start()) in ctx.vocab.day_only_prepositions
                or _line_head(ctx, m)):
            return None
        year = 2000 + int(raw_year) if int(raw_year) < 70 else 1900 + int(raw_year)
    else:
        year = int(raw_year)
        if not 1900 <= year <= 2099:
            return None
    first, second = (_date(year, b, a), _date(year, a, b))
    if not ctx.dayfirst:
        first, second = second, first
    if first is None or second is None:
        chosen = first or second
    elif ctx.ref is not None and first > ctx.ref >= second:
        chosen = second
    else:
        chosen = first
    return None if chosen is None else (chosen, 1, True, False)


_HEAD_BEFORE = re.compile(r"(?:\A|\n)[ \t*>\u2022\u00b7\u25aa\u2013\u2014-]*\Z")
_HEAD_AFTER = re.compile(r"[ \t]*[:|)\u2013\u2014-]")


def _line_head(ctx: _Ctx, m: re.Match[str]) -> bool:
    """Does the date open a table row or bullet ("- 03/06: gunmen ...", "05.06.25 |")?"""
    return (_HEAD_BEFORE.search(ctx.text[max(0, m.start() - 8):m.start()]) is not None
            and _HEAD_AFTER.match(ctx.text, m.end()) is not None)


def _form_dmn(m: re.Match[str], ctx: _Ctx) -> _Resolved:
    """"on 07/06": a sitrep's day and month without a year, only after "on", "since" ..."""
    if m.group().lower() in ctx.vocab.numeric_names:  # "on 24/7 alert", "since 9/11"
        return _BLOCKED
    if not (_prev_word(ctx, m.start()) in ctx.vocab.day_only_prepositions
            or _line_head(ctx, m)):
        return None
    a, b = int(m.group("dmn_a")), int(m.group("dmn_b"))
    day, month = (a, b) if ctx.dayfirst else (b, a)
    return _day_month(ctx, day, month, None) if 1 <= month <= 12 else None


def _form_hol(m: re.Match[str], ctx: _Ctx) -> _Resolved:
    """"on Christmas Day": a feast on a fixed day, read like a day and month."""
    if not ctx.text[m.start("hol_p")].isupper():
        return None
    month, day = ctx.vocab.holidays[_g(m, "hol_p").replace("\u2019", "'")]
    return _day_month(ctx, day, month, None)


def _form_wom(m: re.Match[str], ctx: _Ctx) -> _Resolved:
    """"in the first week of June": the middle of those seven days, precision 2."""
    year = _year_of(m, "wom_y")
    month = _month_ok(m, "wom_m", ctx, year is not None)
    if month is None or (year is None and ctx.ref is None):
        return None
    if year is None and ctx.ref is not None:
        year = ctx.ref.year if month <= ctx.ref.month else ctx.ref.year - 1
    assert year is not None
    last_day = calendar.monthrange(year, month)[1]
    which = ctx.vocab.week_ordinals[_g(m, "wom_o")]
    first = last_day - 6 if which < 0 else 7 * (which - 1) + 1
    if not 1 <= first <= last_day:
        return None
    start = dt.date(year, month, first)
    middle = start + dt.timedelta(days=(min(first + 6, last_day) - first) // 2)
    if m.group("wom_y"):
        return middle, 2, True, False
    assert ctx.ref is not None
    return None if start > ctx.ref else (min(middle, ctx.ref), 2, False, False)


def _form_wrg(m: re.Match[str], ctx: _Ctx) -> _Resolved:
    """"between Monday and Wednesday" (the middle day, precision 2), or one night
    ("Saturday night into Sunday", "the night from Monday to Tuesday"): the day it began."""
    v = ctx.vocab
    lead, joiner = _g(m, "wrg_l"), _g(m, "wrg_j")
    night = lead in v.night_range_leads or _g(m, "wrg_p") in v.night_parts or joiner == "into"
    span = (v.weekdays[_g(m, "wrg_b")] - v.weekdays[_g(m, "wrg_a")]) % 7
    if (span == 0 or (night and span != 1)
            or (not night and joiner == "and" and lead not in v.weekday_range_leads)):
        return None  # "on Saturday and Sunday": two days, each read on its own
    if ctx.ref is None:
        return None
    start = _weekday_on_or_before(ctx.ref, v.weekdays[_g(m, "wrg_b")], False) - dt.timedelta(
        days=span)
    if start < ctx.ref and _planned(ctx, m.start()):
        return _BLOCKED
    if night:
        return start, 1, False, True
    return start + dt.timedelta(days=span // 2), 2, False, True


def _form_fix(m: re.Match[str], ctx: _Ctx) -> _Resolved:
    """A fixed relative phrase from the data file ("yesterday", "late last week")."""
    text = _g(m, "fix_p")
    phrase = ctx.vocab.relative[text]
    ref = ctx.ref
    if (phrase.rule == "vague" or _grammar().of_date.match(ctx.text, m.end())
            or _dates_a_clause(ctx, text.rsplit(" ", 1)[-1], m.end())):
        # vague, naming the date that follows ("the weekend of 7-8 June"), or another
        # event's day ("the day before the vote")
        return _BLOCKED
    if ref is None:
        return None
    if phrase.rule == "anchor":
        base = ctx.anchor if ctx.anchor is not None else (ref if phrase.fallback_ref else None)
        if base is None:
            return None
        return base + dt.timedelta(days=phrase.offset), 1, False, True
    period = ctx.vocab.period_modifiers.get(_g(m, "fix_q")) or phrase.period
    return _FIXED_RULES[phrase.rule](ref, phrase, period)


def _rule_days(ref: dt.date, phrase: _Phrase, period: str | None) -> _Resolved:
    """"yesterday", "overnight": a day offset from the reference date."""
    return ref + dt.timedelta(days=phrase.offset), phrase.precision, False, True


_WEEK_PERIOD = {"first": -1, "middle": 0, "last": 2}  # days from Wednesday: Tue/Wed/Fri


def _rule_last_week(ref: dt.date, phrase: _Phrase, period: str | None) -> _Resolved:
    """ACLED codes "last week" to the middle (Wednesday) of the previous week; "early
    last week" to its Tuesday and "late last week" to its Friday (the middle of each part)."""
    monday = ref - dt.timedelta(days=ref.weekday() + 7)
    days = 2 + phrase.offset + _WEEK_PERIOD.get(period or "middle", 0)
    return monday + dt.timedelta(days=days), 2, False, True


def _rule_this_week(ref: dt.date, phrase: _Phrase, period: str | None) -> _Resolved:
    """The middle of this week's days so far: never after the reference date."""
    if period == "first":  # "early this week": Monday-Tuesday
        return ref - dt.timedelta(days=max(0, ref.weekday() - 1)), 2, False, True
    return ref - dt.timedelta(days=ref.weekday() - ref.weekday() // 2), 2, False, True


def _rule_weekend(ref: dt.date, phrase: _Phrase, period: str | None) -> _Resolved:
    """The Saturday of the latest weekend not after the reference date (moved back by
    ``offset`` days first: "last weekend" read on a Sunday is the weekend before); its
    Sunday for "the end of the weekend"."""
    saturday = _weekday_on_or_before(ref + dt.timedelta(days=phrase.offset), 5, False)
    return saturday + dt.timedelta(days=period == "last"), 2, False, True


def _rule_last_month(ref: dt.date, phrase: _Phrase, period: str | None) -> _Resolved:
    """Only the month is known: ACLED codes mid-month, or its 1st/last day."""
    start = _month_start(ref, 1)
    return _period_day(start.year, start.month, period or "middle"), 3, False, True


def _rule_this_month(ref: dt.date, phrase: _Phrase, period: str | None) -> _Resolved:
    """ACLED's mid-month (the 15th) once the reference date has passed it; before that,
    the middle of this month's days so far, so that it is never after ref. Its 1st or
    last day for "early"/"the end of" (the caller drops a last day still to come)."""
    if period in ("first", "last"):
        return _period_day(ref.year, ref.month, period), 3, False, True
    if ref.day >= 15:
        return ref.replace(day=15), 3, False, True
    return ref.replace(day=1 + (ref.day - 1) // 2), 3, False, True


def _rule_last_year(ref: dt.date, phrase: _Phrase, period: str | None) -> _Resolved:
    """A background cue rather than an event date: mid-year (or its first/last day)."""
    year = ref.year - 1
    return {"first": dt.date(year, 1, 1), "last": dt.date(year, 12, 31)}.get(
        period or "middle", dt.date(year, 7, 1)), 3, False, True


_FIXED_RULES: dict[str, Callable[[dt.date, _Phrase, str | None], _Resolved]] = {
    "days": _rule_days,
    "last_week": _rule_last_week,
    "this_week": _rule_this_week,
    "weekend": _rule_weekend,
    "last_month": _rule_last_month,
    "this_month": _rule_this_month,
    "last_year": _rule_last_year,
}


def _whole_days(span: float) -> int:
    """Whole days in a span; hours are fractions, so 24 * (1/24) must give 1, not 0."""
    return int(span + 1e-6)


def _count(ctx: _Ctx, raw: str) -> int | None:
    """A count written in digits or words ("3", "three", "a few")."""
    return int(raw) if raw.isdigit() else ctx.vocab.number_words.get(raw)


# Unit lengths (days) that stand for calendar months and years when counted back.
_CALENDAR_UNITS = {30.0: 1, 365.0: 12}


def _calendar_months(unit_days: float, count: int) -> int:
    """How many calendar months "<count> <unit>" is (0 for days, weeks and hours)."""
    return _CALENDAR_UNITS.get(unit_days, 0) * count


def _months_back(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier, clamped to the month's end."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _form_ago(m: re.Match[str], ctx: _Ctx) -> _Resolved:
    """"two days ago", "a week earlier", "three days later" (the last needs an anchor)."""
    raw = _g(m, "ago_n")
    count = _count(ctx, raw)
    direction = ctx.vocab.directions[_g(m, "ago_d")]
    if _dates_a_clause(ctx, _g(m, "ago_d"), m.end()):
        return _BLOCKED
    if ctx.ref is None or count is None:
        return None
    span = _whole_days(count * ctx.vocab.units[_g(m, "ago_u")])
    base = ctx.ref if direction == "back_ref" or ctx.anchor is None else ctx.anchor
    months = _calendar_months(ctx.vocab.units[_g(m, "ago_u")], count)
    if direction == "forward_anchor":
        if ctx.anchor is None:
            return None
        found = ctx.anchor + dt.timedelta(days=span)
    elif months:  # "a month ago" is the same day of the previous month
        found = _months_back(base, months)
    else:
        found = base - dt.timedelta(days=span)
    precision = _precision_for_span(ctx.vocab.units[_g(m, "ago_u")])
    if raw in ctx.vocab.approximate:
        precision = max(precision, 2)
    return None if found > ctx.ref else (found, precision, False, True)


def _form_win(m: re.Match[str], ctx: _Ctx) -> _Resolved:
    """"over the past three days": the middle of the window ending at ``ref``."""
    raw = _g(m, "win_n") or "1"
    count = _count(ctx, raw)
    if ctx.ref is None or count is None or raw in ctx.vocab.approximate:
        return None
    span = count * ctx.vocab.units[_g(m, "win_u")]
    if span > ctx.vocab.window_max_days:
        return None
    middle = ctx.ref - dt.timedelta(days=_whole_days(span) // 2)
    return middle, _precision_for_span(span), False, True


_TITLE_WORD = re.compile(r"[ \t]+([^\W\d_a-z][^\W\d_A-Z][^\W\d_]*)")


def _weekday_is_name(ctx: _Ctx, m: re.Match[str]) -> bool:
    """"supporters of Sunday Igboho": a weekday followed by a capitalised word is a
    first name, unless a preposition stands before it or the word could be a
    headline's title case ("Protests Erupt Sunday In Lagos")."""
    after = _TITLE_WORD.match(ctx.text, m.end())
    if after is None or _prev_word(ctx, m.start()) in ctx.vocab.day_only_prepositions:
        return False
    word = after.group(1).lower()
    v = ctx.vocab
    return not (word in v.weekday_name_exceptions or word in v.months or word in v.weekdays
                or word in v.day_parts)


def _form_wkd(m: re.Match[str], ctx: _Ctx) -> _Resolved:
    """"on Tuesday", "last Tuesday", "Tuesday night" against the reference date."""
    meaning = ctx.vocab.weekday_modifiers.get(_g(m, "wkd_q"), "latest")
    blocked = not m.group("wkd_q") and _prev_word(ctx, m.start()) in ctx.vocab.weekday_blockers
    blocked = blocked or _next_word(ctx, m.end("wkd_n")) in ctx.vocab.weekday_followers
    if meaning == "future" or blocked or m.group("wkd_x"):  # "next Friday", "Friday next week"
        return _BLOCKED
    if not (m.group("wkd_q") or m.group("wkd_l")) and _weekday_is_name(ctx, m):
        return _BLOCKED
    if ctx.ref is None:
        return None
    weekday = ctx.vocab.weekdays[_g(m, "wkd_n")]
    night = dt.timedelta(days=ctx.vocab.night_leads.get(_g(m, "wkd_l"), 0))
    if m.group("wkd_w"):  # "on Tuesday last week"
        monday = ctx.ref - dt.timedelta(days=ctx.ref.weekday() + 7)
        return monday + dt.timedelta(days=weekday) + night, 1, False, True
    found = _weekday_on_or_before(ctx.ref, weekday, meaning == "strict")
    if meaning == "latest" and found < ctx.ref and _planned(ctx, m.start()):
        return _BLOCKED  # "will meet on Friday": the coming Friday, not the last one
    return found + night, 1, False, True


def _form_mon(m: re.Match[str], ctx: _Ctx) -> _Resolved:
    """"April 2023", "in April", "mid-April", "late December": precision 3."""
    year = _year_of(m, "mon_y")
    month = _month_ok(m, "mon_m", ctx, year is not None)
    period = ctx.vocab.period_modifiers.get(_g(m, "mon_q"), "middle")
    if month is None:
        return None
    if year is not None:
        return _period_day(year, month, period), 3, True, False
    previous = _last_year(m, "mon", ctx)
    if previous is not None:
        return _period_day(previous, month, period), 3, False, True
    prev = _prev_word(ctx, m.start())
    full = _g(m, "mon_m") in ctx.vocab.month_names
    if ctx.ref is None or not full or not (m.group("mon_q") or prev in
                                            ctx.vocab.month_prepositions):
        return None
    back = 1 if prev in ctx.vocab.month_previous else 0
    year = ctx.ref.year if month <= ctx.ref.month - back else ctx.ref.year - 1
    return min(_period_day(year, month, period), ctx.ref), 3, False, False


def _form_yr(m: re.Match[str], ctx: _Ctx) -> _Resolved:
    """"in 2011", "since 2019", "late 2021": a background year, precision 3."""
    period = ctx.vocab.period_modifiers.get(_g(m, "yr_q"))
    following = _next_word(ctx, m.end())
    if following in ctx.vocab.year_blockers:
        return None
    if (period is None and _prev_word(ctx, m.start()) not in ctx.vocab.year_prepositions
            and following not in ctx.vocab.year_event_nouns  # "the 2020-21 protests"
            and not _event_of(ctx, m.start())  # "the massacre of 2011"
            and not _named_event_after(ctx, m)):  # "the 2013 Gezi Park protests"
        return None
    year = int(m.group("yr_y"))
    end = _g(m, "yr_e")
    if end:  # "2020-21": the later year, so the span's end decides what is background
        later = int(end) if len(end) == 4 else year // 100 * 100 + int(end)
        if not year < later <= year + 10:
            return None
        year = later
    day = {"first": dt.date(year, 1, 1), "last": dt.date(year, 12, 31)}.get(
        period or "middle", dt.date(year, 7, 1))
    return day, 3, True, False


_NAME_THEN_NOUN = re.compile(r"\s+(?:[A-Z][\w'’-]*\s+){1,3}([a-z]+)")


def _named_event_after(ctx: _Ctx, m: re.Match[str]) -> bool:
    """"the 2013 Gezi Park protests": a year, a name, then an event noun."""
    if _prev_word(ctx, m.start()) != "the":
        return False
    after = _NAME_THEN_NOUN.match(ctx.text, m.end())
    return after is not None and after.group(1) in ctx.vocab.year_event_nouns


def _event_of(ctx: _Ctx, start: int) -> bool:
    """Is the year preceded by "<event noun> of" ("the uprising of 2011")?"""
    words = _WORDS_BEFORE.findall(ctx.text, max(0, start - 40), start)
    return len(words) >= 2 and words[-1].lower() == "of" and (
        words[-2].lower() in ctx.vocab.year_event_nouns)


def _form_day(m: re.Match[str], ctx: _Ctx) -> _Resolved:
    """"on the 11th": the latest 11th on or before the reference date."""
    if ctx.ref is None or _prev_word(ctx, m.start()) not in ctx.vocab.day_only_prepositions:
        return None
    following = _next_word(ctx, m.end())
    if following in ctx.vocab.day_only_blockers or following in ctx.vocab.months:
        return None
    day = int(m.group("day_d"))
    for back in range(4):
        found = _date(*_month_start(ctx.ref, back).timetuple()[:2], day)
        if found is not None and found <= ctx.ref:
            return found, 1, False, True
    return None


_HANDLERS: dict[str, Callable[[re.Match[str], _Ctx], _Resolved]] = {
    "rdm": _form_rdm, "rmd": _form_rmd, "rdd": _form_rdd, "rmm": _form_rmm,
    "dmy": _form_dmy, "mdy": _form_mdy, "iso": _form_iso, "num": _form_num,
    "dmn": _form_dmn, "hol": _form_hol, "wom": _form_wom, "wrg": _form_wrg,
    "fix": _form_fix, "ago": _form_ago, "win": _form_win, "wkd": _form_wkd,
    "mrg": _form_mrg, "mon": _form_mon, "yr": _form_yr, "day": _form_day,
}


def _resolver(ctx: _Ctx) -> _Resolver:
    """Resolve a match in ``ctx``; every day it accepts becomes the anchor of what follows.

    "Clashes erupted on 4 June and the next day ...": a relative phrase after a day
    in the same sentence hangs on that day, not on the narrative's previous one.
    """

    def resolve(m: re.Match[str]) -> _Resolved:
        try:
            resolved = _HANDLERS[str(m.lastgroup)](m, ctx)
        except (ValueError, OverflowError):  # dates beyond year 1..9999
            log.debug("date out of range in %r", m.group())
            return None
        if resolved is None or resolved is _BLOCKED:
            return resolved
        if resolved[3] and ctx.ref is not None and resolved[0] > ctx.ref:
            return None
        if resolved[1] == 1:
            ctx.anchor, ctx.own_anchor = resolved[0], True
        return resolved

    return resolve


# ---------------------------------------------------------------------------
# Public API.
# ---------------------------------------------------------------------------

def _hits(text: str, ref: dt.date | None, dayfirst: bool, anchor: dt.date | None
          ) -> list[tuple[re.Match[str], tuple[dt.date, int, bool, bool]]]:
    """Resolved matches of ``text`` (``_BLOCKED`` ones included), in order."""
    if not text:
        return []
    grammar = _grammar()
    low = text.lower()
    words = _WORD_ASCII if _ascii_words(low) else _WORD
    if _DIGIT.search(low) is None and grammar.keys.isdisjoint(words.findall(low)):
        return []
    ctx = _Ctx(text, ref, anchor, dayfirst, _vocab())
    resolve = _resolver(ctx)
    if len(low) == len(text):
        return _scan(grammar, (grammar.plain, grammar.plain_one), low, resolve, True)
    # a few letters (e.g. "İ") grow when lower-cased: match the original
    return _scan(grammar, (grammar.icase, grammar.icase_one), text, resolve, False)


# The groups naming the last day of each span form with a year: (month, day, year).
_SPAN_ENDS = {"rdm": ("rdm_m", "rdm_b", "rdm_y"), "rmd": ("rmd_m", "rmd_b", "rmd_y"),
              "rdd": ("rdd_n", "rdd_b", "rdd_y"), "rmm": ("rmm_n", "rmm_b", "rmm_y")}


def _full_days(text: str) -> list[dt.date]:
    """Every full day-month-year date the text names, a span by its last day.

    A sitrep's header ("Reporting period: 5-11 May 2025") dates the report by the
    span's end, the day it was written up.
    """
    months = _vocab().months
    out: list[dt.date] = []
    for m, (date, precision, explicit_year, relative) in _hits(text, None, True, None):
        if not explicit_year or relative or precision == 0:
            continue
        if precision == 1:
            out.append(date)
        elif str(m.lastgroup) in _SPAN_ENDS:
            month, day, year = _SPAN_ENDS[str(m.lastgroup)]
            end = _date(int(m.group(year)), months[_g(m, month).rstrip(".")],
                        int(m.group(day)))
            out.extend([end] if end is not None else [])
    return out


def find_dates(text: str, ref: dt.date | None, *, dayfirst: bool = True,
               anchor: dt.date | None = None) -> list[DateMention]:
    """Every date expression in ``text`` (a sentence), in order, resolved against ``ref``.

    ``anchor`` is the date the narrative stands on (usually the sentence's
    previous date); "the previous day", "the next day" and "that day" hang on
    it when given. Relative forms never resolve after ``ref`` and are skipped
    when ``ref`` is None.
    """
    out: list[DateMention] = []
    for m, (date, precision, explicit_year, relative) in _hits(text, ref, dayfirst, anchor):
        if precision == 0:  # consumed, not a date (_BLOCKED)
            continue
        start, end = m.span()
        out.append(DateMention(start, end, text[start:end], date, precision, explicit_year,
                               relative))
    return out


_EPOCH = re.compile(r"[+-]?\d{9,13}(?:\.\d+)?")
_COMPACT = re.compile(r"(?:19|20)\d{6}")


def _published_candidate(value: str, limit: dt.date) -> dt.date | None:
    """The date in a ``published`` field, trying strict formats before free text.

    ``limit`` settles day/month order in "04/11/2023": the reading that is not
    in the future wins (an American feed's dates are month first).
    """
    if _EPOCH.fullmatch(value):
        seconds = float(value)
        if abs(seconds) >= 1e12:  # milliseconds
            seconds /= 1000
        return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).date()
    if _COMPACT.fullmatch(value):
        return _date(int(value[:4]), int(value[4:6]), int(value[6:]))
    try:  # ISO 8601; the date as written, in the publisher's own zone
        return dt.datetime.fromisoformat(value.replace("z", "Z")).date()
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parsed.date()
    for mention in find_dates(value, limit):
        if mention.precision == 1 and mention.explicit_year:
            return mention.date
    return None


def parse_published(value: str | None, *, now: dt.date | None = None
                    ) -> tuple[dt.date | None, list[str]]:
    """Parse a report's ``published`` metadata into a date, with named problems.

    Accepts ISO dates and datetimes (with zones: the date is taken as written,
    in the publisher's zone), RFC 2822, "11 April 2023", "11.04.2023" (day
    first), epoch seconds or milliseconds. A date after ``now`` (default: today,
    with one day of grace for time zones) is reported and not used. A missing
    value is not a problem: it returns (None, []).
    """
    if value is None:
        return None, []
    if isinstance(value, dt.datetime):
        return parse_published(value.date().isoformat(), now=now)
    if isinstance(value, dt.date):
        return parse_published(value.isoformat(), now=now)
    text = str(value).strip()
    if not text:
        return None, []
    limit = now if now is not None else dt.date.today() + dt.timedelta(days=1)
    try:
        found = _published_candidate(text, limit)
    except (ValueError, OverflowError, OSError):
        found = None
    if found is None:
        return None, [f"published date unparseable: {text[:60]!r}"]
    if found.year < 1900:
        return None, [f"published date implausible: {found.isoformat()}"]
    if found > limit:
        return None, [f"published date in the future: {found.isoformat()}"]
    return found, []


def reference_date(published: dt.date | None, text: str) -> tuple[dt.date | None, str]:
    """The date relative expressions hang on, and where it came from.

    ``published`` if given ("published"), else the newest full day-month-year
    date in the text, a span of days by its last day ("newest date in text"), else
    (None, "none").
    """
    if published is not None:
        return published, "published"
    full = _full_days(text or "")
    if full:
        return max(full), "newest date in text"
    return None, "none"


_HANDLE = re.compile(r"\(@\w{1,30}\)")
_CLOCK = re.compile(r"\d{1,2}:\d\d(?:\s*[ap]\.?m\.?)?\s*[\u00b7\u2022|-]?", re.IGNORECASE)
# "— Name" ending the text before the date: an em/en dash and a short name.
_NAME_WORD = r"[^\W\d_a-z][\w.'\u2019&-]*"  # a capitalised word of a name
_DASH_NAME = re.compile(rf"(?:^[-~]|[\u2013\u2014\u2015])\s*(?:{_NAME_WORD}\s+){{0,6}}"
                        rf"{_NAME_WORD}(?:\s+on)?\s*\Z")
# How far before the date a "(@handle)" may stand.
_HANDLE_REACH = 120


def attribution_date(line: str) -> dt.date | None:
    """Date of a pasted social-media post's attribution line.

    Recognises "— Jane Doe (@jdoe) April 11, 2023" (also after the post's own
    text on the same line), "11:04 AM · Apr 11, 2023" and a full date alone
    on its line (the caller checks that it follows an attribution line). Only
    the last line of ``line`` is read; its date must end it and name its year.
    """
    lines = (line or "").strip().splitlines()
    stripped = lines[-1].strip().rstrip(".") if lines else ""
    if not stripped or len(stripped) > 2000:
        return None
    mentions = [m for m in find_dates(stripped, None)
                if m.precision == 1 and m.explicit_year and not m.relative]
    if not mentions or mentions[-1].end != len(stripped):
        return None
    last = mentions[-1]
    prefix = stripped[:last.start].strip()
    if (not prefix or _HANDLE.search(prefix[-_HANDLE_REACH:]) or _DASH_NAME.search(prefix)
            or _CLOCK.fullmatch(prefix)):
        return last.date
    return None
