"""Reads the numbers of a sentence: fatalities, crowd size, arrests, injured.

News gives numbers in many shapes ("at least 5", "five to seven", "dozens",
"between 1,000 and 2,000", "one soldier was killed") and puts them next to
words that say what they count. Misreading which is which is the classic error
of a naive coder: crowd sizes taken for deaths, arrests for deaths, injured for
killed. So a figure counts as fatalities only when a death word is right next
to it ("killing 3", "3 people were killed", "left 4 dead"), and ACLED's
conservative rule is applied: the lowest reported figure wins.

The words are data (``eventdata/data/lexicon/numbers.yaml``); this module
compiles them once into a few regular expressions.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from eventdata.types import Quantities
from eventdata.yamlfile import read_yaml

log = logging.getLogger(__name__)

NUMBERS_FILE = Path(__file__).resolve().parent.parent / "data" / "lexicon" / "numbers.yaml"
_CONTEXT = 70  # characters of context read on each side of a figure


class NumbersError(ValueError):
    """numbers.yaml is malformed (a missing list, a non-integer value)."""


def _alt(words: list[str]) -> str:
    """A regex alternation of phrases, longest first, spaces matching any whitespace."""
    parts = sorted({w.strip().lower() for w in words}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in parts)


@dataclass(frozen=True)
class NumberReader:
    """Compiled patterns and value tables."""

    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    vague: dict[str, int]
    number: re.Pattern[str]
    before: re.Pattern[str]
    after: re.Pattern[str]
    crowd_after: re.Pattern[str]
    crowd_before: re.Pattern[str]
    crowd_verb: re.Pattern[str]
    not_people: re.Pattern[str]
    skip_before: re.Pattern[str]
    month_before: re.Pattern[str]
    month_after: re.Pattern[str]
    singular: re.Pattern[str]
    singular_more: re.Pattern[str]
    self_too: re.Pattern[str]
    zero: re.Pattern[str]
    chain: re.Pattern[str]
    precheck: re.Pattern[str]
    victim_after: re.Pattern[str]
    victim_gap: re.Pattern[str]
    also_after: re.Pattern[str]
    tally_after: re.Pattern[str]


def _build(raw: dict[str, Any]) -> NumberReader:
    try:
        units = {k: int(v) for k, v in raw["units"].items()}
        tens = {k: int(v) for k, v in raw["tens"].items()}
        scales = {k: int(v) for k, v in raw["scales"].items()}
        vague = {" ".join(k.split()): int(v) for k, v in raw["vague"].items()}
        lists = {
            key: list(raw[key])
            for key in (
                "qualifiers",
                "fatal_after",
                "fatal_before",
                "fatal_before_needs_after",
                "injured_after",
                "injured_before",
                "arrest_after",
                "arrest_before",
                "not_arrest_next",
                "crowd_nouns",
                "crowd_before",
                "crowd_verbs",
                "not_people",
                "person_singular",
                "to_death_verbs",
                "kin_singular",
                "months",
                "zero_fatal",
                "skip_before",
                "victim_nouns",
                "tally_after",
            )
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise NumbersError(f"numbers.yaml: {exc}") from exc
    for key, words in raw.items():
        if isinstance(words, list) and not all(isinstance(w, str) for w in words):
            raise NumbersError(f"numbers.yaml: {key} has a non-text entry (quote it)")
    unit, ten, scale = _alt(list(units)), _alt(list(tens)), _alt(list(scales))
    word_num = (
        rf"(?:(?:{ten})(?:[- ](?:{unit}))?|(?:{unit}))"
        rf"(?:\s+(?:{scale}))?(?:\s+(?:and\s+)?(?:(?:{ten})(?:[- ](?:{unit}))?|(?:{unit})))?"
    )
    # "1,200", "12", "1.5 million", "2 million" (a decimal only before a scale word)
    digits = (rf"(?<![\w.,])(?:\d+\.\d+\s+(?:{scale})\b|(?:\d{{1,3}}(?:,\d{{3}})+|\d+)"
              rf"(?:\s+(?:{scale})\b)?(?![\w]|[.,]\d))")
    single = rf"(?:{digits}|\b{word_num}\b)"
    vague_alt = _alt(list(vague))
    number = re.compile(
        rf"(?:\b(?P<q>{_alt(lists['qualifiers'])})\s+)?"
        rf"(?P<v>between\s+(?P<r1>{single})\s+and\s+(?P<r2>{single})"
        rf"|(?P<a>{single})(?:\s*[-–]\s*(?=\d)|\s+(?:to|or)\s+)(?P<b>{single})"
        rf"|\b(?P<vg>{vague_alt})\b"
        rf"|(?P<n>{single}))",
        re.I,
    )
    before_fatal = [w for w in lists["fatal_before"] if w not in lists["fatal_before_needs_after"]]
    before = re.compile(
        rf"\b(?:(?P<fatal>{_alt(before_fatal)})|(?P<inj>{_alt(lists['injured_before'])})"
        rf"|(?P<arr>{_alt(lists['arrest_before'])}))\s+$",
        re.I,
    )
    blockers = _alt(
        [
            "and",
            "or",
            "but",
            "while",
            *lists["injured_after"],
            *lists["arrest_after"],
            *lists["fatal_after"],
        ]
    )
    filler = rf"(?:[\s,]+(?!(?:{blockers})\b)[a-z0-9'’-]+){{0,5}}?"
    after = re.compile(
        rf"^{filler}[\s,]+(?:(?:were|was|have\s+been|had\s+been|are|being|been|reportedly)\s+)?"
        rf"(?:(?P<fatal>{_alt(lists['fatal_after'])})|(?P<inj>{_alt(lists['injured_after'])})"
        rf"|(?P<arr>{_alt(lists['arrest_after'])})(?!\s+(?:{_alt(lists['not_arrest_next'])})\b))\b",
        re.I,
    )
    crowd_after = re.compile(
        rf"^\s+(?:of\s+)?(?:(?:[a-z'’-]+|\([a-z.]{{1,10}}\))\s+){{0,4}}?"
        rf"(?:{_alt(lists['crowd_nouns'])})\b", re.I
    )
    crowd_before = re.compile(rf"\b(?:{_alt(lists['crowd_before'])})\s+$", re.I)
    crowd_verb = re.compile(rf"^\s+(?:{_alt(lists['crowd_verbs'])})\b", re.I)
    not_people = re.compile(rf"^\s*(?:{_alt(lists['not_people'])}|%)(?!\w)", re.I)
    months = _alt(lists["months"])
    skip_before = re.compile(rf"\b(?:{_alt(lists['skip_before'])})\s+$", re.I)
    month_before = re.compile(rf"\b(?:{months})\.?\s+$", re.I)
    month_after = re.compile(rf"^(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{months})\b", re.I)
    death_verbs = r"killed|shot\s+dead|died|slain|murdered|gunned\s+down|executed|lynched|beheaded"
    persons = _alt(lists["person_singular"])
    to_death = _alt(lists["to_death_verbs"])
    singular = re.compile(
        rf"\b(?:an?|one)\s+(?:[\w'’-]+\s+){{0,2}}?(?:{persons})\s+"
        rf"(?:(?:was|has\s+been|had\s+been)\s+)?(?:{death_verbs}|(?:{to_death})\s+to\s+death)\b"
        rf"|\b(?:killed|killing|shot\s+dead|gunned\s+down|executed|murdered|lynched|beheaded)"
        rf"\s+(?:an?|one)\s+(?:[\w'’-]+\s+){{0,2}}?(?:{persons})\b"
        # "beat a 35-year-old man to death"
        rf"|\b(?:{to_death})\s+(?:an?|one)\s+(?:[\w'’-]+\s+){{0,2}}?(?:{persons})"
        rf"\s+to\s+death\b"
        # "a mob beat to death a man accused of theft"
        rf"|\b(?:{to_death})\s+to\s+death\s+(?:an?|one)\s+(?:[\w'’-]+\s+){{0,2}}?"
        rf"(?:{persons})\b"
        # "The association's president, 54, was killed": the age is cut before reading
        rf"|\bthe\s+(?:[\w'’-]+\s+){{0,2}}?(?:{persons})\s+"
        rf"(?:was|has\s+been|had\s+been)\s+(?:{death_verbs})\b",
        re.I,
    )
    self_too = re.compile(
        r"\s+(?:[a-z'’-]+\s+){0,3}?(?:as\s+well\s+as|along\s+with|and|besides)\s+"
        r"(himself|herself|the\s+(?:suicide\s+)?bomber|the\s+attacker)\b", re.I)
    kin = _alt([*lists["person_singular"], *lists["kin_singular"]])
    singular_more = re.compile(
        rf"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:his|her|their|an?|one|the)\s+"
        rf"(?:[\w'’-]+\s+){{0,2}}?(?:{kin})\b", re.I)
    zero = re.compile(rf"\b(?:{_alt(lists['zero_fatal'])})\b", re.I)
    # between two parts of one toll: a victim noun or two, then "and" or a comma
    chain = re.compile(r"^\s+(?:[a-z'’-]+\s+){0,2}?[a-z'’-]+\s*(?:,\s*|\s+)(?:and\s+)?$", re.I)
    precheck = re.compile(rf"\d|\b(?:{unit}|{ten}|{vague_alt}|an?|zero_fatal_never)\b", re.I)
    # a later part of a toll names people: "and 2 civilians", not "and several houses"
    victims = _alt([*lists["crowd_nouns"], *lists["victim_nouns"]])
    victim_after = re.compile(rf"^\s+(?:[a-z'’-]+\s+){{0,2}}?(?:{victims})\b", re.I)
    # the gap after the first part of a toll told before its verb: "soldiers and "
    victim_gap = re.compile(rf"^\s+(?:[a-z'’-]+\s+)?(?:{victims})\s*(?:,\s*|\s+)(?:and\s+)?$", re.I)
    # "... and said several attackers were also killed": another group's dead, added
    also_after = re.compile(
        r"^\s+(?:[\w'’-]+\s+){0,3}?also\s+(?:been\s+)?(?:killed|died|dead|slain|shot\s+dead)\b",
        re.I)
    return NumberReader(
        units,
        tens,
        scales,
        vague,
        number,
        before,
        after,
        crowd_after,
        crowd_before,
        crowd_verb,
        not_people,
        skip_before,
        month_before,
        month_after,
        singular,
        singular_more,
        self_too,
        zero,
        chain,
        precheck,
        victim_after,
        victim_gap,
        also_after,
        re.compile(rf"^[^.;,]{{0,70}}?\b(?:{_alt(lists['tally_after'])})\b", re.I),
    )


@cache
def reader() -> NumberReader:
    """The compiled number reader (numbers.yaml), built once per process."""
    return _build(read_yaml(NUMBERS_FILE))


def word_value(text: str) -> int | None:
    """Value of a figure written in digits or words ("1,200", "twenty-one", "two hundred")."""
    r = reader()
    t = text.strip().lower().replace(",", "")
    if t.isdigit():
        return int(t)
    head, _, tail = t.partition(" ")
    if tail in r.scales and re.fullmatch(r"\d+(?:\.\d+)?", head):
        return int(float(head) * r.scales[tail])
    total, current = 0, 0
    for tok in re.split(r"[\s-]+", t):
        if tok == "and":
            continue
        if tok in r.units:
            current += r.units[tok]
        elif tok in r.tens:
            current += r.tens[tok]
        elif tok in r.scales:
            scale = r.scales[tok]
            current = max(current, 1) * scale
            if scale >= 1000:
                total, current = total + current, 0
        else:
            return None
    return total + current


def _value(m: re.Match[str]) -> int | None:
    """The lowest figure of a match (a range gives its lower end)."""
    if m.group("r1"):
        return word_value(m.group("r1"))
    if m.group("a"):
        low, high = word_value(m.group("a")), word_value(m.group("b"))
        if low is None or high is None:
            return low
        return min(low, high)
    if m.group("vg"):
        return reader().vague.get(" ".join(m.group("vg").lower().split()))
    return word_value(m.group("n"))


# "thousands of Georgians", "hundreds of Palestinians": a people, capitalised and plural
_PEOPLE_OF = re.compile(r"^\s+(?:of\s+)?(?:[A-Z][\w'’-]+\s+)?[A-Z][a-z]+(?:ns|is|es|s)\b")
_CLOCK = re.compile(r"\d[:.]$")
_CLOCK_AFTER = re.compile(r"^[:.]\d\d\b|^\s*(?:a\.?m\.?|p\.?m\.?|hrs|hours GMT|GMT|UTC)\b", re.I)


_PART_OF_WHOLE = re.compile(
    r",\s*(?:including|among\s+them|among\s+whom|most\s+of\s+them|mostly|many\s+of\s+them)"
    r"\s[^,;.]{1,80},(?=\s+(?:were|was|have|had|are|died|killed))", re.I)
# "a man of 58 years", "a woman aged 64", "a boy, 14,": an age between a person and a verb
_AGE = re.compile(r"(?:\s+of\s+\d{1,3}\s+years(?:\s+old)?|\s+aged\s+\d{1,3}|\s*,\s*\d{1,3}\s*,)"
                  r"(?=\s)", re.I)


# between two tolls of different groups in one clause: "... soldiers were martyred and "
# (not "12 were killed and hospital sources said 15 died": another source's count)
_ANOTHER_GROUP = re.compile(
    r"\s+(?:[a-z'’-]+\s+){1,4}?(?:were|was|have\s+been|had\s+been)\s+"
    r"(?:killed|martyred|slain|shot\s+dead)\s+and\s+$", re.I)
# a word and a comma right before a figure that a comma closes: "the man, 47, was"
_AGE_BEFORE = re.compile(r"[^\W\d_]{2,},\s*$")


def _is_year(m: re.Match[str]) -> bool:
    n = m.group("n")
    return bool(n) and len(n) == 4 and n.isdigit() and 1900 <= int(n) <= 2100


def _crowd_text(m: re.Match[str]) -> str:
    text = " ".join(m.group(0).lower().split())
    return text[:-3] if text.endswith(" of") else text


@lru_cache(maxsize=65_536)
def quantities(text: str) -> Quantities:
    """Fatalities, crowd size, arrests and injured reported in one sentence.

    `fatalities` is None when no death figure is given (the coder codes 0),
    and 0 when the sentence says nobody died. Results are cached and shared:
    copy `extra` before changing it.
    """
    r = reader()
    if not r.precheck.search(text):
        return Quantities()
    if "," in text:
        # "at least six people, including two farmers, were killed": the part is in the whole
        text = _PART_OF_WHOLE.sub(" ", text)
    fatal: list[tuple[int, str]] = []
    injured: list[int] = []
    arrests: list[int] = []
    arrest_words = ""
    crowds: list[str] = []
    last_fatal_end = -1
    pending: tuple[int, int, str] | None = None
    for m in r.number.finditer(text):
        value = _value(m)
        if value is None:
            continue
        before = text[max(0, m.start() - _CONTEXT) : m.start()]
        after = text[m.end() : m.end() + _CONTEXT]
        if (
            r.not_people.match(after)
            or _CLOCK.search(before) or _CLOCK_AFTER.match(after)  # "14:40", "at 9.30"
            or r.skip_before.search(before)
            or r.month_before.search(before)
            or r.month_after.match(after)
        ):
            continue
        if _is_year(m) and not r.crowd_after.match(after):
            continue
        if after[:2].lstrip().startswith(",") and _AGE_BEFORE.search(before):
            continue  # "The man, 47, was killed": an age, not a toll
        kind = None
        b = r.before.search(before)
        if b:
            kind = b.lastgroup
        else:
            a = r.after.match(after)
            if a:
                kind = a.lastgroup
        if (
            kind is None
            and fatal
            and last_fatal_end >= 0
            and r.chain.match(text[last_fatal_end : m.start()])
            and r.victim_after.match(after)
        ):
            # "killing 3 soldiers and 2 civilians": one toll told in parts
            total, shown = fatal[-1]
            fatal[-1] = (total + value, f"{shown} + {m.group(0).strip()}")
            last_fatal_end = m.end()
            continue
        if kind == "fatal" and r.tally_after.match(after):
            continue  # "140 people have been killed by mobs this year": a tally
        if kind == "fatal":
            shown = m.group(0).strip()
            selves = r.self_too.match(text, m.end())
            if selves:  # "killing three policemen as well as himself": the bomber died too
                value, shown = value + 1, f"{shown} + {selves.group(1)}"
            if (fatal and last_fatal_end >= 0 and r.victim_after.match(after)
                    and _ANOTHER_GROUP.match(text, last_fatal_end, m.start())):
                # "six soldiers were martyred and four terrorists killed": two sides' dead,
                # one toll
                prior, prior_shown = fatal.pop()
                value, shown = prior + value, f"{prior_shown} + {shown}"
            elif fatal and r.also_after.match(after):
                # "seven soldiers died ... several attackers were also killed": one toll
                prior, prior_shown = fatal.pop()
                value, shown = prior + value, f"{prior_shown} + {shown}"
            elif pending and r.victim_gap.match(text[pending[1] : m.start()]):
                # "six soldiers and eleven insurgents were killed": the earlier part counts too
                value, shown = pending[0] + value, f"{pending[2]} + {shown}"
            fatal.append((value, shown))
            last_fatal_end = m.end()
            pending = None
            continue
        # a figure of people with no verb yet may be the first part of a toll
        vague_crowd = bool(m.group("vg"))
        pending = (value, m.end(), m.group(0).strip()) if kind is None and not vague_crowd else None
        if kind == "inj":
            injured.append(value)
        elif kind == "arr":
            arrests.append(value)
            if len(arrests) == 1:
                arrest_words = _crowd_text(m)
        elif value > 1 and (  # "one of the workers said" is a voice, not a crowd
            r.crowd_after.match(after)
            or (m.group("vg") and _PEOPLE_OF.match(after))  # "thousands of Georgians"
            or r.crowd_before.search(before)
            or (m.group("vg") and r.crowd_verb.match(after))
        ):
            crowds.append(_crowd_text(m))
    if not fatal:
        bare = _AGE.sub("", text) if any(c.isdigit() for c in text) else text
        s = r.singular.search(bare)
        if s:
            # "shot dead a man, his wife and their son": one death per person listed
            n, end = 1, s.end()
            while (more := r.singular_more.match(bare, end)) is not None:
                n, end = n + 1, more.end()
            fatal.append((n, bare[s.start():end]))
    extra: dict[str, str] = {}
    fatalities: int | None = None
    fatal_text: str | None = None
    if fatal:
        fatalities, fatal_text = min(fatal, key=lambda vt: vt[0])
        if len({v for v, _ in fatal}) > 1:
            extra["fatality_figures"] = ";".join(str(v) for v, _ in fatal)
    elif r.zero.search(text):
        fatalities, fatal_text = 0, r.zero.search(text).group(0)  # type: ignore[union-attr]
    if len(crowds) > 1:
        extra["crowd_figures"] = ";".join(crowds)
    if arrest_words:
        extra["arrests_text"] = arrest_words  # as told: "dozens", "around forty"
    return Quantities(
        fatalities=fatalities,
        fatalities_text=fatal_text,
        crowd_size=crowds[0] if crowds else None,
        arrests=arrests[0] if arrests else None,
        injured=injured[0] if injured else None,
        extra=extra,
    )
