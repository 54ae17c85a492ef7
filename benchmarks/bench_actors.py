"""Throughput of actor assignment on news-like sentences.

The pipeline budget is >= 200 reports/s end to end on 2 cores; actors are
assigned per event mention, so they must cost well under 0.1 ms a call.
Run: .venv/bin/python benchmarks/bench_actors.py
"""

from __future__ import annotations

import datetime as dt
import time

from eventdata.extract.actors import _lexicon, assign_actors

CASES: list[tuple[str, str, str]] = [
    ("Peaceful protest", "KAZ",
     "On Tuesday several hundred oil workers and women gathered at the central square of "
     "Zhanaozen in the Mangystau region demanding the release of colleagues detained in Astana."),
    ("Protest with intervention", "KEN",
     "Riot police fired tear gas to disperse hundreds of students who had blocked the main "
     "highway in Nairobi to protest against fee increases, witnesses said."),
    ("Attack", "NGA",
     "Suspected Fulani herdsmen killed at least 12 villagers and burned dozens of homes in an "
     "overnight raid on a farming community in Benue state, police said on Sunday."),
    ("Air/drone strike", "UKR",
     "A Russian drone strike hit a residential building in Kharkiv early on Monday, killing two "
     "civilians and wounding nine others, the regional governor said."),
    ("Armed clash", "SYR",
     "Syrian army troops clashed with Hayat Tahrir al-Sham fighters near the town of Saraqeb in "
     "Idlib province, leaving several dead on both sides, a war monitor reported."),
    ("Attack", "COD",
     "BUNIA - Fighters of the CODECO militia attacked a displacement camp at Plaine Savo, in "
     "Djugu territory, on Tuesday night, killing 14 displaced people, according to local "
     "civil society."),
    ("Violent demonstration", "FRA",
     "Hundreds of thousands of people marched across France on Thursday against the pension "
     "reform, and some black-clad demonstrators threw projectiles at police in Paris."),
    ("Arrests", "TUR",
     "Turkish police detained a journalist and two lawyers in Istanbul on charges of "
     "spreading disinformation, their union said."),
]


def main(n: int = 20_000) -> None:
    t0 = time.perf_counter()
    _lexicon()
    load = time.perf_counter() - t0
    day = dt.date(2023, 4, 11)
    t0, c0 = time.perf_counter(), time.process_time()
    for i in range(n):
        sub, iso3, text = CASES[i % len(CASES)]
        assign_actors(text, sub, "", iso3, day)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    # CPU time too: on a shared machine the wall clock measures the neighbours.
    print(f"load {load * 1000:.0f} ms; {n} calls in {elapsed:.2f} s = {n / elapsed:,.0f} calls/s "
          f"(CPU: {n / cpu:,.0f} calls/s)")


if __name__ == "__main__":
    main()
