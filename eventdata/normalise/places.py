"""Find and resolve places in report text: where did the sentence's event happen?

Why this design:
- Scanning is a walk over capitalised token n-grams looked up in the gazetteer's
  key index (one dict lookup per n-gram), never a regex per place, so a sentence
  costs microseconds.
- A name matches many places worldwide; the *report* disambiguates: the
  countries and admin1 units it names, the other towns it names, then
  population.  :class:`PlaceContext` gathers that once per report.
- News names where actors come from as often as where things happen ("workers
  from Zhanaozen were detained in Astana"); the words before a name (cue lists
  in ``eventdata/data/places.yaml``) decide which one is the event's place.
"""

from __future__ import annotations

import csv
import functools
import itertools
import logging
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from eventdata.normalise.gazetteer import (
    KIND_ADMIN1,
    KIND_ADMIN2,
    KIND_COUNTRY,
    KIND_PLACE,
    PKG_DIR,
    Gazetteer,
    countries,
    load_gazetteer,
    name_keys,
)
from eventdata.normalise.geodesy import haversine_km
from eventdata.normalise.spelling import fold, place_words, spelling_key
from eventdata.types import Location

log = logging.getLogger(__name__)

MAX_NGRAM = 5
# A town this big is plausible anywhere; smaller ones only in a country the report names.
GLOBAL_POPULATION = 100_000
CITY_POPULATION = 50_000  # a town with districts of its own ("the X district of Kherson")
FUZZY_THRESHOLD = 90
CUE_WINDOW = 48
SYLLABLE_LETTERS = 5  # words this short may be syllables of one name ("Cho Ai Rong")
# "the town of Orikhiv in Zaporizhzhia oblast": how close the unit must follow its town
UNIT_AFTER_TOWN_CHARS = 40
NEAR_KM = 250.0
# "X district": the district beats a same-named province (3 + 3 with "district" read as an
# admin1 word) and town.
ADMIN2_WORD_BONUS = 7.0
MAIN_NAME_BONUS = 0.6
PINNED_NAME_BONUS = 1.5  # "El Geneina" is the town pinned so, not "El Geneina Fort"
ADMIN1_WORD_BONUS_ADMIN2 = 5.0

CUE_EVENT, CUE_NEAR, CUE_NONE, CUE_ORIGIN = "event", "near", "none", "origin"
_CUE_RANK = {CUE_EVENT: 3, CUE_NEAR: 3, CUE_NONE: 2, CUE_ORIGIN: 0}
_CUE_CONFIDENCE = {CUE_EVENT: 0.9, CUE_NEAR: 0.8, CUE_NONE: 0.7, CUE_ORIGIN: 0.4}

# what may stand between two words of one name ("Azad Jammu & Kashmir")
_NAME_GAPS = frozenset({" ", " & "})
# words joined by hyphens and apostrophes or ayn marks ("Sa\u2018dah", "Dar'a")
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'\u2019\u2018\u02bb\u02bc\u02be\u02bf][^\W\d_]+)*")
# The same tokens where no letter or digit is outside ASCII (most news, curly quotes and
# dashes included): an ASCII class is about three times faster than the Unicode one.
_TOKEN_ASCII = re.compile(r"[A-Za-z]+(?:[-'\u2019\u2018\u02bb\u02bc\u02be\u02bf][A-Za-z]+)*")
_NON_ASCII_WORD = re.compile(r"[^\W\x00-\x7f]")
_ASCII_WORD_RUN = re.compile(r"\w+")


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) of the text's words: the ASCII pattern when it gives the same."""
    pattern = _TOKEN_ASCII if text.isascii() or _NON_ASCII_WORD.search(text) is None \
        else _TOKEN
    return [(m.group(), m.start(), m.end()) for m in pattern.finditer(text)]
_POSSESSIVE = re.compile(r"['\u2019]s$")
# "in the southwestern town of" -> "in the town of": adjectives do not change the cue.
_ADJECTIVES = re.compile(
    r"\bthe\s+(?:[a-z-]+\s+){1,2}(town|city|village|region|province|district|settlement|"
    r"port|capital|oblast|area|county|state|outskirts|edge|fringes)\b")
_ADMIN_WORD_AFTER = re.compile(
    r"^\s+(?:region|oblast|krai|kray|okrug|province|governorate|state|district|county|"
    r"prefecture|department)\b",
    re.IGNORECASE)
_ADMIN_WORD_BEFORE = re.compile(
    r"\b(?:region|oblast|province|governorate|state|district|county)\s+of\s*$", re.IGNORECASE)
_TOWN_WORD_BEFORE = re.compile(
    r"\b(?:town|city|village|settlement|community|hamlet|locality)\s+of\s*$", re.IGNORECASE)
_TOWN_WORD_AFTER = re.compile(r"^\s+(?:town|city|village|settlement|hamlet)\b", re.IGNORECASE)


@functools.cache
def _admin2_word() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """"X district", "Beni Territory", "district of X": words naming a second-level unit.

    The words are ``admin2_words`` in places.yaml; the first pattern matches right
    after a name (or as the name's own last word), the second right before it.
    """
    words = sorted((re.escape(str(w)).replace(r"\ ", r"\s+")
                    for w in place_words()["admin2_words"]), key=len, reverse=True)
    alt = "|".join(words)
    return (re.compile(r"^\s*(?:" + alt + r")\b", re.IGNORECASE),
            re.compile(r"\b(?:" + alt + r")\s+of\s*$", re.IGNORECASE))


_NAME = r"((?:[A-Z][\w'\u2019-]*(?:\s+(?:al|el|ez|as|ad|ar|an|ash|de|del|la)-?)?\s?){1,3})"


@functools.cache
def _feature_phrase() -> re.Pattern[str]:
    """A capitalised name followed by a feature word ("Rajgal village") from places.yaml."""
    words = sorted((re.escape(str(w)) for w in place_words()["feature_words"]), key=len,
                   reverse=True)
    return re.compile(_NAME + r"\s*(?i:" + "|".join(words) + r")\b")


DISTRICTS_CSV = PKG_DIR / "data" / "city_districts.csv"


@functools.cache
def _demonyms() -> dict[str, str]:
    """Spelling key of a nationality adjective -> iso2; unknown codes fail loudly."""
    known = {str(c["iso2"]) for c in countries()}
    out: dict[str, str] = {}
    for iso2, words in place_words()["demonyms"].items():
        if iso2 not in known:
            raise ValueError(f"places.yaml demonyms: unknown country code {iso2!r}")
        for w in words:
            out[spelling_key(w)] = iso2
    return out


@functools.cache
def _village_heads() -> re.Pattern[str]:
    words = "|".join(re.escape(str(w)) for w in place_words()["village_heads"])
    return re.compile(rf"\b(?:{words})\.?\s+$", re.IGNORECASE)


def _village_head_before(sentence: str, start: int) -> bool:
    return bool(_village_heads().search(sentence, max(0, start - 12), start))


def _in_story_admin1(i: int, ctx: PlaceContext, gaz: Gazetteer) -> bool:
    story = ctx.dominant()
    return story is not None and (gaz.iso2[story], gaz.admin1[story]) == (
        gaz.iso2[i], gaz.admin1[i])


def _has_admin1(gaz: Gazetteer, key: str) -> bool:
    return any(gaz.kind[i] == KIND_ADMIN1 for i in gaz.lookup(key))


@functools.cache
def _organisation_words() -> frozenset[str]:
    """Heads of organisation names that start with a place ("Arakan Army")."""
    return frozenset(str(w).lower() for w in place_words()["organisation_words"])


# a given name, or a particle inside a name ("Eduardo del Castillo", "Iyad ag Ghaly")
_GIVEN = r"(?:[A-Z][\w'’-]+|de|del|della|da|dos|das|van|von|der|al|el|bin|ibn|ould|ag|abu)"


@functools.cache
def _titles() -> str:
    return "|".join(sorted((re.escape(str(t)).replace(r"\ ", r"\s+")
                            for t in place_words()["person_titles"]), key=len, reverse=True))


@functools.cache
def _person_titled() -> re.Pattern[str]:
    """A title and up to two given names ending right before a name: the name is a person's."""
    return re.compile(rf"\b(?i:{_titles()})\.?\s+(?:{_GIVEN}\s+){{0,3}}$")


@functools.cache
def _street() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A town's name inside a street's: "Avenida Abancay" (before), "Baghdad Street" (after)."""
    words = place_words()
    before = "|".join(re.escape(str(w)) for w in words["street_before"])
    after = "|".join(re.escape(str(w)) for w in words["street_after"])
    return (re.compile(rf"\b(?:{before})\s+(?:(?:de|del|de la|da|do|du|des|di)\s+)?$"),
            re.compile(rf"\s+(?:{after})(?![\w-])"))


def _in_street_name(sentence: str, m: Mention) -> bool:
    before, after = _street()
    return bool(before.search(sentence, max(0, m.start - 12), m.start)
                or after.match(sentence, m.end))


@functools.cache
def _people_after() -> re.Pattern[str]:
    """ "Puno migrants", "displaced Solino residents": people called after their home."""
    words = "|".join(re.escape(str(w)) for w in place_words()["people_after"])
    return re.compile(rf"\s+(?i:{words})\b")


@functools.cache
def _person_after() -> re.Pattern[str]:
    words = "|".join(re.escape(str(w)) for w in place_words()["person_after"])
    return re.compile(rf"(?:['’]s\b|\s+(?i:{words})\b)")


@functools.cache
def _title_last_words() -> frozenset[str]:
    return frozenset(str(t).split()[-1].lower() for t in place_words()["person_titles"])


@functools.cache
def _title_last_runs() -> frozenset[str] | None:
    """The last word-character run of each title, lower case; None when a title is not
    ASCII (case-insensitive matching of non-ASCII letters is not plain lower-casing)."""
    titles = [str(t) for t in place_words()["person_titles"]]
    if not all(t.isascii() for t in titles):
        return None
    runs = [_ASCII_WORD_RUN.findall(t.lower()) for t in titles]
    if not all(runs):
        return None
    return frozenset(r[-1] for r in runs)


def _titled_before(text: str, start: int) -> bool:
    """Does a title (and up to three given names) end right before ``start``?

    A title's last word is a whole word of the window, so an ASCII window with none of
    those words cannot match: a set test spares most mentions the title pattern."""
    pos = max(0, start - 60)
    runs = _title_last_runs()
    if runs is not None:
        window = text[pos:start]
        if window.isascii() and runs.isdisjoint(_ASCII_WORD_RUN.findall(window.lower())):
            return False
    return _person_titled().search(text, pos, start) is not None


def _ends_with_of(text: str, start: int) -> bool:
    """Does the text before ``start`` end in "of" (any case) and spaces?  Every "... of"
    pattern before a name needs it, so it spares them their search."""
    return text[max(0, start - 32):start].rstrip()[-2:].lower() == "of"


_WORD = re.compile(r"[A-Za-z]+")
_NAME_AFTER_TITLE = re.compile(rf"\.?\s+(?:{_GIVEN}\s+){{0,3}}([A-Z][\w'’-]+)")


def _person_names(text: str) -> frozenset[str]:
    """Spelling keys of the surnames the report gives titled people ("Morales").

    Words are checked against the titles' last words first (a set lookup), and the name
    pattern runs only after a title: one regex of every title at every word was the
    slowest step of reading a report's places."""
    titles = _title_last_words()
    out = set()
    for w in _WORD.finditer(text):
        if w.group().lower() in titles:
            name = _NAME_AFTER_TITLE.match(text, w.end())
            if name is not None:
                key = spelling_key(name.group(1))
                if key:
                    out.add(key)
    return frozenset(out)


def _names_organisation(toks: list[tuple[str, int, int]], k: int, text: str) -> bool:
    """Do the capitalised words right after a name end in an organisation word?"""
    if toks[k - 1][0].endswith(("'s", "’s")):
        return False  # "Russia's Defence Ministry": the owner, not the group's first word
    return _org_head_follows(toks, k, text)


def _owner_of_body(toks: list[tuple[str, int, int]], k: int, text: str) -> bool:
    """ "Gaza's civil defence", "Kenya's Interior Ministry": a body of the place named."""
    for j in range(k, min(len(toks), k + 2)):
        if j > k and text[toks[j - 1][2]:toks[j][1]] != " ":
            return False
        if toks[j][0].lower() in _bodies():
            return True
    return False


@functools.cache
def _bodies() -> frozenset[str]:
    return frozenset(str(w).lower() for w in place_words()["body_words"])


def _org_head_follows(toks: list[tuple[str, int, int]], k: int, text: str) -> bool:
    """Do the capitalised words from token ``k`` on end in an organisation word?"""
    heads = _organisation_words()
    connectors = _lexicon()[1]
    for j in range(k, min(len(toks), k + 4)):
        word, start, _ = toks[j]
        # "Russia's Defence Ministry": the owner is named, not an organisation's first word
        if text[toks[j - 1][2]:start] != " ":
            return False
        if not word[:1].isupper():
            if word.lower() in connectors:
                continue  # "Zacatecas en Línea", "Voice of America"
            return False
        if word.lower() in heads:
            return True
    return False


@functools.cache
def _common_words() -> frozenset[str]:
    """Everyday English words that open sentences and spell places too ("Some", "Many")."""
    return frozenset(str(w).lower() for w in place_words()["common_words"])


@functools.cache
def _lexicon() -> tuple[frozenset[str], frozenset[str], tuple[tuple[str, str], ...]]:
    """Stop keys, connector words, and (cue, kind) pairs longest first.

    Nationality adjectives are stop keys too: "Kazakh" is a GeoNames alternate of
    Petropavl, but in news it is always the adjective.
    """
    words = place_words()
    # a village head alone ("Sitio", "Barangay") is a word, never the place
    stops = frozenset(spelling_key(str(w)) for w in (*words["stop_names"],
                                                     *words["village_heads"])) | frozenset(
        _demonyms())
    connectors = frozenset(str(w) for w in words["name_connectors"])
    cues: list[tuple[str, str]] = []
    for kind, section in ((CUE_ORIGIN, "cues_origin"), (CUE_NEAR, "cues_near"),
                          (CUE_EVENT, "cues_event")):
        cues += [(" " + fold(str(c)), kind) for c in words[section]]
    cues.sort(key=lambda c: -len(c[0]))
    return stops, connectors, tuple(cues)


_STRONG_CUES = frozenset({CUE_EVENT, CUE_NEAR})


@functools.cache
def _foreign_population() -> int:
    return int(place_words()["foreign_population"])


@functools.cache
def _short_letters() -> int:
    return int(place_words()["short_names"]["max_short_name_letters"])


def _is_short(key: str) -> bool:
    """A name so short ("Ho") that it is more often an ordinary word or a surname."""
    return len(key.replace(" ", "")) <= _short_letters()


@functools.cache
def _capital_phrase() -> tuple[re.Pattern[str], dict[str, str]]:
    """"the [adjective] capital [city] [of]"; adjective -> whose capital.

    The adjective maps to an iso2 (a demonym), "country" or "admin1" (places.yaml
    ``capital_words``); no adjective means the report's country.  A trailing "of"
    ("the capital of Helmand") defers to the unit named after it.
    """
    whose: dict[str, str] = {}
    for scope in ("country", "admin1"):
        for w in place_words()["capital_words"][scope]:
            whose[fold(str(w))] = scope
    for iso2, words in place_words()["demonyms"].items():
        for w in words:
            whose[fold(str(w))] = iso2
    adjectives = "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in whose),
                                 key=len, reverse=True))
    pattern = re.compile(
        r"\bthe\s+(?:(" + adjectives + r")\s+)?capital(?:\s+city)?\b(\s+of\b)?",
        re.IGNORECASE)
    return pattern, whose


@dataclass(frozen=True, slots=True)
class District:
    """A named district of a large city, published as "City - District"."""

    name: str
    lat: float
    lon: float
    admin2: str | None


@functools.cache
def _districts() -> dict[int, dict[str, District]]:
    """City entry id -> district spelling key -> district (city_districts.csv).

    A city that is not a place of its country in the gazetteer fails loudly, so a
    typo in the table cannot silently disable its rows.
    """
    gaz = load_gazetteer()
    out: dict[int, dict[str, District]] = {}
    with Path(DISTRICTS_CSV).open(encoding="utf-8") as fh:
        for row in csv.DictReader(r for r in fh if not r.startswith("#")):
            city = next((i for i in gaz.lookup_name(row["city"]) if gaz.kind[i] == KIND_PLACE
                         and gaz.iso2[i] == row["iso2"] and gaz.name[i] == row["city"]), None)
            if city is None:
                raise ValueError(f"{DISTRICTS_CSV}: unknown city {row['iso2']} {row['city']!r}")
            lat = float(row["lat"]) if row["lat"] else gaz.lat[city]
            lon = float(row["lon"]) if row["lon"] else gaz.lon[city]
            d = District(row["district"], lat, lon, row["admin2"] or None)
            for name in (row["district"], *filter(None, row["aliases"].split("|"))):
                out.setdefault(city, {})[spelling_key(name)] = d
    return out


def _district_in(sentence: str, city: int) -> District | None:
    """A district of ``city`` named in the sentence (capitalised n-grams, longest first)."""
    table = _districts().get(city)
    if not table:
        return None
    toks = [t.group() for t in _TOKEN.finditer(sentence)]
    for size in (4, 3, 2, 1):
        for i in range(len(toks) - size + 1):
            if toks[i][:1].isupper():
                d = table.get(spelling_key(" ".join(toks[i:i + size])))
                if d is not None:
                    return d
    return None


@functools.cache
def _countries_by_key() -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    for row in countries():
        for k in (row["iso2"], row["iso3"], str(row["iso"]), row["country"]):
            out[spelling_key(str(k)) if not str(k).isdigit() else str(k)] = row
            out[str(k).upper()] = row
    return out


def country_record(name_or_iso: str) -> dict | None:
    """The countries.csv row for an ACLED name, ISO alpha-2/3 or numeric code, or alias."""
    if not name_or_iso:
        return None
    table = _countries_by_key()
    text = name_or_iso.strip()
    row = table.get(text.upper()) or table.get(spelling_key(text))
    if row is None and not text.isdigit():
        gaz = load_gazetteer()
        for i in gaz.lookup_name(text):
            if gaz.kind[i] == KIND_COUNTRY:
                row = table.get(gaz.iso2[i])
                break
    return dict(row) if row else None


@dataclass(slots=True)
class Mention:
    """A gazetteer name found in text."""

    start: int
    end: int
    surface: str
    key: str
    candidates: list[int]
    cue: str = CUE_NONE
    admin_word: bool = False  # "X region", "region of X": the admin unit is meant
    town_word: bool = False  # "town of X"
    admin2_word: bool = False  # "X district", "Beni Territory": the admin2 unit is meant
    # only part of a longer capitalised name ("Aran" of "Tall Aran", "Santa Cruz" of
    # "Santa Cruz de la Colina"): the whole name is unknown
    partial: bool = False
    unit_word: str = ""  # the admin2 word after or before the name, lower case ("department")


def _cue_before(text: str, start: int) -> str:
    """The cue ending right before ``start``; it depends on the window alone, so it is
    computed once per window (a sentence repeats its report's windows)."""
    return _cue_of_window(text[max(0, start - CUE_WINDOW):start])


@functools.lru_cache(maxsize=65_536)
def _cue_of_window(text: str) -> str:
    window = " " + text.lower()
    if "the " in window:
        window = _ADJECTIVES.sub(r"the \1", window)
    window = " " + fold(window).rstrip() + " "
    window = _cue_adjectives().sub(" ", window)  # "in north Kashmir": the cue is "in"
    kind = _cue_at_end(window)
    if kind == CUE_NONE and window.endswith((" of ", " town ", " city ", " village ")):
        # "around the town of Sake", "near the village of Bule": the cue before the feature
        bare = _FEATURE_OF.sub(" ", window)
        if bare != window:
            kind = _cue_at_end(bare)
    return kind


@functools.cache
def _cue_adjectives() -> re.Pattern[str]:
    words = "|".join(sorted((re.escape(str(w)) for w in place_words()["cue_adjectives"]),
                            key=len, reverse=True))
    return re.compile(rf"(?:\s(?:{words}))+\s$")


def _cue_at_end(window: str) -> str:
    """The longest cue the window ends with (cues are looked up by their last word)."""
    last = window.rsplit(None, 1)[-1] if window.strip() else ""
    for cue, kind in _cues_by_last_word().get(last, ()):
        if window.endswith(cue + " "):
            return kind
    return CUE_NONE


@functools.cache
def _cues_by_last_word() -> dict[str, tuple[tuple[str, str], ...]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for cue, kind in _lexicon()[2]:  # longest first, kept in each list
        out.setdefault(cue.split()[-1], []).append((cue, kind))
    return {k: tuple(v) for k, v in out.items()}


# "in north-eastern Antioquia", "across southern Kherson": a part of a region, so the
# unit is meant rather than its namesake town (lower-case adjectives only: "East Java")
_COMPASS_REGION_BEFORE = re.compile(
    r"\b(?:(?:north|south)(?:-|\s)?(?:east|west)ern|northern|southern|eastern|western)\s+$")
_FEATURE_OF = re.compile(
    r"\s(?:(?:the|a|an|one)\s)?(?:town|city|village|hamlet|settlement|locality|camp|site|area|district|"
    r"region|province|port|capital)\s(?:of\s)?$")


def _capitalised(tok: str) -> bool:
    """A capitalised word, or an article-joined one ("ez-Zor", "al-Bab") inside a name."""
    if tok[:1].isupper():
        return True
    head, _, tail = tok.partition("-")
    return bool(tail) and tail[:1].isupper() and head.lower() in _lexicon()[1]


def scan(text: str, gaz: Gazetteer | None = None) -> list[Mention]:
    """All gazetteer names in ``text``: longest capitalised n-gram first, left to right.

    A sentence is scanned by ``locate`` and again by ``listed_places`` (and twice for a
    dateline): the result is cached per text for the default gazetteer and handed out as
    copies, since callers adjust a mention's cue."""
    if gaz is None or gaz is load_gazetteer():
        return [_copy(m) for m in _scan_cached(text)]
    return _scan(text, gaz)


def _copy(m: Mention) -> Mention:
    """A copy with its own candidate list (``dataclasses.replace`` is several times slower)."""
    return Mention(m.start, m.end, m.surface, m.key, list(m.candidates), m.cue, m.admin_word,
                   m.town_word, m.admin2_word, m.partial, m.unit_word)


@functools.lru_cache(maxsize=4096)
def _scan_cached(text: str) -> tuple[Mention, ...]:
    return tuple(_scan(text, load_gazetteer()))


def _scan(text: str, gaz: Gazetteer) -> list[Mention]:
    stops, connectors, _ = _lexicon()
    a2_after, a2_before = _admin2_word()
    demonyms = _demonyms()  # "Somali" is a stop word, "Somali region" an admin1
    common = _common_words()
    toks = _tokens(text)
    out: list[Mention] = []
    n = len(toks)
    resume = 0  # the token after the last name found: names do not overlap
    # names start at capitalised words only: visit those, not every word
    for i in [i for i, t in enumerate(toks) if t[0][:1].isupper()]:
        if i < resume:
            continue
        found = None
        stop = min(n, i + MAX_NGRAM)
        # extend over capitalised words and lower-case connectors
        j = i + 1
        while (j < stop and text[toks[j - 1][2]:toks[j][1]] in _NAME_GAPS
               and not toks[j - 1][0].endswith(("'s", "’s"))  # "Kashmir's Kupwara": two
               and (_capitalised(toks[j][0]) or toks[j][0].lower() in connectors)):
            j += 1
        for k in range(j, i, -1):
            if not _capitalised(toks[k - 1][0]):
                continue
            words = [t[0] for t in toks[i:k]]
            words[-1] = _POSSESSIVE.sub("", words[-1])
            key = spelling_key(" ".join(words))
            if k - i == 1 and words[0].lower() in common and (
                    _cue_before(text, toks[i][1]) == CUE_NONE):
                continue  # "Some of them", "Many fled": an English word, not Somme or Manyi
            if not key or (key in stops and not (
                    (key in demonyms or _has_admin1(gaz, key))
                    and _ADMIN_WORD_AFTER.match(text[toks[k - 1][2]:]))):
                continue  # "Centre" is a word; "Centre department" an admin1
            cands = gaz.lookup(key)
            if not cands and k - i == 1 and "-" in words[-1]:
                # "Mon-ywa": a name hyphenated syllable by syllable; "Rutshuru-centre": the
                # town's centre
                head, _, tail = words[-1].rpartition("-")
                joined = spelling_key(head if tail.lower() in _centre_words()
                                      else words[-1].replace("-", ""))
                cands = gaz.lookup(joined) if joined else []
                key = joined if cands else key
            if not cands and " " in key and all(len(w) <= SYLLABLE_LETTERS
                                                for w in key.split()):
                # "Amphoe Cho Ai Rong": a name written syllable by syllable
                cands = gaz.lookup_squashed(key)
            if cands and not _only_generic(words):  # "Town" of "Foca Town" is no place
                found = (k, key, cands)
                break
        if found is None:
            continue
        k, key, cands = found
        if _names_organisation(toks, k, text):
            resume = k  # "Arakan Army", "Kachin Independence Army": named after a place
            continue
        if _titled_before(text, toks[i][1]):
            resume = k  # "President Evo Morales", "Colonel Abdullahi Bama": a person
            continue
        start, end = toks[i][1], toks[k - 1][2]
        surface = _POSSESSIVE.sub("", text[start:end])
        end = start + len(surface)
        unit = a2_after.match(text[end:end + 32])
        of_before = _ends_with_of(text, start)
        before = a2_before.search(text[max(0, start - 32):start]) if of_before else None
        unit_word = fold(unit.group()) if unit else (
            fold(before.group()).rsplit(" of", 1)[0].strip() if before else "")
        # "Gaza's civil defence", "Russia's Defence Ministry": the country or town owning
        # the body that speaks; it says which country the report is about, not where
        owner = toks[k - 1][0].endswith(("'s", "’s")) and _owner_of_body(toks, k, text)
        out.append(Mention(start, end, surface, key, cands,
                           CUE_ORIGIN if owner else _cue_before(text, start),
                           bool(_ADMIN_WORD_AFTER.match(text[end:end + 20])
                                or _COMPASS_REGION_BEFORE.search(text, max(0, start - 20),
                                                                 start)
                                or (k - i > 1 and _ADMIN_WORD_AFTER.match(" " + toks[k - 1][0]))
                                or (of_before and _ADMIN_WORD_BEFORE.search(
                                    text[max(0, start - 25):start]))),
                           bool((of_before and _TOWN_WORD_BEFORE.search(
                               text[max(0, start - 25):start]))
                                or _TOWN_WORD_AFTER.match(text[end:end + 12])),
                           bool(unit
                                or (k - i > 1 and a2_after.match(toks[k - 1][0]))
                                or before),
                           _partial(text, toks, i, k, out, connectors), unit_word))
        resume = k
    # "from Guerrero, Oaxaca and Michoacan": every name of an origin list is an origin
    for prev, cur in itertools.pairwise(out):
        if (prev.cue == CUE_ORIGIN and cur.cue == CUE_NONE
                and _LIST_JOINER.fullmatch(text[prev.end:cur.start])):
            cur.cue = CUE_ORIGIN
    # ... also when the names before it are unknown ("from Kirants and Voskepar")
    for cur in out:
        if cur.cue == CUE_NONE and _ORIGIN_LIST_BEFORE.search(text, max(0, cur.start - 80),
                                                              cur.start):
            cur.cue = CUE_ORIGIN
    return out


def _partial(text: str, toks: list[tuple[str, int, int]], i: int, k: int,
             found: list[Mention], connectors: frozenset[str]) -> bool:
    """Do tokens ``i..k`` sit inside a longer capitalised name the gazetteer lacks?

    The name may go on after several connectors ("Santa Cruz de la Colina").
    """
    if i > 0 and text[toks[i - 1][2]:toks[i][1]] == " " and toks[i - 1][0][:1].isupper() \
            and not (found and found[-1].end >= toks[i - 1][2]):
        return True
    while k < len(toks) and text[toks[k - 1][2]:toks[k][1]] == " ":
        nxt = toks[k][0]
        if nxt[:1].isupper():
            return True
        if nxt.lower() not in connectors:
            return False
        k += 1
    return False


@functools.cache
def _generic_words() -> frozenset[str]:
    """Words that never make a place name alone: key-generic words and feature words."""
    words = place_words()
    return frozenset(fold(str(w)) for w in (*words["generic_words"], *words["feature_words"]))


def _only_generic(words: list[str]) -> bool:
    """Is the n-gram nothing but generic words ("Town", "City", "Province")?"""
    return _only_generic_text(" ".join(words))


@functools.lru_cache(maxsize=65_536)
def _only_generic_text(text: str) -> bool:
    folded = fold(text).split()
    generic = _generic_words()
    return bool(folded) and all(w in generic for w in folded)


@functools.cache
def _admin1_unit_words() -> dict[str, frozenset[str]]:
    """places.yaml ``admin1_unit_words``: word -> countries where it names an admin1."""
    known = {str(c["iso2"]) for c in countries()}
    out: dict[str, frozenset[str]] = {}
    for word, codes in (place_words().get("admin1_unit_words") or {}).items():
        bad = [c for c in codes if c not in known]
        if bad:
            raise ValueError(f"places.yaml admin1_unit_words: unknown countries {bad}")
        out[fold(str(word))] = frozenset(codes)
    return out


_LIST_JOINER = re.compile(r"\s*(?:,|,?\s+and|,?\s+or)\s*")
_ORIGIN_LIST_BEFORE = re.compile(
    r"\bfrom\s+(?:[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)*\s*,\s*)*"
    r"[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)*,?\s+(?:and|or)\s+$")


@dataclass
class PlaceContext:
    """What a whole report says about places, for disambiguating each sentence."""

    text: str
    country_hint: str | None
    hint_iso2: str | None = None
    countries: dict[str, float] = field(default_factory=dict)  # iso2 -> weight
    admins: set[tuple[str, str]] = field(default_factory=set)  # (iso2, admin1 name)
    admin2s: set[int] = field(default_factory=set)  # admin2 entry ids named as districts
    mentions: list[tuple[Mention, int]] = field(default_factory=list)  # resolved
    people: frozenset[str] = frozenset()  # keys of the surnames of titled people
    _cache: dict[tuple[str, bool, bool], int | None] = field(default_factory=dict)

    @classmethod
    def from_text(cls, text: str, country_hint: str | None = None) -> PlaceContext:
        """Scan the report once: the countries, admin1s and towns it names."""
        gaz = load_gazetteer()
        ctx = cls(text=text, country_hint=country_hint, people=_person_names(text))
        hint = country_record(country_hint) if country_hint else None
        if hint:
            ctx.hint_iso2 = str(hint["iso2"])
            ctx.countries[ctx.hint_iso2] = 10.0
        found = scan(text, gaz)
        for m in found:
            kinds = {gaz.kind[i] for i in m.candidates}
            if kinds == {KIND_COUNTRY} or (KIND_COUNTRY in kinds and len(m.candidates) <= 3):
                for i in m.candidates:
                    if gaz.kind[i] == KIND_COUNTRY:
                        ctx.countries[gaz.iso2[i]] = ctx.countries.get(gaz.iso2[i], 0.0) + 3.0
        if not ctx.countries:  # infer from unambiguous or big places
            for m in found:
                big = [i for i in m.candidates if gaz.kind[i] in (KIND_COUNTRY, KIND_ADMIN1)
                       or (gaz.kind[i] == KIND_PLACE
                           and gaz.population[i] >= GLOBAL_POPULATION)]
                for i in big:
                    c = gaz.iso2[i]
                    ctx.countries[c] = ctx.countries.get(c, 0.0) + 1.0 / len(big)
        for m in found:
            for i in m.candidates:
                if gaz.kind[i] == KIND_ADMIN1 and gaz.iso2[i] in ctx.countries:
                    ctx.admins.add((gaz.iso2[i], gaz.admin1[i]))
                elif (m.admin2_word and gaz.kind[i] == KIND_ADMIN2
                      and gaz.iso2[i] in ctx.countries):
                    ctx.admin2s.add(i)
        # resolve in two passes: unambiguous first, then the rest near them
        for m in found:
            best = ctx.resolve(m, gaz)
            if best is not None:
                ctx.mentions.append((m, best))
        return ctx

    # -- resolution ---------------------------------------------------------

    def _score(self, i: int, m: Mention, gaz: Gazetteer) -> float | None:
        iso2, kind = gaz.iso2[i], gaz.kind[i]
        cweight = self.countries.get(iso2, 0.0)
        pop = gaz.population[i]
        if kind == KIND_PLACE:
            if cweight == 0.0 and pop < (_foreign_population() if self.countries
                                         else GLOBAL_POPULATION):
                return None
            # a big foreign city is not "X village", "X territory", nor part of a longer name
            if cweight == 0.0 and self.countries and (
                    m.town_word or m.admin_word or m.admin2_word or m.partial):
                return None
            # nor a town the text spells only as one of its alternates ("near Konye" in a
            # report on Cameroon is not Konya in Turkey): abroad, the name must be its own
            if cweight == 0.0 and self.countries and m.key != spelling_key(
                    gaz.name[i]) and m.key != spelling_key(gaz.display(i)):
                return None
            if _is_short(m.key) and not (cweight and (m.town_word or m.cue in _STRONG_CUES)):
                return None
        score = 4.0 * min(cweight, 10.0) / 10.0 + (2.0 if cweight else 0.0)
        if kind == KIND_PLACE:
            score += math.log10(pop + 10) / 2.0
            # the text's name is the town's own name, not one of its alternates: "Juarez"
            # is the town Juarez rather than Ciudad Juarez (alternate "Juarez"), unless
            # the alternate's town is far bigger (over ~16 times)
            if i in gaz.display_fixed and m.key in name_keys([gaz.display(i)]):
                score += PINNED_NAME_BONUS  # the spelling place_aliases.csv pins (ACLED's)
            elif m.key == spelling_key(gaz.name[i]):
                score += MAIN_NAME_BONUS
            if (iso2, gaz.admin1[i]) in self.admins:
                score += 2.0
            if gaz.admin2[i] in self.admin2s:  # in a district the report names
                score += 2.0
            if m.town_word:
                score += 2.0
            if m.admin_word:
                score -= 3.0
            score += self._proximity(i, gaz)
        elif kind == KIND_ADMIN2:
            # a district is believed only in a country the report names, and wins over
            # a same-named town or province only when the text says "district" etc.
            if not cweight and not (m.admin2_word and not self.countries):
                return None
            if _is_short(m.key) and not (m.admin2_word or m.cue in _STRONG_CUES):
                return None
            if m.partial and not m.admin2_word:
                return None  # "Dara" of "Dara-i Bom village" is not the Dara district
            if m.admin2_word and iso2 in _admin1_unit_words().get(m.unit_word, ()) and any(
                    gaz.kind[j] == KIND_ADMIN1 and gaz.iso2[j] == iso2 for j in m.candidates):
                return None  # "Cordoba department" in Colombia: the department (admin1)
            # "Batangas province": a province that is an admin2 (Philippines) when the
            # country has no admin1 of that name (which gets 3 + 3 and wins)
            if m.admin2_word:
                score += ADMIN2_WORD_BONUS
            elif m.admin_word and not any(gaz.kind[j] == KIND_ADMIN1 and gaz.iso2[j] == iso2
                                          for j in m.candidates):
                score += ADMIN1_WORD_BONUS_ADMIN2
            else:
                score += 0.5
            if (iso2, gaz.admin1[i]) in self.admins:
                score += 2.0
            if m.town_word:
                score -= 3.0
            score += math.log10(pop + 1) / 10.0  # more towns: the likelier unit
        elif kind == KIND_ADMIN1:
            if self.countries and not cweight:
                # a unit of a country the report never names is a namesake: "Western
                # province" in a report on Kenya is not American Samoa's, "the Kaya
                # department" of Chad's Lac province is not Myanmar's Kayah State
                return None
            score += 3.0 + (3.0 if m.admin_word else 0.0)
            if m.town_word:
                score -= 3.0
        else:
            if m.town_word or m.admin2_word:
                return None  # "the community of Panamá", "X district": never a country
            score += 5.0
        return score

    def _proximity(self, i: int, gaz: Gazetteer) -> float:
        lat, lon = gaz.lat[i], gaz.lon[i]
        for _m, j in self.mentions[:20]:
            if j != i and gaz.kind[j] == KIND_PLACE and gaz.iso2[j] == gaz.iso2[i]:
                if haversine_km(lat, lon, gaz.lat[j], gaz.lon[j]) < NEAR_KM:
                    return 1.0
        return 0.0

    def resolve(self, m: Mention, gaz: Gazetteer | None = None) -> int | None:
        """The best gazetteer entry for a mention, or None when none is plausible."""
        gaz = gaz or load_gazetteer()
        ck = (m.key, m.admin_word, m.town_word, m.admin2_word)
        if ck in self._cache:
            return self._cache[ck]
        best, best_score = None, -1e9
        for i in m.candidates:
            s = self._score(i, m, gaz)
            if s is not None and s > best_score:
                best, best_score = i, s
        # a district and its seat town share a name ("Kunduz"): the town is meant unless
        # the text says "district"
        if (best is not None and gaz.kind[best] == KIND_ADMIN2 and not m.admin2_word
                and not m.admin_word):
            best = next((i for i in m.candidates if gaz.kind[i] == KIND_PLACE
                         and gaz.admin2[i] == best and self._score(i, m, gaz) is not None),
                        best)
        # a city-admin (Astana, Almaty) and its capital town share a name: the town is meant
        if best is not None and gaz.kind[best] == KIND_ADMIN1 and not m.admin_word:
            for i in m.candidates:
                if (gaz.kind[i] == KIND_PLACE and gaz.iso2[i] == gaz.iso2[best]
                        and gaz.admin1[i] == gaz.admin1[best]
                        and spelling_key(gaz.name[i]) == spelling_key(gaz.capital[best])):
                    best = i
                    break
        # "In Bihar": a state called by its own name, not Bihar Sharif, a town that has
        # "Bihar" only among its alternate names
        if (best is not None and gaz.kind[best] == KIND_PLACE and not m.town_word
                and m.key not in (spelling_key(gaz.name[best]), spelling_key(gaz.display(best)))):
            unit = next((i for i in m.candidates if gaz.kind[i] == KIND_ADMIN1
                         and gaz.iso2[i] == gaz.iso2[best]
                         and spelling_key(gaz.name[i]) == m.key
                         and self._score(i, m, gaz) is not None), None)
            if unit is not None:
                best = unit
        # "Mexico", "Djibouti", "Kuwait": a country's own name is the country, not the
        # capital that GeoNames also calls by it (unless the text says "city"/"town")
        if best is not None and gaz.kind[best] != KIND_COUNTRY and not m.town_word:
            country = next((i for i in m.candidates if gaz.kind[i] == KIND_COUNTRY
                            and spelling_key(gaz.name[i]) == m.key), None)
            if country is not None and spelling_key(gaz.name[best]) != m.key:
                best = country
        self._cache[ck] = best
        return best

    def fuzzy(self, phrase: str, want_place: bool = False) -> int | None:
        """Last resort: a fuzzy key match restricted to the report's countries.

        Among entries sharing the best key, admin1 units win unless ``want_place``
        (the text called it a village or town).
        """
        if not self.countries:
            return None
        key = spelling_key(phrase)
        if len(key) < 5:
            return None
        # one country only: the report's (the hint, else the most-named); a fuzzy
        # match never jumps to another country
        top = self.hint_iso2 or max(self.countries, key=lambda c: self.countries[c])
        found = _fuzzy_in(key, (top,), want_place)
        if found is None and " " in key and all(len(w) <= SYLLABLE_LETTERS
                                                for w in key.split()):
            # "Bu-thi-taung": a name written syllable by syllable, matched whole
            found = _fuzzy_in(key.replace(" ", ""), (top,), want_place)
        return found



    # -- the story's main place --------------------------------------------

    def dominant(self, iso2: str | None = None, admin1: str | None = None,
                 admin2: int | None = None) -> int | None:
        """The most-named event place of the report (optionally inside one admin1, or
        inside the admin2 unit with entry id ``admin2``)."""
        gaz = load_gazetteer()
        weights: dict[int, float] = {}
        for m, i in self.mentions:
            if gaz.kind[i] != KIND_PLACE:
                continue
            if (iso2 and gaz.iso2[i] != iso2) or (admin1 and gaz.admin1[i] != admin1):
                continue
            if admin2 is not None and gaz.admin2[i] != admin2:
                continue
            weights[i] = weights.get(i, 0.0) + _CUE_RANK[m.cue] + 0.5
        if not weights:
            return None
        return max(weights, key=lambda i: (weights[i], gaz.population[i]))


@functools.lru_cache(maxsize=20_000)
def _fuzzy_in(key: str, countries: tuple[str, ...], want_place: bool) -> int | None:
    """Best fuzzy match of a spelling key among the given countries' keys (cached)."""
    gaz = load_gazetteer()
    best, best_score = None, 0.0
    # "ph" is an aspirated p in Burmese, Thai and Khmer romanisation ("Kyaukphyu" =
    # "Kyaukpyu"), an f elsewhere: the key reads it as f, so try p too
    variants = [key, key.replace("f", "p")] if "f" in key else [key]
    for iso2, variant in itertools.product(countries, variants):
        keys = gaz.country_keys(iso2)
        # strong similarity AND the same first letter: "Sol" is not "Seoul"
        hits = process.extract(variant, keys.keys(), scorer=fuzz.ratio,
                               score_cutoff=FUZZY_THRESHOLD, limit=5)
        hit = next((h for h in hits if h[0][:1] == key[:1]), None)
        if hit and hit[1] > best_score:
            ids = keys[hit[0]]
            preferred = KIND_PLACE if want_place else KIND_ADMIN1
            best = max(ids, key=lambda j: (gaz.kind[j] == preferred, gaz.population[j]))
            best_score = hit[1]
    return best


# ---------------------------------------------------------------------------
# locations
# ---------------------------------------------------------------------------




def published_name(j: int, surface: str = "") -> str:
    """The spelling to publish for place ``j``: always the gazetteer's, never the report's.

    Reports spell one town "Saraqeb", "Saraqib" or "Maidugari"; a dataset that kept each
    report's spelling would split one place into several ``location`` values, and ACLED
    publishes one spelling per place. place_aliases.csv pins ACLED's spelling where the
    GeoNames name differs ("Kyiv", not "Kiev"). ``surface`` is kept in the signature for
    callers that pass it.
    """
    del surface
    return load_gazetteer().display(j)


@functools.lru_cache(maxsize=8192)
def _capital_name(j: int) -> str:
    """The published spelling of unit ``j``'s capital ("Ryazan", not the table's "Ryazan'")."""
    gaz = load_gazetteer()
    cap = gaz.capital[j]
    if not cap:
        return gaz.name[j]
    towns = [t for t in gaz.lookup_name(cap) if gaz.kind[t] == KIND_PLACE
             and gaz.iso2[t] == gaz.iso2[j] and gaz.admin1[t] == gaz.admin1[j]]
    return gaz.display(max(towns, key=lambda t: gaz.population[t])) if towns else cap


def _location(i: int, precision: int, confidence: float, surface: str,
              town: int | None = None, district: District | None = None) -> Location | None:
    """Build a Location for entry ``i`` (or for ``town`` standing in for it).

    With ``district`` (of the town), the location is ACLED's "City - District" at
    the district's coordinates.
    """
    gaz = load_gazetteer()
    row = country_record(gaz.iso2[i])
    if row is None:
        return None
    j = town if town is not None else i
    kind = gaz.kind[j]
    lat, lon = gaz.lat[j], gaz.lon[j]
    admin2 = gaz.admin2_name(j)
    if kind == KIND_PLACE:
        admin1, name = gaz.admin1[j], published_name(j, surface)
        if district is not None:
            name = f"{gaz.display(j)} - {district.name}"
            lat, lon, admin2 = district.lat, district.lon, district.admin2 or admin2
    elif kind == KIND_ADMIN2:
        # ACLED names a district-level event after the district (its seat's point)
        admin1, name = gaz.admin1[j], gaz.name[j]
    else:  # an admin1 or a country: its capital, in the capital town's published spelling
        admin1, name = gaz.admin1[j], _capital_name(j)
    if math.isnan(lat) or not admin1:
        return None
    return Location(
        country=str(row["country"]), iso=int(row["iso"]), iso3=str(row["iso3"]),
        region=str(row["region"]), admin1=admin1, admin2=admin2, admin3=None, location=name,
        latitude=round(lat, 4), longitude=round(lon, 4), geo_precision=precision,
        confidence=round(confidence, 2), surface=surface)


def _from_entry(i: int, m_cue: str, surface: str, ctx: PlaceContext) -> Location | None:
    gaz = load_gazetteer()
    conf = _CUE_CONFIDENCE[m_cue]
    kind = gaz.kind[i]
    if kind == KIND_PLACE:
        return _location(i, 2 if m_cue == CUE_NEAR else 1, conf, surface)
    if kind == KIND_ADMIN2:
        # "in Djugu territory": the story's town there, else the district itself; both
        # are "part of a region" (precision 2)
        town = ctx.dominant(gaz.iso2[i], gaz.admin1[i], admin2=i)
        return _location(i, 2, conf * (0.9 if town is not None else 0.85), surface, town)
    if kind == KIND_ADMIN1:
        town = ctx.dominant(gaz.iso2[i], gaz.admin1[i])
        if town is not None:
            return _location(i, 2, conf * 0.9, surface, town)
        return _location(i, 3, conf * 0.8, surface)
    # a country only: the report's own place if it lies there, else the capital
    default = default_location(ctx)
    if default is not None and default.iso3 == (country_record(gaz.iso2[i]) or {}).get("iso3"):
        return default
    return _location(i, 3, conf * 0.6, surface)


_SPECIFICITY = {KIND_PLACE: 3, KIND_ADMIN2: 2, KIND_ADMIN1: 1, KIND_COUNTRY: 0}
_CUE_PHRASE = re.compile(
    r"\b(in|at|near|outside|close to|not far from|on the outskirts of|the outskirts of)\s+"
    r"((?:[A-Z][\w'\u2019-]+\s?){1,3})")
_NEAR_WORDS = frozenset({"near", "outside", "close to", "not far from", "on the outskirts of",
                         "the outskirts of"})
# "the village of Lopa": the text says the unknown name is a populated place
_PLACE_OF = re.compile(
    r"\b(?:village|town|hamlet|settlement|locality|township|camp|site|community|communities)"
    r"\s+of\s+"
    r"((?:[A-Z][\w'\u2019-]+\s?){1,3})")


def locate(sentence: str, ctx: PlaceContext) -> Location | None:
    """The place where the sentence's event happened, or None if it names none."""
    gaz = load_gazetteer()
    city = _city_of_district(sentence, ctx, gaz) if " of " in sentence else None
    if city is not None:
        return city
    best: tuple[tuple[int, int], Mention, int] | None = None
    units: list[int] = []  # admin1/admin2 units the sentence names
    mentions = [m for m in scan(sentence, gaz) if not _ROAD_AFTER.match(sentence, m.end)
                and not _in_street_name(sentence, m)
                and not _is_person_again(sentence, m, ctx)
                and not _natural_feature_before().search(sentence, max(0, m.start - 12), m.start)]
    for a, b in itertools.pairwise(mentions):
        if _PART_OF.fullmatch(sentence, a.end, b.start):
            # "in the Tierra Blanca neighbourhood of Culiacan": the city, with the cue
            b.cue, a.cue = a.cue, CUE_ORIGIN
    resolved: list[int | None] = []
    placed_by: tuple[str, int] | None = None  # (unknown name, the town placing it)
    home: tuple[Mention, int | None] | None = None  # "residents of X"
    for pos, m in enumerate(mentions):
        if pos and _POSITION_OF.fullmatch(sentence, mentions[pos - 1].end, m.start):
            # "Mellit, north of El Fasher", "Tawila, some 60 km west of El Fasher": the
            # second town only says where the first is
            ref = ctx.resolve(m, gaz)
            if resolved[-1] is None and ref is not None and placed_by is None:
                placed_by = (mentions[pos - 1].surface, ref)
            resolved.append(None)
            continue
        resolved.append(None)
        if "s " in sentence[max(0, m.start - 4):m.start] and _CITY_PART.search(
                sentence, max(0, m.start - 20), m.start):
            # "at his home in the city's Model Town": a part of the story's city
            city = ctx.dominant()
            if city is not None:
                part = _sentence_district(sentence, ctx, city)
                if part is not None:
                    return _location(part[0], 1, 0.8, part[1].name, district=part[1])
                return _from_entry(city, CUE_EVENT, gaz.name[city], ctx)
        if _REFERENCE_BEFORE.search(sentence, max(0, m.start - 90), m.start):
            # "a rally ..., accusing soldiers of harassing civilians in Himamaylan": where
            # the grievance happened, not the event
            resolved[-1] = -1
            continue
        if m.cue == CUE_NONE and _people_after().match(sentence, m.end):
            # "Puno migrants marched in the capital": their home, the event's place only
            # when the sentence names no other
            resolved[-1] = -1
            if home is None:
                home = (m, ctx.resolve(m, gaz))
            continue
        if m.cue != CUE_ORIGIN and _RESIDENTS_OF.search(sentence, max(0, m.start - 60),
                                                        m.start):
            # "residents of border villages in Tavush protested in Yerevan": their home
            resolved[-1] = -1
            if home is None:
                home = (m, ctx.resolve(m, gaz))
            continue
        if m.cue == CUE_ORIGIN:
            # where people came from is not where it happened; with no other place
            # named, the coder falls back to the story's place
            resolved[-1] = -1  # known or not, not an unknown event place
            if home is None and _RESIDENTS_OF.search(sentence, max(0, m.start - 30), m.start):
                home = (m, ctx.resolve(m, gaz))
            continue
        i = ctx.resolve(m, gaz)
        if i is not None and _village_head_before(sentence, m.start) and not _in_story_admin1(
                i, ctx, gaz):
            # "in Barangay Quirino": a village of the story's town, not a namesake elsewhere
            i = None
        resolved[-1] = i
        if i is None:
            continue
        if gaz.kind[i] in (KIND_ADMIN1, KIND_ADMIN2):
            units.append(i)
        if best is not None and gaz.kind[i] == KIND_COUNTRY and gaz.kind[best[2]] != KIND_COUNTRY:
            # "near Gamboru, a town on the border with Cameroon": a country named after a
            # town or unit only says where that one lies
            continue
        # the first place with the strongest cue wins; a later one refines it only
        # when it lies inside it (region, then its town) or it was only a country.
        # A place told in a relative clause ("workers who had been detained in Astana")
        # is where someone else was, unless the main clause names none.
        rank = (_CUE_RANK[m.cue] if not _in_relative_clause(sentence, m.start) else 1, -pos)
        if (best is not None and _POSSESSIVE_GAP.fullmatch(sentence, best[1].end, m.start)
                and _refines(i, best[2], gaz)):
            # "in Haiti's Centre department", "Manipur's Jiribam district": the unit of the
            # country or state before it, with that one's cue
            best = (best[0], m, i)
            continue
        if (best is not None and rank[0] >= best[0][0] and m.town_word
                and not _AND_NEXT.match(sentence, best[1].end)
                and _region_namesake_town(best[2], i, gaz)):
            # "In Belgorod, ... a drone struck a car in the town of Shebekino": the first
            # name is the region the town of the region is in, not its namesake capital
            best = (rank, m, i)
            continue
        if (best is not None and rank[0] > best[0][0] and _refines(best[2], i, gaz)
                and m.start - best[1].end <= UNIT_AFTER_TOWN_CHARS):
            # "the town of Orikhiv in Zaporizhzhia oblast": the later, stronger-cued unit
            # contains the town already found; the town stays, with the stronger cue
            best = ((rank[0], best[0][1]), best[1], best[2])
        elif best is None or rank[0] > best[0][0] or (
                rank[0] == best[0][0] and _refines(i, best[2], gaz)):
            best = (rank, m, i)
    district = _sentence_district(sentence, ctx, best[2] if best else None)
    if district is not None:
        city, d = district
        cue = best[1].cue if best else CUE_NONE
        return _location(city, 2 if cue == CUE_NEAR else 1, _CUE_CONFIDENCE[cue], d.name,
                         district=d)
    if best is None and home is not None:
        # "Puno migrants marched in the capital": a capital the text puts the event in
        # beats the marchers' home
        hit = _capital_phrase()[0].search(sentence)
        if hit is not None and not hit.group(2) and _cue_before(sentence, hit.start()) in (
                CUE_EVENT, CUE_NEAR):
            loc = _capital(sentence, ctx, None)
            if loc is not None:
                return loc
    if (best is not None and home is not None and home[1] is not None
            and gaz.kind[home[1]] == KIND_PLACE
            and gaz.kind[best[2]] in (KIND_ADMIN1, KIND_ADMIN2)
            and _refines(home[1], best[2], gaz)):
        # "residents of Diafarabe, in the Mopti region, said fighters had moved into the
        # town's post": the residents' town, inside the region the sentence names
        loc = _from_entry(home[1], CUE_EVENT, home[0].surface, ctx)
        if loc is not None:
            return loc
    if best is None and home is not None and home[1] is not None and (
            gaz.kind[home[1]] == KIND_PLACE):
        # "Residents of Dharan blocked a highway": naming no other place, people act
        # where they live; near it, precision 2
        loc = _from_entry(home[1], CUE_NEAR, home[0].surface, ctx)
        if loc is not None:
            return loc
    if best is None and placed_by is not None:
        # a village the gazetteer lacks, placed by the text near a known town: its own
        # name at that town, precision 2
        name, town = placed_by
        loc = _from_entry(town, CUE_NEAR, name, ctx)
        if loc is not None:
            return Location(**{**_asdict(loc), "location": name, "geo_precision": 2,
                               "confidence": 0.5})
    if best is not None and gaz.kind[best[2]] in (KIND_ADMIN1, KIND_ADMIN2):
        # "in the Behsud district of Nangarhar" where the only Behsud known is elsewhere:
        # the named district or town, by its own name, in the unit the sentence names
        for m2, i2 in zip(mentions, resolved, strict=True):
            if (m2 is not best[1] and i2 is not None and i2 >= 0 and (m2.admin_word
                    or m2.town_word) and gaz.iso2[i2] == gaz.iso2[best[2]]
                    and _SPECIFICITY[gaz.kind[i2]] > _SPECIFICITY[gaz.kind[best[2]]]
                    and not _refines(i2, best[2], gaz)):
                return _in_unit(best[2], m2.surface, ctx)
    if best is None or gaz.kind[best[2]] != KIND_PLACE:
        loc = _capital(sentence, ctx, best[2] if best else None,
                       cued=best is not None and best[0][0] >= _CUE_RANK[CUE_EVENT])
        if loc is None:
            loc = _unknown_place(sentence, ctx, best[2] if best else None)
        if loc is not None or best is None:
            return loc
    _, m, i = best
    if m.cue == CUE_NEAR and gaz.kind[i] == KIND_PLACE:
        village = _unknown_village_before(sentence, m.start, ctx)
        unit = next((u for u in units if gaz.iso2[u] == gaz.iso2[i] and not _refines(i, u, gaz)),
                    None)
        if village is not None and unit is not None:
            # "in Sabid, a town in the Lower Shabelle region some 40 km west of Mogadishu":
            # the unknown town in the region the sentence names, not at Mogadishu
            return _in_unit(unit, village, ctx)
        if village is not None:
            # "near the locality of Sandare, about 60 km from Kayes town": the village the
            # gazetteer lacks, under its own name, placed at the town, precision 2
            loc = _from_entry(i, CUE_NEAR, village, ctx)
            if loc is not None:
                return Location(**{**_asdict(loc), "location": village, "surface": village,
                                   "geo_precision": 2, "confidence": 0.5})
    unit = _outside_named_unit(i, units, gaz, m.admin2_word)
    if unit is not None:
        return _in_unit(unit, m.surface, ctx)
    return _from_entry(i, m.cue, m.surface, ctx)


_POSITION_OF = re.compile(
    r"\s*,\s*(?:(?:some|about|around|roughly|approximately|nearly|almost|just|only)\s+)?"
    r"(?:\d+(?:[.,]\d+)?\s*(?:-\s*)?(?:km|kms|kilometres|kilometers|miles|mi)\s+)?"
    r"(?:(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|"
    r"south-east|south-west)\s+of|from|outside|near)\s+(?:the\s+)?(?:[a-z]+\s+){0,2}?",
    re.IGNORECASE)
_RESIDENTS_OF = re.compile(
    r"\b(?:residents|inhabitants|villagers|dwellers|people|natives|communities|community)\s+"
    r"of\s+(?:the\s+)?(?:[a-z]+\s+){0,2}?(?:(?:towns?|city|cities|villages?|districts?|areas?)"
    r"\s+(?:of|in)\s+)?$", re.IGNORECASE)
_ROAD_AFTER = re.compile(r"\s+\d{1,4}\s+(?:highway|road|motorway|expressway|route|freeway)\b",
                         re.IGNORECASE)
_PART_OF = re.compile(
    r"\s+(?:neighbou?rhoods?|suburbs?|quarters?|colonias?|sectors?|barrios?|estates?|"
    r"slums?|townships?)\s+(?:of|in)\s+"
    r"(?:the\s+(?:city|town|capital)\s+of\s+)?", re.IGNORECASE)
@functools.cache
def _centre_words() -> frozenset[str]:
    """places.yaml ``centre_words``: "Rutshuru-centre" is Rutshuru."""
    return frozenset(str(w).lower() for w in place_words()["centre_words"])


@functools.cache
def _natural_feature_before() -> re.Pattern[str]:
    """places.yaml ``natural_feature_heads`` right before a name ("the shore of Lake Chad")."""
    heads = sorted((re.escape(str(h)).replace(r"\ ", r"\s+")
                    for h in place_words()["natural_feature_heads"]), key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(heads)})\s+$")
_CITY_DISTRICT = re.compile(
    r"\b(?:the\s+)?([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+(?:district|raion|rayon|borough)"
    r"\s+of\s+(?:the\s+(?:city|capital)\s+of\s+)?([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)")


def _is_admin1_capital(i: int, gaz: Gazetteer) -> bool:
    unit = gaz.admin_ids.get((gaz.iso2[i], gaz.admin1[i]))
    return unit is not None and spelling_key(gaz.capital[unit]) == spelling_key(gaz.name[i])


def _city_of_district(sentence: str, ctx: PlaceContext, gaz: Gazetteer) -> Location | None:
    """"in the Korabelnyi district of Kherson": a district of a CITY is the city (its
    "City - District" name where the table has it); a district of a province is not."""
    hit = _CITY_DISTRICT.search(sentence)
    if hit is None:
        return None
    cities = [i for i in gaz.lookup_name(hit.group(2)) if gaz.kind[i] == KIND_PLACE
              and gaz.iso2[i] in ctx.countries and (
                  gaz.population[i] >= CITY_POPULATION or _is_admin1_capital(i, gaz))]
    city = _biggest(cities)
    if city is None:
        return None
    part = _sentence_district(sentence, ctx, city)
    if part is not None:
        return _location(part[0], 1, 0.8, part[1].name, district=part[1])
    return _from_entry(city, CUE_EVENT, hit.group(2), ctx)


# "Haiti's Centre department", "Ukraine's second-largest city of Kharkiv", "Russia's
# southern Belgorod region": the unit or town of the country (or state) named before it
_POSSESSIVE_GAP = re.compile(
    r"['’]s\s+(?:(?:[a-z]+-)?[a-z]+\s+){0,3}?(?:(?:city|town|port|region|province|state|"
    r"district|village)\s+of\s+)?")
_CITY_PART = re.compile(r"\bthe\s+(?:city|capital|town|port)['’]s\s+$", re.IGNORECASE)
_RELATIVE = re.compile(r"\b(?:who|whom|whose|which)\b[^,;:()]*$", re.IGNORECASE)


_AND_NEXT = re.compile(r"\s*,?\s*(?:and|or|as\s+well\s+as)\s", re.IGNORECASE)


def _is_person_again(sentence: str, m: Mention, ctx: PlaceContext) -> bool:
    """"The Morales camp", "Morales's supporters" in a report on President Evo Morales."""
    if m.cue != CUE_NONE or not ctx.people:
        return False
    if spelling_key(m.surface.split()[-1]) not in ctx.people:
        return False
    return m.surface.startswith("The ") or bool(_person_after().match(sentence, m.end))


def _region_namesake_town(first: int, town: int, gaz: Gazetteer) -> bool:
    """Is ``first`` a town named like its own admin1 (Belgorod, Kharkiv, Arauca) and
    ``town`` another town of that admin1?"""
    return (gaz.kind[first] == KIND_PLACE and gaz.kind[town] == KIND_PLACE and first != town
            and gaz.iso2[first] == gaz.iso2[town] and gaz.admin1[first] == gaz.admin1[town]
            and spelling_key(gaz.name[first]) == spelling_key(gaz.admin1[first]))


def _in_relative_clause(sentence: str, start: int) -> bool:
    """Is the name inside a relative clause that began earlier in its clause?"""
    window = sentence[max(0, start - 120):start]
    if "wh" not in window and "Wh" not in window:
        return False
    return bool(_RELATIVE.search(window))


def _outside_named_unit(i: int, units: list[int], gaz: Gazetteer,
                        called_unit: bool = False) -> int | None:
    """The unit the sentence names when its small town ``i`` lies outside it, else None.

    "Kadma village, East Champaran district, Bihar state" where the gazetteer's only
    Kadma is in Jharkhand: the text's own district/state is believed over a
    namesake elsewhere (the real village is missing from the gazetteer).  Big towns
    are kept: "Lahore, Punjab" never reaches here, and a city is rarely a namesake --
    unless the text calls the name a district (``called_unit``: "Haveli district, Azad
    Kashmir" is not the Punjab town Haveli Lakha, whatever its size).
    """
    if gaz.kind[i] != KIND_PLACE or (gaz.population[i] >= GLOBAL_POPULATION
                                     and not called_unit):
        return None
    same = [u for u in units if gaz.iso2[u] == gaz.iso2[i]]
    if not same or any(_refines(i, u, gaz) for u in same):
        return None
    return max(same, key=lambda u: _SPECIFICITY[gaz.kind[u]])


def _in_unit(unit: int, surface: str, ctx: PlaceContext, precision: int = 2,
             confidence: float = 0.5) -> Location | None:
    """A place the gazetteer lacks, in a named admin1/admin2 unit: published under the
    text's name at the story's town in that unit, else at the unit's seat/capital."""
    gaz = load_gazetteer()
    admin2 = unit if gaz.kind[unit] == KIND_ADMIN2 else None
    town = ctx.dominant(gaz.iso2[unit], gaz.admin1[unit], admin2=admin2)
    loc = _location(unit, precision, confidence, surface, town)
    if loc is None:
        return None
    return Location(**{**_asdict(loc), "location": surface, "surface": surface})


def listed_places(sentence: str, ctx: PlaceContext, first: Location) -> list[Location]:
    """The other towns of a list the event place opens ("shelled Bilozerka, Antonivka and
    Stanislav"): ACLED codes one event per place.

    Only towns (not regions or countries) of the first place's country, joined to it by
    commas and "and", each resolved in the gazetteer, count.
    """
    gaz = load_gazetteer()
    mentions = scan(sentence, gaz)
    start = next((k for k, m in enumerate(mentions) if m.surface == first.surface), None)
    if start is None or _BETWEEN_BEFORE.search(
            sentence, max(0, mentions[start].start - 40), mentions[start].start):
        return []  # "travelling between Bamenda and Bafut": one event on the way
    out: list[Location] = []
    for prev, m in itertools.pairwise(mentions[start:]):
        if not _LIST_JOINER.fullmatch(sentence, prev.end, m.start) or m.cue == CUE_ORIGIN:
            break
        i = ctx.resolve(m, gaz)
        if i is None or gaz.kind[i] != KIND_PLACE or gaz.iso2[i] != _iso2_of(first):
            break
        if (sentence[prev.end:m.start].strip() == ","
                and spelling_key(gaz.name[i]) == spelling_key(first.admin1)):
            break  # "Tambon Yaring, Amphoe Ya-ring, Changwat Pattani": an address, its province
        loc = _from_entry(i, first_cue(first), m.surface, ctx)
        if loc is None:
            break
        if (loc.location, loc.admin1) in {(x.location, x.admin1) for x in (first, *out)}:
            continue  # "Tambon Yaring, Amphoe Ya-ring": the same place again, by its unit
        out.append(replace_location(loc, geo_precision=first.geo_precision))
    return out


_BETWEEN_BEFORE = re.compile(
    r"\bbetween\s+(?:the\s+)?(?:(?:towns?|villages?|cities|localities)\s+of\s+)?$",
    re.IGNORECASE)


def first_cue(loc: Location) -> str:
    return CUE_NEAR if loc.geo_precision == 2 else CUE_EVENT


def replace_location(loc: Location, **changes: object) -> Location:
    return Location(**{**_asdict(loc), **changes})


def _iso2_of(loc: Location) -> str:
    rec = country_record(loc.iso3)
    return str(rec["iso2"]) if rec else ""


def _sentence_district(sentence: str, ctx: PlaceContext,
                       best: int | None) -> tuple[int, District] | None:
    """A district of the sentence's city, or of the report's city when the sentence names
    no town ("a raid in Hlaing township" in a Yangon report)."""
    districts = _districts()
    if not districts:
        return None
    gaz = load_gazetteer()
    if best is not None and gaz.kind[best] == KIND_PLACE:
        cities = [best] if best in districts else []
    else:
        cities = list(dict.fromkeys(i for _m, i in ctx.mentions if i in districts))
        if best is not None:  # a named admin1 or country must contain the city
            cities = [c for c in cities if gaz.iso2[c] == gaz.iso2[best] and (
                gaz.kind[best] == KIND_COUNTRY or gaz.admin1[c] == gaz.admin1[best])]
    for city in cities:
        d = _district_in(sentence, city)
        if d is not None:
            return city, d
    return None


def _biggest(ids: list[int]) -> int | None:
    gaz = load_gazetteer()
    return max(ids, key=lambda i: gaz.population[i]) if ids else None


def _capital(sentence: str, ctx: PlaceContext, region: int | None,
             cued: bool = True) -> Location | None:
    """ "In the capital", "the Kazakh capital", "the provincial capital": a capital city.

    The country's capital (of the demonym's country, else of the country the
    sentence names, else of the report's country), or the capital of the admin1
    the sentence or report names, with precision 1: the town is meant, only not
    named.  Not after an origin cue ("fled to the capital").
    """
    pattern, whose = _capital_phrase()
    hit = pattern.search(sentence)
    if hit is None or _cue_before(sentence, hit.start()) == CUE_ORIGIN:
        return None
    gaz = load_gazetteer()
    scope = whose.get(fold(hit.group(1) or ""), "country")
    if hit.group(2):  # "the capital of X": X's capital, X being the unit the sentence names
        if region is None:
            return None
        if gaz.kind[region] == KIND_ADMIN2:  # the district's seat
            return _location(region, 1, 0.7, hit.group(0).strip())
        scope = "admin1" if gaz.kind[region] == KIND_ADMIN1 else "country"
    surface = hit.group(0).strip()
    if scope == "admin1":
        admin = region if region is not None and gaz.kind[region] == KIND_ADMIN1 else None
        if admin is None:
            admins = [i for _m, i in ctx.mentions if gaz.kind[i] == KIND_ADMIN1]
            admin = max(admins, key=admins.count) if admins else None
        if admin is None or not gaz.capital[admin]:
            return None
        town = _biggest([i for i in gaz.lookup_name(gaz.capital[admin])
                         if gaz.kind[i] == KIND_PLACE and gaz.iso2[i] == gaz.iso2[admin]
                         and gaz.admin1[i] == gaz.admin1[admin]])
        return _location(admin, 1, 0.7, surface, town)
    if scope == "country":
        if region is not None and gaz.kind[region] == KIND_COUNTRY and (
                cued or not ctx.hint_iso2):
            # "in Kenya ... in the capital"; not "rallied in the capital against the United
            # States", which names the country only as what the crowd opposes
            iso2 = gaz.iso2[region]
        elif ctx.hint_iso2 or ctx.countries:
            iso2 = ctx.hint_iso2 or max(ctx.countries, key=lambda c: ctx.countries[c])
        else:
            return None
    else:
        iso2 = scope
    i = gaz.country_ids.get(iso2)
    if i is None or not gaz.capital[i]:
        return None
    town = _biggest([j for j in gaz.lookup_name(gaz.capital[i])
                     if gaz.kind[j] == KIND_PLACE and gaz.iso2[j] == iso2])
    return _location(i, 1, 0.7, surface, town)


# A clause telling what a crowd blames or asks for: its places are the grievance's.
_REFERENCE_BEFORE = re.compile(
    r"\b(?:accusing|blaming|condemning|denouncing|calling\s+for)\b[^,;:.()\u2013\u2014]*$",
    re.I)  # not "accused": "a man accused of theft was beaten at Tongi" is where it happened
_RESIDENTS_NAME = re.compile(
    r"\b(?i:residents|inhabitants|villagers|natives)\s+of\s+((?:[A-Z][\w'\u2019-]+\s?){1,3})")
_PART_OF_STORY_PLACE = (r"\s+(?:neighbou?rhoods?|quarters?|districts?|areas?|sections?|"
                        r"parts?|suburbs?|blocks?)\s+of\s+the\s+(?:refugee\s+)?(?:camp|city|"
                        r"town|village|capital)\b")


_NAME_CALLED_TOWN = re.compile(
    r"\b(?:in|at|on|near)\s+((?:[A-Z][\w'\u2019-]+\s?){1,3}),\s+an?\s+(?:small\s+|remote\s+)?"
    r"(?:town|village|locality|settlement|hamlet)\b")
_VILLAGE_WORD_END = re.compile(r"(?i:village|hamlet|locality|settlement)$")


def _unknown_village_before(sentence: str, end: int, ctx: PlaceContext) -> str | None:
    """A village/locality the text names before ``end`` that the gazetteer lacks."""
    gaz = load_gazetteer()
    stops = _lexicon()[0]
    head = sentence[:end]
    names = [h.group(1) for h in _PLACE_OF.finditer(head)]
    # "in Sabid, a town in the Lower Shabelle region": an unknown name the text calls a town
    names += [h.group(1) for h in _NAME_CALLED_TOWN.finditer(head)]
    # "Kabaro village", not "the al-Mawasi area" (an area is told by the town it lies by)
    names += [h.group(1) for h in _feature_phrase().finditer(head)
              if h.group(1)[:1].isupper() and h.group(1).strip().lower() not in _common_words()
              and _VILLAGE_WORD_END.search(h.group(0))]
    for name in (_after_possessive(n.strip()) for n in names):
        key = spelling_key(name)
        if key and key not in stops and not any(gaz.iso2[j] in ctx.countries
                                                for j in gaz.lookup(key)):
            return name
    return None


def _unknown_place(sentence: str, ctx: PlaceContext, region: int | None) -> Location | None:
    """A sentence naming no known town: fuzzy-match its "in X"/"X village" phrases.

    Fuzzy matching is restricted to the report's country (and to ``region``,
    the admin1 or country the sentence does name, when there is one).  A name
    the gazetteer lacks but the text calls a village/town/township ("Kani
    township") is published under its own name, placed at the capital (or story
    town) of the admin1 the sentence or else the report names, with precision 2.
    An unknown "in X" inside a named admin1 gives that admin1's capital.
    """
    gaz = load_gazetteer()
    stops = _lexicon()[0]

    def unknown(p: str) -> bool:  # no entry of the report's countries has this name
        key = spelling_key(p)
        return bool(key) and key not in stops and not any(
            gaz.iso2[i] in ctx.countries for i in gaz.lookup(key))

    near = {_after_possessive(h.group(2)) for h in _CUE_PHRASE.finditer(sentence)
            if h.group(1) in _NEAR_WORDS}
    cue_phrases = [_after_possessive(h.group(2)) for h in _CUE_PHRASE.finditer(sentence)]
    features = [_after_possessive(h.group(1)) for h in _feature_phrase().finditer(sentence)
                if h.group(1)[:1].isupper() and h.group(1).strip().lower() not in _common_words()]
    features += [_after_possessive(h.group(1)) for h in _PLACE_OF.finditer(sentence)]
    # "residents of Diafarabe said ...": the residents' town, a place known or not
    features += [_after_possessive(h.group(1).strip()) for h in _RESIDENTS_NAME.finditer(sentence)]
    if region is not None:  # "Kashmir's Kupwara district" names the district, no other place
        own = spelling_key(gaz.name[region])
        features = [f for f in features if spelling_key(f) != own]
        cue_phrases = [p for p in cue_phrases if spelling_key(p) != own]
    # "the Morales camp" of a report on President Evo Morales is his camp, not a place
    features = [f for f in features if spelling_key(f.split()[-1]) not in ctx.people]
    # "in the Al-Hawashin neighbourhood of the camp": a part of the story's own place
    parts = {f for f in features
             if re.search(re.escape(f) + _PART_OF_STORY_PLACE, sentence)}
    features = [f for f in features if f not in parts]
    cue_phrases = [p for p in cue_phrases if p not in parts]
    phrases = list(dict.fromkeys(p for p in cue_phrases + features if unknown(p)))
    villages = [p for p in features if p in phrases]
    for phrase in phrases:
        i = ctx.fuzzy(phrase, want_place=True)
        if i is None or gaz.kind[i] != KIND_PLACE:
            continue
        if region is not None and not _refines(i, region, gaz):
            continue
        loc = _from_entry(i, CUE_NEAR if phrase in near else CUE_NONE, phrase, ctx)
        if loc is None:
            continue
        other = [v for v in villages if v != phrase]
        if other:
            # "stormed Kabaro village near Dansadau": the unknown village, published under
            # its own name at the town it is placed by, precision 2
            return Location(**{**_asdict(loc), "location": other[0], "surface": other[0],
                               "geo_precision": 2, "confidence": 0.5})
        return Location(**{**_asdict(loc), "confidence": 0.5})
    # a name the text puts a village, town or "near" cue on is a place, known or not
    named = [p for p in features if p in phrases] or [p for p in phrases if p in near]
    if region is None and named:  # the district the report names most, if any
        units = [i for _m, i in ctx.mentions if gaz.kind[i] == KIND_ADMIN2
                 and (ctx.hint_iso2 is None or gaz.iso2[i] == ctx.hint_iso2)]
        region = max(units, key=units.count) if units else None
    if region is not None and gaz.kind[region] == KIND_ADMIN2 and phrases:
        # "at Plaine Savo, in Djugu territory", "Kamongo village, Beni territory": an
        # unknown place in that district, published under its own name at the district
        # (or the story's town there), precision 2
        town = ctx.dominant(gaz.iso2[region], gaz.admin1[region], admin2=region)
        loc = _location(region, 2, 0.5, phrases[0], town)
        name = named[0] if named else phrases[0]
        if loc is not None:
            return Location(**{**_asdict(loc), "location": name, "surface": name})
        return loc
    admin = region if region is not None and gaz.kind[region] == KIND_ADMIN1 else None
    if admin is None and named:
        admins = [i for _m, i in ctx.mentions if gaz.kind[i] == KIND_ADMIN1
                  and (ctx.hint_iso2 is None or gaz.iso2[i] == ctx.hint_iso2)]
        admin = max(admins, key=admins.count) if admins else None
    if admin is None or not phrases:
        return None
    town = ctx.dominant(gaz.iso2[admin], gaz.admin1[admin])
    loc = _location(admin, 2, 0.5 if region is not None else 0.4, phrases[0], town)
    # "in Saut-d'Eau, in Haiti's Centre department": the unknown town the sentence puts
    # in a unit it names keeps its own name, placed in that unit
    name = named[0] if named else (phrases[0] if region is not None else None)
    if loc is not None and name:
        return Location(**{**_asdict(loc), "location": name, "surface": name})
    return loc


def _after_possessive(phrase: str) -> str:
    """"Kashmir's Kupwara" -> "Kupwara", "Thursday's" -> "Thursday": the name that is meant."""
    phrase = phrase.strip()
    _head, sep, tail = phrase.replace("’", "'").rpartition("'s ")
    phrase = tail.strip() if sep and tail.strip() else phrase
    return re.sub(r"['’]s$", "", phrase)


def _refines(i: int, j: int, gaz: Gazetteer) -> bool:
    """Is entry ``i`` a more specific place inside entry ``j``?"""
    if gaz.iso2[i] != gaz.iso2[j] or _SPECIFICITY[gaz.kind[i]] <= _SPECIFICITY[gaz.kind[j]]:
        return False
    if gaz.kind[j] == KIND_ADMIN2:
        return gaz.admin2[i] == j
    return gaz.kind[j] == KIND_COUNTRY or gaz.admin1[i] == gaz.admin1[j]


def _asdict(loc: Location) -> dict:
    return {f: getattr(loc, f) for f in Location.__slots__}


def default_location(ctx: PlaceContext) -> Location | None:
    """Fallback for an event whose sentence names no place: the report's main place."""
    gaz = load_gazetteer()
    town = ctx.dominant()
    if town is not None:
        surface = next((m.surface for m, i in ctx.mentions if i == town), "")
        return _location(town, 2, 0.6, surface)
    for kind, precision in ((KIND_ADMIN2, 2), (KIND_ADMIN1, 3)):
        admins = [(m, i) for m, i in ctx.mentions if gaz.kind[i] == kind]
        if admins:
            m, i = max(admins, key=lambda mi: sum(1 for _m, j in admins if j == mi[1]))
            return _location(i, precision, 0.5, m.surface)
    if ctx.countries:
        iso2 = max(ctx.countries, key=lambda c: ctx.countries[c])
        i = gaz.country_ids.get(iso2)
        if i is not None:
            return _location(i, 3, 0.4, gaz.name[i])
    return None
