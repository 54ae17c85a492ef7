"""The fast paths of place and date reading must give exactly what the slow ones gave.

Each shortcut (ASCII tokenisers, set prechecks before regex searches, a hand-written
copy) is checked against the general code it stands in for, on texts built to hit the
edges: non-ASCII letters and digits, modifier letters that count as letters, curly
quotes, upper-case titles, "of" in odd cases.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from eventdata.normalise import dates, places

# words and separators that exercise the tokenisers and the title/"of" prechecks
_PIECES = [
    "President", "president", "PRESIDENT", "Gen.", "Prime Minister", "prime  minister",
    "Colonel", "King", "\u212aing", "Lt-Col", "of", "OF", "Of", "district of", "town of",
    "region of", "the", "Sa\u02bbdah", "Dar'a", "Kyiv\u2019s", "Z\u00fcrich", "\u0130dlib",
    "Mangghysta\u016b", "\u0661\u0662", "12", "2024", "_x", "al-Bab", "ez-Zor", "\u2014",
    "\u201cquoted\u201d", "Morales", "Evo", "Sake", "Goma", "\u00a0", "\n", ",", ".", "-",
]
_texts = st.lists(st.sampled_from(_PIECES), max_size=14).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_place_tokens_equal_the_unicode_pattern(text: str) -> None:
    expected = [(m.group(), m.start(), m.end()) for m in places._TOKEN.finditer(text)]
    assert places._tokens(text) == expected


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_date_tokens_equal_the_unicode_pattern(text: str) -> None:
    if dates._ascii_words(text):
        assert dates._TOKEN_ASCII.findall(text) == dates._TOKEN.findall(text)
        assert dates._WORD_ASCII.findall(text) == dates._WORD.findall(text)


def test_a_modifier_letter_or_foreign_digit_keeps_the_unicode_path() -> None:
    # U+02BB is a letter (Lm) and U+0661 a digit: the ASCII patterns would split or drop them
    assert not dates._ascii_words("Sa\u02bbdah")
    assert not dates._ascii_words("\u0661\u0662 May")
    assert dates._ascii_words("\u201cTuesday\u201d \u2014 12 May")
    assert places._tokens("Sa\u02bbdah")[0][0] == "Sa\u02bbdah"


@settings(max_examples=400, deadline=None)
@given(_texts, st.sampled_from(_PIECES))
def test_title_precheck_agrees_with_the_title_pattern(before: str, name: str) -> None:
    text = f"{before} {name}"
    start = len(before) + 1
    expected = places._person_titled().search(text, max(0, start - 60), start) is not None
    assert places._titled_before(text, start) is expected


def test_title_precheck_still_finds_titled_people() -> None:
    text = "said Prime Minister Evo Morales"
    assert places._titled_before(text, text.index("Morales"))
    assert not places._titled_before("in the town of Morales", 15)


@settings(max_examples=400, deadline=None)
@given(_texts)
def test_of_precheck_never_hides_a_match(before: str) -> None:
    text = before + " Goma"
    start = len(before) + 1
    _, a2_before = places._admin2_word()
    window25, window32 = text[max(0, start - 25):start], text[max(0, start - 32):start]
    if (places._ADMIN_WORD_BEFORE.search(window25) or places._TOWN_WORD_BEFORE.search(window25)
            or a2_before.search(window32)):
        assert places._ends_with_of(text, start)


def test_copy_is_a_full_copy_with_its_own_candidates() -> None:
    m = places.Mention(3, 8, "Goma", "goma", [1, 2], places.CUE_EVENT, True, False, True,
                       True, "territory")
    c = places._copy(m)
    assert c == dataclasses.replace(m, candidates=list(m.candidates))
    assert [f.name for f in dataclasses.fields(places.Mention)] == [
        "start", "end", "surface", "key", "candidates", "cue", "admin_word", "town_word",
        "admin2_word", "partial", "unit_word"]  # a new field must be copied too
    c.candidates.append(9)
    assert m.candidates == [1, 2]


def test_cue_depends_on_the_window_only() -> None:
    pad = "x" * places.CUE_WINDOW
    assert places._cue_before(pad + " clashes in ", len(pad) + 12) == places._cue_before(
        "clashes in ", 11)
    assert places._cue_before("workers from ", 13) == places.CUE_ORIGIN
    assert places._cue_before("fighting in ", 12) == places.CUE_EVENT


def test_only_generic_words() -> None:
    assert places._only_generic(["Town"])
    assert not places._only_generic(["Foca", "Town"])


def test_find_dates_reads_non_ascii_sentences() -> None:
    found = dates.find_dates("Clashes in \u0130dlib on 12 May 2024 left two dead",
                             dt.date(2024, 6, 1))
    assert [(d.text, d.date) for d in found] == [("12 May 2024", dt.date(2024, 5, 12))]
