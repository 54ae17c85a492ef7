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
            compiled.append(
                Rule(raw["type"], float(raw["weight"]), all_c, any_c, none_c, keys)
            )
        self.rules: tuple[Rule, ...] = tuple(compiled)
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
        return [
            cased.get(tok) or tok.lower().replace("’", "'") for tok in _TOKEN.findall(text)
        ]

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

    def match(self, tokens: list[str]) -> list[Hit]:
        """Leftmost-longest phrase hits over the tokens."""
        hits: list[Hit] = []
        i, n = 0, len(tokens)
        phrases = self.phrases
        while i < n:
            cands = self._candidates(tokens[i])
            best_end, best_classes = -1, frozenset()
            for pid in cands:
                phrase = phrases[pid]
                end = _match_from(phrase.elems, 1, tokens, i + 1)
                if end > best_end:
                    best_end, best_classes = end, phrase.classes
                elif end == best_end and end > 0:
                    best_classes = best_classes | phrase.classes
            if best_end > i:
                hits.append(Hit(i, best_end, best_classes, " ".join(tokens[i:best_end])))
                i = best_end
            else:
                i += 1
        return hits


def _match_from(elems: tuple[Elem | Gap, ...], e: int, tokens: list[str], j: int) -> int:
    """End index of the longest match of elems[e:] starting at token j, or -1."""
    if e == len(elems):
        return j
    elem = elems[e]
    if isinstance(elem, Gap):
        best = -1
        for skip in range(elem.n + 1):
            if j + skip > len(tokens):
                break
            end = _match_from(elems, e + 1, tokens, j + skip)
            best = max(best, end)
        return best
    if j < len(tokens) and elem.matches(tokens[j]):
        return _match_from(elems, e + 1, tokens, j + 1)
    return -1


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
