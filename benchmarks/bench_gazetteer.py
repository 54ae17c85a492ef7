"""Measure gazetteer load time, key lookups/s and sentence locates/s.

Why: place resolution runs on every sentence; the pipeline's budget is 200
reports/s on 2 cores, so load must stay under a second and lookups cheap.
Run: ``python benchmarks/bench_gazetteer.py``.
"""

from __future__ import annotations

import subprocess
import sys
import time

from eventdata.normalise.gazetteer import load_gazetteer
from eventdata.normalise.places import PlaceContext, locate
from eventdata.normalise.spelling import spelling_key

NAMES = ["Zhanaozen", "Janaozen", "Mangystau region", "Nur-Sultan", "Aleppo", "Kabul",
         "Mogadishu", "Lagos", "Kharkiv", "Tripoli", "Nowhereville", "Port Harcourt"]
REPORT = (
    "On Tuesday, several hundred people gathered at the central square in the region of "
    "Mangystau in southwestern Kazakhstan to demand the release of workers detained in "
    "Astana. In Astana, police detained dozens of oil workers from the town of Zhanaozen. "
    "Women in Zhanaozen staged a protest demanding jobs for their sons. Clashes were reported "
    "near Aktau. Police said the situation was calm."
)


def main() -> None:
    """Print load time (fresh process), lookups/s, contexts/s and locates/s."""
    code = ("import time; t=time.perf_counter(); "
            "from eventdata.normalise.gazetteer import load_gazetteer; load_gazetteer(); "
            "print(time.perf_counter()-t)")
    load_gazetteer()  # make sure it is built
    fresh = float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout)
    gaz = load_gazetteer()
    n = 200_000
    keys = [spelling_key(x) for x in NAMES]
    t = time.perf_counter()
    for k in range(n):
        gaz.lookup(keys[k % len(keys)])
    lookups = n / (time.perf_counter() - t)
    t = time.perf_counter()
    for k in range(n // 4):
        gaz.lookup_name(NAMES[k % len(NAMES)])
    named = (n // 4) / (time.perf_counter() - t)
    reps = 500
    sentences = REPORT.split(". ")
    t = time.perf_counter()
    for _ in range(reps):
        ctx = PlaceContext.from_text(REPORT, country_hint="Kazakhstan")
        for s in sentences:
            locate(s, ctx)
    reports = reps / (time.perf_counter() - t)
    sys.stdout.write(
        f"load (fresh process, incl. imports): {fresh:.3f} s\n"
        f"key lookups/s: {lookups:,.0f}\n"
        f"name lookups/s (spelling key + lookup): {named:,.0f}\n"
        f"reports/s (context + locate every sentence, 6 sentences): {reports:,.0f}\n")


if __name__ == "__main__":
    main()
