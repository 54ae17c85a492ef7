"""Loads the classifier's lexicon (terms and rules) and compiles it into a token index.

The lexicon is data (``eventdata/data/lexicon/terms.yaml`` and ``rules.yaml``) so
that a user can teach the coder new words without code. This module turns it,
once per process, into structures that make matching a sentence a handful of
dict look-ups: a phrase index keyed by first token (an Aho-Corasick-like token
trie, flattened), a per-token cache of candidate phrases, and rules whose
conditions are pre-resolved to sets of class names. Anything the data names
that does not exist (a class, a group, a sub-event type) fails here, at load
time, rather than silently never matching.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from eventdata.yamlfile import read_yaml
from schemas.codebook import taxonomy

log = logging.getLogger(__name__)

LEXICON_DIR = Path(__file__).resolve().parent.parent / "data" / "lexicon"

# Words, plus clause punctuation as tokens of its own: phrases do not run over
# it and scopes stop at it ("threatened to strike, and workers marched").
_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+|[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*|[,;:()]")
CLAUSE_BREAKS = frozenset(",;:()")
_CACHE_LIMIT = 200_000


# What the phrases starting with one token make of the next one (see Lexicon._pair):
# the longest fully decided length (-1: none), its classes, and the longer phrases
# still to check (_Rest).
_PairEntry = tuple[int, frozenset[str], tuple["_Rest", ...]]


class LexiconError(ValueError):
    """The lexicon data is inconsistent (unknown class, group or sub-event type)."""


@dataclass(frozen=True, slots=True)
class Elem:
    """One token slot of a phrase: exact alternatives and prefix alternatives."""

    exact: frozenset[str]
    prefixes: tuple[str, ...]

    def matches(self, token: str) -> bool:
        """True when the token is one of the alternatives (prefixes included)."""
        return token in self.exact or (bool(self.prefixes) and token.startswith(self.prefixes))


@dataclass(frozen=True, slots=True)
class Gap:
    """Up to `n` arbitrary tokens inside a phrase."""

    n: int


@dataclass(frozen=True, slots=True)
class Phrase:
    """A compiled phrase and the classes it stands for."""

    elems: tuple[Elem | Gap, ...]
    classes: frozenset[str]
    text: str


@dataclass(frozen=True, slots=True)
class Hit:
    """A phrase found in a sentence: token span [start, end) and its classes."""

    start: int
    end: int
    classes: frozenset[str]
    surface: str


@dataclass(frozen=True, slots=True)
class Cond:
    """A condition: a set of classes present, or a sequence of class sets in order."""

    steps: tuple[frozenset[str], ...]  # one step: presence; more: a sequence
    window: int


@dataclass(frozen=True, slots=True)
class Rule:
    """A sub-event type with the conditions that make it."""

    type: str
    weight: float
    all: tuple[Cond, ...]
    any: tuple[Cond, ...]
    none: tuple[Cond, ...]
    keys: frozenset[str]  # every class the rule mentions (cheap pre-filter)
    # Class sets that must each meet the sentence's classes for the rule to hold
    # (every step of an `all` condition, and the first steps of `any` pooled):
    # a necessary test, cheaper than the conditions, and what the rule index is keyed on.
    needs: tuple[frozenset[str], ...] = ()
    seq_all: tuple[Cond, ...] = ()  # the `all` conditions that are sequences (needs cover the rest)


@dataclass(frozen=True, slots=True)
class Scope:
    """A scope word hides the trigger terms that follow it (and, with `back`, precede it).

    `unless_after`: the scope does not apply right after these classes (a past
    perfect in reported speech, "said it had retaken", is news, not background).
    """

    cls: str
    window: int
    back: int
    blocker: str | None
    masks: frozenset[str]
    unless_after: frozenset[str]
    unless_gap: int
    clause: bool  # stop at clause punctuation
    stops: frozenset[str]  # the scope ends at a term of these classes (a main verb)
    soft: bool = False  # lifted when it would leave the sentence without any trigger


@dataclass(frozen=True, slots=True)
class SentenceBlocker:
    """A whole-sentence reason why a trigger is not a new event."""

    blocker: str
    any: tuple[Cond, ...]
    unless_any: tuple[Cond, ...]


@dataclass(frozen=True, slots=True)
class Override:
    """After precedence chose `source`, the codebook sometimes means `target` instead.

    Precedence alone cannot say that bandits who storm a school and carry off
    pupils made an abduction (no one was hurt), not an attack: the override
    applies when one of `any` holds and none of `none` does.
    """

    source: str
    target: str
    any: tuple[Cond, ...]
    none: tuple[Cond, ...]


@dataclass(frozen=True)
class Settings:
    """Numeric knobs of the rule choice and of confidence (rules.yaml top level)."""

    seq_window: int
    weight_pool: float
    rival_penalty: float
    support_bonus: float
    blocked_factor: float
    no_trigger_confidence: float
    weak_none_confidence: float


class Lexicon:
    """The compiled lexicon: tokeniser, phrase matcher, rules, scopes and blockers."""

    def __init__(self, terms: dict[str, Any], rules: dict[str, Any]) -> None:
        self.cased: dict[str, str] = dict(terms.get("cased") or {})
        classes = terms["classes"]
        self.class_names: frozenset[str] = frozenset(classes)
        self.triggers: frozenset[str] = frozenset(
            name for name, spec in classes.items() if spec.get("trigger")
        )
        merged: dict[str, set[str]] = {}
        for name, spec in classes.items():
            # `also`: the class's phrases stand for these classes too ("hundreds of
            # residents" is a crowd and civilians), so a long phrase that swallows
            # a shorter one keeps the shorter one's meaning.
            also = [name] + [self._known_class(a, f"class {name} also") for a in
                             spec.get("also") or []]
            for text in spec.get("phrases") or []:
                if not isinstance(text, str):
                    raise LexiconError(f"class {name}: phrase {text!r} is not text (quote it)")
                merged.setdefault(_norm_phrase(str(text)), set()).update(also)
        self.phrases: tuple[Phrase, ...] = tuple(
            Phrase(_parse_phrase(text), frozenset(names), text) for text, names in merged.items()
        )
        self._exact_first: dict[str, list[int]] = {}
        self._prefix_first: list[tuple[str, int]] = []
        for pid, phrase in enumerate(self.phrases):
            first = phrase.elems[0]
            if isinstance(first, Gap):
                raise LexiconError(f"phrase {phrase.text!r} starts with a gap")
            for word in first.exact:
                self._exact_first.setdefault(word, []).append(pid)
            for prefix in first.prefixes:
                self._prefix_first.append((prefix, pid))
        self._prefix_tuple = tuple(p for p, _ in self._prefix_first)
        self._token_cache: dict[str, tuple[int, ...]] = {}
        self._pair_cache: dict[tuple[str, str | None], _PairEntry] = {}

        self.settings = Settings(
            seq_window=int(rules["seq_window"]),
            weight_pool=float(rules["weight_pool"]),
            rival_penalty=float(rules["rival_penalty"]),
            support_bonus=float(rules["support_bonus"]),
            blocked_factor=float(rules["blocked_factor"]),
            no_trigger_confidence=float(rules["no_trigger_confidence"]),
            weak_none_confidence=float(rules["weak_none_confidence"]),
        )
        self.groups: dict[str, frozenset[str]] = {}
        for gname, members in (rules.get("groups") or {}).items():
            self.groups[gname] = frozenset(self._known_class(m, f"group {gname}") for m in members)
        known_types = set(taxonomy().sub_event_types)
        compiled: list[Rule] = []
        for i, raw in enumerate(rules["rules"]):
            where = f"rule {i + 1} ({raw.get('type')})"
            if raw.get("type") not in known_types:
                raise LexiconError(f"{where}: unknown sub-event type {raw.get('type')!r}")
            unknown = set(raw) - {"type", "weight", "all", "any", "none"}
            if unknown:
                raise LexiconError(f"{where}: unknown keys {sorted(unknown)}")
            all_c = tuple(self._cond(c, where) for c in raw.get("all") or [])
            any_c = tuple(self._cond(c, where) for c in raw.get("any") or [])
            none_c = tuple(self._cond(c, where) for c in raw.get("none") or [])
            keys = frozenset(cls for c in all_c + any_c for step in c.steps for cls in step)
            if not keys & self.triggers:
                raise LexiconError(f"{where}: involves no trigger class")
            needs = [step for c in all_c for step in c.steps]
            if any_c:
                needs.append(frozenset().union(*(c.steps[0] for c in any_c)))
            compiled.append(
                Rule(raw["type"], float(raw["weight"]), all_c, any_c, none_c, keys,
                     tuple(dict.fromkeys(needs)), tuple(c for c in all_c if len(c.steps) > 1))
            )
        self.rules: tuple[Rule, ...] = tuple(compiled)
        # Each rule filed under the classes of its narrowest need: a sentence then looks
        # at the few rules its classes can start, not at every rule.
        self.rule_index: dict[str, tuple[int, ...]] = {}
        for idx, rule in enumerate(self.rules):
            for cls in min(rule.needs, key=len):
                self.rule_index[cls] = (*self.rule_index.get(cls, ()), idx)
        self.scopes: dict[str, Scope] = {}
        for raw in rules.get("scopes") or []:
            cls = self._known_class(raw["class"], "scopes")
            masks = frozenset(self._expand(m, "scope masks") for m in raw.get("masks") or [])
            flat = frozenset().union(*masks) if masks else self.triggers
            unknown = set(raw) - {"class", "window", "back", "blocker", "masks", "unless_after",
                                  "unless_gap", "clause", "stop", "soft"}
            if unknown:
                raise LexiconError(f"scope {cls}: unknown keys {sorted(unknown)}")
            unless = frozenset(
                c for m in raw.get("unless_after") or [] for c in self._expand(m, "scopes")
            )
            self.scopes[cls] = Scope(
                cls, int(raw["window"]), int(raw.get("back", 0)), raw.get("blocker"), flat,
                unless, int(raw.get("unless_gap", 3)), bool(raw.get("clause", True)),
                frozenset(c for m in raw.get("stop") or [] for c in self._expand(m, "scopes")),
                bool(raw.get("soft", False)),
            )
        self.sentence_blockers: tuple[SentenceBlocker, ...] = tuple(
            SentenceBlocker(
                str(raw["blocker"]),
                tuple(self._cond(c, "sentence_blockers") for c in raw["any"]),
                tuple(self._cond(c, "sentence_blockers") for c in raw.get("unless_any") or []),
            )
            for raw in rules.get("sentence_blockers") or []
        )
        self.overrides: tuple[Override, ...] = tuple(
            self._override(raw, known_types) for raw in rules.get("overrides") or []
        )
        self.scope_classes: frozenset[str] = frozenset(self.scopes)
        self.blocker_classes: frozenset[str] = frozenset(
            cls for b in self.sentence_blockers for c in b.any for step in c.steps for cls in step
        )

    # ---------------------------------------------------------------- loading
    def _known_class(self, name: str, where: str) -> str:
        if name not in self.class_names:
            raise LexiconError(f"{where}: unknown class {name!r}")
        return name

    def _expand(self, name: str, where: str) -> frozenset[str]:
        if name in self.groups:
            return self.groups[name]
        return frozenset((self._known_class(name, where),))

    def _override(self, raw: dict[str, Any], known_types: set[str]) -> Override:
        where = f"override {raw.get('from')} -> {raw.get('to')}"
        for key in ("from", "to"):
            if raw.get(key) not in known_types:
                raise LexiconError(f"{where}: unknown sub-event type {raw.get(key)!r}")
        unknown = set(raw) - {"from", "to", "any", "none"}
        if unknown or not raw.get("any"):
            raise LexiconError(f"{where}: needs `any`, unknown keys {sorted(unknown)}")
        return Override(
            raw["from"], raw["to"],
            tuple(self._cond(c, where) for c in raw["any"]),
            tuple(self._cond(c, where) for c in raw.get("none") or []),
        )

    def _cond(self, text: str, where: str) -> Cond:
        body, _, window = str(text).partition("/")
        steps = tuple(self._expand(part.strip(), where) for part in body.split(">"))
        return Cond(steps, int(window) if window else self.settings.seq_window)

    # --------------------------------------------------------------- matching
    def tokenize(self, text: str) -> list[str]:
        """Tokens for matching: lower-cased, but case-sensitive words mapped first."""
        cased = self.cased
        found = _TOKEN.findall(text)
        if text.isascii():
            # Lower-casing ASCII moves no token boundary: one C-speed pass gives them all.
            lowered = _TOKEN.findall(text.lower())
            if cased.keys().isdisjoint(found):
                return lowered
            return [cased.get(tok) or low for tok, low in zip(found, lowered, strict=True)]
        return [cased.get(tok) or tok.lower().replace("’", "'") for tok in found]

    def _candidates(self, token: str) -> tuple[int, ...]:
        hit = self._token_cache.get(token)
        if hit is not None:
            return hit
        found = list(self._exact_first.get(token, ()))
        if token.startswith(self._prefix_tuple):
            found.extend(pid for prefix, pid in self._prefix_first if token.startswith(prefix))
        result = tuple(found)
        if len(self._token_cache) > _CACHE_LIMIT:
            self._token_cache.clear()
        self._token_cache[token] = result
        return result

    def _pair(self, token: str, nxt: str | None) -> _PairEntry:
        """What the phrases starting with `token` make of the next token, worked out once.

        Most phrases are one or two tokens long: for those the pair of tokens
        decides the match, so the answer is stored; only longer phrases (and
        those with a gap after the first word) are left to check per sentence,
        already filtered by their second word. This keeps a sentence's cost
        near one dict look-up per token instead of one trial per phrase
        starting with a common word ("in", "a", "to").
        """
        key = (token, nxt)
        entry = self._pair_cache.get(key)
        if entry is not None:
            return entry
        best_off, classes = -1, frozenset[str]()
        rest: list[_Rest] = []
        for pid in self._candidates(token):
            phrase = self.phrases[pid]
            elems = phrase.elems
            if len(elems) > 1:
                second = elems[1]
                if isinstance(second, Gap):
                    rest.append(_rest(elems, 1, phrase.classes))
                    continue
                if nxt is None or not second.matches(nxt):
                    continue
                if len(elems) > 2:
                    rest.append(_rest(elems, 2, phrase.classes))
                    continue
            off = len(elems)
            if off > best_off:
                best_off, classes = off, phrase.classes
            elif off == best_off:
                classes = classes | phrase.classes
        entry = (best_off, classes, tuple(rest))
        if len(self._pair_cache) > _CACHE_LIMIT:
            self._pair_cache.clear()
        self._pair_cache[key] = entry
        return entry

    def match(self, tokens: list[str]) -> list[Hit]:
        """Leftmost-longest phrase hits over the tokens.

        Among the phrases starting at a token the longest wins; phrases ending
        at the same place pool their classes.
        """
        hits: list[Hit] = []
        i, n = 0, len(tokens)
        cached = self._pair_cache.get  # the cache is cleared in place, never replaced
        words: set[str] | None = None  # the sentence's tokens, once a long phrase asks
        while i < n:
            key = (tokens[i], tokens[i + 1] if i + 1 < n else None)
            best_off, best_classes, rest = cached(key) or self._pair(*key)
            best_end = i + best_off if best_off > 0 else -1
            for elems, e, skip, classes, needs in rest:
                if needs:
                    if words is None:
                        words = set(tokens)
                    missing = False
                    for need in needs:
                        if need.isdisjoint(words):
                            missing = True  # a word the phrase cannot do without is absent
                            break
                    if missing:
                        continue
                end = _match_from(elems, e, tokens, i + skip)
                if end > best_end:
                    best_end, best_classes = end, classes
                elif end == best_end and end > 0:
                    best_classes = best_classes | classes
            if best_end > i:
                hits.append(Hit(i, best_end, best_classes, " ".join(tokens[i:best_end])))
                i = best_end
            else:
                i += 1
        return hits


# A phrase left to check per sentence: its elements, the next element to match, how
# many tokens are matched already, its classes, and the word sets of its later
# elements (without prefixes) of which the sentence must contain one each.
_Rest = tuple[tuple[Elem | Gap, ...], int, int, frozenset[str], tuple[frozenset[str], ...]]


def _rest(elems: tuple[Elem | Gap, ...], e: int, classes: frozenset[str]) -> _Rest:
    needs = sorted(
        (el.exact for el in elems[e:] if isinstance(el, Elem) and not el.prefixes), key=len
    )
    return elems, e, e, classes, tuple(needs)


def _match_from(elems: tuple[Elem | Gap, ...], e: int, tokens: list[str], j: int) -> int:
    """End index of the longest match of elems[e:] starting at token j, or -1.

    A loop over the plain elements; only a gap, which can end at several
    places, recurses (the longest of its endings wins).
    """
    n, m = len(tokens), len(elems)
    while e < m:
        elem = elems[e]
        if isinstance(elem, Gap):
            best = -1
            for skip in range(elem.n + 1):
                if j + skip > n:
                    break
                end = _match_from(elems, e + 1, tokens, j + skip)
                if end > best:
                    best = end
            return best
        if j >= n:
            return -1
        tok = tokens[j]
        if tok not in elem.exact and not (elem.prefixes and tok.startswith(elem.prefixes)):
            return -1
        e += 1
        j += 1
    return j


def _norm_phrase(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def _parse_phrase(text: str) -> tuple[Elem | Gap, ...]:
    elems: list[Elem | Gap] = []
    for part in text.split():
        if part.startswith("~"):
            elems.append(Gap(int(part[1:])))
            continue
        exact = frozenset(a for a in part.split("|") if not a.endswith("*"))
        prefixes = tuple(a[:-1] for a in part.split("|") if a.endswith("*"))
        if any(not p for p in prefixes):
            raise LexiconError(f"phrase {text!r}: empty prefix")
        elems.append(Elem(exact, prefixes))
    if not elems:
        raise LexiconError("empty phrase")
    if isinstance(elems[-1], Gap):
        raise LexiconError(f"phrase {text!r} ends with a gap")
    return tuple(elems)


def load(directory: Path = LEXICON_DIR) -> Lexicon:
    """Compile the lexicon found in `directory` (terms.yaml and rules.yaml)."""
    terms = read_yaml(directory / "terms.yaml")
    rules = read_yaml(directory / "rules.yaml")
    lex = Lexicon(terms, rules)
    log.debug("lexicon: %d phrases, %d rules", len(lex.phrases), len(lex.rules))
    return lex


@cache
def lexicon() -> Lexicon:
    """The packaged lexicon, compiled once per process."""
    return load()
