"""Small value types passed between the extract and normalise stages.

They live in one module so that the sentence-level extractors (classifier,
actors, places, dates, numbers) and the coder that assembles their answers
into events agree on one vocabulary without importing each other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Sentence:
    """A span of a report's text; offsets index the report's full text."""

    start: int
    end: int
    text: str
    # Date of a pasted social-media post this sentence belongs to (from its
    # attribution line "— Name (@handle) April 11, 2023"), if any.
    quoted_post_date: dt.date | None = None
    # True for headline/title sentences (they repeat the body).
    is_title: bool = False
    # True for sentences of a pasted social-media post (dated or not).
    is_quoted: bool = False
    # True for a clause split off its sentence that tells what happened just before
    # the sentence's event ("..., hours after police arrested their leader"): its own
    # event, never a detail of the main one.
    is_antecedent: bool = False
    # For an antecedent clause: how many days before the sentence's event it happened
    # ("two days after two soldiers were killed" -> 2).
    days_before: int = 0


@dataclass(frozen=True, slots=True)
class Classification:
    """What happened in one sentence, as the classifier reads it."""

    sub_event_type: str | None  # one of the 25 codebook sub-event types, or None
    confidence: float  # 0..1
    # Why the sentence is not a new event even if it has a trigger:
    # "plan", "threat", "call", "denial", "statement", "crime", "disaster",
    # "negated", "background" ... (empty when it is an event).
    blockers: tuple[str, ...] = ()
    # Cue words that fired, for debugging and notes ("dispersed", "tear gas").
    cues: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression found in a sentence, resolved against a reference date."""

    start: int  # offsets inside the sentence text
    end: int
    text: str
    date: dt.date  # the day ACLED would code (middle of a span, 15th of a month)
    precision: int  # ACLED time_precision: 1 day, 2 week/few days, 3 month
    explicit_year: bool  # the expression named its year
    relative: bool  # "yesterday", "on Tuesday", "last week" ...


@dataclass(frozen=True, slots=True)
class Location:
    """A resolved place with everything ACLED's place columns need."""

    country: str
    iso: int  # ISO 3166-1 numeric
    iso3: str
    region: str  # ACLED region
    admin1: str
    admin2: str | None
    admin3: str | None
    location: str
    latitude: float
    longitude: float
    geo_precision: int  # 1, 2 or 3
    confidence: float = 1.0
    surface: str = ""  # the text that named it


@dataclass(frozen=True, slots=True)
class ActorAssignment:
    """Actors of one event, in ACLED's naming, with their inter categories."""

    actor1: str
    actor2: str | None = None
    assoc_actor_1: tuple[str, ...] = ()
    assoc_actor_2: tuple[str, ...] = ()
    inter1: str = ""  # inter category text, e.g. "Protesters"
    inter2: str | None = None
    confidence: float = 1.0
    # actor2 was not named: the codebook's default other side ("clashed" with no opponent)
    assumed_actor2: bool = False


@dataclass(frozen=True, slots=True)
class Quantities:
    """Numbers a sentence reports about an event."""

    fatalities: int | None = None  # None: no mention (coded 0)
    fatalities_text: str | None = None
    crowd_size: str | None = None  # as reported: "several hundred", "between 1,000 and 2,000"
    arrests: int | None = None
    injured: int | None = None
    extra: dict[str, str] = field(default_factory=dict)
