"""Accuracy and speed of the sentence classifier and the number reader, run by hand.

Accuracy is measured on the development set (tests/fixtures/dev_snippets.csv),
which the lexicon was written against: it shows regressions, not real-world
quality (the held-out set lives elsewhere). A blocked answer counts as "no
event", because that is what the coder does with it. Speed is measured on the
same sentences repeated, with the classifier's cache disabled, so the figure is
the cost of a sentence never seen before.

    .venv/bin/python benchmarks/bench_classify.py [--errors] [--no-speed] [--dev A.csv B.csv]

A sentence counts as an event only when the coder would keep it: a type, no
blocker, and confidence at or above the coder's `min_mention_confidence`.
"""

from __future__ import annotations

import argparse
import csv
import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eventdata.extract import classify  # noqa: E402
from eventdata.extract.lexicon import lexicon  # noqa: E402
from eventdata.extract.numbers import quantities  # noqa: E402
from eventdata.rules import rules  # noqa: E402

log = logging.getLogger("bench_classify")
DEV = ROOT / "tests" / "fixtures" / "dev_snippets.csv"
NONE = "none"


def load_dev(path: Path = DEV) -> list[tuple[str, str]]:
    """(text, gold label) pairs; the empty label becomes "none"."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [(r["text"], r["sub_event_type"] or NONE) for r in csv.DictReader(fh)]


def effective(text: str) -> str:
    """The label the coder acts on: blocked, empty or too weak answers are "none"."""
    c = classify.classify_sentence(text)
    weak = c.confidence < rules().min_mention_confidence
    return NONE if c.sub_event_type is None or c.blockers or weak else c.sub_event_type


def accuracy(rows: list[tuple[str, str]], show_errors: bool) -> dict[str, float]:
    """Weighted and macro F1 over the 26 labels (25 types + none)."""
    from sklearn.metrics import f1_score

    gold = [g for _, g in rows]
    pred = [effective(t) for t, _ in rows]
    if show_errors:
        for (text, g), p in zip(rows, pred, strict=True):
            if g != p:
                c = classify.classify_sentence(text)
                print(f"GOLD {g:32} PRED {p:32} {c.blockers} {c.cues}\n    {text}")
    labels = sorted(set(gold))
    return {
        "n": len(rows),
        "accuracy": sum(g == p for g, p in zip(gold, pred, strict=True)) / len(rows),
        "weighted_f1": f1_score(gold, pred, labels=labels, average="weighted", zero_division=0),
        "macro_f1": f1_score(gold, pred, labels=labels, average="macro", zero_division=0),
    }


def speed(texts: list[str], seconds: float = 3.0) -> dict[str, float]:
    """Sentences per CPU-second on one core, cache off (every sentence new).

    CPU time, not wall time, so that other work on a shared machine does not
    distort the figure; on 2 cores the coder can run two such workers.
    """
    lex = lexicon()
    raw = classify._classify
    n, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        for t in texts:
            raw(lex, t)
        n += len(texts)
    cls_rate = n / (time.process_time() - start)
    n, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        for t in texts:
            quantities.__wrapped__(t)
        n += len(texts)
    num_rate = n / (time.process_time() - start)
    return {"classify_per_s": cls_rate, "quantities_per_s": num_rate}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", action="store_true", help="print misclassified sentences")
    parser.add_argument(
        "--dev", type=Path, nargs="*", default=[DEV],
        help="labelled CSV files (text,sub_event_type) to score; default: the dev set",
    )
    parser.add_argument("--no-speed", action="store_true", help="skip the speed measurement")
    args = parser.parse_args()
    rows = [row for path in args.dev for row in load_dev(path)]
    t0 = time.perf_counter()
    lexicon()
    print(f"lexicon load: {time.perf_counter() - t0:.3f} s")
    for key, value in accuracy(rows, args.errors).items():
        print(f"{key}: {value:.3f}" if isinstance(value, float) else f"{key}: {value}")
    if args.no_speed:
        return
    for key, value in speed([t for t, _ in rows]).items():
        print(f"{key}: {value:,.0f}")


if __name__ == "__main__":
    main()
