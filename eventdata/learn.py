"""An optional learned sentence classifier, trained on a user's own coded events.

The rule-based classifier is transparent and fast but only knows the words its
lexicon lists. A user who already codes events (an ACLED-layout export with
`notes` and `sub_event_type`) can fit a light model on them and let the coder
combine both answers (`--model`). The model is a TF-IDF of word and character
n-grams with a logistic regression: small, quick to train on a laptop, and no
download at run time. scikit-learn is imported lazily so that the pipeline does
not need it unless a model is used.
"""

from __future__ import annotations

import logging
import pickle
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from eventdata.types import Classification
from schemas.codebook import taxonomy

log = logging.getLogger(__name__)

NONE_LABEL = "none"
TEXT_COLUMNS = ("notes", "text")
MODEL_FORMAT = 1


class ModelError(ValueError):
    """Training data or a model file that cannot be used."""


@dataclass
class TextModel:
    """A fitted text pipeline and the labels it predicts."""

    pipeline: Any
    labels: tuple[str, ...]
    metrics: dict[str, float]

    def predict(self, texts: list[str]) -> list[tuple[str | None, float]]:
        """Best label and its probability per text; None for "no event"."""
        if not texts:
            return []
        proba = self.pipeline.predict_proba(list(texts))
        classes = list(self.pipeline.classes_)
        out: list[tuple[str | None, float]] = []
        for row in proba:
            best = int(row.argmax())
            label = classes[best]
            out.append((None if label == NONE_LABEL else label, float(row[best])))
        return out


def _read_labels(labels_csv: Path) -> pd.DataFrame:
    df = pd.read_csv(labels_csv, dtype=str, keep_default_na=False)
    text_col = next((c for c in TEXT_COLUMNS if c in df.columns), None)
    if text_col is None or "sub_event_type" not in df.columns:
        raise ModelError(
            f"{labels_csv}: needs a text column ({' or '.join(TEXT_COLUMNS)}) and sub_event_type"
        )
    df = pd.DataFrame(
        {"text": df[text_col].astype(str).str.strip(), "label": df["sub_event_type"].str.strip()}
    )
    df = df[df["text"] != ""]
    df["label"] = df["label"].replace("", NONE_LABEL)
    known = set(taxonomy().sub_event_types) | {NONE_LABEL}
    unknown = sorted(set(df["label"]) - known)
    if unknown:
        raise ModelError(f"{labels_csv}: unknown sub-event types {unknown}")
    if df["label"].nunique() < 2:
        raise ModelError(f"{labels_csv}: needs at least two different labels")
    return df.reset_index(drop=True)


def _pipeline(seed: int) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True)),
            (
                "chars",
                TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=1,
                                sublinear_tf=True, max_features=200_000),
            ),
        ]
    )
    clf = LogisticRegression(max_iter=2000, C=5.0, class_weight="balanced", random_state=seed)
    return Pipeline([("features", features), ("clf", clf)])


def train(labels_csv: Path, out: Path, test_size: float = 0.2, seed: int = 0) -> dict[str, float]:
    """Fit a model on coded rows, save it to `out`, and return held-out metrics.

    Metrics come from a stratified split (when every label has two rows or
    more); the saved model is then refitted on all rows.
    """
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import train_test_split

    df = _read_labels(Path(labels_csv))
    counts = df["label"].value_counts()
    stratify = df["label"] if counts.min() >= 2 else None
    min_test = df["label"].nunique() if stratify is not None else 1
    n_test = max(round(len(df) * test_size), min_test)
    metrics: dict[str, float] = {"n_rows": float(len(df)), "n_labels": float(len(counts))}
    if len(df) - n_test >= 2:
        x_tr, x_te, y_tr, y_te = train_test_split(
            df["text"], df["label"], test_size=n_test, random_state=seed, stratify=stratify
        )
        held = _pipeline(seed).fit(list(x_tr), list(y_tr))
        pred = held.predict(list(x_te))
        metrics.update(
            n_test=float(len(x_te)),
            accuracy=float(accuracy_score(y_te, pred)),
            weighted_f1=float(f1_score(y_te, pred, average="weighted", zero_division=0)),
            macro_f1=float(f1_score(y_te, pred, average="macro", zero_division=0)),
        )
    pipeline = _pipeline(seed).fit(list(df["text"]), list(df["label"]))
    model = TextModel(pipeline, tuple(pipeline.classes_), metrics)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    with tmp.open("wb") as fh:
        pickle.dump({"format": MODEL_FORMAT, "model": model}, fh)
    tmp.replace(out)
    log.info("model trained on %d rows, saved to %s: %s", len(df), out, metrics)
    return metrics


def load_model(path: Path) -> TextModel:
    """Load a model saved by `train` (a pickle: only load files you made yourself)."""
    with Path(path).open("rb") as fh:
        payload = pickle.load(fh)
    if not isinstance(payload, dict) or payload.get("format") != MODEL_FORMAT:
        raise ModelError(f"{path}: not an eventdata model (format {MODEL_FORMAT})")
    return payload["model"]


def combine(rule: Classification, model_pred: tuple[str | None, float],
            adopt_threshold: float = 0.8) -> Classification:
    """Merge the rule answer with a model prediction.

    Blockers always come from the rules (the model cannot read scope words).
    Agreement raises confidence; a confident model fills in a type the rules
    missed; on disagreement the rule type stays unless the model is clearly
    more confident, and confidence drops so the coding surfaces for review.
    """
    label, prob = model_pred
    if label == rule.sub_event_type:
        conf = 1.0 - (1.0 - rule.confidence) * (1.0 - prob)
        return replace(rule, confidence=round(min(conf, 0.99), 3))
    cues = (*rule.cues, "model")
    if rule.sub_event_type is None and not rule.blockers:
        if label is not None and prob >= adopt_threshold:
            return Classification(label, round(prob * 0.7, 3), (), cues)
        return replace(rule, confidence=round(rule.confidence * (1.0 - 0.5 * prob), 3))
    if label is not None and rule.sub_event_type is not None and prob >= adopt_threshold \
            and prob > rule.confidence + 0.2:
        return Classification(label, round(prob * 0.6, 3), rule.blockers, cues)
    return replace(rule, confidence=round(rule.confidence * (1.0 - 0.4 * prob), 3))
