"""Reads one sentence the way an ACLED coder would: what happened, if anything.

The classifier is rule-based on purpose: every decision can be traced to a
phrase and a rule in ``eventdata/data/lexicon/`` and fixed there, and it runs
at thousands of sentences per second, so the coder can afford it on every
sentence of every report. It answers the *type* of event by what happened
(protesters burning cars make a riot, whatever the reporter called it) and
says, through blockers, when a sentence only talks about an event that is
not a new one (a plan, a threat, a denial, a court, a crime, background).

Pipeline per sentence: tokenise, find phrases (leftmost-longest), let scope
words (negation, future, threat ...) hide the triggers they govern, evaluate
the rules on what is left, and let the codebook's precedence choose among the
rules that hold. An optional learned model can be combined with the rule
answer (`combine`) when a user trained one on their own coded events.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import lru_cache

from eventdata.extract.lexicon import CLAUSE_BREAKS, Cond, Hit, Lexicon, lexicon
from eventdata.types import Classification
from schemas.codebook import taxonomy

log = logging.getLogger(__name__)

Positions = dict[str, list[tuple[int, int]]]


def _positions(hits: Iterable[Hit], drop: dict[int, frozenset[str]] | None = None) -> Positions:
    """Token spans of each class; `drop` removes (masked) classes from some hits."""
    pos: Positions = {}
    for idx, hit in enumerate(hits):
        classes = hit.classes
        if drop and idx in drop:
            classes = classes - drop[idx]
        for cls in classes:
            pos.setdefault(cls, []).append((hit.start, hit.end))
    return pos


def _holds(cond: Cond, pos: Positions) -> bool:
    """Presence of a class set, or an ordered sequence of class sets within the window."""
    if len(cond.steps) == 1:
        return not cond.steps[0].isdisjoint(pos)
    frontier = [span for cls in cond.steps[0] for span in pos.get(cls, ())]
    if not frontier:
        return False
    for step in cond.steps[1:]:
        nxt = [span for cls in step for span in pos.get(cls, ())]
        frontier = [
            b for b in nxt if any(0 <= b[0] - a[1] <= cond.window for a in frontier)
        ]
        if not frontier:
            return False
    return True


def _any_holds(conds: tuple[Cond, ...], pos: Positions) -> bool:
    """`any(_holds(c, pos) for c in conds)`, with the common presence test done in line.

    Rules, blockers and overrides ask this hundreds of times per sentence; most
    of their conditions are a single class set.
    """
    for cond in conds:
        steps = cond.steps
        if len(steps) == 1:
            if not steps[0].isdisjoint(pos):
                return True
        elif steps[0].isdisjoint(pos) or steps[-1].isdisjoint(pos):
            continue  # a sequence needs its first and last steps
        elif _holds(cond, pos):
            return True
    return False


def _matching_rules(lex: Lexicon, pos: Positions) -> list[tuple[str, float]]:
    """The rules that hold, in the lexicon's order (precedence ties keep the first).

    Only rules filed under a class present are tried, and a rule's needs (the
    class sets its conditions cannot do without) are tested before its
    conditions, so most rules cost a set test or nothing.
    """
    present = pos.keys()
    index = lex.rule_index
    tried = sorted({idx for cls in present for idx in index.get(cls, ())})
    rules = lex.rules
    out: list[tuple[str, float]] = []
    for idx in tried:
        rule = rules[idx]
        missing = False
        for need in rule.needs:
            if need.isdisjoint(present):
                missing = True
                break
        if missing:
            continue
        if rule.seq_all and not all(_holds(c, pos) for c in rule.seq_all):
            continue
        if rule.any and not _any_holds(rule.any, pos):
            continue
        if rule.none and _any_holds(rule.none, pos):
            continue
        out.append((rule.type, rule.weight))
    return out


def _choose(lex: Lexicon, matched: list[tuple[str, float]]) -> tuple[str, float] | None:
    """Precedence among the strong-enough rules; confidence from their weights."""
    if not matched:
        return None
    s = lex.settings
    best_weight = max(w for _, w in matched)
    pool = [(t, w) for t, w in matched if w >= s.weight_pool * best_weight]
    precedence = taxonomy().precedence
    chosen = min(pool, key=lambda tw: (precedence(tw[0]), -tw[1]))[0]
    weights = sorted((w for t, w in matched if t == chosen), reverse=True)
    conf = weights[0] + s.support_bonus * (len(weights) - 1)
    if any(t != chosen for t, _ in pool):
        conf *= s.rival_penalty
    return chosen, min(conf, 0.99)


def _override(lex: Lexicon, chosen: tuple[str, float], pos: Positions) -> tuple[str, float]:
    """Apply the first override of the chosen type whose conditions hold."""
    for ov in lex.overrides:
        if ov.source == chosen[0] and _any_holds(ov.any, pos) and not _any_holds(ov.none, pos):
            return ov.target, chosen[1]
    return chosen


def _mask(
    lex: Lexicon, hits: list[Hit], tokens: list[str], soft: bool = True
) -> tuple[dict[int, frozenset[str]], list[str]]:
    """Hide the triggers governed by scope words; name the scopes that hid something.

    A scope reaches `window` tokens forward (and `back` tokens backward) but
    never over clause punctuation. `soft=False` leaves out the soft scopes
    (a relative clause is the news when the main clause has no event).
    """
    drop: dict[int, frozenset[str]] = {}
    blockers: list[str] = []
    scope_classes = lex.scope_classes
    breaks = [i for i, t in enumerate(tokens) if t in CLAUSE_BREAKS]
    for idx, hit in enumerate(hits):
        for cls in hit.classes & scope_classes:
            scope = lex.scopes[cls]
            if scope.soft and not soft:
                continue
            if scope.unless_after and any(
                hits[k].classes & scope.unless_after
                and 0 <= hit.start - hits[k].end <= scope.unless_gap
                for k in range(max(0, idx - 4), idx)
            ):
                continue
            stop, start = len(tokens), 0
            if scope.clause:
                stop = next((b for b in breaks if b >= hit.end), stop)
                start = max((b + 1 for b in breaks if b < hit.start), default=0)
            if scope.stops:
                stop = next(
                    (o.start for o in hits[idx + 1:] if o.classes & scope.stops and o.start < stop),
                    stop,
                )
            limit = min(hit.end + scope.window, stop)
            low = max(hit.start - scope.back, start) if scope.back else hit.start
            for jdx, other in enumerate(hits):
                if jdx == idx or other.start >= limit:
                    if other.start >= limit:
                        break
                    continue
                if other.end <= low or (other.start < hit.start and not scope.back):
                    continue
                hidden = other.classes & scope.masks
                if hidden:
                    drop[jdx] = drop.get(jdx, frozenset()) | hidden
                    if scope.blocker and scope.blocker not in blockers:
                        blockers.append(scope.blocker)
    return drop, blockers


def _sentence_blockers(lex: Lexicon, pos: Positions) -> list[str]:
    out: list[str] = []
    for sb in lex.sentence_blockers:
        if _any_holds(sb.any, pos) and not _any_holds(sb.unless_any, pos):
            out.append(sb.blocker)
    return out


def _classify(lex: Lexicon, text: str) -> Classification:
    s = lex.settings
    tokens = lex.tokenize(text)
    hits = lex.match(tokens)
    triggers = lex.triggers
    trigger_hits = [h for h in hits if h.classes & triggers]
    if not trigger_hits:
        return Classification(None, s.no_trigger_confidence)
    drop, scope_blockers = _mask(lex, hits, tokens)
    live = _positions(hits, drop)
    live_has_trigger = any(cls in triggers for cls in live)
    chosen = _choose(lex, _matching_rules(lex, live)) if live_has_trigger else None
    if drop and chosen is None:
        # Soft scopes (a relative clause) give way when what is left makes no event.
        soft_drop, soft_blockers = _mask(lex, hits, tokens, soft=False)
        if soft_drop != drop:
            drop, scope_blockers = soft_drop, soft_blockers
            live = _positions(hits, drop)
            live_has_trigger = any(cls in triggers for cls in live)
            chosen = _choose(lex, _matching_rules(lex, live)) if live_has_trigger else None
    full = _positions(hits)
    cues = tuple(
        h.surface for i, h in enumerate(hits)
        if (h.classes - drop.get(i, frozenset())) & triggers
    )
    if chosen is not None:
        chosen = _override(lex, chosen, live)
    blockers: list[str] = []
    if chosen is None:
        chosen = _choose(lex, _matching_rules(lex, full)) if drop else None
        if chosen is not None:
            chosen = _override(lex, chosen, full)
        if chosen is None:
            why = scope_blockers + [
                b for b in _sentence_blockers(lex, full) if b not in scope_blockers
            ]
            return Classification(
                None, s.weak_none_confidence, tuple(why),
                cues or tuple(h.surface for h in trigger_hits),
            )
        # Only blocker-less scopes (a reason, a relative clause) hid the
        # triggers: they refer to another event, told as background.
        blockers = scope_blockers or ["background"]
        cues = tuple(h.surface for h in trigger_hits)
    blockers.extend(b for b in _sentence_blockers(lex, full) if b not in blockers)
    sub_event_type, conf = chosen
    if blockers:
        conf *= s.blocked_factor
    return Classification(sub_event_type, round(conf, 3), tuple(blockers), cues)


@lru_cache(maxsize=65_536)
def classify_sentence(text: str) -> Classification:
    """What happened in one sentence: a sub-event type (or None), confidence, blockers, cues.

    The type is given even when a blocker fires (the coder drops blocked
    mentions; the type helps debugging); blocked answers have low confidence.
    """
    return _classify(lexicon(), text)


def classify_batch(texts: list[str]) -> list[Classification]:
    """Classify many sentences; repeated sentences (headline, caption, lede) cost once."""
    return [classify_sentence(t) for t in texts]
