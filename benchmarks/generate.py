"""Synthetic, news-length reports for the pipeline's benchmarks.

The speed and memory targets are about real raw folders: news-length articles
(a dateline lead, follow-ups, quotes, background paragraphs with past years),
many event types and countries, relative dates, several file formats, a few
duplicates and broken feed lines. The sample reports in raw/ are too few and too
short to measure that, so this writes as many as asked, deterministically for a
seed: the same (seed, n) gives byte-identical files, and report i does not
depend on n, so a 10k folder starts with the 1k folder's reports.

Usage: ``.venv/bin/python benchmarks/generate.py OUT_DIR --reports 5000 [--seed 7]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import random
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

log = logging.getLogger("benchmarks.generate")

TEMPLATES = Path(__file__).with_name("templates.yaml")
FEED_LINES = 250  # reports per JSONL feed file
FIRST_DAY = dt.date(2024, 1, 1)
DAYS = 670  # published dates fall in FIRST_DAY .. FIRST_DAY + DAYS
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve", "fifteen", "twenty"]  # fmt: skip
_SLOT = re.compile(r"\{(\w+)\}")

# Shares of the output formats and of special cases (per report).
P_JSONL = 0.4
P_MARKDOWN = 0.1
P_NO_EVENT = 0.1
P_DUPLICATE = 0.01
P_BROKEN_LINE = 0.004


@cache
def templates() -> dict[str, Any]:
    """The vocabularies and templates, read once."""
    with TEMPLATES.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    for key in ("countries", "events", "background", "follow_ups", "when"):
        if not data.get(key):
            raise ValueError(f"{TEMPLATES}: missing or empty {key!r}")
    return data


@dataclass
class Report:
    """One synthetic report: metadata and body (paragraphs joined by blank lines)."""

    index: int
    title: str
    body: str
    meta: dict[str, str]
    kinds: list[str]


def _count(rng: random.Random) -> str:
    n = rng.choice([2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 17, 21, 25, 30, 40])
    if n <= 10 and rng.random() < 0.5:
        return NUMBER_WORDS[n - 2]
    return str(n)


def _when(rng: random.Random, published: dt.date) -> str:
    back = rng.randint(1, 6)
    day = published - dt.timedelta(days=back)
    phrase = rng.choice(templates()["when"])
    if phrase == "yesterday":
        day = published - dt.timedelta(days=1)
    return phrase.format(weekday=WEEKDAYS[day.weekday()], day_month=f"{day.day} {day:%B}")


class _Filler:
    """Fills template slots for one report, so places and actors stay consistent."""

    def __init__(self, rng: random.Random, country: dict[str, Any], published: dt.date) -> None:
        self.rng = rng
        self.country = country
        self.published = published
        self.place, self.admin1 = rng.choice(country["places"])
        others = [p[0] for p in country["places"] if p[0] != self.place] or [self.place]
        self.city = rng.choice(others)
        self.group = rng.choice(country["groups"])

    def new_place(self) -> None:
        self.place, self.admin1 = self.rng.choice(self.country["places"])

    def value(self, slot: str) -> str:
        rng, c, t = self.rng, self.country, templates()
        simple = {
            "place": self.place,
            "admin1": self.admin1,
            "city": self.city,
            "country": c["name"],
            "demonym": c["demonym"],
            "group": self.group,
        }
        if slot in simple:
            return simple[slot]
        if slot in ("n", "n2"):
            return _count(rng)
        if slot == "big":
            return f"{rng.choice([1, 2, 3, 5, 10, 20, 40]) * 100:,}"
        if slot in ("past_year", "past_year2"):
            return str(self.published.year - rng.randint(1, 12))
        if slot == "when":
            return _when(rng, self.published)
        if slot in ("force", "police", "party"):
            return rng.choice(c[slot])
        if slot == "group2":
            return rng.choice(c["groups"])
        if slot in ("role", "role_cap"):
            role = rng.choice(t["roles"])
            return role[0].upper() + role[1:] if slot == "role_cap" else role
        plural = {"crowd": "crowds", "profession": "professions", "grievance": "grievances",
                  "source": "sources"}  # fmt: skip
        if slot in plural:
            return rng.choice(t[plural[slot]])
        raise KeyError(f"unknown template slot {{{slot}}}")

    def fill(self, template: str) -> str:
        text = _SLOT.sub(lambda m: self.value(m.group(1)), template)
        return text[0].upper() + text[1:]


def make_report(index: int, seed: int) -> Report:
    """Report number `index` for `seed` (independent of how many reports are made)."""
    t = templates()
    rng = random.Random(f"eventdata-bench-{seed}-{index}")
    country = rng.choice(t["countries"])
    published = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
    f = _Filler(rng, country, published)
    kinds: list[str] = []
    paragraphs: list[str] = []
    n_events = 0 if rng.random() < P_NO_EVENT else rng.choice([1, 1, 1, 2, 2, 3])
    lead_place = f.place
    for k in range(n_events):
        kind = rng.choice(sorted(t["events"]))
        kinds.append(kind)
        if k:
            f.new_place()
        para = [f.fill(rng.choice(t["events"][kind]))]
        for _ in range(rng.randint(0, 2)):
            para.append(f.fill(rng.choice(t["follow_ups"])))
        paragraphs.append(" ".join(para))
        if rng.random() < 0.5:
            paragraphs.append(f.fill(rng.choice(t["follow_ups"])))
    background = rng.sample(t["background"], k=rng.randint(8, 18))
    while background:
        k = rng.randint(1, 3)
        take, background = background[:k], background[k:]
        paragraphs.append(" ".join(f.fill(b) for b in take))
    lead_city = lead_place if n_events else f.city
    paragraphs[0] = f"{lead_city.upper()}, {published:%B} {published.day} - {paragraphs[0]}"
    if kinds:
        title = f"{kinds[0]} reported in {lead_place}"
    else:
        title = f"{country['demonym']} officials weigh security and economy in {f.city}"
    meta = {
        "title": title,
        "source": rng.choice(t["sources"]),
        "source_scale": rng.choice(t["source_scales"]),
        "published": published.isoformat(),
        "country": country["name"],
        "url": f"https://example.org/bench/{seed}/{index}",
    }
    return Report(index, title, "\n\n".join(paragraphs), meta, kinds)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _front_matter(meta: dict[str, str]) -> str:
    lines = ["---", *(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items()), "---"]
    return "\n".join(lines) + "\n"


def generate(out: Path, n: int, seed: int = 7) -> dict[str, int]:
    """Write `n` reports under `out` (which must not exist yet); return what was written."""
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty")
    stats = {"reports": 0, "events_planned": 0, "txt": 0, "md": 0, "jsonl_lines": 0,
             "feeds": 0, "duplicates": 0, "broken_lines": 0, "bytes": 0}  # fmt: skip
    feed_lines: list[str] = []
    last_text: str | None = None

    def flush_feed() -> None:
        if not feed_lines:
            return
        path = out / "feeds" / f"wire-{stats['feeds']:04d}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = "\n".join(feed_lines) + "\n"
        path.write_text(data, encoding="utf-8")
        stats["feeds"] += 1
        stats["bytes"] += len(data.encode())
        feed_lines.clear()

    for i in range(n):
        rep = make_report(i, seed)
        stats["reports"] += 1
        stats["events_planned"] += len(rep.kinds)
        pick = random.Random(f"format-{seed}-{i}").random()
        if pick < P_JSONL:
            record: dict[str, str] = {"id": f"bench-{seed}-{i}", **rep.meta, "text": rep.body}
            feed_lines.append(json.dumps(record, ensure_ascii=False))
            stats["jsonl_lines"] += 1
            if last_text is not None and pick < P_DUPLICATE:
                # The same story picked up by another outlet, word for word.
                dup = dict(record, id=f"bench-{seed}-{i}-dup", source="Syndicated Wire",
                           text=last_text)  # fmt: skip
                feed_lines.append(json.dumps(dup, ensure_ascii=False))
                stats["duplicates"] += 1
            if pick < P_BROKEN_LINE:
                feed_lines.append('{"id": "truncated", "text": "The line was cut off')
                stats["broken_lines"] += 1
            if len(feed_lines) >= FEED_LINES:
                flush_feed()
        else:
            meta = rep.meta
            folder = out / "articles" / _slug(meta["country"]) / meta["published"][:7]
            folder.mkdir(parents=True, exist_ok=True)
            if pick < P_JSONL + P_MARKDOWN:
                path = folder / f"{i:06d}.md"
                text = _front_matter({"title": meta["title"], "published": meta["published"]})
                text += f"# {rep.title}\n\n{rep.body}\n"
                stats["md"] += 1
            else:
                path = folder / f"{i:06d}-{_slug(rep.title)[:40]}.txt"
                text = _front_matter(meta) + rep.body + "\n"
                stats["txt"] += 1
            path.write_text(text, encoding="utf-8")
            stats["bytes"] += len(text.encode())
        last_text = rep.body
    flush_feed()
    return stats


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", type=Path, help="output raw folder (created; must be empty)")
    p.add_argument("--reports", type=int, default=1000)
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    stats = generate(args.out, args.reports, args.seed)
    log.info("%s", json.dumps(stats))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
