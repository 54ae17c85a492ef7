"""`make bench`: the end-to-end benchmark, then the per-module micro-benchmarks.

The end-to-end figures (benchmarks/RESULTS.md) are the ones the targets are
about; the micro-benchmarks help find which coder module a slow run comes from.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MICRO = ["bench_classify.py", "bench_dates.py", "bench_actors.py", "bench_gazetteer.py"]

log = logging.getLogger("run_all")


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    sys.path.insert(0, str(HERE))
    from bench_pipeline import main as bench_pipeline

    code = bench_pipeline(argv)
    for name in MICRO:
        if (HERE / name).is_file():
            log.info("== %s", name)
            code |= subprocess.call([sys.executable, str(HERE / name)])
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
