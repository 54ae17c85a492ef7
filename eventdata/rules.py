"""The coder's assembly rules (eventdata/data/coder.yaml), checked against the codebook.

Loaded once; a sub-event type in the rules that the taxonomy does not know is a
mistake in the data and fails here, not as a strange row in a release.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from eventdata.yamlfile import read_yaml
from schemas.codebook import CodebookError, taxonomy

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class CoderRules:
    background_days: int
    reporting_period_lag: int
    period_phrases: frozenset[str]
    min_mention_confidence: float
    merge_class: dict[str, str]
    combine: dict[frozenset[str], str]
    arrests_join: str
    needs_intervening_force: frozenset[str]
    notes: dict[str, str]
    note_nouns: dict[str, str]
    source_scales: dict[str, str]
    antecedent: re.Pattern[str]
    antecedent_days: dict[str, int]
    attribution: re.Pattern[str]
    span_bound: re.Pattern[str]
    crowd_from_arrests: frozenset[str]
    deaths_join: frozenset[str]
    forceful_demonstrations: frozenset[str]
    demonstrations: frozenset[str]
    claimable: frozenset[str]
    definite_armed: re.Pattern[str]
    territory_types: frozenset[str]
    battle_types: frozenset[str]
    no_deaths: frozenset[str]
    own_events_after: dict[str, frozenset[str]]
    vague_days: frozenset[str]
    one_sided_when_told: dict[str, str]
    resisted_attack: dict[str, str]
    resistance: re.Pattern[str]


def _known(name: str) -> str:
    if name not in taxonomy().event_type_of:
        raise CodebookError(f"coder.yaml: unknown sub-event type {name!r}")
    return name


@cache
def rules() -> CoderRules:
    raw = read_yaml(DATA / "coder.yaml")
    merge = {_known(k): v for k, v in raw["merge_class"].items()}
    missing = set(taxonomy().sub_event_types) - set(merge)
    if missing:
        raise CodebookError(f"coder.yaml: merge_class lacks {sorted(missing)}")
    combine = {
        frozenset((_known(c["a"]), _known(c["b"]))): _known(c["result"]) for c in raw["combine"]
    }
    for key in raw["notes"]:
        if (
            key != "default"
            and key not in taxonomy().event_type_of
            and key not in taxonomy().event_types
        ):
            raise CodebookError(f"coder.yaml: note template for unknown type {key!r}")
    return CoderRules(
        background_days=int(raw["background_days"]),
        reporting_period_lag=int(raw["reporting_period_lag"]),
        period_phrases=frozenset(" ".join(str(p).lower().split())
                                 for p in raw["period_phrases"]),
        min_mention_confidence=float(raw["min_mention_confidence"]),
        merge_class=merge,
        combine=combine,
        arrests_join=raw["arrests_join"],
        needs_intervening_force=frozenset(_known(x) for x in raw["needs_intervening_force"]),
        notes=dict(raw["notes"]),
        note_nouns=dict(raw["note_nouns"]),
        source_scales={k.lower(): v for k, v in raw["source_scales"].items()},
        antecedent=_connectors(list(raw["antecedent_connectors"])),
        antecedent_days={" ".join(k.lower().split()): int(v)
                         for k, v in raw["antecedent_connectors"].items()},
        attribution=_words(raw["attribution_cues"], "attribution_cues"),
        crowd_from_arrests=frozenset(_known(x) for x in raw["crowd_from_arrests"]),
        deaths_join=frozenset(_known(x) for x in raw["deaths_join"]),
        forceful_demonstrations=frozenset(_known(x) for x in raw["forceful_demonstrations"]),
        demonstrations=frozenset(k for k, v in merge.items() if v == raw["arrests_join"]),
        claimable=frozenset(raw["claimable"]),
        definite_armed=_definite(raw["definite_armed"]),
        territory_types=frozenset(_known(x) for x in raw["territory_types"]),
        battle_types=frozenset(k for k in merge if taxonomy().event_type_of[k] == "Battles"),
        no_deaths=frozenset(_known(x) for x in raw["no_deaths"]),
        own_events_after={_known(k): frozenset(_known(x) for x in v)
                          for k, v in raw["own_events_after"].items()},
        span_bound=re.compile(_words(raw["span_bound_words"], "span_bound_words").pattern
                              + r"\s+$", re.IGNORECASE),
        vague_days=frozenset(str(d).lower() for d in raw["vague_days"]),
        one_sided_when_told={_known(k): _known(v) for k, v in raw["one_sided_when_told"].items()},
        resisted_attack={_known(k): _known(v) for k, v in raw["resisted_attack"].items()},
        resistance=_words(raw["resistance_cues"], "resistance_cues"),
    )


def _alternation(phrases: list[str], key: str, gap: bool = False) -> str:
    """Phrases longest first, spaces matching any whitespace; with ``gap``, one word may
    stand after a phrase's first word ("the retreating attackers"). Empty lists are data
    mistakes."""
    if not phrases:
        raise CodebookError(f"coder.yaml: {key} is empty")
    alts = []
    for p in sorted(phrases, key=len, reverse=True):
        words = [re.escape(w) for w in p.split()]
        if gap and len(words) > 1:
            alts.append(rf"{words[0]}\s+(?:[a-z-]+\s+)?" + r"\s+".join(words[1:]))
        else:
            alts.append(r"\s+".join(words))
    return "|".join(alts)


def _words(words: list[str], key: str) -> re.Pattern[str]:
    """Whole words or phrases, case-insensitive."""
    return re.compile(rf"\b(?:{_alternation(words, key)})\b", re.IGNORECASE)


def _definite(phrases: list[str]) -> re.Pattern[str]:
    """ "the attackers" also as "the retreating attackers": one adjective may stand between."""
    return re.compile(rf"\b(?:{_alternation(phrases, 'definite_armed', gap=True)})\b",
                      re.IGNORECASE)


def _connectors(words: list[str]) -> re.Pattern[str]:
    """One pattern for the connectors, longest first; the match ends where the clause starts."""
    return re.compile(rf",?\s+(?:{_alternation(words, 'antecedent_connectors')})\s+",
                      re.IGNORECASE)


def strongest(subs: Iterable[str]) -> str:
    """The sub-event type of merged mentions: combinations first, then precedence."""
    tax = taxonomy()
    chosen = sorted(set(subs), key=tax.precedence)
    result = chosen[0]
    for other in chosen[1:]:
        combo = rules().combine.get(frozenset((result, other)))
        if combo:
            result = combo
    return result
