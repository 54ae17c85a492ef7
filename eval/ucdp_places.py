"""Measure place resolution against UCDP GED's hand-coded places.

Why: UCDP coders wrote a place string (``where_coordinates``), its admin1 and
coordinates for every event; resolving their string (and, separately, the news
headline) with our gazetteer and comparing shows how often we land in the right
admin1 and how far from the right point, on real places we never tuned for.

Usage: ``python eval/ucdp_places.py [--path CSV]``; exits 0 with a message when
the sample is absent.
"""

from __future__ import annotations

import argparse
import csv
import logging
import math
import re
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz

from eventdata.normalise.gazetteer import KIND_ADMIN1, load_gazetteer
from eventdata.normalise.places import PlaceContext, country_record, default_location, locate
from eventdata.normalise.spelling import spelling_key
from eventdata.types import Location

DEFAULT = Path("/work/shared/data/ucdp_ged_sample/ucdpged_sample_v23_1.csv")
log = logging.getLogger("ucdp_places")


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def _hint(country: str) -> str | None:
    """UCDP writes 'DR Congo (Zaire)', 'Russia (Soviet Union)': try each part."""
    for part in [country, *re.split(r"\s*[()]\s*", country)]:
        if part and country_record(part):
            return part
    return None


def _same_admin(ours: str, gold: str) -> tuple[bool, bool]:
    """(strict, lenient): equal spelling keys; or fuzzy >= 80 (Hilmand/Helmand)."""
    a, b = spelling_key(ours), spelling_key(gold)
    return a == b, a == b or fuzz.ratio(a, b) >= 80


def _same_unit(ours: Location, gold: str) -> bool:
    """Is ``gold`` (UCDP's admin1 text) a name or alias of the admin1 unit we chose?

    UCDP and ACLED spell admin1 units differently (Hamah/Hama, Nīnawá/Ninewa);
    this looks the gold name up among the gazetteer's admin1 names and aliases
    of our country, so a right unit under another spelling counts as right.
    """
    gaz = load_gazetteer()
    rec = country_record(ours.iso3)
    iso2 = rec["iso2"] if rec else ""
    units = {gaz.admin1[i] for i in gaz.lookup_name(gold)
             if gaz.kind[i] == KIND_ADMIN1 and gaz.iso2[i] == iso2}
    return ours.admin1 in units or spelling_key(ours.admin1) == spelling_key(gold)


def _resolve(text: str, hint: str | None) -> Location | None:
    ctx = PlaceContext.from_text(text, country_hint=hint)
    return locate(text, ctx) or default_location(ctx)


def evaluate(path: Path) -> dict[str, dict[str, float]]:
    """Scores for where_coordinates and for source_headline."""
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out: dict[str, dict[str, float]] = {}
    for field in ("where_coordinates", "source_headline"):
        n = found = strict = lenient = unit = w30 = w50 = country_ok = 0
        t0 = time.perf_counter()
        for r in rows:
            text = (r.get(field) or "").strip()
            if not text:
                continue
            n += 1
            hint = _hint(r["country"])
            loc = _resolve(text, hint)
            if loc is None:
                continue
            found += 1
            rec = country_record(hint) if hint else None
            country_ok += bool(rec and rec["iso3"] == loc.iso3)
            s, le = _same_admin(loc.admin1, r["adm_1"] or "")
            strict += s
            lenient += le
            unit += _same_unit(loc, r["adm_1"] or "")
            d = _km(loc.latitude, loc.longitude, float(r["latitude"]), float(r["longitude"]))
            w30 += d <= 30
            w50 += d <= 50
        secs = time.perf_counter() - t0
        out[field] = {
            "rows": n, "coverage": found / n if n else 0.0,
            "country_acc": country_ok / n if n else 0.0,
            "admin1_acc_strict": strict / n if n else 0.0,
            "admin1_acc_lenient": lenient / n if n else 0.0,
            "admin1_acc_unit": unit / n if n else 0.0,
            "within_30km": w30 / n if n else 0.0, "within_50km": w50 / n if n else 0.0,
            "rows_per_s": n / secs if secs else 0.0,
        }
    return out


def main() -> int:
    """Print the scores (shares over all rows with a non-empty text)."""
    logging.basicConfig(level=logging.WARNING)
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--path", type=Path, default=DEFAULT)
    args = ap.parse_args()
    if not args.path.exists():
        sys.stdout.write(f"UCDP sample not found at {args.path}: skipping\n")
        return 0
    for field, scores in evaluate(args.path).items():
        sys.stdout.write(field + "\n")
        for k, v in scores.items():
            sys.stdout.write(f"  {k:20s} {v:.3f}\n" if isinstance(v, float) else f"  {k} {v}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
