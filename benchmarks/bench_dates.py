"""Speed of date finding on news-like sentences.

The pipeline must code >= 200 reports/s on 2 cores, and every sentence of a
report goes through ``find_dates``; this measures sentences per second for
sentences without dates (the cheap pre-check path) and for a realistic mix.
Run by hand: ``.venv/bin/python benchmarks/bench_dates.py``.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import time

from eventdata.normalise.dates import find_dates, parse_published, reference_date

log = logging.getLogger("bench_dates")

# Sentences written for this benchmark in the style of wire reports.
_PLAIN = [
    "Several hundred people gathered at the central square demanding the release of detained "
    "colleagues.",
    "Police said they had detained dozens of oil workers who had travelled to the capital.",
    "The workers were demanding jobs after their company lost a tender for service contracts.",
    "Local activists say there are between 1,000 and 2,000 people there, and police figures "
    "are not available.",
    "The interior ministry did not respond to a request for comment.",
    "Witnesses said security forces fired tear gas and rubber bullets to disperse the crowd.",
    "An opposition spokesman accused the government of using excessive force against "
    "peaceful demonstrators.",
    "The regional governor met representatives of the protesters and promised to consider "
    "their demands.",
    "Shops in the town centre remained closed and public transport was suspended.",
    "The United Nations called on all sides to exercise restraint and respect human rights.",
    "Gunmen stormed a village and abducted at least 12 residents, local officials said.",
    "The army said its troops had repelled an attack on a military base near the border.",
    "Militants fired mortars at a government position, killing two soldiers.",
    "Farmers blocked the highway with tractors to protest against rising fuel prices.",
    "The group, which has been designated a terrorist organisation, did not claim the attack.",
    "Residents said the shelling lasted for several hours and destroyed dozens of homes.",
]
_DATED = [
    "On Tuesday, several hundred people gathered at the central square in the region.",
    "Earlier today, a group of employees was detained in the capital for an unsanctioned rally.",
    "Last week, hundreds of former oil workers gathered outside the company's offices.",
    "On 2nd January 2022, protesters in the town started rallies that spread nationwide.",
    "Clashes broke out overnight between police and residents in the eastern district.",
    "Gunmen killed three farmers on Sunday night, a local official said on Monday.",
    "The protest, which began on 10 April, continued for a third day, witnesses said.",
    "In 2011, police opened fire on striking oil workers, killing at least 14 people.",
    "Between 10 and 12 April, students staged sit-ins at several universities.",
    "The ministry said on April 11, 2023 that 45 people had been arrested since early April.",
    "Two days ago, soldiers clashed with militants near the village, the army said.",
    "Demonstrations have been held over the weekend in at least five cities.",
    "The attack, reported on 11.04.2023, was the deadliest since late December.",
    "A drone strike hit the convoy the previous day, killing four fighters.",
    "Hundreds marched in the capital yesterday, the third protest this week.",
    "Police dispersed the rally at 10:30 after 24 hours of sit-in, detaining 1,000 people.",
]


def _sentences(n: int, dated_share: float, seed: int = 7) -> list[str]:
    """A reproducible mix of plain and dated sentences."""
    rng = random.Random(seed)
    return [rng.choice(_DATED if rng.random() < dated_share else _PLAIN) for _ in range(n)]


def _rate(sentences: list[str], ref: dt.date | None) -> tuple[float, int]:
    """Sentences per second and the number of mentions found (best of three runs)."""
    best = float("inf")
    found = 0
    for _ in range(3):
        t0 = time.perf_counter()
        found = sum(len(find_dates(s, ref)) for s in sentences)
        best = min(best, time.perf_counter() - t0)
    return len(sentences) / best, found


def main() -> None:
    """Print the measured rates."""
    ref = dt.date(2023, 4, 11)
    find_dates("warm up on Tuesday", ref)  # compile once, outside the timing
    for label, share in (("no dates", 0.0), ("realistic mix (30% dated)", 0.3),
                         ("all dated", 1.0)):
        rate, found = _rate(_sentences(10_000, share), ref)
        print(f"{label:28s} {rate:10,.0f} sentences/s  ({found} mentions)")
    values = ["2023-04-11T10:00:00+05:00", "Tue, 11 Apr 2023 10:00:00 +0000", "11 April 2023",
              "11.04.2023", "1681207200", "not a date"] * 1000
    t0 = time.perf_counter()
    for value in values:
        parse_published(value, now=ref)
    print(f"{'parse_published':28s} {len(values) / (time.perf_counter() - t0):10,.0f} values/s")
    report = " ".join(_sentences(30, 0.3))
    t0 = time.perf_counter()
    for _ in range(1000):
        reference_date(None, report)
    print(f"{'reference_date (30 sent.)':28s} {1000 / (time.perf_counter() - t0):10,.0f} "
          "reports/s")


if __name__ == "__main__":
    main()
