"""Actors of an event in ACLED's naming, with their inter categories.

ACLED names actors in a fixed vocabulary: generic crowds and victims carry the
country ("Protesters (Kenya)"), state forces carry the regime period of the
head of state or government ("Police Forces of Kazakhstan (2019-)"), named
organisations keep ACLED-style names ("Al Shabaab"). Which words stand for which
actor is data (``eventdata/data/actors/``); this module compiles the data once
into a token index, finds actor mentions in a sentence with dict look-ups, and
assigns the mentions to ACLED's roles by sub-event type (perpetrator first,
victims second, identity groups as associated actors).

Three cues, all word lists in ``groups.yaml``, carry most of the role logic: who is
harmed (an actor right after "killing", "on", "targeting" is a target, never the
perpetrator of a one-sided act), who is only quoted (", the governor said" and
"according to ..." are sources, not actors), and who belongs to whom ("fighters of
the CODECO militia" is CODECO, not an unidentified group). A generic perpetrator is
replaced by the one named group the event's other sentences blame.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import itertools
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from anyascii import anyascii

from eventdata.types import ActorAssignment
from eventdata.yamlfile import read_yaml
from schemas.codebook import country_by_iso3, inter_codes, taxonomy

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "actors"
_TOKEN = re.compile(r"[^\W_]+")
_TOKEN_SEP = re.compile(r"([^\W_]+)([\W_]*)")
_BREAK = re.compile(r"[^\s'’-]")
# The end of an acronym in brackets closes the name before it: "Pakistan Tehreek-e-Insaf
# (PTI) workers" is one actor, the party's workers.
_ACRONYM_CLOSE = re.compile(r"\)\s+")
_LABEL = re.compile(r"^\((\d{4})-(\d{4})?\)$")
_FORCE_KINDS = ("Police", "Military", "Government")
_STATE_WORD_KINDS = (*_FORCE_KINDS, "Security", "Authorities")
# Sub-event types whose "security forces" are the police rather than the army.
_POLICING = frozenset(
    {
        "Excessive force against protesters",
        "Protest with intervention",
        "Peaceful protest",
        "Violent demonstration",
        "Mob violence",
        "Arrests",
    }
)
_AGENT_FILLERS = frozenset({"the", "a", "an", "suspected", "alleged", "unknown", "unidentified"})
_DEMONYM_GAP = frozenset({"s", "the", "state", "federal", "regular", "special", "elite"})


class ActorDataError(ValueError):
    """An actor data file is malformed or names an unknown code."""


# --------------------------------------------------------------------------- data model


@dataclass(frozen=True, slots=True)
class _Entry:
    """One meaning of a phrase; several entries may share a phrase."""

    cat: str  # named | state | generic | identity | ethnic | ethnic_cue | demonym | weapon | agent
    key: str  # group index, force kind, generic key, name template, iso3 ...
    countries: frozenset[str] = frozenset()  # where the meaning applies (empty: anywhere)
    local: bool = False  # applies only in `countries`


@dataclass(frozen=True, slots=True)
class _Group:
    name: str
    inter: str
    kind: str
    countries: tuple[str, ...]
    by_country: dict[str, str]
    state: dict[str, str] | None
    state_from: tuple[dt.date, str, str] | None


@dataclass(frozen=True, slots=True)
class _Period:
    start: dt.date
    label: str


@dataclass(frozen=True, slots=True)
class _Country:
    name: str
    of_name: str
    starts: tuple[dt.date, ...]
    periods: tuple[_Period, ...]


@dataclass(slots=True)
class _Mention:
    """An actor found in a sentence: token span, category and resolved ACLED name."""

    start: int
    end: int
    # armed | state | protesters | rioters | civilians | identity | party | demonym | weapon
    cat: str
    name: str = ""
    inter: str = ""
    kind: str = ""  # force kind for state mentions ("Security" until resolved)
    iso3: str = ""
    agent: bool = False
    passive: bool = False  # agent of a passive verb ("killed by"), not of a noun ("attack by")
    weak: bool = False  # "authorities": an actor only when nobody else is named
    target: bool = False  # named right after a word of harm: the one harmed
    generic: bool = False  # a generic phrase ("gunmen"), not a named organisation
    bound: bool = False  # "parents of the students": an "of" complement of another noun


@dataclass(frozen=True)
class _Lexicon:
    index_ci: dict[tuple[str, ...], tuple[_Entry, ...]]
    index_cs: dict[tuple[str, ...], tuple[_Entry, ...]]
    max_len_ci: dict[str, int]  # first token -> longest phrase starting with it
    max_len_cs: dict[str, int]
    cs_starters: frozenset[str]
    groups: tuple[_Group, ...]
    generic: dict[str, tuple[str, str]]  # key -> (name template, inter)
    force_names: dict[str, str]
    countries: dict[str, _Country]
    dependencies: dict[str, str]
    remote_default: dict[str, str]
    ethnic_armed: frozenset[str]
    target_markers: frozenset[str]
    membership_links: frozenset[tuple[str, ...]]
    labor_markers: dict[str, tuple[tuple[str, ...], ...]]  # phrases by first word
    relational_heads: frozenset[str]
    suspect_words: frozenset[str]
    modifier_tails: frozenset[str]
    outlet_words: frozenset[str]
    not_agent_verbs: frozenset[str]
    armed_crime_words: frozenset[str]
    labor_group: str  # the identity group a labour action adds to the crowd
    attribution_verbs: frozenset[str]
    attribution_leads: dict[str, tuple[tuple[str, ...], ...]]  # by first word
    ethnic_names: tuple[str, ...]
    inter_exact: dict[str, str]
    inter_affixes: tuple[tuple[str, str, str], ...]  # (prefix, suffix, inter)


# --------------------------------------------------------------------------- loading


def _norm_tokens(text: str) -> list[str]:
    """Tokens of a phrase as the index stores them: ASCII-folded words."""
    if not text.isascii():
        text = anyascii(text)
    return _TOKEN.findall(text)


def _is_case_sensitive(phrase: str) -> bool:
    """Acronyms written in capitals in the data match only in capitals ("IS" is not "is")."""
    letters = [c for c in phrase if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 2 and phrase == phrase.upper()


def _parse_date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ActorDataError(f"{where}: bad date {value!r}") from exc


def _check_iso3(codes: Iterable[str], where: str) -> None:
    known = country_by_iso3()
    for code in codes:
        if code not in known:
            raise ActorDataError(f"{where}: unknown country code {code!r}")


def _check_inter(inter: str, where: str) -> None:
    if inter not in inter_codes().code_of:
        raise ActorDataError(f"{where}: unknown inter category {inter!r}")


def _load_state_forces(path: Path) -> dict[str, _Country]:
    rows: dict[str, list[dict[str, str]]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            rows.setdefault(row["iso3"], []).append(row)
    _check_iso3(rows, path.name)
    out: dict[str, _Country] = {}
    for iso3, periods in rows.items():
        periods.sort(key=lambda r: r["start"])
        starts: list[dt.date] = []
        built: list[_Period] = []
        for i, row in enumerate(periods):
            start = _parse_date(row["start"], f"{path.name} {iso3}")
            match = _LABEL.match(row["label"])
            if not match or int(match.group(1)) != start.year:
                raise ActorDataError(f"{path.name} {iso3}: label {row['label']!r} != start {start}")
            nxt = periods[i + 1]["start"] if i + 1 < len(periods) else ""
            if row["end"] != nxt:
                raise ActorDataError(f"{path.name} {iso3}: period ending {row['end']!r} "
                                     f"is not followed by one starting then")
            starts.append(start)
            built.append(_Period(start, row["label"]))
        out[iso3] = _Country(periods[0]["country"], periods[0]["of_name"], tuple(starts),
                             tuple(built))
    return out


class _IndexBuilder:
    """Collects phrase -> entries, split by case sensitivity."""

    def __init__(self) -> None:
        self.ci: dict[tuple[str, ...], list[_Entry]] = {}
        self.cs: dict[tuple[str, ...], list[_Entry]] = {}

    def add(self, phrase: str, entry: _Entry) -> None:
        tokens = _norm_tokens(str(phrase))
        if not tokens:
            raise ActorDataError(f"empty phrase for {entry}")
        if _is_case_sensitive(str(phrase)):
            bucket = self.cs.setdefault(tuple(tokens), [])
        else:
            bucket = self.ci.setdefault(tuple(t.lower() for t in tokens), [])
        if entry not in bucket:
            bucket.append(entry)

    @staticmethod
    def _freeze(
        index: dict[tuple[str, ...], list[_Entry]],
    ) -> tuple[dict[tuple[str, ...], tuple[_Entry, ...]], dict[str, int]]:
        max_len: dict[str, int] = {}
        for key in index:
            max_len[key[0]] = max(max_len.get(key[0], 0), len(key))
        # Identity groups are civilians too: keep the more specific meaning only.
        frozen = {}
        for key, entries in index.items():
            if any(e.cat == "identity" for e in entries):
                entries = [e for e in entries if not (e.cat == "generic" and e.key == "civilians")]
            frozen[key] = tuple(entries)
        return frozen, max_len


def _load_groups(raw: dict[str, Any], builder: _IndexBuilder) -> tuple[_Group, ...]:
    groups: list[_Group] = []
    for i, g in enumerate(raw["groups"]):
        where = f"named_groups.yaml {g.get('name')!r}"
        for field in ("name", "inter", "countries"):
            if field not in g:
                raise ActorDataError(f"{where}: missing {field}")
        _check_inter(g["inter"], where)
        _check_iso3(g["countries"], where)
        by_country = {str(k): str(v) for k, v in (g.get("by_country") or {}).items()}
        _check_iso3(by_country, where)
        state = g.get("state")
        if state:
            _check_iso3([state["iso3"]], where)
            if state["kind"] not in _FORCE_KINDS:
                raise ActorDataError(f"{where}: unknown force kind {state['kind']!r}")
        state_from = None
        if g.get("state_from"):
            sf = g["state_from"]
            _check_iso3([sf["iso3"]], where)
            if sf["kind"] not in _FORCE_KINDS:
                raise ActorDataError(f"{where}: unknown force kind {sf['kind']!r}")
            state_from = (_parse_date(sf["date"], where), sf["iso3"], sf["kind"])
        groups.append(_Group(g["name"], g["inter"], g.get("kind", "armed"),
                             tuple(g["countries"]), by_country, state, state_from))
        countries = frozenset(g["countries"])
        for alias in g.get("aliases") or ():
            builder.add(alias, _Entry("named", str(i), countries))
        for alias in g.get("local") or ():
            builder.add(alias, _Entry("named", str(i), countries, local=True))
    return tuple(groups)


def _load_groups_yaml(raw: dict[str, Any], builder: _IndexBuilder,
                      countries: dict[str, _Country]) -> dict[str, Any]:
    """Indexes groups.yaml and returns the small tables it defines."""
    for kind, phrases in raw["state_words"].items():
        if kind not in _STATE_WORD_KINDS:
            raise ActorDataError(f"groups.yaml state_words: unknown kind {kind!r}")
        for phrase in phrases:
            builder.add(phrase, _Entry("state", kind))
    force_names = dict(raw["force_names"])
    if set(force_names) != set(_FORCE_KINDS):
        raise ActorDataError(f"groups.yaml force_names must name {_FORCE_KINDS}")
    generic: dict[str, tuple[str, str]] = {}
    for key, spec in raw["generic"].items():
        _check_inter(spec["inter"], f"groups.yaml generic {key}")
        generic[key] = (spec["name"], spec["inter"])
        for phrase in spec["phrases"]:
            builder.add(phrase, _Entry("generic", key))
    for required in ("protesters", "rioters", "civilians", "armed", "communal"):
        if required not in generic:
            raise ActorDataError(f"groups.yaml generic: missing {required!r}")
    for spec in raw["identity"]:
        for phrase in spec["phrases"]:
            builder.add(phrase, _Entry("identity", spec["name"]))
    ethnic_names: list[str] = []
    for spec in raw["ethnic"]:
        ethnic_names.append(spec["name"])
        for phrase in spec["phrases"]:
            builder.add(phrase, _Entry("ethnic", spec["name"]))
        for iso3, cues in (spec.get("cues") or {}).items():
            _check_iso3([iso3], f"groups.yaml ethnic {spec['name']}")
            for cue in cues:
                builder.add(cue, _Entry("ethnic_cue", spec["name"], frozenset([iso3]), True))
    for word in raw["agent_markers"]:
        builder.add(word, _Entry("agent", word))
    for word in raw["weapon_words"]:
        builder.add(word, _Entry("weapon", word))
    for phrase in raw["not_actors"]:
        builder.add(phrase, _Entry("object", phrase))
    demonyms: dict[str, list[str]] = {k: list(v) for k, v in raw["demonyms"].items()}
    _check_iso3(demonyms, "groups.yaml demonyms")
    for iso3, country in countries.items():
        demonyms.setdefault(iso3, []).extend([country.name, country.of_name])
    for iso3, words in demonyms.items():
        for word in words:
            builder.add(word, _Entry("demonym", iso3))
    deps = {str(k): str(v) for k, v in raw["dependencies"].items()}
    _check_iso3(list(deps) + list(deps.values()), "groups.yaml dependencies")
    remote = {str(k): str(v) for k, v in raw["remote_default_force"].items()}
    _check_iso3(list(remote) + list(remote.values()), "groups.yaml remote_default_force")
    return {
        "force_names": force_names,
        "generic": generic,
        "identity_names": [s["name"] for s in raw["identity"]],
        "ethnic_names": tuple(ethnic_names),
        "ethnic_armed": frozenset(w.lower() for w in raw["ethnic_armed_words"]),
        "target_markers": _word_set(raw["target_markers"], "target_markers"),
        "membership_links": frozenset(_phrase_tuples(raw["membership_links"])),
        "labor_markers": _by_first(_phrase_tuples(raw["labor_markers"])),
        "relational_heads": _word_set(raw["relational_heads"], "relational_heads"),
        "suspect_words": _word_set(raw["suspect_words"], "suspect_words"),
        "modifier_tails": _word_set(raw["modifier_tails"], "modifier_tails"),
        "outlet_words": _word_set(raw["outlet_words"], "outlet_words"),
        "not_agent_verbs": _word_set(raw["not_agent_verbs"], "not_agent_verbs"),
        "armed_crime_words": _word_set(raw["armed_crime_words"], "armed_crime_words"),
        "labor_group": _known_identity(raw["labor_group"], raw["identity"]),
        "attribution_verbs": _word_set(raw["attribution_verbs"], "attribution_verbs"),
        "attribution_leads": _by_first(_phrase_tuples(raw["attribution_leads"])),
        "dependencies": deps,
        "remote_default": remote,
    }


def _phrase_tuples(phrases: Iterable[Any]) -> list[tuple[str, ...]]:
    out = []
    for phrase in phrases:
        tokens = tuple(t.lower() for t in _norm_tokens(str(phrase)))
        if not tokens:
            raise ActorDataError(f"groups.yaml: empty phrase {phrase!r}")
        out.append(tokens)
    return out


def _known_identity(name: str, identity: list[dict[str, Any]]) -> str:
    if name not in {spec["name"] for spec in identity}:
        raise ActorDataError(f"groups.yaml labor_group: {name!r} is not an identity group")
    return name


def _word_set(words: Iterable[Any], where: str) -> frozenset[str]:
    """Single-word cue lists: a multi-word entry would never match, so it fails loudly."""
    out = _phrase_tuples(words)
    bad = [" ".join(t) for t in out if len(t) != 1]
    if bad:
        raise ActorDataError(f"groups.yaml {where}: single words only, got {bad}")
    return frozenset(t[0] for t in out)


def _by_first(phrases: list[tuple[str, ...]]) -> dict[str, tuple[tuple[str, ...], ...]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        out.setdefault(phrase[0], []).append(phrase)
    return {k: tuple(v) for k, v in out.items()}


def _split_template(template: str) -> tuple[str, str]:
    """'Protesters ({country})' -> ('Protesters (', ')'): how to recognise its instances."""
    head, _, tail = template.partition("{")
    return head, tail.partition("}")[2]


@cache
def _lexicon() -> _Lexicon:
    """Loads and checks the actor data once per process."""
    countries = _load_state_forces(DATA_DIR / "state_forces.csv")
    builder = _IndexBuilder()
    with (DATA_DIR / "groups.yaml").open(encoding="utf-8") as fh:
        tables = _load_groups_yaml(read_yaml(fh.read()), builder, countries)
    with (DATA_DIR / "named_groups.yaml").open(encoding="utf-8") as fh:
        groups = _load_groups(read_yaml(fh.read()), builder)
    for iso3, sovereign in tables["dependencies"].items():
        if sovereign not in countries:
            raise ActorDataError(f"dependency {iso3} -> {sovereign}: no state forces")
    index_ci, max_ci = _IndexBuilder._freeze(builder.ci)
    index_cs, max_cs = _IndexBuilder._freeze(builder.cs)

    inter_exact: dict[str, str] = {}
    affixes: list[tuple[str, str, str]] = []
    for template, inter in tables["generic"].values():
        affixes.append((*_split_template(template), inter))
    for template in tables["identity_names"]:
        affixes.append((*_split_template(template), "Civilians"))
    affixes.append(("", " Ethnic Militia (", "Identity militia"))
    affixes.append(("", " Ethnic Group (", "Civilians"))
    for template in tables["force_names"].values():
        affixes.append((template.partition("{")[0], "", "State forces"))
    for group in groups:
        if group.state:
            continue
        for name in (group.name, *group.by_country.values()):
            if "{" in name:
                affixes.append((*_split_template(name), group.inter))
            else:
                inter_exact[name] = group.inter
    return _Lexicon(
        index_ci=index_ci, index_cs=index_cs, max_len_ci=max_ci, max_len_cs=max_cs,
        cs_starters=frozenset(max_cs),
        groups=groups, generic=tables["generic"], force_names=tables["force_names"],
        countries=countries, dependencies=tables["dependencies"],
        remote_default=tables["remote_default"], ethnic_armed=tables["ethnic_armed"],
        target_markers=tables["target_markers"], membership_links=tables["membership_links"],
        labor_markers=tables["labor_markers"], relational_heads=tables["relational_heads"],
        labor_group=tables["labor_group"], suspect_words=tables["suspect_words"],
        modifier_tails=tables["modifier_tails"], outlet_words=tables["outlet_words"],
        not_agent_verbs=tables["not_agent_verbs"],
        armed_crime_words=tables["armed_crime_words"],
        attribution_verbs=tables["attribution_verbs"],
        attribution_leads=tables["attribution_leads"],
        ethnic_names=tables["ethnic_names"], inter_exact=inter_exact,
        inter_affixes=tuple(affixes),
    )


# --------------------------------------------------------------------------- public helpers


def labor_group(country: str) -> str:
    """The Labor Group actor of a country (groups.yaml's ``labor_group``)."""
    return _lexicon().labor_group.format(country=country)


def state_force(iso3: str, kind: str, on: dt.date) -> str:
    """The state's force in ACLED's naming for a day: the label changes with the regime.

    Territories use their sovereign's forces; a day before the first recorded period
    takes the first period (the table starts where our knowledge does).
    """
    lex = _lexicon()
    if kind not in lex.force_names:
        raise ValueError(f"unknown force kind {kind!r}; expected one of {_FORCE_KINDS}")
    iso3 = lex.dependencies.get(iso3, iso3)
    country = lex.countries.get(iso3)
    if country is None:
        raise ValueError(f"no state forces recorded for country code {iso3!r}")
    i = max(bisect.bisect_right(country.starts, on) - 1, 0)
    return lex.force_names[kind].format(of_country=country.of_name,
                                        period=country.periods[i].label)


def inter_category(actor: str) -> str:
    """The inter category of a canonical actor name, from the same data that names actors."""
    lex = _lexicon()
    if actor in lex.inter_exact:
        return lex.inter_exact[actor]
    for prefix, suffix, inter in lex.inter_affixes:
        if actor.startswith(prefix) and (suffix in actor[len(prefix):] if suffix else True):
            return inter
    raise ValueError(f"unknown actor name {actor!r}")


def interaction(inter1: str, inter2: str | None) -> str:
    """ACLED's interaction text: the two categories, lower code first, or '<cat> only'."""
    return inter_codes().interaction(inter1, inter2)


# --------------------------------------------------------------------------- mention finding


def _applies(entry: _Entry, iso3: str) -> bool:
    return not entry.local or iso3 in entry.countries


def _group_name(group: _Group, iso3: str, country: str, on: dt.date) -> tuple[str, str]:
    if group.state:
        name = state_force(group.state["iso3"], group.state["kind"], on)
        unit = group.state.get("unit")
        return (f"{name} {unit}" if unit else name), "State forces"
    if group.state_from and on >= group.state_from[0]:
        return state_force(group.state_from[1], group.state_from[2], on), "State forces"
    template = group.by_country.get(iso3, group.name)
    return template.format(country=country), group.inter


def _resolve(entries: tuple[_Entry, ...], ctx: _Ctx, start: int, end: int) -> _Mention | None:
    """Chooses the meaning of a phrase in this event's country, or None if none applies."""
    usable = [e for e in entries if _applies(e, ctx.iso3)]
    if not usable:
        return None
    named = [e for e in usable if e.cat == "named"]
    if named:
        # A group active in this country first; between two, the one whose alias is
        # not a local nickname ("al Shabaab" in Somalia is Al Shabaab, in Mozambique
        # the Islamic State).
        best = min(named, key=lambda e: (ctx.iso3 not in e.countries, e.local))
        group = ctx.lex.groups[int(best.key)]
        name, inter = _group_name(group, ctx.iso3, ctx.country, ctx.on)
        cat = "state" if inter == "State forces" else ("party" if group.kind == "party"
                                                       else "armed")
        return _Mention(start, end, cat, name, inter, iso3=ctx.iso3)
    entry = usable[0]
    if entry.cat == "state":
        return _Mention(start, end, "state", kind=entry.key, iso3=ctx.force_iso3)
    if entry.cat == "ethnic_cue":
        return _Mention(start, end, "armed", f"{entry.key} Ethnic Militia ({ctx.country})",
                        "Identity militia")
    if entry.cat == "ethnic":
        return _Mention(start, end, "identity", f"{entry.key} Ethnic Group ({ctx.country})",
                        "Civilians")
    if entry.cat == "generic":
        template, inter = ctx.lex.generic[entry.key]
        cat = {"armed": "armed", "communal": "armed"}.get(entry.key, entry.key)
        return _Mention(start, end, cat, template.format(country=ctx.country), inter,
                        generic=True)
    if entry.cat == "identity":
        return _Mention(start, end, "identity", entry.key.format(country=ctx.country),
                        "Civilians")
    if entry.cat == "demonym":
        iso = next((e.key for e in usable if e.key == ctx.iso3), entry.key)
        return _Mention(start, end, "demonym", iso3=iso)
    return _Mention(start, end, entry.cat)  # weapon | agent | object


@dataclass(slots=True)
class _Ctx:
    lex: _Lexicon
    iso3: str
    force_iso3: str
    country: str
    on: dt.date
    sub_event_type: str


_SENTENCE_END = re.compile(r"[.;!?]")
_CLAUSE_END = re.compile(r"[,;:.!?()\[\]\"“”]")


def _attribution(lower: list[str], seps: list[str], lex: _Lexicon) -> list[tuple[int, int]]:
    """Token spans that quote a source (", the regional governor said.", "according to
    police"): who tells of an event is not one of its actors."""
    n = len(lower)
    ends = [i for i, sep in enumerate(seps) if sep != " " and _CLAUSE_END.search(sep)]
    if not ends or ends[-1] != n - 1:
        ends.append(n - 1)
    spans: list[tuple[int, int]] = []
    leads = lex.attribution_leads
    for i in [i for i, w in enumerate(lower) if w in leads]:
        for lead in leads[lower[i]]:
            size = len(lead)
            if tuple(lower[i:i + size]) == lead:
                stop = next(e for e in ends if e >= i + size - 1)
                spans.append((i, stop + 1))
    verbs = lex.attribution_verbs
    # An inserted clause such as ", soldiers said,".
    for e1, e2 in itertools.pairwise(ends):
        if e2 - e1 <= 5 and lower[e2] in verbs:
            spans.append((e1 + 1, e2 + 1))
    # A closing clause such as ", police said on Tuesday."
    if len(ends) >= 2:
        start = ends[-2] + 1
        if n - start <= 12 and any(t in verbs for t in lower[start:]):
            spans.append((start, n))
    # An opening "Police said (that) gunmen ...", but not "Al Shabaab said it ...".
    for i in range(min(n, 7)):
        if i > 0 and i in ends:
            break
        if lower[i] in verbs and i + 4 < n and not _SELF.intersection(lower[i + 1:i + 6]):
            spans.append((0, i + 1))
            break
    return spans


# After "X said", words that make X the teller of its own act ("the army said it had ...").
_SELF = frozenset({"it", "they", "its", "their", "we", "our"})


# A sentence read without its event's context: the tokens, the characters after each,
# the lower-cased tokens, and for each position where a phrase starts, the phrases
# found there, longest first, as (size, meanings).
_Words = tuple[
    list[str], list[str], list[str], list[tuple[int, list[tuple[int, tuple[_Entry, ...]]]]]
]
_WORDS_LIMIT = 50_000


def _words(text: str, lex: _Lexicon) -> _Words:
    """The part of a scan that depends on the sentence alone, worked out once per sentence.

    The coder asks for the actors of a sentence several times (per event, per
    context sentence, per country and day), and only the choice of meaning
    depends on that context, so the tokens and the phrase look-ups are kept.
    """
    key = (text, id(lex))
    got = _WORDS_CACHE.get(key)
    if got is not None:
        return got
    if not text.isascii():
        text = anyascii(text)
    pairs = _TOKEN_SEP.findall(text)
    if not pairs:
        return [], [], [], []
    # seps[i]: the characters after token i; punctuation there separates actors, so
    # "Nigeria, soldiers" is not read as "Nigerian soldiers".
    tokens, seps = (list(x) for x in zip(*pairs, strict=True))
    lower = _TOKEN.findall(text.lower())  # ASCII by now: the same tokens, lower-cased
    max_cs, max_ci = lex.max_len_cs, lex.max_len_ci
    n = len(tokens)
    # Positions where a phrase may start, found at C speed; most words start none.
    starts = [i for i, w in enumerate(lower) if w in max_ci]
    if not lex.cs_starters.isdisjoint(tokens):
        starts = sorted({*starts, *(i for i, w in enumerate(tokens) if w in max_cs)})
    found: list[tuple[int, list[tuple[int, tuple[_Entry, ...]]]]] = []
    for i in starts:
        longest = max(max_ci.get(lower[i], 0), max_cs.get(tokens[i], 0))
        here: list[tuple[int, tuple[_Entry, ...]]] = []
        for size in range(min(longest, n - i), 0, -1):
            entries = lex.index_cs.get(tuple(tokens[i:i + size]))
            if entries is None:
                entries = lex.index_ci.get(tuple(lower[i:i + size]))
            if entries is not None:
                here.append((size, entries))
        if here:
            found.append((i, here))
    if len(_WORDS_CACHE) > _WORDS_LIMIT:
        _WORDS_CACHE.clear()
    got = _WORDS_CACHE[key] = (tokens, seps, lower, found)
    return got


_WORDS_CACHE: dict[tuple[str, int], _Words] = {}


def _scan(text: str, ctx: _Ctx) -> tuple[list[_Mention], list[str]]:
    """Longest-match phrase look-up over the sentence's tokens; also returns the tokens."""
    lex = ctx.lex
    tokens, seps, lower, found = _words(text, lex)
    if not tokens:
        return [], []
    out: list[_Mention] = []
    n = len(tokens)
    i = 0
    for i0, here in found:
        if i0 < i:
            continue
        i = i0
        hit: _Mention | None = None
        for size, entries in here:
            hit = _resolve(entries, ctx, i, i + size)
            if hit is not None:
                break
        if hit is None:
            continue
        if hit.cat == "identity" and hit.start and lower[hit.start - 1] in lex.outlet_words:
            # "our reporter saw", "our correspondent says": the outlet's staff, telling it
            i = hit.end
            continue
        if seps[hit.end - 1] == "-" and hit.end < n and (
                hit.cat == "identity" or lower[hit.end] in lex.modifier_tails):
            # "teacher-training colleges", "al Qaeda-linked al Shabaab", "Rwanda-backed M23":
            # a modifier of another name, not an actor of the event
            i = hit.end
            continue
        if hit.cat != "object":
            out.append(hit)
        i = hit.end
    if out:
        spans = _attribution(lower, seps, lex)
        if spans:
            out = [m for m in out if not any(a <= m.start < b for a, b in spans)]
    return _combine(out, lower, seps, ctx), list(lower)  # a copy: the cached one stays


def _combine(mentions: list[_Mention], lower: list[str], seps: list[str],
             ctx: _Ctx) -> list[_Mention]:
    """Joins neighbouring mentions that name one actor ("Russian troops", "Fulani gunmen")."""
    out: list[_Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        gap = m.start - prev.end if prev else 99
        if prev is not None and gap <= 2 and any(
                _BREAK.search(seps[k]) and not _ACRONYM_CLOSE.fullmatch(seps[k])
                for k in range(prev.end - 1, m.start)):
            gap = 99  # punctuation between them: separate actors
        gap_ok = gap == 0 or (gap <= 2 and prev is not None
                              and all(t in _DEMONYM_GAP for t in lower[prev.end:m.start]))
        if prev is not None and prev.cat == "agent" and m.cat != "agent" and not (
                prev.start and lower[prev.start - 1] in ctx.lex.not_agent_verbs):
            # ("hideouts used by the gang": who uses the hideouts, not who struck them)
            gap_words = lower[prev.end:m.start]
            if len(gap_words) <= 2 and all(t in _AGENT_FILLERS for t in gap_words):
                m.agent = True
                before = out[-2] if len(out) > 1 else None
                m.passive = not (before is not None and before.cat == "weapon"
                                 and before.end == prev.start)
        if prev is not None and prev.cat == "demonym" and gap_ok:
            if m.cat == "state":
                m.iso3 = ctx.lex.dependencies.get(prev.iso3, prev.iso3)
                m.start = prev.start
                out[-1] = m
                continue
            if m.cat == "weapon":
                m.iso3 = prev.iso3
                m.start = prev.start
                out[-1] = m
                continue
        if not m.generic and m.cat in ("armed", "party", "state") and _absorbs(out, m, lower, seps,
                                                                             ctx.lex):
            continue  # "fighters of the CODECO militia", "the militant group al Shabaab"
        if prev is not None and gap == 0 and prev.cat in ("armed", "state", "party"):
            if m.cat in ("armed", "protesters", "rioters", "identity", "civilians"):
                if prev.cat == "party" and m.cat in ("protesters", "identity"):
                    m.name, m.inter, m.cat = prev.name, prev.inter, "party"
                    out[-1] = m  # "PTI supporters" keep the party
                continue  # "Boko Haram militants", "army soldiers"
        if m.cat == "identity" and m.name.endswith(f"Ethnic Group ({ctx.country})"):
            nxt_word = lower[m.end] if m.end < len(lower) else ""
            prev_word = lower[m.start - 1] if m.start else ""
            if nxt_word in ctx.lex.ethnic_armed or prev_word in ctx.lex.ethnic_armed:
                m.cat, m.inter = "armed", "Identity militia"
                m.name = m.name.replace("Ethnic Group", "Ethnic Militia")
        if (prev is not None and gap == 0 and prev.cat == "armed"
                and prev.inter == "Identity militia" and m.cat in ("armed", "civilians")):
            continue  # "Fulani gunmen": the gunmen are the ethnic militia
        out.append(m)
    lex = ctx.lex
    last_end = 0
    for m in out:
        if m.cat == "state":
            m.name, m.inter = _state_name(m, ctx), "State forces"
        if not m.agent:
            lo = max(last_end, m.start - 3)
            for k in range(m.start - 1, lo - 1, -1):
                if _SENTENCE_END.search(seps[k]):
                    break  # "... were wounded. The TTP claimed ...": a new sentence
                if lower[k] in lex.target_markers:
                    m.target = True
                    break
        k = m.start - 1
        while k > last_end and k >= m.start - 4 and (lower[k] in _OF_FILLERS
                                                      or lower[k].isdigit()):
            k -= 1
        if k >= 1 and lower[k] == "of" and lower[k - 1] in lex.relational_heads:
            m.bound = True  # "parents of the missing students"
        last_end = m.end
    return out


# Words between "of" and the noun it governs: "relatives of the two slain journalists".
_OF_FILLERS = frozenset({"the", "a", "an", "their", "his", "her", "missing", "slain", "detained",
                         "jailed", "killed", "murdered", "disappeared", "abducted", "kidnapped",
                         "arrested", "imprisoned", "two", "three", "several"})


def _absorbs(out: list[_Mention], m: _Mention, lower: list[str], seps: list[str],
             lex: _Lexicon) -> bool:
    """Replaces the generic armed nouns just before a named group that stand for it
    ("fighters of the rebel M23"), so that the group is one actor, not two."""
    absorbed = False
    while out:
        prev = out[-1]
        if not (prev.generic and prev.cat in ("armed", "civilians")):
            break
        words = lower[prev.end:m.start]
        if any(_BREAK.search(seps[k]) for k in range(prev.end - 1, m.start - 1)):
            break
        core = tuple(w for w in words if w not in _LINK_FILLERS)
        if words and not (0 < len(core) <= 3 and core in lex.membership_links):
            break
        m.start, m.agent = prev.start, prev.agent or m.agent
        out.pop()
        absorbed = True
    if absorbed:
        out.append(m)
    return absorbed


# Words that may sit inside a membership link: "fighters of the local PDF".
_LINK_FILLERS = frozenset({"the", "a", "an", "its", "their", "suspected", "alleged", "local",
                           "so", "called", "banned", "outlawed", "notorious", "feared",
                           "powerful", "main", "rival", "breakaway", "splinter"})


def _state_name(m: _Mention, ctx: _Ctx) -> str:
    kind = m.kind
    if kind == "Authorities":
        m.weak, kind = True, "Security"
    if kind == "Security":
        # a foreign state's forces are its military, whatever they do (Israeli forces
        # arresting in Jenin, Russian forces detaining in Kherson)
        foreign = bool(m.iso3) and m.iso3 != ctx.iso3
        kind = "Police" if ctx.sub_event_type in _POLICING and not foreign else "Military"
    m.kind = kind
    if m.name:  # a named state unit
        return m.name
    return state_force(m.iso3, kind, ctx.on)


# --------------------------------------------------------------------------- role assignment


def _uniq(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in names if n))


def _has_phrase(lower: list[str], phrases: dict[str, tuple[tuple[str, ...], ...]]) -> bool:
    """Whether any of the phrases (indexed by first word) occurs in the tokens."""
    if phrases.keys().isdisjoint(lower):
        return False
    for i in [i for i, w in enumerate(lower) if w in phrases]:
        for phrase in phrases[lower[i]]:
            if len(phrase) == 1 or tuple(lower[i:i + len(phrase)]) == phrase:
                return True
    return False


@dataclass(slots=True)
class _Found:
    """Mentions of one sentence sorted into the pools the role rules draw from."""

    mentions: list[_Mention]
    lower: list[str]
    ctx: _Ctx
    context_text: str
    _context: list[_Mention] | None = None

    def of(self, *cats: str) -> list[_Mention]:
        return [m for m in self.mentions if m.cat in cats]

    def forces(self) -> list[_Mention]:
        pool = [m for m in self.of("state") if m.kind != "Government"]
        return sorted(pool, key=lambda m: m.weak)

    def armed(self) -> list[_Mention]:
        """Armed actors as perpetrators: agents of a passive clause first, then actors not
        marked as harmed, named before generic ("gunmen")."""
        pool = [m for m in self.mentions if m.cat in ("armed", "state") and m.kind != "Government"]
        named = any(m.cat == "armed" and not m.generic for m in pool)
        return sorted(pool, key=lambda m: (not m.agent, m.weak, m.target, named and m.generic))

    def perpetrators(self) -> list[_Mention]:
        """Armed actors that may have done a one-sided act: not the ones it harmed."""
        return [m for m in self.armed() if m.agent or not m.target]

    def identities(self, officials: bool = True, crowd: bool = False) -> tuple[str, ...]:
        """Identity groups; with ``officials``, targeted officials as the government; for a
        ``crowd``, not the people an "of" ties to another noun ("parents of students")."""
        names = [m.name for m in self.of("identity") if not (crowd and m.bound)]
        if officials:
            names += [m.name for m in self.of("state") if m.kind == "Government" and m.target]
        return _uniq(names)

    def crowd_identities(self) -> tuple[str, ...]:
        """Who the protesters or rioters are: parties, identity groups, labour if on strike."""
        names = [*self.parties(), *self.identities(officials=False, crowd=True)]
        # Words inside an identity or party ("farm unions") do not make it a labour action.
        lower = list(self.lower)
        for m in self.of("identity", "party"):
            lower[m.start:m.end] = [""] * (m.end - m.start)
        if _has_phrase(lower, self.ctx.lex.labor_markers):
            names.insert(len(self.parties()),
                         self.ctx.lex.labor_group.format(country=self.ctx.country))
        return _uniq(names)

    def parties(self) -> tuple[str, ...]:
        return _uniq(m.name for m in self.of("party"))

    def victims_present(self) -> bool:
        return bool(self.of("civilians", "identity")) or any(
            m.kind == "Government" and m.target for m in self.of("state"))

    def context(self) -> list[_Mention]:
        """Actors of the event's other sentences, each sentence read on its own (one per
        line), so that a teller ("Police confirmed the two deaths") is seen as one."""
        if self._context is None:
            self._context = [m for part in self.context_text.split("\n") if part.strip()
                             for m in _scan(part, self.ctx)[0]]
        return self._context

    def from_context(self, cats: tuple[str, ...]) -> list[_Mention]:
        # Only named actors carry over: an unnamed "gunmen" may be another event's.
        return [m for m in self.context() if m.cat in cats and m.kind != "Government"
                and not m.generic]

    def named_in_context(self, exclude: Iterable[str] = ()) -> _Mention | None:
        """The one named non-state armed group the event's other sentences blame, if only one
        is named there ("Al Shabaab claimed the attack"); never one they say was harmed."""
        skip = set(exclude)
        names = {m.name: m for m in self.context()
                 if m.cat == "armed" and not m.generic and not m.target and m.name not in skip}
        return next(iter(names.values())) if len(names) == 1 else None

    def generic(self, key: str) -> tuple[str, str]:
        template, inter = self.ctx.lex.generic[key]
        return template.format(country=self.ctx.country), inter

    def force(self, kind: str) -> tuple[str, str]:
        return state_force(self.ctx.force_iso3, kind, self.ctx.on), "State forces"

    def flagged_force(self, m: _Mention) -> tuple[str, str]:
        """The military of the state a weapon or assault is attributed to ("Russian drone")."""
        iso = self.ctx.lex.dependencies.get(m.iso3, m.iso3)
        return state_force(iso, "Military", self.ctx.on), "State forces"


def _assignment(a1: tuple[str, str], a2: tuple[str, str] | None = None,
                assoc1: tuple[str, ...] = (), assoc2: tuple[str, ...] = (),
                confidence: float = 1.0, assumed_actor2: bool = False) -> ActorAssignment:
    if a2 is not None and a2[0] == a1[0]:
        a2 = None
    return ActorAssignment(
        actor1=a1[0], actor2=a2[0] if a2 else None,
        assoc_actor_1=tuple(x for x in assoc1 if x != a1[0]),
        assoc_actor_2=tuple(x for x in assoc2 if not a2 or x != a2[0]) if a2 else (),
        inter1=a1[1], inter2=a2[1] if a2 else None, confidence=round(confidence, 3),
        assumed_actor2=assumed_actor2 and a2 is not None,
    )


def _pair(m: _Mention) -> tuple[str, str]:
    return m.name, m.inter


def _protest(f: _Found) -> ActorAssignment:
    assoc = f.crowd_identities()
    crowd = f.generic("protesters")
    if f.ctx.sub_event_type == "Peaceful protest":
        return _assignment(crowd, None, assoc)
    forces = f.forces() or [m for m in f.from_context(("state",)) if m.kind != "Government"]
    if forces:
        return _assignment(crowd, _pair(forces[0]), assoc)
    return _assignment(crowd, f.force("Police"), assoc, confidence=0.8)


def _riot(f: _Found) -> ActorAssignment:
    crowd = f.generic("rioters")
    forces = f.forces()
    others = [m for m in f.armed() if m.cat == "armed"]
    # People are the riot's victims only when harmed ("beat a man"), not when they are
    # the crowd itself ("hundreds of people marched").
    victims = [m for m in f.of("civilians", "identity") if m.target] or [
        m for m in f.of("state") if m.kind == "Government" and m.target]
    if f.ctx.sub_event_type == "Violent demonstration":
        assoc1 = f.crowd_identities()
        if forces:
            return _assignment(crowd, _pair(forces[0]), assoc1)
        if others:
            return _assignment(crowd, _pair(others[0]), assoc1)
        if victims:
            return _assignment(crowd, f.generic("civilians"), assoc1, confidence=0.8)
        context_forces = [m for m in f.from_context(("state",)) if not m.weak]
        if context_forces:
            return _assignment(crowd, _pair(context_forces[0]), assoc1, confidence=0.8)
        return _assignment(crowd, None, assoc1, confidence=0.9)
    assoc1 = _uniq(m.name for m in f.of("party") if not m.target)
    if forces:
        return _assignment(crowd, _pair(forces[0]), assoc1, f.identities())
    if victims or f.victims_present():
        return _assignment(crowd, f.generic("civilians"), assoc1, f.identities())
    return _assignment(crowd, None, assoc1, confidence=0.8)


def _battle(f: _Found) -> ActorAssignment:
    """The two armed sides, in the order the report names them."""
    pool = [m for m in f.mentions if (m.cat in ("armed", "state") and m.kind != "Government")
            or (m.cat == "weapon" and m.iso3)]
    pool.sort(key=lambda m: (not m.passive, m.start))
    sides: list[tuple[str, str]] = []
    generic: set[str] = set()
    for m in pool:
        pair = f.flagged_force(m) if m.cat == "weapon" else _pair(m)
        if m.weak and len(pool) > 1:
            continue
        if pair not in sides:
            sides.append(pair)
            if m.generic:
                generic.add(pair[0])
    if len(sides) > 2 and generic:
        sides = [s for s in sides if s[0] not in generic] or sides
    conf = 1.0
    # A generic side the event's other sentences name ("the insurgents" were ISWAP).
    for i, side in enumerate(sides[:2]):
        if side[0] in generic:
            named = f.named_in_context(exclude=[s[0] for s in sides])
            if named is not None:
                sides[i], conf = _pair(named), 0.8
    if len(sides) < 2:
        state_side = any(s[1] == "State forces" for s in sides)
        extra = [_pair(m) for m in f.from_context(("armed", "state"))
                 if _pair(m) not in sides and not m.weak]
        fit = [p for p in extra if (p[1] == "State forces") != state_side] if sides else extra
        sides += fit[: 2 - len(sides)]
        conf = 0.8
    if not sides:
        return _assignment(f.force("Military"), f.generic("armed"), confidence=0.5,
                           assumed_actor2=True)
    assumed = len(sides) == 1
    if assumed:
        lone = sides[0]
        other = f.generic("armed") if lone[1] == "State forces" else f.force("Military")
        a, b = lone, other
        conf = 0.7
    else:
        a, b = sides[0], sides[1]
    sub = f.ctx.sub_event_type
    if sub == "Government regains territory" and b[1] == "State forces" != a[1]:
        a, b = b, a
    if sub == "Non-state actor overtakes territory" and a[1] == "State forces" != b[1]:
        a, b = b, a
    return _assignment(a, b, confidence=conf, assumed_actor2=assumed and b is other)


def _perpetrator(f: _Found) -> tuple[tuple[str, str], float]:
    """Who did a one-sided act: the sentence's perpetrator, a named group the event's other
    sentences blame when the sentence says only "gunmen", else an unidentified group."""
    armed = f.perpetrators()
    if armed and not armed[0].generic:
        return _pair(armed[0]), 1.0
    named = f.named_in_context()
    if named is not None:
        return _pair(named), 0.8
    if armed:
        return _pair(armed[0]), 1.0
    context = f.from_context(("armed", "state"))
    context = [m for m in context if not m.target and not m.weak]
    if context:
        return _pair(context[0]), 0.8
    return f.generic("armed"), 0.6


def _violence_against_civilians(f: _Found) -> ActorAssignment:
    a1, conf = _perpetrator(f)
    return _assignment(a1, f.generic("civilians"), (), f.identities(), conf)


def _remote(f: _Found) -> ActorAssignment:
    weapons = f.of("weapon")
    first_weapon = weapons[0].start if weapons else 10**6
    armed = f.armed()
    actor1: tuple[str, str] | None = None
    conf = 1.0
    agents = [m for m in armed if m.agent or (m.start < first_weapon and not m.target)]
    with_flag = [w for w in weapons if w.iso3]
    sub = f.ctx.sub_event_type
    if agents and not agents[0].generic:
        actor1 = _pair(agents[0])
    elif with_flag:
        actor1 = f.flagged_force(with_flag[0])
    elif sub in ("Air/drone strike", "Shelling/artillery/missile attack") and not agents:
        default = f.ctx.lex.remote_default.get(f.ctx.iso3)
        if default or sub == "Air/drone strike":
            actor1 = state_force(default or f.ctx.force_iso3, "Military", f.ctx.on), \
                "State forces"
            conf = 0.7
    if actor1 is None:
        named = f.named_in_context()
        if named is not None and not any(m.name == named.name for m in armed if m.target):
            actor1, conf = _pair(named), 0.8
        elif agents:
            actor1 = _pair(agents[0])
        else:
            actor1, conf = f.generic("armed"), 0.6
    targets = sorted((m for m in armed if m.name != actor1[0] and not m.agent
                      and not (m in agents and m.generic)),
                     key=lambda m: (not m.target, m.weak))
    people = f.of("civilians", "identity")
    if targets and not (people and not targets[0].target):
        if targets[0].target or not people:
            return _assignment(actor1, _pair(targets[0]), (), (), conf)
    if f.victims_present():
        return _assignment(actor1, f.generic("civilians"), (), f.identities(), conf)
    return _assignment(actor1, None, confidence=conf)


def _disrupted(f: _Found) -> ActorAssignment:
    """Interceptions: the force that stopped the weapons, and whose weapons they were."""
    # The interceptor is the clause's subject; "launched by Hezbollah" names the other side.
    stoppers = sorted((m for m in f.armed() if not m.target and not m.agent),
                      key=lambda m: (m.weak, m.start))
    a1 = _pair(stoppers[0]) if stoppers else f.force("Military")
    flagged = [w for w in f.of("weapon") if w.iso3]
    others = [m for m in f.armed() if m.name != a1[0] and (m.cat == "armed" or m.agent)]
    if flagged:
        a2: tuple[str, str] | None = f.flagged_force(flagged[0])
    elif others:
        a2 = _pair(others[0])
    elif f.of("weapon") and f.ctx.iso3 in f.ctx.lex.remote_default:
        a2 = state_force(f.ctx.lex.remote_default[f.ctx.iso3], "Military", f.ctx.on), \
            "State forces"
    else:
        a2 = None
    return _assignment(a1, a2, confidence=1.0 if stoppers else 0.7)


def _arrests(f: _Found) -> ActorAssignment:
    forces = f.forces()
    a1 = _pair(forces[0]) if forces else f.force("Police")
    conf = 1.0 if forces else 0.85
    detained = [m for m in f.of("armed", "party") if m.name != a1[0]]
    if f.of("protesters"):
        return _assignment(a1, f.generic("protesters"), (), _uniq((*f.parties(),
                                                                  *f.identities())), conf)
    if detained:
        return _assignment(a1, _pair(detained[0]), (), f.identities(), conf)
    lex = f.ctx.lex
    if not lex.suspect_words.isdisjoint(f.lower) and not lex.armed_crime_words.isdisjoint(
            f.lower):
        # "arrested five suspects in connection with the killings": the attackers.
        return _assignment(a1, f.generic("armed"), (), (), conf * 0.9)
    return _assignment(a1, f.generic("civilians"), (), f.identities(), conf)


def _looting(f: _Found) -> ActorAssignment:
    armed = f.perpetrators()
    if armed and not armed[0].generic:
        a1, conf = _pair(armed[0]), 1.0
    elif f.of("rioters"):
        a1, conf = f.generic("rioters"), 1.0
    else:
        a1, conf = _perpetrator(f)
    a2 = f.generic("civilians") if f.victims_present() else None
    return _assignment(a1, a2, (), f.identities(), conf)


def _strategic(f: _Found) -> ActorAssignment:
    actors: list[_Mention] = []
    for m in f.of("state", "armed", "party", "protesters"):
        if m.kind == "Government" and f.ctx.sub_event_type != "Agreement":
            continue
        if all(m.name != a.name for a in actors):
            actors.append(m)
    if not actors:
        actors = f.from_context(("armed", "state", "party"))
    if not actors:
        return _assignment(f.generic("armed"), None, confidence=0.4)
    if actors[0].cat == "protesters":
        actors[0].name, actors[0].inter = f.generic("protesters")
    second = _pair(actors[1]) if len(actors) > 1 else None
    return _assignment(_pair(actors[0]), second, confidence=0.8)


_RULES: dict[str, Callable[[_Found], ActorAssignment]] = {
    "Government regains territory": _battle,
    "Non-state actor overtakes territory": _battle,
    "Armed clash": _battle,
    "Chemical weapon": _remote,
    "Air/drone strike": _remote,
    "Suicide bomb": _remote,
    "Shelling/artillery/missile attack": _remote,
    "Remote explosive/landmine/IED": _remote,
    "Grenade": _remote,
    "Sexual violence": _violence_against_civilians,
    "Attack": _violence_against_civilians,
    "Abduction/forced disappearance": _violence_against_civilians,
    "Violent demonstration": _riot,
    "Mob violence": _riot,
    "Excessive force against protesters": _protest,
    "Protest with intervention": _protest,
    "Peaceful protest": _protest,
    "Agreement": _strategic,
    "Arrests": _arrests,
    "Change to group/activity": _strategic,
    "Disrupted weapons use": _disrupted,
    "Headquarters or base established": _strategic,
    "Looting/property destruction": _looting,
    "Non-violent transfer of territory": _strategic,
    "Other": _strategic,
}


@cache
def _check_rules() -> None:
    missing = set(taxonomy().sub_event_types) ^ set(_RULES)
    if missing:
        raise ActorDataError(f"actor rules and taxonomy disagree on {sorted(missing)}")


def assign_actors(sentence: str, sub_event_type: str, country: str, iso3: str,
                  event_date: dt.date, context: str = "") -> ActorAssignment:
    """Names the actors of one event mention in ACLED's vocabulary.

    ``country`` is the ACLED country name used in generic actors (empty: the
    name from the codebook); ``context`` is the neighbouring text, read only when
    the sentence itself names no perpetrator or no force.
    """
    _check_rules()
    rule = _RULES.get(sub_event_type)
    if rule is None:
        raise ValueError(f"unknown sub-event type {sub_event_type!r}")
    lex = _lexicon()
    known = country_by_iso3().get(iso3)
    if known is None:
        raise ValueError(f"unknown country code {iso3!r}")
    force_iso3 = lex.dependencies.get(iso3, iso3)
    if force_iso3 not in lex.countries:
        raise ValueError(f"no state forces recorded for country code {iso3!r}")
    ctx = _Ctx(lex, iso3, force_iso3, country or known.country, event_date, sub_event_type)
    mentions, lower = _scan(sentence, ctx)
    found = _Found(mentions, lower, ctx, context)
    result = rule(found)
    log.debug("actors %s: %s", sub_event_type, result)
    return result
