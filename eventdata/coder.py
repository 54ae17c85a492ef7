"""Codes reports into ACLED-style events: sentences -> mentions -> one event per actors, place, day.

The sentence-level readers (classifier, dates, places, actors, numbers) each
answer one question; this module decides what a careful coder decides with
their answers: which mentions are background, which describe the same event,
which type wins by the codebook's precedence, and how the row is written.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from eventdata.extract.actors import assign_actors, inter_category, labor_group, state_force
from eventdata.extract.classify import classify_batch
from eventdata.extract.lexicon import lexicon
from eventdata.extract.numbers import quantities
from eventdata.extract.sentences import split_antecedents, split_dated_clauses, split_sentences
from eventdata.normalise.dates import attribution_date, find_dates, parse_published, reference_date
from eventdata.normalise.places import (
    PlaceContext,
    country_record,
    default_location,
    listed_places,
    locate,
)
from eventdata.normalise.spelling import consonants, spelling_key
from eventdata.notes import write_notes
from eventdata.rules import rules, strongest
from eventdata.types import (
    ActorAssignment,
    Classification,
    DateMention,
    Location,
    Quantities,
    Sentence,
)
from eventdata.version import coder_version
from schemas.codebook import inter_codes, taxonomy

log = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parent / "data"
READ_LANGUAGES = frozenset({"en", "und"})


# Columns of a coded mention: the ACLED fields a report alone can give, plus provenance.
MENTION_COLUMNS: tuple[str, ...] = (
    "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location",
    "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities",
    "tags", "iso3", "crowd_size", "arrests", "report_id", "report_ref", "sentence_start",
    "sentence_end", "confidence", "problem", "standalone",
)  # fmt: skip


@dataclass
class _Mention:
    sentence: Sentence
    cls: Classification
    date: dt.date | None
    precision: int
    date_confidence: float
    location: Location | None
    qty: Quantities
    actors: ActorAssignment | None = None
    sub: str = ""
    members: list[_Mention] = field(default_factory=list)
    # Sentences that only elaborate this mention (no date or place of their own).
    followers: list[_Mention] = field(default_factory=list)
    # False when the sentence named no place and the story's place was lent to it
    own_place: bool = True


@dataclass
class CodedBatch:
    """Mentions (one row per event of each report) and what became of each report."""

    mentions: pd.DataFrame
    reports: pd.DataFrame


def _source_scale(source: str | None, url: str | None, given: str | None) -> str:
    scales = inter_codes().source_scales
    if given:
        parts = [p.strip() for p in str(given).split("-")]
        if all(p in scales for p in parts):
            return "-".join(parts)
    known = rules().source_scales
    for hay in (source or "", url or ""):
        low = hay.lower()
        for key, scale in known.items():
            if key in low:
                return scale
    return "Other"


_HOST = re.compile(r"^[a-z]+://(?:www\.)?([^/:]+)", re.I)


def _source_name(source: str | None, url: str | None) -> str:
    if source and str(source).strip():
        return str(source).strip()
    m = _HOST.match(url or "")
    return m.group(1) if m else "Unknown source"


def _pick_date(
    found: list[DateMention], narrative: DateMention | None, ref: dt.date | None,
    text: str = "",
) -> tuple[dt.date | None, int, float, DateMention | None]:
    """The event day of a sentence: its own most precise date, else the story's, else ref.

    A day told as the event's possessive ("Funerals were held on Friday for two men killed
    in Thursday's raid") dates the event the sentence is about, not the other day."""
    own = [d for d in found if ref is None or d.date <= ref]
    owned = [d for d in own if text and _POSSESSIVE_AFTER.match(text, d.end)]
    # "raids that began overnight and continued into Monday morning": the named day
    named = [d for d in own if d.text.lower() not in rules().vague_days]
    own = owned or named or own
    if own:
        best = min(own, key=lambda d: (d.precision, -d.date.toordinal()))
        return best.date, best.precision, 1.0, best
    if narrative is not None:
        return narrative.date, narrative.precision, 0.85, None
    if ref is not None:
        return ref, 1, 0.7, None
    return None, 1, 0.0, None


# ("Bamako, 07.06.2025 - ": the dots of a numeric date do not end the sentence)
_DATELINE_END = re.compile(r"^(?:[^.!?]|(?<=\d)\.(?=\d)){0,80}?\s[-–—]\s")
# "KYIV, May 20 -", "GOMA -", "CHANDIGARH:", "CHILPANCINGO, Guerrero. -", "LAGOS (Reuters) -":
# the place the reporter files from, in capitals, before a dash or colon.
_DATELINE_PLACE = re.compile(
    r"^\s*[A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+){0,3}"
    r"(?:,\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})?"
    r"(?:,?\s*(?:\d{1,2}\s+)?[A-Z][a-z]{2,8}\.?(?:\s+\d{1,2})?(?:,?\s+\d{4})?)?"
    r"\.?\s*(?:\([A-Za-z. ]{2,20}\))?\s*(?:[-–—]{1,2}\s|:\s|(?<=\d{4}\.)\s)"
)


# "in the city": the report's own city, named only in its dateline
# ("the town" is mostly the story's own small town, told just before: left to it)
_THE_CITY = re.compile(r"\b(?:in|at|across|around|throughout)\s+the\s+city\b(?!\s+of\b)",
                       re.I)


def _dateline_town(text: str, ctx: PlaceContext) -> Location | None:
    """The town a report is filed from ("BACOLOD CITY -"), if its dateline names one."""
    m = _DATELINE_PLACE.match(text)
    if m is None:
        return None
    loc = locate(text[:m.end()], ctx)
    return loc if loc is not None and loc.geo_precision == 1 else None


def _locate(text: str, ctx: PlaceContext) -> Location | None:
    """Where the sentence's event happened: not the dateline's town when it names another."""
    m = _DATELINE_PLACE.match(text)
    if m:
        found = locate(" " * m.end() + text[m.end():], ctx)
        if found is not None:
            return found
    return locate(text, ctx)


_SAID_BEFORE = re.compile(
    r"\b(?:said|says|announced|reported|told\s+\w+(?:\s+\w+)?|stated|confirmed|added|claimed|"
    r"declared|statement|report(?:ed)?|wrote|tweeted|posted|released|issued|published|"
    r"broadcast|aired|circulated)\s+(?:late\s+|early\s+)?(?:on\s+)?$",
    re.I,
)


_THOSE_BEFORE = re.compile(r"\bthose\s+(?:who\s+)?(?:[a-z]+\s+){1,3}$", re.I)


_GRIEVANCE_BEFORE = re.compile(
    r"\b(?:against|over|protesting|denouncing|condemning|decrying|angered\s+by|"
    r"outraged\s+by)\s+(?:the\s+)?$", re.I)


def _grievance_day(text: str, d: DateMention) -> bool:
    """ "gathered against yesterday's fuel price rise": the day of what a crowd protests."""
    return (text[d.end:d.end + 2] in ("'s", "\u2019s")
            and bool(_GRIEVANCE_BEFORE.search(text, max(0, d.start - 30), d.start)))


def _is_statement_date(text: str, d: DateMention) -> bool:
    """'The army said on Friday it had ...': when it was said, not when it happened."""
    return bool(_SAID_BEFORE.search(text[max(0, d.start - 40) : d.start]))


# Words that may begin a date expression: a sentence with fewer than two tells one day
# at most (a cheap test before the date parser, for splitting sentences of two days)
_DATE_HINT = re.compile(
    r"\b(?:\d{1,4}|(?:mon|tues|wednes|thurs|fri|satur|sun)day|jan|feb|mar|apr|may|jun|jul|"
    r"aug|sep|oct|nov|dec|yesterday|today|tonight|overnight|last|next|previous|following|"
    r"earlier|later|week|weekend|month|night|morning|evening|afternoon|day|days)")
_JOIN_HINT = re.compile(r"[,;]|\b(?:and|while|but|whereas|then|before)\b")
def _same_name(surface: str | None, name: str | None) -> bool:
    """One name in two spellings ("Mon-ywa" / "Monywa", "Maidugari" / "Maiduguri")."""
    if not surface or not name:
        return False
    a, b = spelling_key(surface), spelling_key(name)
    return a == b or consonants(a) == consonants(b)


def _abroad_in_passing(loc: Location | None, ctx: PlaceContext) -> bool:
    """Is the place only another country, named as a whole, than the report's own?"""
    if loc is None or ctx.hint_iso2 is None or loc.geo_precision != 3:
        return False
    named = country_record(loc.surface or "")
    return (named is not None and named["iso3"] == loc.iso3
            and str(named["iso2"]) != ctx.hint_iso2)


def _is_dateline(text: str, d: DateMention, ref: dt.date | None) -> bool:
    """'JOS, Nigeria, Tuesday 14 May 2024 - ...': the report's own date, not the event's."""
    if d.start > 60 or d.relative:
        return False
    m = _DATELINE_PLACE.match(text) or _DATELINE_END.match(text)
    return bool(m) and d.end <= m.end() and (ref is None or d.date == ref)


_POSSESSIVE_AFTER = re.compile(r"['’]s?\s")


def _told_before(m: _Mention, own: DateMention | None,
                 mentions: list[_Mention]) -> _Mention | None:
    """The event a sentence refers back to by its day's possessive ("after Tuesday's
    fighting", "Sunday's attack"): one already told on that day, of a compatible type."""
    if own is None or not _POSSESSIVE_AFTER.match(m.sentence.text, own.end):
        return None
    return next((x for x in reversed(mentions) if x.date == m.date and not x.sentence.is_title
                 and _compatible(m.sub, x.sub) and (
                     m.location is None or x.location is None
                     or (m.location.iso3, m.location.admin1)
                     == (x.location.iso3, x.location.admin1))), None)


def _age(ref: dt.date, day: dt.date, precision: int) -> int:
    """Days from the END of the span a date stands for to the reference date: "in mid-June"
    (the 15th, precision 3) in a report of 18 July is 18 days old, not 33."""
    if precision >= 3:
        nxt = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        end = min(nxt - dt.timedelta(days=1), ref)
    elif precision == 2:
        end = min(day + dt.timedelta(days=3), ref)
    else:
        end = day
    return (ref - end).days


def _is_background(m: _Mention, ref: dt.date | None, found: list[DateMention]) -> bool:
    days = rules().background_days
    if ref is not None and m.date is not None and _age(ref, m.date, m.precision) > days:
        return True
    # a date that names its year ("In April 2025, the assault on Zamzam killed hundreds")
    # is history from its middle on: told in a report of late May, background
    if ref is not None and any(d.explicit_year and (ref - d.date).days > days for d in found):
        return True
    if m.sentence.is_quoted and m.sentence.quoted_post_date and ref is not None:
        return (ref - m.sentence.quoted_post_date).days > days
    return False


def _merge_key(m: _Mention, demo_keys: set[tuple], forceful: set[tuple]) -> tuple:
    loc = m.location
    lkey = (loc.iso3, loc.admin1, loc.location) if loc else None
    cls = rules().merge_class[m.sub]
    base = (m.date, lkey)
    # an arrest told as what set off the demonstration did not happen at it
    if (m.sub == "Arrests" and not m.sentence.is_antecedent
            and (*base, rules().arrests_join) in demo_keys):
        cls = rules().arrests_join
    elif m.sub in rules().deaths_join and base in forceful and loc and m.date and (
            _by_nobody_or_the_state(m, loc)):
        # "four people were shot dead in the city centre today", told after police fired on
        # the protest there: the deaths are the demonstration's, not a separate attack
        cls = rules().arrests_join
    return (*base, cls)


_UNIDENTIFIED = "Unidentified Armed Group"
_NOT_FIGHTERS = frozenset({"Civilians", "Protesters", "Rioters"})
_OWN_PERPETRATORS = frozenset({"Rebel group", "Political militia", "Identity militia",
                               "External/Other forces"})


def _separate_attack(m: _Mention, previous: _Mention, own: DateMention | None,
                     own_loc: Location | None) -> bool:
    """"Al Shabaab gunmen shot dead four people in Nairobi on Wednesday" told after a protest,
    at its place and day: another event by its own perpetrator, not a detail of the protest
    (a claim, "the group said its fighters carried out the attack", names no day or place)."""
    if (m.location is None or m.date is None
            or rules().merge_class[m.sub] == rules().merge_class[previous.sub]):
        return False
    if (m.sub in rules().demonstrations and previous.sub not in rules().demonstrations
            and rules().merge_class[previous.sub] != rules().arrests_join):
        # "Hundreds of youths later blocked the road in protest" after the killings: the
        # crowd's reaction is an event of its own, not the attack's
        return True
    if previous.sub in rules().own_events_after.get(m.sub, ()):
        # "air defences shot down several drones" after the strikes: another actor's act,
        # an event of its own
        return True
    a = assign_actors(m.sentence.text, m.sub, m.location.country, m.location.iso3, m.date)
    if (m.sub in rules().battle_types and a.actor2 and a.inter2 not in _NOT_FIGHTERS
            and a.confidence >= 0.8):
        # "Soldiers reached the site and exchanged fire with the militiamen": a clash after
        # the massacre, between armed sides, is an event of its own
        return True
    if own is None and own_loc is None:
        return False
    return a.confidence >= 1.0 and a.inter1 in _OWN_PERPETRATORS


def _both_territory(a: str, b: str) -> bool:
    """Who took a place is told by the event's own sentence: a follower ("28 others were
    captured") does not turn a rebel takeover into a government one."""
    return a in rules().territory_types and b in rules().territory_types


def _by_nobody_or_the_state(m: _Mention, loc: Location) -> bool:
    """No perpetrator named, or the country's own forces: not a group's separate attack."""
    a = assign_actors(m.sentence.text, m.sub, loc.country, loc.iso3, m.date or dt.date.min)
    return a.confidence <= 0.6 or a.inter1 == "State forces"


# A sentence that is a quoted voice: it opens with the quote, after a liveblog's clock
# ("15:05 - ") and a speaker's label ("Interior minister: ") if any.
_QUOTE_START = re.compile(r"^\s*(?:\d{1,2}[:.]\d\d\s*[-\u2013\u2014|]?\s*)?"
                          r"(?:[^\s:\"“‘'«]+(?:\s+[^\s:\"“‘'«]+){0,5}:\s*)?[\"“‘'«]")


_UNKNOWN_PLACE_CONFIDENCE = 0.5  # a name the gazetteer lacks, placed by its region
_CITY_PART_AFTER = r"\s+(?:district|neighbou?rhood|quarter|suburb|micro-?district|area)\b"


def _elaborates(
    m: _Mention, own: DateMention | None, own_loc: Location | None, previous: _Mention,
    new_entry: bool = False,
) -> bool:
    """A sentence that names no other day or place than the event just told, or quotes a voice."""
    if _QUOTE_START.match(m.sentence.text):
        return True
    # a vaguer day that spans the event's ("at the end of the weekend") is the same day
    # (a liveblog entry naming no day is on the report's day, not the last event's)
    if own is None:
        same_day = not new_entry or m.date is None or previous.date is None or (
            m.date == previous.date)
    else:
        same_day = own.date == previous.date or (
            own.precision > previous.precision and abs((own.date - previous.date).days) <= 3)
    prev_loc = previous.location
    same_place = own_loc is None or (
        prev_loc is not None
        and (
            (own_loc.location, own_loc.admin1) == (prev_loc.location, prev_loc.admin1)
            # "Ukraine said ...": naming only the country adds no place
            or (
                own_loc.geo_precision == 3
                and own_loc.iso3 == prev_loc.iso3
                and own_loc.surface.strip().lower() == own_loc.country.lower()
            )
            # "The missile hit a building in the Metalurhiinyi district": an unknown part of
            # the city just told
            or (
                prev_loc.geo_precision == 1
                and own_loc.geo_precision == 2
                and own_loc.confidence <= _UNKNOWN_PLACE_CONFIDENCE
                and (own_loc.iso3, own_loc.admin1) == (prev_loc.iso3, prev_loc.admin1)
                and re.search(re.escape(own_loc.surface) + _CITY_PART_AFTER, m.sentence.text)
                is not None
            )
        )
    )
    return same_day and same_place


def _compatible(follower: str, lead: str) -> bool:
    """A follower may change the type only within its merge class or by a combination rule."""
    r = rules()
    return r.merge_class[follower] == r.merge_class[lead] or (
        frozenset((follower, lead)) in r.combine
    )


def _join(values: Iterable[str]) -> str | None:
    seen: list[str] = []
    for v in values:
        for part in (v or "").split("; "):
            if part and part not in seen:
                seen.append(part)
    return "; ".join(seen) or None


def _assemble(group: list[_Mention], sub: str) -> _Mention:
    """One mention for a group told several times: the strongest, with the others' facts."""
    lead = max(group, key=lambda m: (m.sub == sub, m.cls.confidence))
    lead = replace(lead, sub=sub, members=group)
    return lead


_CROWD_EVENTS = frozenset({"Protests", "Riots"})


def _same_dispute(rows: list[dict]) -> list[dict]:
    """One report's protests by a group on strike are all labour actions.

    "Striking lecturers" marching in the capital make the lecturers' march in
    another town, told in the same report without the word "strike", part of the
    same labour dispute: both crowds carry the Labor Group.
    """
    striking: set[str] = set()
    for r in rows:
        assoc = (r.get("assoc_actor_1") or "").split("; ")
        if r["event_type"] in _CROWD_EVENTS and r.get("country") and (
                labor_group(r["country"]) in assoc):
            striking.update(a for a in assoc if a and a != labor_group(r["country"]))
    if not striking:
        return rows
    for r in rows:
        assoc = [a for a in (r.get("assoc_actor_1") or "").split("; ") if a]
        if (r["event_type"] in _CROWD_EVENTS and r.get("country")
                and striking.intersection(assoc) and labor_group(r["country"]) not in assoc):
            r["assoc_actor_1"] = "; ".join([labor_group(r["country"]), *assoc])
    return rows


# A liveblog entry opens its paragraph with a clock time ("**16:05** -", "10.15 -").
_ENTRY_CLOCK = re.compile(r"[*_#\s]*(\d{1,2})[:.h](\d\d)\b(?!\s*(?:%|per\s?cent))")
_MIN_ENTRIES = 3  # entries needed before their order is read


def _in_time_order(sentences: list[Sentence], text: str) -> list[Sentence]:
    """A liveblog told newest first ("18:50 ...", then "17:30 ...") read oldest first.

    The coder reads a story forwards: a follow-up elaborates what was told before it, a
    story's place carries to the next sentence. When the clock times opening the entries
    run backwards, the entries (each with the paragraphs under it) are read in reverse;
    offsets are untouched, and the title and the text before the first entry stay first.
    """
    entries: list[tuple[int, int]] = []  # (paragraph start, minutes of day)
    pos = 0
    for para in text.split("\n"):
        hit = _ENTRY_CLOCK.match(para)
        if hit and int(hit.group(1)) < 24 and int(hit.group(2)) < 60:
            entries.append((pos, int(hit.group(1)) * 60 + int(hit.group(2))))
        pos += len(para) + 1
    if len(entries) < _MIN_ENTRIES:
        return sentences
    steps = [b[1] - a[1] for a, b in itertools.pairwise(entries)]
    if sum(d < 0 for d in steps) < 0.8 * len(steps):
        return sentences  # told in time order (or mixed): as it is
    first = entries[0][0]
    starts = [e[0] for e in entries]

    def entry_of(sent: Sentence) -> int:
        return bisect.bisect_right(starts, sent.start) - 1

    head = [s for s in sentences if s.is_title or s.start < first]
    body = [s for s in sentences if not s.is_title and s.start >= first]
    blocks: dict[int, list[Sentence]] = {}
    for sent in body:
        blocks.setdefault(entry_of(sent), []).append(sent)
    return head + [s for k in sorted(blocks, reverse=True) for s in blocks[k]]


_NATIONWIDE = re.compile(r"\b(?:across|throughout|all\s+over)\s+the\s+(?:country|nation)\b|"
                         r"\bnationwide\b|\bcountrywide\b", re.I)
_BARE_YEAR = re.compile(r"(?:19|20)\d\d")  # "the 1973 coup": a year alone
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_DAY_NUMBER = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\b")


def _reporting_period_end(title: str | None, text: str,
                          ref: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """Last and middle day of the period a roundup or sitrep says it covers, in its heading.

    Only a span of days (time_precision 2) named in the title or the body's first short
    lines counts, and only when it ended shortly before the reference date: the report's
    weekdays then fall inside it.
    """
    if ref is None:
        return None
    head = [title or ""] + [ln for ln in text.strip().splitlines()[:3] if len(ln) <= 140]
    for line in head:
        for d in find_dates(line, ref):
            if d.precision != 2 or d.relative:
                continue
            days = [int(n) for n in _DAY_NUMBER.findall(d.text) if 1 <= int(n) <= 31]
            if len(days) < 2:
                continue
            # the span is centred on d.date: its end is the later day carrying the last number
            end = next((d.date + dt.timedelta(days=k) for k in range(16)
                        if (d.date + dt.timedelta(days=k)).day == days[-1]), None)
            if end is not None and 0 < (ref - end).days <= rules().reporting_period_lag:
                return end, d.date
    return None


class _ReportCoder:
    """Codes one report; kept as a small class so its helpers share the report's context."""

    def __init__(self, rep: Mapping[str, Any], today: dt.date | None) -> None:
        self.rep = rep
        self._last_armed: str | None = None  # the last named armed group, for "the attackers"
        self._last_striker: dict[str, str] = {}  # sub-event type -> its last named actor1
        self.problems: list[str] = [p for p in str(rep.get("problems") or "").split("; ") if p]
        published, probs = parse_published(_opt(rep.get("published")), now=today)
        self.problems += probs
        self.text = str(rep.get("text") or "")
        self.ref, self.basis = reference_date(published, self.text)
        period = _reporting_period_end(_opt(rep.get("title")), self.text, self.ref)
        self.period_middle: dt.date | None = None
        if period is not None:
            # "THE WEEK IN REVIEW (October 6-12)", published on Monday the 13th: its "late on
            # Monday" is the 6th, not the day it came out; "throughout the week" its middle
            self.ref, self.basis = period[0], "reporting period"
            self.period_middle = period[1]
        if self.basis == "none":
            self.problems.append("no reference date: relative dates not resolved")

    def _old(self, found: list[DateMention]) -> bool:
        days = rules().background_days
        return self.ref is not None and any(_age(self.ref, d.date, d.precision) > days
                                            for d in found)

    def _old_year(self, text: str) -> bool:
        """Does the text name a year that ended before the report's recent past?"""
        if self.ref is None:
            return False
        return any(
            (self.ref - dt.date(int(y), 12, 31)).days > rules().background_days
            for y in _YEAR.findall(text) if int(y) <= self.ref.year
        )

    def sentences(self) -> list[Sentence]:
        found = split_sentences(self.text, attribution_date, _opt(self.rep.get("title")))
        found = split_antecedents(found, rules().antecedent, rules().antecedent_days)
        return _in_time_order(split_dated_clauses(found, self._event_days), self.text)

    def _event_days(self, text: str) -> list[tuple[int, int, object]]:
        """(start, end, day) of the dates in ``text`` that can be an event's day."""
        if not _JOIN_HINT.search(text):
            return []  # no second clause to split off
        hints = _DATE_HINT.finditer(text.lower())
        if next(hints, None) is None or next(hints, None) is None:
            return []  # one date at most: nothing to split (most sentences; saves a parse)
        return [(d.start, d.end, d.date) for d in find_dates(text, self.ref)
                if (self.ref is None or (self.ref - d.date).days <= rules().background_days)
                and not _is_statement_date(text, d) and not _is_dateline(text, d, self.ref)]

    def code(self, sentences: list[Sentence], classes: list[Classification]) -> list[dict]:
        ctx = PlaceContext.from_text(self.text, _opt(self.rep.get("country")))
        fallback = default_location(ctx)
        dateline = _dateline_town(self.text, ctx)
        narrative: DateMention | None = None
        mentions: list[_Mention] = []
        background_paras: set[int] = set()
        last_event_sentence = -2
        story_place: Location | None = None
        main_date: dt.date | None = None  # the day of the sentence an antecedent clause follows
        main_prec = 1
        for i, (sent, cls) in enumerate(zip(sentences, classes, strict=True)):
            para = self.text.rfind("\n", 0, sent.start) if not sent.is_title else -2
            new_entry = para + 1 == sent.start and bool(_ENTRY_CLOCK.match(sent.text))
            if new_entry:
                # a liveblog entry is told on the report's day unless it says otherwise
                # ("10:10 - Recap of yesterday: ..." does not date the next entry)
                narrative = None
            found = find_dates(sent.text, self.ref, anchor=narrative.date if narrative else None)
            found = [d for d in found if not _is_dateline(sent.text, d, self.ref)]
            if self.period_middle is not None:
                found = [replace(d, date=self.period_middle)
                         if d.precision == 2 and d.text.lower() in rules().period_phrases else d
                         for d in found]
            # "who had camped there since last week": a span's bound, not the event's day;
            # "portraits of those killed last year": the day of other people's fate
            bounds = [d for d in found
                      if rules().span_bound.search(sent.text, max(0, d.start - 20), d.start)]
            # "more than 150 peasants have been killed since 2010": a tally over years
            tally = any(d.explicit_year for d in bounds) and self._old(bounds)
            found = [d for d in found if d not in bounds
                     and not _THOSE_BEFORE.search(sent.text, max(0, d.start - 40), d.start)
                     and not _grievance_day(sent.text, d)]
            if found and bounds and all(d.text.lower() in rules().vague_days for d in found):
                # "raids that began overnight and continued into Monday morning": the night
                # is named by the day it ran into
                found = [d for d in bounds if not d.explicit_year] or found
            said = [d for d in found if _is_statement_date(sent.text, d)]
            if said and len(said) < len(found):
                found = [d for d in found if d not in said]
            date, prec, dconf, own = _pick_date(found, narrative, self.ref, sent.text)
            # "In a statement on Monday, the group said 40 soldiers had been killed": the
            # day it was said dates the sentence only if it tells a new event
            event_day = None if own is not None and own in said else own
            if own is None and sent.days_before and main_date is not None:
                # "The signing came two days after soldiers were killed": before the main event
                date, prec = main_date - dt.timedelta(days=sent.days_before), main_prec
            if not sent.is_antecedent:
                main_date, main_prec = date, prec
            if own is not None and own.precision == 1 and not own.explicit_year and (
                    not self._old([own])):
                # "marched on Thursday on the anniversary of the 1973 coup": history named
                # in passing by a sentence telling today's event
                found = [d for d in found if d is own or not (
                    _BARE_YEAR.fullmatch(d.text) and self._old([d]))]
            if self._old(found):
                # Background told in a paragraph: its undated sentences belong to it too.
                background_paras.add(para)
            elif own is None and para in background_paras:
                continue
            if cls.sub_event_type is None and not cls.blockers and 0 < i - last_event_sentence <= 3:
                self._detail_follows(sent, own, mentions, i - last_event_sentence)
                if i - last_event_sentence == 1:
                    self._place_follows(sent, own, mentions, ctx)
            if "claim" in cls.blockers and not sent.is_title:
                # "On Sunday, ISKP claimed the attack": who did it, on the day of the claim
                self._claim_follows(sent, mentions)
                continue
            if (cls.blockers == ("background",) and own is not None and own.precision == 1
                    and not self._old(found) and not sent.is_quoted and not sent.is_title):
                # "The army said its troops had killed 30 fighters on Saturday": told in the
                # past perfect of reported speech, but dated within the report's days. Dated
                # only by when it was said ("said on Monday that its troops had killed 30
                # fighters during a week-long operation"), it happened around then: the week.
                cls = replace(cls, blockers=(),
                              confidence=round(cls.confidence / lexicon().settings.blocked_factor,
                                               3))
                if own in said:
                    prec = max(prec, 2)
            if cls.sub_event_type is None or cls.blockers or (tally and own is None):
                continue
            if sent.is_title and own is None and self._old_year(sent.text):
                continue  # "Court orders compensation for 2022 crackdown": a headline's past

            last_event_sentence = i
            if (
                event_day is not None
                and not sent.is_quoted
                and not sent.is_title
                and not self._old([event_day])
            ):
                # Only what happened moves the story's date: "said on Wednesday" does not.
                narrative = event_day
            own_loc = _locate(sent.text, ctx)
            if own_loc is None and _THE_CITY.search(sent.text):
                # "held a rally ... in the city" of a report filed from BACOLOD CITY
                own_loc = dateline
            if own is None and _abroad_in_passing(own_loc, ctx):
                # "inspired by farmers' protests in Germany": other countries' events, told
                # in passing without a day, in a report on France
                continue
            loc = own_loc or story_place
            if loc is None and fallback is not None:
                loc = replace(
                    fallback,
                    geo_precision=max(fallback.geo_precision, 2),
                    confidence=fallback.confidence * 0.8,
                )
            m = _Mention(
                sent, cls, date, prec, dconf, loc, quantities(sent.text), sub=cls.sub_event_type,
                own_place=own_loc is not None,
            )
            if _is_background(m, self.ref, found):
                continue
            if own_loc is not None and not sent.is_quoted:
                # Where the story's events happen: the place for its sentences naming none.
                story_place = own_loc
            if self.ref is not None and date is not None and date > self.ref:
                continue
            previous = next((x for x in reversed(mentions)
                             if not x.sentence.is_title and not x.sentence.is_antecedent), None)
            told = _told_before(m, own, mentions)
            if told is not None:
                # "detained after Tuesday's fighting": the day's event already told, again
                told.followers.append(m)
                continue
            if (previous is not None and not previous.own_place and own_loc is not None
                    and event_day is None and not sent.is_title and not sent.is_antecedent
                    and not sent.is_quoted and previous.date == m.date
                    and _compatible(m.sub, previous.sub)):
                # "gunmen stopped a bus travelling from Fiche towards Gebre Guracha ..." then
                # "The bus was stopped a few kilometres before Gebre Guracha.": the event's
                # place, told in the next sentence
                previous.location, previous.own_place = own_loc, True
            if (
                previous is not None
                and not sent.is_title
                and not sent.is_antecedent
                and _elaborates(m, event_day, own_loc, previous, new_entry)
                and not _separate_attack(m, previous, event_day, own_loc)
            ):
                # "Police put the toll at nine.": more about the event just told.
                previous.followers.append(m)
                continue
            if _QUOTE_START.match(sent.text) or cls.confidence < rules().min_mention_confidence:
                continue  # a quoted voice, or a weak cue, alone does not make an event
            if own_loc is None and _NATIONWIDE.search(sent.text):
                # "the protests of 25 June left 16 dead across the country": a tally over
                # places the sentence does not name, not an event at the story's place
                continue
            mentions.append(m)
            if own_loc is not None and not sent.is_title:
                # "shelled Bilozerka, Antonivka and Stanislav": one event per place; the
                # figures stay with the first (never counted twice)
                mentions += [replace(m, location=other, qty=Quantities(), followers=[])
                             for other in listed_places(sent.text, ctx, own_loc)]
        mentions = self._drop_title_repeats(self._headline_names_town(mentions))
        return _same_dispute([self._row(m) for m in self._merge(mentions)])

    @staticmethod
    def _place_follows(sent: Sentence, own: DateMention | None, mentions: list[_Mention],
                       ctx: PlaceContext) -> None:
        """The sentence right after an event that named no place of its own tells where it
        was ("The bus was stopped a few kilometres before Gebre Guracha.")."""
        if own is not None or sent.is_title or sent.is_quoted or not mentions:
            return
        last = mentions[-1]
        if last.own_place or last.sentence.is_title:
            return
        loc = _locate(sent.text, ctx)
        if loc is not None and loc.geo_precision < 3:
            last.location, last.own_place = loc, True

    @staticmethod
    def _detail_follows(sent: Sentence, own: DateMention | None, mentions: list[_Mention],
                        gap: int) -> None:
        """A sentence right after an event that adds its toll ("Ukraine said 14 soldiers were
        killed.") or, within a few sentences, names who did it ("The army blamed the ELN.",
        "The TTP claimed responsibility.") belongs to that event."""
        if own is not None or sent.is_title or not mentions:
            return
        qty = quantities(sent.text)
        if qty.fatalities and gap == 1:
            cue = "toll"
        elif rules().attribution.search(sent.text):
            cue, qty = "attribution", Quantities()
        else:
            return
        lead = mentions[-1]
        cls = Classification(lead.sub, 0.0, (), (cue,))
        lead.followers.append(
            _Mention(sent, cls, lead.date, lead.precision, 0.0, lead.location, qty, sub=lead.sub)
        )

    @staticmethod
    def _claim_follows(sent: Sentence, mentions: list[_Mention]) -> None:
        """A claim of responsibility names the perpetrator of the latest violent event."""
        lead = next((x for x in reversed(mentions) if not x.sentence.is_title
                     and rules().merge_class[x.sub] in rules().claimable), None)
        if lead is None:
            return
        cls = Classification(lead.sub, 0.0, (), ("attribution",))
        lead.followers.append(_Mention(sent, cls, lead.date, lead.precision, 0.0, lead.location,
                                       Quantities(), sub=lead.sub))

    @staticmethod
    def _headline_names_town(mentions: list[_Mention]) -> list[_Mention]:
        """"Zhanaozen rallies ..." over "a rally on the central square in the Mangystau
        region": the town the body only infers from the region, the headline names for the
        same kind of event, so it is known (precision 1), not just representative."""
        named = {(x.location.iso3, x.location.admin1, rules().merge_class[x.sub]): x.location
                 for x in mentions
                 if x.sentence.is_title and x.location and x.location.geo_precision == 1}
        for x in mentions:
            loc = x.location
            if x.sentence.is_title or loc is None or loc.geo_precision == 1 or (
                    _same_name(loc.surface, loc.location)):
                continue  # the sentence names its own town ("Mon-ywa" is Monywa)
            town = named.get((loc.iso3, loc.admin1, rules().merge_class[x.sub]))
            if town is not None:
                x.location = replace(town, confidence=loc.confidence)
        return mentions

    @staticmethod
    def _drop_title_repeats(mentions: list[_Mention]) -> list[_Mention]:
        """Headlines repeat the body: they count only when the body codes nothing."""
        body = [m for m in mentions if not m.sentence.is_title]
        return body or mentions

    @staticmethod
    def _merge(mentions: list[_Mention]) -> list[_Mention]:
        demo = {
            (
                m.date,
                (m.location.iso3, m.location.admin1, m.location.location) if m.location else None,
                rules().merge_class[m.sub],
            )
            for m in mentions
        }
        # days and places of demonstrations met with force (or turned violent)
        forceful = {
            (m.date, (m.location.iso3, m.location.admin1, m.location.location))
            for m in mentions if m.location and (
                m.sub in rules().forceful_demonstrations
                or any(f.sub in rules().forceful_demonstrations for f in m.followers))
        }
        groups: dict[tuple, list[_Mention]] = {}
        for m in mentions:
            groups.setdefault(_merge_key(m, demo, forceful), []).append(m)
        out = []
        for g in groups.values():
            subs = [m.sub for m in g]
            for m in g:
                subs += [f.sub for f in m.followers if _QUOTE_START.match(f.sentence.text) is None
                         and not _both_territory(f.sub, m.sub)
                         and (_compatible(f.sub, m.sub) or (
                    f.sub in rules().deaths_join and m.sub in rules().demonstrations
                    and f.location and _by_nobody_or_the_state(f, f.location)))]
                # a quoted voice ("They came shooting in the air") adds facts, not the type
            out.append(_assemble(g, strongest(subs)))
        return out

    def _row(self, m: _Mention) -> dict:
        tax = taxonomy()
        core = m.members or [m]
        group = core + [f for x in core for f in x.followers]
        loc = m.location
        country = (
            loc.country
            if loc
            else (country_record(_opt(self.rep.get("country")) or "") or {}).get("country")
        )
        iso3 = (
            loc.iso3
            if loc
            else (country_record(_opt(self.rep.get("country")) or "") or {}).get("iso3")
        )
        problem = None
        actors: ActorAssignment | None = None
        if country and iso3 and m.date:
            context = "\n".join(x.sentence.text for x in group if x is not m)
            actors = assign_actors(m.sentence.text, m.sub, country, iso3, m.date, context)
            one_sided = rules().one_sided_when_told.get(m.sub)
            if (one_sided is not None and (actors.actor2 is None or actors.assumed_actor2)
                    and any(f.sub == one_sided for x in core for f in x.followers)):
                # "ADF fighters attacked Manguredjipa." then "18 civilians were killed": no
                # opponent named, and the victims told next: an attack on them
                m = replace(m, sub=one_sided)
                actors = assign_actors(m.sentence.text, m.sub, country, iso3, m.date, context)
            resisted = rules().resisted_attack.get(m.sub)
            if resisted is not None and any(
                    f.sub == resisted and rules().resistance.search(f.sentence.text)
                    for x in core for f in x.followers):
                # "raiders attacked the cattle camp" then "the camp's armed keepers fought
                # back": a clash
                m = replace(m, sub=resisted)
                actors = assign_actors(m.sentence.text, m.sub, country, iso3, m.date, context)
            related = core + [f for x in core for f in x.followers if _compatible(f.sub, x.sub)]
            actors = self._complete_actors(actors, related, m, country, iso3)
            actors = self._resolve_the_attackers(actors, m)
        if loc is None:
            problem = "no place found"
        elif m.date is None:
            problem = "no date found"
        qty = [x.qty for x in group]
        deaths = [q.fatalities for q in qty if q.fatalities is not None]
        fatalities = min(deaths) if deaths else 0
        if m.sub in rules().no_deaths:
            # a protest's sentence telling of deaths tells its cause ("demanding justice for
            # the collapse that killed 15"): deaths by force make it another type
            fatalities = 0
        crowd = next((q.crowd_size for q in qty if q.crowd_size), None)
        arrests = max((q.arrests for q in qty if q.arrests), default=None)
        told = [x.qty for x in core if x.qty.arrests]
        if crowd is None and told and m.sub in rules().crowd_from_arrests:
            # "police detained twelve workers who had picketed": the crowd, told in the
            # protest's own sentence, was at least them ("eleven were arrested" later is not)
            most = max(told, key=lambda q: q.arrests or 0)
            crowd = most.extra.get("arrests_text") or str(most.arrests)
        event_type = tax.event_type_of[m.sub]
        inter = inter_codes()
        inter1 = actors.inter1 if actors else None
        inter2 = actors.inter2 if actors else None
        tags = f"crowd size={crowd or 'no report'}" if event_type in ("Protests", "Riots") else None
        conf = m.cls.confidence * m.date_confidence * (loc.confidence if loc else 0.3)
        conf *= actors.confidence if actors else 0.5
        conf = min(1.0, conf * (1.0 + 0.1 * (len(group) - 1)))
        civ = (
            "Civilians targeted"
            if inter2 == "Civilians"
            and "Political violence" in tax.disorder_type_of[m.sub]
            and event_type != "Protests"
            else None
        )
        row = {
            "event_date": m.date,
            "year": m.date.year if m.date else None,
            "time_precision": m.precision,
            "disorder_type": tax.disorder_type_of[m.sub],
            "event_type": event_type,
            "sub_event_type": m.sub,
            "actor1": actors.actor1 if actors else None,
            "assoc_actor_1": _join(actors.assoc_actor_1) if actors else None,
            "inter1": inter1,
            "actor2": actors.actor2 if actors else None,
            "assoc_actor_2": _join(actors.assoc_actor_2) if actors else None,
            "inter2": inter2,
            "interaction": inter.interaction(inter1, inter2) if inter1 else None,
            "civilian_targeting": civ,
            "iso": loc.iso if loc else None,
            "region": loc.region if loc else None,
            "country": country,
            "admin1": loc.admin1 if loc else None,
            "admin2": loc.admin2 if loc else None,
            "admin3": loc.admin3 if loc else None,
            "location": loc.location if loc else None,
            "latitude": round(loc.latitude, 4) if loc else None,
            "longitude": round(loc.longitude, 4) if loc else None,
            "geo_precision": loc.geo_precision if loc else None,
            "source": _source_name(_opt(self.rep.get("source")), _opt(self.rep.get("url"))),
            "source_scale": _source_scale(
                _opt(self.rep.get("source")),
                _opt(self.rep.get("url")),
                _opt(self.rep.get("source_scale")),
            ),
            "fatalities": int(fatalities),
            "tags": tags,
            "iso3": iso3,
            "crowd_size": crowd,
            "arrests": arrests,
            "report_id": self.rep["report_id"],
            "report_ref": self.rep.get("report_ref"),
            "sentence_start": m.sentence.start,
            "sentence_end": m.sentence.end,
            "confidence": round(max(0.0, min(1.0, conf)), 4),
            "problem": problem,
            # told as what set off another event: never merged into a demonstration
            "standalone": bool(m.sentence.is_antecedent),
            "_text": " ".join(x.sentence.text for x in group),
        }
        row["notes"] = write_notes(row)
        del row["_text"]
        return row

    def _resolve_the_attackers(self, actors: ActorAssignment, m: _Mention) -> ActorAssignment:
        """"Soldiers pursued the attackers": the armed group the report named just before.

        A definite "the attackers/militiamen/rebels" points back to the last named non-state
        armed group of the report; a bare "gunmen" stays unidentified.
        """
        named = self._last_armed
        if actors.inter1 in _OWN_PERPETRATORS and not actors.actor1.startswith(_UNIDENTIFIED):
            self._last_armed = actors.actor1
            if actors.confidence >= 1.0:
                self._last_striker[m.sub] = actors.actor1
        elif actors.confidence <= 0.7 and m.sub in self._last_striker:
            # "On Monday, a drone hit the airport" in a report of RSF drone strikes: the
            # report's named striker, not the default (state) one the sentence alone implies
            return replace(actors, actor1=self._last_striker[m.sub],
                           inter1=inter_category(self._last_striker[m.sub]))
        if named is None or not rules().definite_armed.search(m.sentence.text):
            return actors
        if actors.actor2 and actors.actor2.startswith(_UNIDENTIFIED) and actors.actor1 != named:
            return replace(actors, actor2=named, inter2=inter_category(named))
        if actors.actor1.startswith(_UNIDENTIFIED) and actors.actor2 != named:
            return replace(actors, actor1=named, inter1=inter_category(named))
        return actors

    @staticmethod
    def _complete_actors(
        actors: ActorAssignment, group: list[_Mention], m: _Mention, country: str, iso3: str
    ) -> ActorAssignment:
        """Facts told in the group's other sentences: assoc actors, the intervening force."""
        assoc = list(actors.assoc_actor_1)
        actor2, inter2, assoc2 = actors.actor2, actors.inter2, list(actors.assoc_actor_2)
        for other in group:
            if other is m or other.date is None:
                continue
            extra = assign_actors(other.sentence.text, m.sub, country, iso3, other.date, "")
            for a in extra.assoc_actor_1:
                if a not in assoc:
                    assoc.append(a)
            if actor2 is None and extra.actor2:
                actor2, inter2 = extra.actor2, extra.inter2
                assoc2 = list(extra.assoc_actor_2)
        if actor2 is None and m.sub in rules().needs_intervening_force and m.date:
            actor2 = state_force(iso3, "Police", m.date)
            inter2 = "State forces"
        return replace(
            actors,
            assoc_actor_1=tuple(assoc),
            actor2=actor2,
            inter2=inter2,
            assoc_actor_2=tuple(assoc2),
        )

    def status(self, n_events: int, language: str | None) -> dict:
        if language and language not in READ_LANGUAGES:
            status = "language not read"
        else:
            status = "events" if n_events else "no event"
        return {
            "report_id": self.rep["report_id"],
            "report_ref": self.rep.get("report_ref"),
            "reference_date": self.ref,
            "reference_date_basis": self.basis,
            "status": status,
            "n_events": n_events,
            "problems": "; ".join(dict.fromkeys(self.problems)),
            "coder_version": coder_version(),
        }


def _opt(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    text = str(value).strip()
    return text or None


def code_reports(
    reports: pd.DataFrame, *, today: dt.date | None = None, model: Any | None = None
) -> CodedBatch:
    """Code a batch of reports (ingest's columns) into mentions and report statuses.

    `today` bounds published dates (a published date after it is a named problem);
    `model` is an optional learned classifier combined with the rules.
    """
    rows: list[dict] = []
    statuses: list[dict] = []
    coders: list[_ReportCoder] = []
    all_sentences: list[list[Sentence]] = []
    flat: list[str] = []
    for rep in reports.to_dict("records"):
        coder = _ReportCoder(rep, today)
        lang = _opt(rep.get("language"))
        sents = coder.sentences() if (lang or "en") in READ_LANGUAGES else []
        coders.append(coder)
        all_sentences.append(sents)
        flat.extend(s.text for s in sents)
    classes = classify_batch(flat)
    if model is not None and flat:
        from eventdata.learn import combine

        preds = model.predict(flat)
        classes = [combine(c, p) for c, p in zip(classes, preds, strict=True)]
    pos = 0
    for coder, sents in zip(coders, all_sentences, strict=True):
        cls = classes[pos : pos + len(sents)]
        pos += len(sents)
        events = coder.code(sents, cls) if sents else []
        rows.extend(events)
        statuses.append(coder.status(len(events), _opt(coder.rep.get("language"))))
    mentions = pd.DataFrame(rows, columns=list(MENTION_COLUMNS))
    return CodedBatch(mentions=mentions, reports=pd.DataFrame(statuses))
