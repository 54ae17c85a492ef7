"""`eventdata eval`: the real coder, wired into the scoring harness of `eventdata.evaluate`.

Snippets are coded as one-report texts by the full coder (not the classifier
alone), so the figures measure what a release would contain.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from eventdata.codecmd import code_frame
from eventdata.run import load_model_cached


def snippet_predictor(model: Any | None = None) -> Callable[[list[str]], list[str | None]]:
    """Each text coded as a report; its most confident event's sub-event type, or None."""

    def predict(texts: list[str]) -> list[str | None]:
        ids = [hashlib.sha256(f"{i}\0{t}".encode()).hexdigest()[:32] for i, t in enumerate(texts)]
        reports = pd.DataFrame(
            {
                "report_id": ids,
                "report_ref": [f"snippet#{i + 1}" for i in range(len(texts))],
                "title": None, "source": None, "source_scale": None, "url": None,
                "published": None, "language": "en", "country": None,
                "text": texts, "encoding": "utf-8", "problems": "",
            }
        )  # fmt: skip
        events = code_frame(reports, model=model)
        best: dict[str, str] = {}
        if len(events):
            top = events.sort_values("confidence", ascending=False).drop_duplicates("report_ref")
            best = dict(zip(top["report_ref"], top["sub_event_type"], strict=True))
        return [best.get(f"snippet#{i + 1}") for i in range(len(texts))]

    return predict


def eval_command(
    gold_dirs: list[Path],
    snippets: Path | None,
    model_path: Path | None,
    write: Callable[[str], None],
) -> int:
    """Score snippets and/or gold folders; several folders are also pooled for days and places.

    Why pooled: the days-and-places targets are shares of events, and a share over
    several small sets is not the mean of their shares.
    """
    from eventdata.evaluate import format_scores, load_gold, score_articles, score_snippets
    from eventdata.placement import format_placement, gazetteer_point, score_placement

    model = load_model_cached(model_path) if model_path else None
    if not gold_dirs and not snippets:
        write("give a GOLD_DIR of reports with .gold.json files, or --snippets FILE.csv")
        return 2
    if snippets:
        write(format_scores(score_snippets(snippets, snippet_predictor(model))))
    pooled_gold: list[pd.DataFrame] = []
    pooled_pred: list[pd.DataFrame] = []
    coded: list[pd.DataFrame] = []  # the coded events of each folder, in order

    def code(df: pd.DataFrame) -> pd.DataFrame:
        coded.append(code_frame(df, model=model))
        return coded[-1]

    for gold_dir in gold_dirs:
        if len(gold_dirs) > 1:
            write(f"# {gold_dir}")
        write(format_scores(score_articles(gold_dir, code)))
        gold = load_gold(gold_dir).events
        write(format_placement(score_placement(gold, coded[-1], gazetteer_point)))
        # report_ref names a file inside its folder: keep them apart when pooling
        pooled_gold.append(gold.assign(report_ref=gold_dir.name + "/" + gold["report_ref"]))
        pooled_pred.append(coded[-1].assign(
            report_ref=gold_dir.name + "/" + coded[-1]["report_ref"].astype(str)))
    if len(gold_dirs) > 1:
        write(f"# all {len(gold_dirs)} folders pooled")
        write(format_placement(score_placement(pd.concat(pooled_gold, ignore_index=True),
                                               pd.concat(pooled_pred, ignore_index=True),
                                               gazetteer_point)))
    return 0
