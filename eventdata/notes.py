"""Writes ACLED-style notes from an event's extracted facts, never by copying sentences.

Notes are what a reader of the dataset sees first; templates per type live in
`eventdata/data/coder.yaml` so their wording can be changed without code.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from eventdata.rules import rules
from schemas.codebook import taxonomy

_DEMAND = re.compile(
    r"\b(demanding|calling for|in protest (?:against|at|over)|protesting (?:against)?|"
    r"against|over|in support of|to demand)\s+([^.;:,\"“”]{3,90})",
    re.I,
)
_ROLE = re.compile(r"^(.*?) \(([^()]*)\)(?: \(\d{4}-(?:\d{4})?\))?$")


def _when(date: dt.date | None, precision: int | None) -> str:
    if date is None:
        return "On an unknown date"
    day = f"{date.day} {date:%B %Y}"
    if precision == 2:
        return f"Around {day} (week of)"
    if precision == 3:
        return f"In {date:%B %Y} (month of)"
    return f"On {day}"


def _people(actor: str | None, assoc: str | None, default: str) -> str:
    """Plain words for an actor: its associated groups' nouns, else the actor's own name."""
    nouns = rules().note_nouns
    words: list[str] = []
    for part in (assoc or "").split("; "):
        noun = _noun(part, nouns)
        if noun and noun not in words:
            words.append(noun)
    if words:
        return " and ".join(words)
    if not actor:
        return default
    return _noun(actor, nouns) or actor


def _noun(actor: str, nouns: dict[str, str]) -> str | None:
    m = _ROLE.match(actor)
    head = m.group(1) if m else actor
    if head in nouns:
        return nouns[head]
    for key, noun in nouns.items():
        if head.startswith(key + " "):
            return noun.format(rest=head[len(key) :].strip())
    return None


_COUNTABLE_END = re.compile(r"(?:\d|hundred|thousand|dozen)$")


def _size_words(crowd: str | None) -> str:
    """'several hundred ' / 'hundreds of ' / 'about 500 ' before the people's noun."""
    if not crowd:
        return ""
    crowd = crowd.strip()
    return f"{crowd} " if _COUNTABLE_END.search(crowd) else f"{crowd} of "


def write_notes(row: Mapping[str, Any]) -> str:
    """One or two sentences in ACLED's style, ending with the crowd size tag where it applies."""
    # Values come from frames as well as dicts: a missing text may arrive as NaN.
    row = {k: (v if not isinstance(v, float) or v == v else None) for k, v in row.items()}
    sub = row["sub_event_type"]
    event_type = taxonomy().event_type_of[sub]
    templates = rules().notes
    template = templates.get(sub) or templates.get(event_type) or templates["default"]
    location = row.get("location") or "an unknown place"
    admin1 = row.get("admin1")
    country = row.get("country")
    if row.get("geo_precision") == 3 and admin1:
        place = f"in {admin1} ({country})" if country else f"in {admin1}"
    else:
        where = ", ".join(x for x in (admin1, country) if x and x != location)
        place = f"in {location} ({where})" if where else f"in {location}"
    text = str(row.get("_text") or "")
    demand = ""
    m = _DEMAND.search(text)
    if m and event_type in ("Protests", "Riots"):
        demand = f" {m.group(1).lower()} {m.group(2).strip()}"
    deaths = int(row.get("fatalities") or 0)
    crowd = row.get("crowd_size")
    arrests = row.get("arrests")
    fields: dict[str, str] = defaultdict(str)
    fields.update(
        when=_when(row.get("event_date"), row.get("time_precision")),
        who=_people(row.get("actor1"), row.get("assoc_actor_1"), "unidentified actors"),
        whom=_people(row.get("actor2"), None, "security forces"),
        whom_or_people=_people(row.get("actor2"), row.get("assoc_actor_2"), "people"),
        whom_or_unknown=_people(row.get("actor2"), None, "an unidentified group"),
        place_phrase=place,
        location=location,
        size_words=_size_words(crowd),
        demand=demand,
        death_words=f", killing {deaths} {'person' if deaths == 1 else 'people'}" if deaths else "",
        arrest_words=f" and detained {arrests} people" if arrests else "",
        arrest_count=f" ({arrests} people)" if arrests else "",
        target_words="",
        sub_lower=sub.lower(),
    )
    note = template.format_map(fields)
    note = note[0].upper() + note[1:]
    if event_type in ("Protests", "Riots"):
        note += f" [size={crowd or 'no report'}]"
    return note
