"""The optional learned model trains on a user's rows, saves, loads and combines."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest

from eventdata.learn import ModelError, combine, load_model, train
from eventdata.types import Classification

PROTEST = ["marched", "rallied", "gathered", "picketed", "demonstrated"]
STRIKE = ["air strike", "warplanes bombed", "drone strike", "jets struck", "airstrike"]
PLACES = ["Aktau", "Kano", "Gao", "Homs", "Kandahar", "Goma", "Mosul", "Osh"]


def _rows(n: int, seed: int = 1) -> pd.DataFrame:
    rnd = random.Random(seed)
    rows = []
    for _ in range(n):
        place = rnd.choice(PLACES)
        rows.append({"notes": f"Hundreds of workers {rnd.choice(PROTEST)} in {place}.",
                     "sub_event_type": "Peaceful protest"})
        rows.append({"notes": f"An {rnd.choice(STRIKE)} hit a house in {place}.",
                     "sub_event_type": "Air/drone strike"})
        rows.append({"notes": f"The governor of {place} opened a new school.",
                     "sub_event_type": ""})
    return pd.DataFrame(rows)


def test_train_save_load_predict(tmp_path: Path) -> None:
    csv = tmp_path / "coded.csv"
    _rows(30).to_csv(csv, index=False)
    metrics = train(csv, tmp_path / "model" / "m.pkl")
    assert metrics["n_rows"] == 90
    assert metrics["macro_f1"] > 0.8
    model = load_model(tmp_path / "model" / "m.pkl")
    preds = model.predict([
        "Dozens of nurses rallied in Osh.",
        "A drone strike hit a house in Gao.",
        "The governor of Kano opened a new school.",
    ])
    assert [p[0] for p in preds] == ["Peaceful protest", "Air/drone strike", None]
    assert all(0.0 <= p[1] <= 1.0 for p in preds)


def test_text_column_is_accepted(tmp_path: Path) -> None:
    csv = tmp_path / "coded.csv"
    _rows(10).rename(columns={"notes": "text"}).to_csv(csv, index=False)
    assert train(csv, tmp_path / "m.pkl")["n_labels"] == 3


def test_unknown_label_fails(tmp_path: Path) -> None:
    csv = tmp_path / "coded.csv"
    df = _rows(5)
    df.loc[0, "sub_event_type"] = "Picnic"
    df.to_csv(csv, index=False)
    with pytest.raises(ModelError, match="Picnic"):
        train(csv, tmp_path / "m.pkl")


def test_not_a_model_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pkl"
    import pickle

    bad.write_bytes(pickle.dumps({"something": 1}))
    with pytest.raises(ModelError):
        load_model(bad)


def test_combine_agreement_raises_confidence() -> None:
    rule = Classification("Peaceful protest", 0.6, (), ("rallied",))
    out = combine(rule, ("Peaceful protest", 0.7))
    assert out.sub_event_type == "Peaceful protest"
    assert out.confidence > 0.6


def test_combine_keeps_rule_blockers() -> None:
    rule = Classification("Peaceful protest", 0.3, ("plan",), ("protest",))
    out = combine(rule, ("Peaceful protest", 0.99))
    assert out.blockers == ("plan",)


def test_combine_fills_a_confident_gap_and_flags_doubt() -> None:
    missed = Classification(None, 0.95)
    adopted = combine(missed, ("Air/drone strike", 0.9))
    assert adopted.sub_event_type == "Air/drone strike"
    assert adopted.confidence < 0.9
    disagree = combine(Classification("Attack", 0.8, (), ("killed",)), ("Armed clash", 0.7))
    assert disagree.sub_event_type == "Attack"
    assert disagree.confidence < 0.8
