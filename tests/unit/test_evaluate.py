"""Unit tests of the evaluation harness, with fake coders and tiny gold sets."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from eventdata import evaluate as ev

REPO = Path(__file__).resolve().parents[2]


def _write_snippets(path: Path, rows: list[tuple[str, str]]) -> Path:
    pd.DataFrame(rows, columns=["text", "sub_event_type"]).to_csv(path, index=False)
    return path


@pytest.fixture
def snippets(tmp_path: Path) -> Path:
    return _write_snippets(tmp_path / "s.csv", [
        ("Hundreds marched in Nairobi.", "Peaceful protest"),
        ("Police fired tear gas at marchers.", "Protest with intervention"),
        ("Troops clashed with rebels.", "Armed clash"),
        ("A storm flattened homes.", ""),
        ("The minister met his counterpart.", ""),
    ])


def test_perfect_predictor_scores_one(snippets: Path) -> None:
    gold = ev.load_snippets(snippets)["label"].tolist()
    s = ev.score_snippets(snippets, lambda texts: [None if g == "none" else g for g in gold])
    assert s.accuracy == s.weighted_f1 == s.macro_f1 == s.no_event_rate == 1.0
    assert s.errors.empty


def test_always_none_predictor(snippets: Path) -> None:
    s = ev.score_snippets(snippets, lambda texts: [None] * len(texts))
    assert s.accuracy == pytest.approx(2 / 5)
    assert s.no_event_rate == 1.0
    assert s.detection_recall == 0.0
    # only 'none' has a non-zero F1: P = 2/5, R = 1 -> F1 = 4/7, weighted by 2 of 5
    assert s.weighted_f1 == pytest.approx((4 / 7) * 2 / 5)
    assert s.per_class.loc["Armed clash", "recall"] == 0.0


def test_sub_type_confusion_keeps_event_type_credit(snippets: Path) -> None:
    preds = ["Protest with intervention", "Protest with intervention", "Armed clash",
             "Peaceful protest", None]
    s = ev.score_snippets(snippets, lambda texts: preds)
    assert s.accuracy == pytest.approx(3 / 5)
    # two protest rows are right at event-type level, the storm is not
    assert s.event_type_accuracy == pytest.approx(4 / 5)
    assert s.no_event_rate == pytest.approx(1 / 2)
    assert s.confusion.loc["Peaceful protest", "Protest with intervention"] == 1
    assert s.detection_precision == pytest.approx(3 / 4)


def test_unknown_gold_label_fails_loudly(tmp_path: Path) -> None:
    path = _write_snippets(tmp_path / "bad.csv", [("x y z", "Peacefull protest")])
    with pytest.raises(ValueError, match="not in the taxonomy"):
        ev.load_snippets(path)


def test_wrong_length_prediction_fails(snippets: Path) -> None:
    with pytest.raises(ValueError, match="returned"):
        ev.score_snippets(snippets, lambda texts: [None])


# ----------------------------------------------------------------- articles

def _event(**kw: object) -> dict[str, object]:
    base: dict[str, object] = {
        "event_date": "2023-04-11", "time_precision": 1, "event_type": "Protests",
        "sub_event_type": "Peaceful protest", "actor1": "Protesters (Kazakhstan)",
        "actor2": "", "assoc_actor_1": "Labor Group (Kazakhstan)", "assoc_actor_2": "",
        "country": "Kazakhstan", "admin1": "Mangystau", "location": "Zhanaozen",
        "geo_precision": 1, "fatalities": 0, "tags": "crowd size=several hundred",
    }
    base.update(kw)
    return base


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    d = tmp_path / "articles"
    d.mkdir()
    (d / "a.md").write_text("---\ntitle: A\npublished: 2023-04-12\ncountry: Kazakhstan\n---\n"
                            "Workers rallied.\n", encoding="utf-8")
    (d / "a.gold.json").write_text(json.dumps({"report": "a.md", "events": [
        _event(),
        _event(event_date="2023-04-10", sub_event_type="Arrests",
               event_type="Strategic developments", actor1="Police Forces of Kazakhstan (2019-)",
               admin1="Astana", location="Astana"),
    ]}), encoding="utf-8")
    (d / "b.md").write_text("No event here.\n", encoding="utf-8")
    (d / "b.gold.json").write_text(json.dumps({"report": "b.md", "events": []}), encoding="utf-8")
    return d


def _coder_from(events: list[dict[str, object]]) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def code(reports: pd.DataFrame) -> pd.DataFrame:
        assert set(ev.REPORT_COLUMNS) <= set(reports.columns)
        return pd.DataFrame(events)
    return code


def test_perfect_coder(gold_dir: Path) -> None:
    gold = json.loads((gold_dir / "a.gold.json").read_text())["events"]
    s = ev.score_articles(gold_dir, _coder_from([{**e, "report_ref": "a.md"} for e in gold]))
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)
    assert (s.field_accuracy["accuracy"] == 1.0).all()


def test_spurious_and_missed_events(gold_dir: Path) -> None:
    preds = [
        {**_event(fatalities=2, location="Zhanaozen "), "report_ref": "a.md"},  # match
        {**_event(event_date="2023-04-09"), "report_ref": "a.md"},  # wrong day
        {**_event(), "report_ref": "b.md"},  # in a no-event report
    ]
    s = ev.score_articles(gold_dir, _coder_from(preds))
    assert (s.n_gold, s.n_pred, s.n_matched) == (2, 3, 1)
    assert s.precision == pytest.approx(1 / 3)
    assert s.recall == pytest.approx(1 / 2)
    assert s.field_accuracy.loc["fatalities", "accuracy"] == 0.0
    assert s.field_accuracy.loc["location", "accuracy"] == 1.0
    assert s.missed["sub_event_type"].tolist() == ["Arrests"]
    assert s.per_event_type.loc["Protests", "pred"] == 3


def test_region_only_gold_matches_on_admin1(gold_dir: Path) -> None:
    doc = {"report": "a.md", "events": [_event(location="Aktau", geo_precision=3)]}
    (gold_dir / "a.gold.json").write_text(json.dumps(doc))
    pred = [{**_event(location="Zhanaozen"), "report_ref": "a.md"}]
    assert ev.score_articles(gold_dir, _coder_from(pred)).n_matched == 1
    doc["events"][0]["geo_precision"] = 1
    (gold_dir / "a.gold.json").write_text(json.dumps(doc))
    assert ev.score_articles(gold_dir, _coder_from(pred)).n_matched == 0


def test_matching_is_one_to_one_and_prefers_best_pair() -> None:
    gold = pd.DataFrame([_event(actor1="A"), _event(actor1="B")], dtype=object)
    pred = pd.DataFrame([_event(actor1="B"), _event(actor1="A"), _event(actor1="A")],
                        dtype=object)
    pairs = ev.match_events(gold, pred)
    assert sorted(pairs) == [(0, 1), (1, 0)]


def test_assoc_actors_compare_as_sets() -> None:
    a = ev._norm_field("assoc_actor_1", "Women (Kenya); Labor Group (Kenya)")
    b = ev._norm_field("assoc_actor_1", "labor group (kenya);Women (Kenya)")
    assert a == b
    assert ev._norm_field("fatalities", 3.0) == ev._norm_field("fatalities", "3")
    assert ev._norm_field("event_date", pd.Timestamp("2023-04-11")) == "2023-04-11"


def test_bad_gold_fails_loudly(tmp_path: Path) -> None:
    (tmp_path / "x.md").write_text("---\npublished: 2023-04-01\n---\ntext\n")
    bad = _event(sub_event_type="Armed clash")  # not a Protests sub-type
    (tmp_path / "x.gold.json").write_text(json.dumps({"report": "x.md", "events": [bad]}))
    with pytest.raises(ValueError, match="is not a"):
        ev.load_gold(tmp_path)
    (tmp_path / "x.gold.json").write_text(json.dumps({"report": "x.md", "events": [_event()]}))
    with pytest.raises(ValueError, match="after the report"):
        ev.load_gold(tmp_path)


def test_feed_refs_and_unscored(tmp_path: Path) -> None:
    lines = [{"text": "one", "published": "2023-04-11"}, {"text": "two"}]
    (tmp_path / "f.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    ev_ = {**_event(), "report_ref": "f.jsonl#L2"}
    (tmp_path / "f.gold.json").write_text(json.dumps({"report": "f.jsonl", "events": [ev_]}))
    seen: list[list[str]] = []

    def code(reports: pd.DataFrame) -> pd.DataFrame:
        seen.append(reports["report_ref"].tolist())
        return pd.DataFrame([ev_, {**ev_, "report_ref": "f.jsonl#L1"},
                             {**ev_, "report_ref": "other.md"}])

    s = ev.score_articles(tmp_path, code)
    assert seen == [["f.jsonl#L1", "f.jsonl#L2"]]
    assert (s.n_matched, s.n_pred, s.n_unscored) == (1, 2, 1)


def test_reports_root_points_gold_at_another_folder(tmp_path: Path) -> None:
    (tmp_path / "raw").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "raw" / "r.txt").write_text("---\npublished: 2023-04-01\n---\nbody\n")
    doc = {"report": "r.txt", "reports_root": "../raw", "events": [_event()]}
    (tmp_path / "gold" / "r.txt.gold.json").write_text(json.dumps(doc))
    with pytest.raises(ValueError, match="after the report"):  # it did read the report's date
        ev.load_gold(tmp_path / "gold")
    doc["events"][0]["event_date"] = "2023-03-30"
    (tmp_path / "gold" / "r.txt.gold.json").write_text(json.dumps(doc))
    pred = [{**doc["events"][0], "report_ref": "r.txt"}]
    s = ev.score_articles(tmp_path / "gold", _coder_from(pred))
    assert s.n_matched == 1


def test_html_reader_drops_scripts(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_text(
        "<html><head><meta property='article:published_time' content='2023-05-02'>"
        "<script>var x = 'Police fired';</script></head><body><nav><p>Home</p></nav>"
        "<article><h1>Title</h1><p>First para.</p><p>Second para.</p></article></body></html>")
    df = ev.read_reports([tmp_path / "p.html"], tmp_path)
    row = df.iloc[0]
    assert row["text"].endswith("First para.\n\nSecond para.")
    assert "Police fired" not in row["text"] and "Home" not in row["text"]
    assert row["published"] == "2023-05-02" and row["title"] == "Title"


def test_format_scores_renders_both(snippets: Path, gold_dir: Path) -> None:
    s = ev.score_snippets(snippets, lambda texts: [None] * len(texts))
    text = ev.format_scores(s)
    assert "| Armed clash |" in text and "weighted F1" in text
    a = ev.score_articles(gold_dir, _coder_from([]))
    out = ev.format_scores(a)
    assert "Missed gold events" in out and "| a.md |" in out
    assert "| gold events | 2 |" in out  # counts stay integers


@pytest.mark.parametrize("sub", ["eval", "tests/fixtures/expected"])
def test_project_gold_loads(sub: str) -> None:
    """The shipped gold itself must pass the loader's checks."""
    gold = REPO / sub / ("articles" if sub == "eval" else "")
    if not any(gold.glob("*.gold.json")):
        pytest.skip("no gold yet")
    gs = ev.load_gold(gold)  # fixtures find raw/ through their reports_root
    assert len(gs.events) > 0 and gs.reports_dir is not None
    for r in gs.reports:
        assert (gs.reports_dir / r).exists(), r


def test_project_snippets_cover_taxonomy() -> None:
    path = REPO / "eval" / "snippets.csv"
    if not path.exists():
        pytest.skip("no snippets yet")
    df = ev.load_snippets(path)
    counts = df["label"].value_counts()
    assert len(df) >= 300 and counts.get("none", 0) >= 60
    assert {k: int(counts.get(k, 0)) for k in ev.taxonomy() if counts.get(k, 0) < 8} == {}
    assert not df["text"].duplicated().any()


def test_field_disagreements_lists_only_wrong_fields() -> None:
    from eventdata.evaluate import FIELDS, field_disagreements

    gold = {f"gold_{f}": "" for f in FIELDS} | {"gold_report_ref": "a.txt",
                                                 "gold_event_date": "2024-01-02"}
    pred = {f"pred_{f}": "" for f in FIELDS}
    pairs = pd.DataFrame([gold | pred | {"gold_fatalities": 3, "pred_fatalities": 1,
                                         "pred_event_date": "2024-01-02",
                                         "gold_location": "Goma", "pred_location": "goma"}])
    out = field_disagreements(pairs)
    assert out[["field", "gold", "predicted"]].values.tolist() == [["fatalities", "3", "1"]]


def test_place_names_agree_across_romanisations_not_across_places() -> None:
    from eventdata.evaluate import _norm_place

    assert _norm_place("Dan Sadau") == _norm_place("Dansadau")
    assert _norm_place("At Tarmiyah") == _norm_place("Tarmiyah")
    assert _norm_place("Turmusayya") == _norm_place("Turmus Ayya")
    assert _norm_place("Gusau") != _norm_place("Dansadau")
    assert _norm_place("Saraqeb") == _norm_place("Saraqib")
    assert _norm_place("Gonder") == _norm_place("Gondar")
    assert _norm_place("Kale") != _norm_place("Kalemyo")
    assert _norm_place("Bama") != _norm_place("Bima")  # short names keep their vowels


def test_day_found_counts_gold_days_of_the_right_type() -> None:
    from eventdata.evaluate import _days_found

    gold = pd.DataFrame({"report_ref": ["a", "a"], "event_type": ["Battles", "Protests"],
                         "event_date": ["2024-01-02", "2024-01-03"], "time_precision": [1, 2]})
    pred = pd.DataFrame({"report_ref": ["a", "a"], "event_type": ["Battles", "Protests"],
                         "event_date": ["2024-01-02", "2024-01-03"], "time_precision": [1, 1]})
    assert _days_found(gold, pred) == {"day_found": 1.0, "day_and_precision_found": 0.5}


def _one_report_set(folder: Path, town: str, admin1: str) -> Path:
    folder.mkdir()
    (folder / "r.md").write_text(
        "---\ntitle: Clash\npublished: 2024-05-10\ncountry: Nigeria\n---\n"
        f"Soldiers clashed with gunmen in {town} on Tuesday, killing four.\n", encoding="utf-8")
    (folder / "r.gold.json").write_text(json.dumps({"report": "r.md", "events": [{
        "event_date": "2024-05-07", "time_precision": 1, "event_type": "Battles",
        "sub_event_type": "Armed clash", "actor1": "Military Forces of Nigeria (2023-)",
        "actor2": "Unidentified Armed Group (Nigeria)", "assoc_actor_1": "",
        "assoc_actor_2": "", "country": "Nigeria", "admin1": admin1, "location": town,
        "geo_precision": 1, "fatalities": 4, "tags": ""}]}), encoding="utf-8")
    return folder


def test_several_gold_folders_are_also_pooled(tmp_path: Path) -> None:
    from eventdata.evalcmd import eval_command

    a = _one_report_set(tmp_path / "a", "Maiduguri", "Borno")
    b = _one_report_set(tmp_path / "b", "Kaduna", "Kaduna")
    out: list[str] = []
    assert eval_command([a, b], None, None, out.append) == 0
    text = "\n".join(out)
    assert "# all 2 folders pooled" in text
    pooled = text.split("# all 2 folders pooled", 1)[1]
    # both folders' one report is called r.md: kept apart, both aligned
    assert "| gold events | 2 |" in pooled and "| aligned with a prediction | 2 |" in pooled
