"""The fast paths of the coder give exactly what the plain algorithms they replace give.

Why: the phrase matcher, the rule index, the tokeniser and the sentence splitter
take short cuts for speed (pair-indexed phrases, necessary-class filters, an
ASCII fast path, a bounded abbreviation search). Each test here runs the plain
version, written out in the test, next to the fast one on generated inputs.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from eventdata.extract import sentences
from eventdata.extract.classify import Positions, _holds, _matching_rules
from eventdata.extract.lexicon import _TOKEN, Elem, Gap, Lexicon, lexicon

_SETTINGS = {
    "seq_window": 8, "weight_pool": 0.6, "rival_penalty": 0.8, "support_bonus": 0.05,
    "blocked_factor": 0.5, "no_trigger_confidence": 0.9, "weak_none_confidence": 0.6,
}
_TERMS = {
    "classes": {
        "PROTEST_V": {"trigger": True, "phrases": ["marched", "took to the streets", "rall*"]},
        "CROWD": {"phrases": ["a ~2 crowd of", "hundreds of", "a crowd", "hundreds"]},
        "POLICE": {"phrases": ["police", "riot police", "police ~1 fired"]},
        "FIRE": {"phrases": ["fired", "fired tear gas", "tear gas"]},
        "EVENT_N": {"phrases": ["rally", "tear ga*"]},  # same tokens as other phrases: pooled
    }
}
_RULES = {**_SETTINGS, "rules": [{"type": "Peaceful protest", "weight": 0.5, "all": ["PROTEST_V"]}]}
_VOCAB = ["a", "crowd", "of", "hundreds", "police", "riot", "fired", "tear", "gas", "marched",
          "rallied", "rally", "took", "to", "the", "streets", "big", ","]


def _plain_end(elems: tuple[Elem | Gap, ...], e: int, tokens: list[str], j: int) -> int:
    if e == len(elems):
        return j
    elem = elems[e]
    if isinstance(elem, Gap):
        ends = [_plain_end(elems, e + 1, tokens, j + k) for k in range(elem.n + 1)
                if j + k <= len(tokens)]
        return max(ends, default=-1)
    if j < len(tokens) and elem.matches(tokens[j]):
        return _plain_end(elems, e + 1, tokens, j + 1)
    return -1


def _plain_match(lex: Lexicon, tokens: list[str]) -> list[tuple[int, int, frozenset[str]]]:
    """Every phrase tried at every position; the longest wins, equals pool their classes."""
    out: list[tuple[int, int, frozenset[str]]] = []
    i = 0
    while i < len(tokens):
        ends = [(_plain_end(p.elems, 0, tokens, i), p.classes) for p in lex.phrases]
        best = max(end for end, _ in ends)
        if best > i:
            out.append((i, best, frozenset().union(*(c for end, c in ends if end == best))))
            i = best
        else:
            i += 1
    return out


_TINY = Lexicon(_TERMS, _RULES)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_VOCAB), max_size=14))
def test_phrase_matcher_equals_trying_every_phrase(tokens: list[str]) -> None:
    got = [(h.start, h.end, h.classes) for h in _TINY.match(tokens)]
    assert got == _plain_match(_TINY, tokens)


def test_matcher_prefers_longest_and_pools_equal_ends() -> None:
    hits = _TINY.match(["a", "big", "crowd", "of", "police", "fired"])
    assert [(h.start, h.end) for h in hits] == [(0, 4), (4, 6)]
    assert hits[1].classes == frozenset({"POLICE"})
    assert _TINY.match(["rally"])[0].classes == frozenset({"PROTEST_V", "EVENT_N"})


def _plain_rules(lex: Lexicon, pos: Positions) -> list[tuple[str, float]]:
    return [
        (r.type, r.weight) for r in lex.rules
        if all(_holds(c, pos) for c in r.all)
        and (not r.any or any(_holds(c, pos) for c in r.any))
        and not any(_holds(c, pos) for c in r.none)
    ]


_CLASSES = sorted(lexicon().class_names)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_CLASSES), st.integers(0, 30)), max_size=12))
def test_rule_index_equals_trying_every_rule(spans: list[tuple[str, int]]) -> None:
    pos: Positions = {}
    for cls, start in spans:
        pos.setdefault(cls, []).append((start, start + 1))
    assert _matching_rules(lexicon(), pos) == _plain_rules(lexicon(), pos)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="aB Mz0,-'’.;İKſ", max_size=40))
def test_tokenizer_fast_path_equals_token_by_token(text: str) -> None:
    lex = lexicon()
    plain = [lex.cased.get(t) or t.lower().replace("’", "'") for t in _TOKEN.findall(text)]
    assert lex.tokenize(text) == plain
    assert lex.tokenize("Protests in May") == ["protests", "in", lex.cased.get("May", "may")]


_PIECES = ["approx", "Mr", "Sept", "U", "S", "A", "z", "etc", ".", ".", " ", "x"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_abbreviation_search_near_the_end_equals_whole_search(candidate: str) -> None:
    near = sentences._ABBREV.search(candidate, max(0, len(candidate) - sentences._ABBREV_REACH))
    assert bool(near) == bool(re.search(sentences._ABBREV.pattern, candidate))
