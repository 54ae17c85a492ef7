"""Spelling keys for place names.

News spells the same place many ways: transliterated from Cyrillic or Arabic in
several systems (Zhanaozen/Janaozen, Mangystau/Manghystau/Mangistau), with or
without a generic word ("the Mangystau region", "Mangghystau oblysy").  Rather
than listing every variant we map each name to a *key* in which those variants
collide, and index the gazetteer by that key.  The rules are data
(``eventdata/data/places.yaml``); this module only applies them, fast.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path
from typing import Any

from anyascii import anyascii

from eventdata.yamlfile import read_yaml

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "places.yaml"

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile(r"[\u0027\u2019\u2018\u02bc\u02bb\u0060\u00b4]")
_REQUIRED = ("generic_words", "spelling_rules", "stop_names", "name_connectors",
             "cues_event", "cues_near", "cues_origin", "feature_words", "admin2_words",
             "natural_feature_heads", "centre_words", "cue_adjectives", "person_titles",
             "person_after", "people_after", "street_before", "street_after", "body_words")
_REQUIRED_MAPS = {"short_names": ("min_alternate_letters", "max_short_name_letters"),
                  "capital_words": ("country", "admin1")}


@functools.cache
def place_words() -> dict[str, Any]:
    """Load places.yaml once; fail loudly when a section is missing or malformed."""
    with DATA_FILE.open(encoding="utf-8") as fh:
        data = read_yaml(fh.read())
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        raise ValueError(f"{DATA_FILE}: missing sections {missing}")
    for section in _REQUIRED:
        items = data[section]
        flat = [x for r in items for x in r] if section == "spelling_rules" else items
        bad = [x for x in flat if not isinstance(x, str)]
        if bad:  # YAML reads bare on/off/yes/no as booleans: quote them
            raise ValueError(f"{DATA_FILE}: non-string entries in {section}: {bad}")
    for section, keys in _REQUIRED_MAPS.items():
        if not isinstance(data.get(section), dict) or set(data[section]) != set(keys):
            raise ValueError(f"{DATA_FILE}: {section} needs exactly the keys {keys}")
    if not isinstance(data.get("foreign_population"), int):
        raise ValueError(f"{DATA_FILE}: foreign_population must be an integer")
    demonyms = data.get("demonyms")
    if not isinstance(demonyms, dict) or not all(
            isinstance(k, str) and len(k) == 2 and isinstance(v, list)
            and all(isinstance(w, str) for w in v) for k, v in demonyms.items()):
        raise ValueError(f"{DATA_FILE}: demonyms must map ISO alpha-2 codes (quote NO) "
                         "to lists of words")
    for rule in data["spelling_rules"]:
        if not (isinstance(rule, list) and len(rule) == 2):
            raise ValueError(f"{DATA_FILE}: bad spelling rule {rule!r}")
    return data


@functools.cache
def _rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(p), r) for p, r in place_words()["spelling_rules"])


@functools.cache
def _generic() -> frozenset[str]:
    return frozenset(str(w) for w in place_words()["generic_words"])


def fold(text: str) -> str:
    """ASCII-fold, lower-case and squeeze a name to words separated by single spaces.

    Apostrophes vanish (``Dar'a`` -> ``dara``) because transliterations use them
    inconsistently for ayn/hamza and soft signs.
    """
    if not text.isascii():
        text = anyascii(unicodedata.normalize("NFC", text))
    text = _APOSTROPHES.sub("", text.lower())
    return _NON_ALNUM.sub(" ", text).strip()


def _key_word(word: str) -> str:
    for pattern, repl in _rules():
        word = pattern.sub(repl, word)
    return word


@functools.lru_cache(maxsize=200_000)
def spelling_key(text: str) -> str:
    """The key under which romanisation variants of a name collide.

    Generic words (oblast, region, province, "the") are dropped unless nothing
    else is left, so "Almaty City" still differs from nothing at all.
    """
    words = fold(text).split()
    if not words:
        return ""
    generic = _generic()
    kept = [w for w in words if w not in generic]
    if not kept:
        kept = words
    return " ".join(_key_word(w) for w in kept)


def name_variants(text: str) -> tuple[str, ...]:
    """Keys for a name and its obvious variants (hyphen/space, leading article)."""
    keys = {spelling_key(text)}
    if "-" in text:
        keys.add(spelling_key(text.replace("-", "")))
    keys.discard("")
    return tuple(sorted(keys))


_NOT_CONSONANT = re.compile(r"[aeiouy\s'’-]+")


def consonants(key: str) -> str:
    """The consonants of a spelling key: romanisations of one name differ most in vowels
    ("saraqeb"/"saraqib", "gonder"/"gondar", "maidugari"/"maiduguri")."""
    return _NOT_CONSONANT.sub("", key)
