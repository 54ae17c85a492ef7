"""Throughput of `eventdata code` on short news snippets (issue target: >= 500 snippets/s).

Feeds N snippets as JSONL on stdin to the CLI in a subprocess and times it end to end
(start-up and gazetteer load included). The snippets are the project's evaluation
snippets (eval/snippets.csv), each made unique by a suffix so no cache can help.
Run: .venv/bin/python benchmarks/bench_code.py [--n 5000]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=5000)
    args = ap.parse_args()
    with (ROOT / "eval" / "snippets.csv").open(encoding="utf-8", newline="") as fh:
        texts = [row["text"] for row in csv.DictReader(fh)]
    lines = [
        json.dumps({"text": f"{texts[i % len(texts)]} (item {i})", "published": "2024-05-10"})
        for i in range(args.n)
    ]
    payload = ("\n".join(lines) + "\n").encode("utf-8")
    cli = [str(ROOT / ".venv" / "bin" / "eventdata"), "code", "-"]
    start = time.perf_counter()
    done = subprocess.run(cli, input=payload, capture_output=True, check=True)
    wall = time.perf_counter() - start
    events = done.stdout.count(b"\n")
    load = os.getloadavg()[0]
    sys.stdout.write(
        f"{args.n} snippets, {events} events, {wall:.2f} s wall, {args.n / wall:.0f} snippets/s "
        f"(load average {load:.2f}, one process, start-up included)\n"
    )


if __name__ == "__main__":
    main()
