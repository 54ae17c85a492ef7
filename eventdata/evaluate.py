"""Scoring of the coder against hand-written gold data.

Two benchmarks, because they answer different questions:

* the snippet set (``eval/snippets.csv``) asks "does the classifier read one short
  passage the way an ACLED coder would?" -- a 26-way classification (25 sub-event
  types plus ``none``), scored like the CASE shared tasks (weighted and macro F1);
* the article set (``eval/articles/`` and ``tests/fixtures/expected/``) asks "does the
  whole pipeline produce the right *events* from a real-looking report?" -- several
  events per report, background to ignore, relative dates, spelling variants.

The harness never imports the coder: callers pass it in as a callable, so the
harness can be tested with fakes and used on any coder version. Gold files are
checked against the codebook taxonomy when loaded, so a typo in the gold fails
loudly instead of silently lowering a score.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from anyascii import anyascii

from eventdata.normalise.spelling import consonants, spelling_key
from schemas.codebook import taxonomy as codebook_taxonomy

log = logging.getLogger(__name__)

NONE_LABEL = "none"
REPORT_COLUMNS = [
    "report_id", "report_ref", "title", "source", "source_scale", "url",
    "published", "language", "country", "text",
]
# Fields compared on matched events; event_type and place are the match key.
FIELDS = [
    "sub_event_type", "event_date", "time_precision", "actor1", "actor2",
    "assoc_actor_1", "assoc_actor_2", "country", "admin1", "location",
    "geo_precision", "fatalities", "tags",
]
GOLD_REQUIRED = ["event_date", "event_type", "sub_event_type", "actor1", "country",
                 "admin1", "location"]
# Optional gold fields: the true point of the coded place, for the 30 km check
GOLD_OPTIONAL = ["latitude", "longitude"]
_SET_FIELDS = {"assoc_actor_1", "assoc_actor_2", "tags"}
_INT_FIELDS = {"time_precision", "geo_precision", "fatalities"}
_SPACES = re.compile(r"\s+")


# --------------------------------------------------------------------------- taxonomy

def taxonomy() -> dict[str, str]:
    """Map each sub-event type to its event type (from the codebook tables in schemas/)."""
    return dict(codebook_taxonomy().event_type_of)


def _event_type_of(label: str) -> str:
    """Coarse label of a snippet label, for the event-type level accuracy."""
    return taxonomy().get(label, NONE_LABEL if label == NONE_LABEL else f"? {label}")


# --------------------------------------------------------------------------- normalising

def _is_missing(value: Any) -> bool:
    """Treat None, NaN, NaT and blank strings alike: coders disagree on how to say 'none'."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if value is pd.NaT:
        return True
    return isinstance(value, str) and not value.strip()


def _norm_text(value: Any) -> str:
    """Compare names without caring about case, accents, dashes or spacing."""
    if _is_missing(value):
        return ""
    text = anyascii(str(value)).casefold().replace("\u2013", "-")
    return _SPACES.sub(" ", text).strip()


def _norm_date(value: Any) -> str:
    """Dates arrive as str, date, Timestamp or datetime64: compare their ISO day."""
    if _is_missing(value):
        return ""
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.isoformat()[:10]
    return str(value).strip()[:10]


def _norm_int(value: Any) -> str:
    """Integers may come back as floats or strings from a DataFrame round trip."""
    if _is_missing(value):
        return ""
    try:
        return str(int(float(value)))
    except (TypeError, ValueError):
        return _norm_text(value)


def _norm_set(value: Any) -> str:
    """Associated actors and tags are '; '-joined lists whose order carries no meaning."""
    if _is_missing(value):
        return ""
    parts = value if isinstance(value, (list, tuple)) else str(value).split(";")
    return "; ".join(sorted(p for p in (_norm_text(x) for x in parts) if p))


_ARTICLE = re.compile(r"^(?:al|el|an|ar|as|at|ad|ash|az|ed|es|ez)[\s-]+(?=\w{3})")


def _norm_place(value: Any) -> str:
    """Place names as one spelling: "Dan Sadau" = "Dansadau", "At Tarmiyah" = "Tarmiyah",
    "Turmus Ayya" = "Turmusayya", "Saraqeb" = "Saraqib" (romanisations of one name, not
    two places)."""
    text = _norm_text(value)
    if not text:
        return ""
    # "ph" is read as f by the spelling key, but is an aspirated p in Burmese or Thai names
    key = spelling_key(_ARTICLE.sub("", text)).replace(" ", "").replace("-", "").replace("f", "p")
    # romanisations differ most in vowels ("Saraqeb" = "Saraqib", "Gonder" = "Gondar"): a
    # name of five or more letters is compared by its consonants ("Kale" is not "Kalemyo")
    return consonants(key) if len(key) >= 5 else key


def _norm_field(name: str, value: Any) -> str:
    """Dispatch to the comparison rule of one field."""
    if name == "event_date":
        return _norm_date(value)
    if name == "location":
        return _norm_place(value)
    if name in _INT_FIELDS:
        return _norm_int(value)
    if name in _SET_FIELDS:
        return _norm_set(value)
    return _norm_text(value)


# --------------------------------------------------------------------------- snippets

@dataclass
class SnippetScores:
    """Classification scores of the snippet benchmark."""

    n: int
    accuracy: float
    weighted_f1: float
    macro_f1: float
    event_type_accuracy: float  # right event type, sub-type ignored
    no_event_rate: float  # share of gold negatives predicted as no event
    detection_precision: float  # event vs no event
    detection_recall: float
    per_class: pd.DataFrame  # index label; precision, recall, f1, support, predicted
    confusion: pd.DataFrame  # rows gold label, columns predicted label
    errors: pd.DataFrame  # text, gold, predicted


def load_snippets(path: Path) -> pd.DataFrame:
    """Read the snippet CSV; an unknown label is an error in the gold, so it raises."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"text", "sub_event_type"} - set(df.columns)
    if missing:
        raise ValueError(f"{path}: missing columns {sorted(missing)}")
    df["text"] = df["text"].str.strip()
    df["label"] = df["sub_event_type"].str.strip().replace("", NONE_LABEL)
    unknown = sorted(set(df["label"]) - set(taxonomy()) - {NONE_LABEL})
    if unknown:
        raise ValueError(f"{path}: labels not in the taxonomy: {unknown}")
    if (df["text"] == "").any():
        raise ValueError(f"{path}: empty snippet text")
    return df[["text", "label"]].reset_index(drop=True)


def _safe_div(num: float, den: float) -> float:
    return num / den if den else 0.0


def _f1(p: float, r: float) -> float:
    return _safe_div(2 * p * r, p + r)


def classification_scores(gold: list[str], pred: list[str]) -> pd.DataFrame:
    """Per-class precision/recall/F1 over the union of gold and predicted labels.

    The union (as scikit-learn does) means a class the coder invents but the gold
    never uses still counts against the macro average.
    """
    labels = sorted(set(gold) | set(pred))
    rows = []
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, pred, strict=True))
        support = sum(g == label for g in gold)
        predicted = sum(p == label for p in pred)
        p_, r_ = _safe_div(tp, predicted), _safe_div(tp, support)
        rows.append({"label": label, "precision": p_, "recall": r_, "f1": _f1(p_, r_),
                     "support": support, "predicted": predicted})
    return pd.DataFrame(rows).set_index("label")


def score_snippets(
    path: Path, predict: Callable[[list[str]], list[str | None]]
) -> SnippetScores:
    """Score a snippet classifier: `predict` gets all texts at once (so it can batch)."""
    df = load_snippets(Path(path))
    raw = list(predict(df["text"].tolist()))
    if len(raw) != len(df):
        raise ValueError(f"predict returned {len(raw)} labels for {len(df)} snippets")
    pred = [NONE_LABEL if _is_missing(p) else str(p).strip() for p in raw]
    gold = df["label"].tolist()
    return _snippet_scores(df["text"].tolist(), gold, pred)


def _snippet_scores(texts: list[str], gold: list[str], pred: list[str]) -> SnippetScores:
    """All snippet metrics from aligned gold and predicted labels."""
    n = len(gold)
    per_class = classification_scores(gold, pred)
    support = per_class["support"]
    weighted = _safe_div(float((per_class["f1"] * support).sum()), float(support.sum()))
    negatives = [p for g, p in zip(gold, pred, strict=True) if g == NONE_LABEL]
    gold_ev = [g != NONE_LABEL for g in gold]
    pred_ev = [p != NONE_LABEL for p in pred]
    both = sum(g and p for g, p in zip(gold_ev, pred_ev, strict=True))
    confusion = pd.crosstab(pd.Series(gold, name="gold"), pd.Series(pred, name="predicted"))
    wrong = [i for i in range(n) if gold[i] != pred[i]]
    errors = pd.DataFrame({"text": [texts[i] for i in wrong], "gold": [gold[i] for i in wrong],
                           "predicted": [pred[i] for i in wrong]})
    return SnippetScores(
        n=n,
        accuracy=_safe_div(sum(g == p for g, p in zip(gold, pred, strict=True)), n),
        weighted_f1=weighted,
        macro_f1=float(per_class["f1"].mean()) if len(per_class) else 0.0,
        event_type_accuracy=_safe_div(
            sum(_event_type_of(g) == _event_type_of(p) for g, p in zip(gold, pred, strict=True)),
            n),
        no_event_rate=_safe_div(sum(p == NONE_LABEL for p in negatives), len(negatives)),
        detection_precision=_safe_div(both, sum(pred_ev)),
        detection_recall=_safe_div(both, sum(gold_ev)),
        per_class=per_class,
        confusion=confusion,
        errors=errors,
    )


# --------------------------------------------------------------------------- gold events

@dataclass
class GoldSet:
    """Gold events of a folder, and which reports (and feed lines) each gold file covers."""

    events: pd.DataFrame  # one row per gold event, with report_ref and gold_file
    reports: list[str]  # the report files the gold files name, relative to the reports dir
    gold_files: list[Path] = field(default_factory=list)
    reports_dir: Path | None = None  # where the named reports live

    def covers(self, ref: str) -> bool:
        """A gold file for 'feed.jsonl' covers 'feed.jsonl#L3': an empty line is gold too."""
        return ref.split("#", 1)[0] in set(self.reports)


def _check_event(ev: dict[str, Any], where: str, published: str | None) -> None:
    """Fail loudly on a malformed gold event rather than let it depress a score."""
    missing = [k for k in GOLD_REQUIRED if _is_missing(ev.get(k))]
    if missing:
        raise ValueError(f"{where}: missing {missing}")
    subs = taxonomy()
    if ev["sub_event_type"] not in subs:
        raise ValueError(f"{where}: unknown sub_event_type {ev['sub_event_type']!r}")
    if subs[ev["sub_event_type"]] != ev["event_type"]:
        raise ValueError(f"{where}: {ev['sub_event_type']!r} is not a {ev['event_type']!r}")
    day = dt.date.fromisoformat(str(ev["event_date"]))
    if published and day > dt.date.fromisoformat(published[:10]):
        raise ValueError(f"{where}: event_date {day} after the report's date {published}")
    for key in ("time_precision", "geo_precision"):
        if ev.get(key) not in (1, 2, 3):
            raise ValueError(f"{where}: {key} must be 1, 2 or 3, not {ev.get(key)!r}")
    if not isinstance(ev.get("fatalities"), int) or ev["fatalities"] < 0:
        raise ValueError(f"{where}: fatalities must be an int >= 0")
    for key, bound in (("latitude", 90), ("longitude", 180)):
        value = ev.get(key)
        if value is not None and (not isinstance(value, (int, float)) or abs(value) > bound):
            raise ValueError(f"{where}: {key} must be a number within +-{bound}, not {value!r}")
    if (ev.get("latitude") is None) != (ev.get("longitude") is None):
        raise ValueError(f"{where}: give latitude and longitude together")


def load_gold(gold_dir: Path, reports_dir: Path | None = None) -> GoldSet:
    """Load and check every ``*.gold.json`` under `gold_dir`.

    A gold file names one report file (``report``); events of feeds carry their own
    ``report_ref`` (``feed.jsonl#L2``, ``table.csv#R1``). A report with no event is a
    gold file with an empty list: predicting anything there is a false positive.
    Reports are looked up in `reports_dir`, else in the gold file's optional
    ``reports_root`` (relative to the gold file: gold kept apart from its reports,
    as in ``tests/fixtures/expected``), else next to the gold file.
    """
    gold_dir = Path(gold_dir)
    rows: list[dict[str, Any]] = []
    reports: list[str] = []
    roots: set[Path] = set()
    files = sorted(gold_dir.rglob("*.gold.json"))
    for gf in files:
        doc = json.loads(gf.read_text(encoding="utf-8"))
        report = doc.get("report")
        if not report:
            raise ValueError(f"{gf}: no 'report'")
        root = Path(reports_dir) if reports_dir else (gf.parent / doc.get("reports_root", "."))
        roots.add(root.resolve())
        reports.append(report)
        published = _published_of(root / report, root)
        for i, ev in enumerate(doc.get("events", [])):
            ref = ev.get("report_ref", report)
            if ref.split("#", 1)[0] != report:
                raise ValueError(f"{gf} event {i}: report_ref {ref!r} outside {report!r}")
            _check_event(ev, f"{gf.name} event {i}", published.get(ref))
            rows.append({**ev, "report_ref": ref, "gold_file": gf.name})
    if len(roots) > 1:
        raise ValueError(f"{gold_dir}: gold files point at several report folders {sorted(roots)}")
    cols = ["report_ref", "event_type", *FIELDS, *GOLD_OPTIONAL, "gold_file"]
    events = pd.DataFrame(rows, columns=cols).astype(object)
    root = roots.pop() if roots else Path(reports_dir or gold_dir)
    return GoldSet(events=events, reports=reports, gold_files=files, reports_dir=root)


def _published_of(path: Path, root: Path) -> dict[str, str]:
    """Publication dates by report ref, when the gold checker can see the report."""
    if not path.exists():
        return {}
    try:
        df = read_reports([path], root)
    except (OSError, ValueError) as exc:  # the checker must not depend on odd inputs
        log.warning("cannot read %s for date checks: %s", path, exc)
        return {}
    return {r: str(p) for r, p in zip(df["report_ref"], df["published"], strict=True)
            if not _is_missing(p)}


# --------------------------------------------------------------------------- reading reports

def read_reports(paths: Iterable[Path], root: Path) -> pd.DataFrame:
    """The reports of the gold files, read by the pipeline's own ingest stage."""
    from eventdata.ingest import RawFile, read_files

    files = [
        RawFile(path=p, ref=p.relative_to(root).as_posix(), size=p.stat().st_size,
                ext=p.suffix.lower())
        for p in paths
    ]
    res = read_files(files)
    if len(res.quarantine):
        log.warning("gold reports quarantined by ingest: %s", list(res.quarantine["ref"]))
    return res.reports


# --------------------------------------------------------------------------- articles

@dataclass
class ArticleScores:
    """Event-level scores of the article benchmark."""

    n_reports: int
    n_gold: int
    n_pred: int
    n_matched: int
    precision: float
    recall: float
    f1: float
    field_accuracy: pd.DataFrame  # index field; accuracy, n
    per_event_type: pd.DataFrame  # index event_type; gold, pred, matched, precision, recall, f1
    per_report: pd.DataFrame  # report_ref, gold, pred, matched
    pairs: pd.DataFrame  # matched pairs, gold_<field> and pred_<field>
    missed: pd.DataFrame  # gold events without a match
    spurious: pd.DataFrame  # predicted events without a match
    n_unscored: int = 0  # predicted events of reports no gold file covers
    # gold events whose type is found in their report on their day (with their time
    # precision): how well days are read, whether or not the place and actors match
    day_found: float = 0.0
    day_and_precision_found: float = 0.0


def _place_agrees(gold: pd.Series, pred: pd.Series) -> bool:
    """Same town; when the gold names only a region (geo_precision 3), the same admin1."""
    if _norm_place(gold["location"]) and _norm_place(gold["location"]) == _norm_place(
            pred.get("location")):
        return True
    return _norm_int(gold.get("geo_precision")) == "3" and bool(_norm_text(gold["admin1"])) \
        and _norm_text(gold["admin1"]) == _norm_text(pred.get("admin1"))


def _agreement(gold: pd.Series, pred: pd.Series) -> int:
    """How many compared fields agree: breaks ties between candidate pairs."""
    return sum(_norm_field(f, gold.get(f)) == _norm_field(f, pred.get(f)) for f in FIELDS)


def match_events(gold: pd.DataFrame, pred: pd.DataFrame) -> list[tuple[int, int]]:
    """Greedy one-to-one matching of one report's gold and predicted events.

    A pair is a candidate when event type, event date and place agree; candidates
    are taken best first (most agreeing fields), so a report with two events of
    the same type at one place gets the pairing that fits best.
    """
    cands = []
    for gi, g in gold.iterrows():
        for pi, p in pred.iterrows():
            if (_norm_text(g["event_type"]) == _norm_text(p.get("event_type"))
                    and _norm_date(g["event_date"]) == _norm_date(p.get("event_date"))
                    and _place_agrees(g, p)):
                cands.append((-_agreement(g, p), gi, pi))
    cands.sort(key=lambda c: (c[0], str(c[1]), str(c[2])))
    used_g: set[Any] = set()
    used_p: set[Any] = set()
    out = []
    for _, gi, pi in cands:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def score_articles(
    gold_dir: Path,
    code: Callable[[pd.DataFrame], pd.DataFrame],
    reports_dir: Path | None = None,
    read: Callable[[list[Path], Path], pd.DataFrame] = read_reports,
) -> ArticleScores:
    """Run `code` on the reports the gold files name and score its events.

    `reports_dir` overrides where the reports are (default: each gold file's
    ``reports_root``, else next to the gold files, as in ``eval/articles/``).
    """
    gs = load_gold(Path(gold_dir), reports_dir)
    root = gs.reports_dir or Path(gold_dir)
    missing = [r for r in gs.reports if not (root / r).exists()]
    if missing:
        raise FileNotFoundError(f"reports named by the gold are missing in {root}: {missing}")
    reports = read([root / r for r in gs.reports], root)
    pred = code(reports)
    if pred.empty:  # a coder that found nothing may not bother with columns
        pred = pred.reindex(columns=["report_ref", "event_type", *FIELDS])
    if "report_ref" not in pred.columns or "event_type" not in pred.columns:
        raise ValueError("coded events need 'report_ref' and 'event_type' columns")
    pred = pred.reset_index(drop=True).astype(object)
    scored = pred["report_ref"].map(lambda r: gs.covers(str(r)))
    n_unscored = int((~scored).sum())
    if n_unscored:
        log.warning("%d predicted events belong to reports without gold", n_unscored)
    return _article_scores(gs, reports, pred[scored.to_numpy(dtype=bool)], n_unscored)


def _article_scores(gs: GoldSet, reports: pd.DataFrame, pred: pd.DataFrame,
                    n_unscored: int) -> ArticleScores:
    """Match per report, then aggregate counts and field agreement."""
    gold = gs.events
    refs = sorted(set(reports["report_ref"]) | set(gold["report_ref"]) | set(pred["report_ref"]))
    pairs: list[tuple[int, int]] = []
    per_report = []
    for ref in refs:
        g, p = gold[gold["report_ref"] == ref], pred[pred["report_ref"] == ref]
        m = match_events(g, p)
        pairs.extend(m)
        per_report.append({"report_ref": ref, "gold": len(g), "pred": len(p), "matched": len(m)})
    gi = [a for a, _ in pairs]
    pi = [b for _, b in pairs]
    pair_df = pd.concat(
        [gold.loc[gi, ["report_ref", "event_type", *FIELDS]].add_prefix("gold_")
         .reset_index(drop=True),
         pred.reindex(columns=FIELDS).loc[pi].add_prefix("pred_").reset_index(drop=True)],
        axis=1)
    field_acc = pd.DataFrame([
        {"field": f, "n": len(pairs),
         "accuracy": _safe_div(sum(
             _norm_field(f, gold.at[a, f]) == _norm_field(f, pred.at[b, f] if f in pred else None)
             for a, b in pairs), len(pairs))}
        for f in FIELDS]).set_index("field")
    n_g, n_p, n_m = len(gold), len(pred), len(pairs)
    prec, rec = _safe_div(n_m, n_p), _safe_div(n_m, n_g)
    return ArticleScores(
        n_reports=len(refs), n_gold=n_g, n_pred=n_p, n_matched=n_m,
        precision=prec, recall=rec, f1=_f1(prec, rec),
        field_accuracy=field_acc,
        per_event_type=_per_type(gold, pred, gi),
        per_report=pd.DataFrame(per_report),
        pairs=pair_df,
        missed=gold.drop(index=gi),
        spurious=pred.drop(index=pi),
        n_unscored=n_unscored,
        **_days_found(gold, pred),
    )


def _days_found(gold: pd.DataFrame, pred: pd.DataFrame) -> dict[str, float]:
    keys = {(r, t, _norm_date(d)) for r, t, d in zip(
        pred["report_ref"], pred["event_type"], pred["event_date"], strict=True)}
    keys_p = {(r, t, _norm_date(d), _norm_int(p)) for r, t, d, p in zip(
        pred["report_ref"], pred["event_type"], pred["event_date"],
        pred.get("time_precision", pd.Series([None] * len(pred), index=pred.index)),
        strict=True)}
    day = [(r, t, _norm_date(d)) in keys for r, t, d in zip(
        gold["report_ref"], gold["event_type"], gold["event_date"], strict=True)]
    both = [(r, t, _norm_date(d), _norm_int(p)) in keys_p for r, t, d, p in zip(
        gold["report_ref"], gold["event_type"], gold["event_date"], gold["time_precision"],
        strict=True)]
    return {"day_found": _safe_div(sum(day), len(day)),
            "day_and_precision_found": _safe_div(sum(both), len(both))}


def _per_type(gold: pd.DataFrame, pred: pd.DataFrame, matched_gold: list[int]) -> pd.DataFrame:
    """Event-level P/R/F1 by event type (a match always agrees on the type)."""
    matched = gold.loc[matched_gold, "event_type"].value_counts()
    g_counts = gold["event_type"].value_counts()
    p_counts = pred["event_type"].value_counts()
    rows = []
    for et in sorted(set(g_counts.index) | set(p_counts.index)):
        g, p, m = int(g_counts.get(et, 0)), int(p_counts.get(et, 0)), int(matched.get(et, 0))
        pr, rc = _safe_div(m, p), _safe_div(m, g)
        rows.append({"event_type": et, "gold": g, "pred": p, "matched": m,
                     "precision": pr, "recall": rc, "f1": _f1(pr, rc)})
    return pd.DataFrame(rows, columns=["event_type", "gold", "pred", "matched", "precision",
                                       "recall", "f1"]).set_index("event_type")


# --------------------------------------------------------------------------- report

def _table(df: pd.DataFrame, floatfmt: str = "{:.3f}") -> str:
    """A markdown table without the optional `tabulate` dependency."""
    df = df.reset_index() if df.index.name else df
    cols = [str(c) for c in df.columns]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in df.itertuples(index=False):
        cells = [floatfmt.format(v) if isinstance(v, float) else str(v) for v in row]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines)


def format_scores(scores: SnippetScores | ArticleScores, max_errors: int = 20) -> str:
    """A readable markdown report of either benchmark's scores."""
    if isinstance(scores, SnippetScores):
        head = pd.DataFrame([
            ("snippets", scores.n), ("accuracy", scores.accuracy),
            ("weighted F1", scores.weighted_f1), ("macro F1", scores.macro_f1),
            ("event-type accuracy", scores.event_type_accuracy),
            ("no-event rate on negatives", scores.no_event_rate),
            ("event detection precision", scores.detection_precision),
            ("event detection recall", scores.detection_recall)],
            columns=["metric", "value"], dtype=object)
        parts = ["## Snippet scores", _table(head), "### Per class", _table(scores.per_class)]
        if len(scores.errors):
            err = scores.errors.head(max_errors).assign(text=lambda d: d["text"].str[:90])
            parts += [f"### Errors (first {min(max_errors, len(scores.errors))} "
                      f"of {len(scores.errors)})", _table(err)]
        return "\n\n".join(parts) + "\n"
    head = pd.DataFrame([
        ("reports", scores.n_reports), ("gold events", scores.n_gold),
        ("predicted events", scores.n_pred), ("matched", scores.n_matched),
        ("precision", scores.precision), ("recall", scores.recall), ("F1", scores.f1),
        ("unscored predictions", scores.n_unscored),
        ("gold day found (same type)", scores.day_found),
        ("gold day and time_precision found", scores.day_and_precision_found)],
        columns=["metric", "value"], dtype=object)
    parts = ["## Event scores", _table(head), "### By event type", _table(scores.per_event_type),
             "### Field accuracy on matched events", _table(scores.field_accuracy)]
    show = ["report_ref", "event_type", "sub_event_type", "event_date", "location"]
    if len(scores.missed):
        parts += ["### Missed gold events", _table(scores.missed.reindex(columns=show).head(
            max_errors))]
    if len(scores.spurious):
        parts += ["### Spurious events", _table(scores.spurious.reindex(columns=show).head(
            max_errors))]
    wrong = field_disagreements(scores.pairs)
    if len(wrong):
        parts += ["### Field disagreements on matched events", _table(wrong.head(max_errors))]
    return "\n\n".join(parts) + "\n"


def field_disagreements(pairs: pd.DataFrame) -> pd.DataFrame:
    """One row per field a matched event got wrong: what to fix, not just how much."""
    rows = []
    for _, p in pairs.iterrows():
        for f in FIELDS:
            g, q = p.get(f"gold_{f}"), p.get(f"pred_{f}")
            if _norm_field(f, g) != _norm_field(f, q):
                rows.append({"report_ref": p["gold_report_ref"], "event_date": p["gold_event_date"],
                             "field": f, "gold": "" if _is_missing(g) else str(g),
                             "predicted": "" if _is_missing(q) else str(q)})
    return pd.DataFrame(rows, columns=["report_ref", "event_date", "field", "gold", "predicted"])
