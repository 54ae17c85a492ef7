"""Measure place resolution against UCDP GED's hand-coded places.

Why: UCDP coders wrote a place string (``where_coordinates``), its admin1 and
coordinates for every event; resolving their string (and, separately, the news
headline) with our gazetteer and comparing shows how often we land in the right
admin1 and how far from the right point, on real places we never tuned for.

Fields resolved: ``where_coordinates`` (UCDP's place string alone),
``source_headline``, and ``with_context``: the place string followed by UCDP's
admin2 and admin1 ("Kamongo village, Beni territory, Nord Kivu province"), the
context a news report usually gives; it measures district and village
resolution, not admin1 (the gold admin1 is in the input).

Raw scores compare with UCDP as it is.  Adjusted scores (``*_adj``) correct
two scoring artefacts and nothing else: UCDP's admin1 of units since abolished,
renamed or now in another country (``eval/ucdp_history.csv``: Nepal's zones,
Rwanda's prefectures, Natal, FATA, Gaza under "Israel"; the hint becomes
today's country), and UCDP admin1s that are our admin2 (Philippine provinces,
Ugandan districts: ACLED's admin1 there is the region).  Rows whose gold admin1
is empty are left out of the admin1 shares' denominators in the adjusted figures.
``place_ok``: within 30 km, or, for rows UCDP itself places only at admin1 level
or wider (``where_prec`` >= 4), the right admin1 unit (adjusted) -- the issue's
"within 30 km of the right town, or right admin1 where only a region is known".

Usage: ``python eval/ucdp_places.py [--path CSV]``; exits 0 with a message when
the sample is absent.
"""

from __future__ import annotations

import argparse
import csv
import logging
import re
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz

from eventdata.normalise.gazetteer import KIND_ADMIN1, KIND_ADMIN2, load_gazetteer
from eventdata.normalise.geodesy import haversine_km
from eventdata.normalise.places import PlaceContext, country_record, default_location, locate
from eventdata.normalise.spelling import spelling_key
from eventdata.types import Location

DEFAULT = Path("/work/shared/data/ucdp_ged_sample/ucdpged_sample_v23_1.csv")
HISTORY = Path(__file__).with_name("ucdp_history.csv")
FIELDS = ("where_coordinates", "source_headline", "with_context")
log = logging.getLogger("ucdp_places")


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


def _history() -> dict[tuple[str, str], tuple[str, frozenset[str]]]:
    """(UCDP country, UCDP adm_1) -> (today's iso2, spelling keys of our admin1 names)."""
    out: dict[tuple[str, str], tuple[str, frozenset[str]]] = {}
    if not HISTORY.exists():
        return out
    with HISTORY.open(encoding="utf-8") as fh:
        for r in csv.DictReader(line for line in fh if not line.startswith("#")):
            if country_record(r["iso2"]) is None:
                raise ValueError(f"{HISTORY}: unknown country {r['iso2']!r}")
            keys = frozenset(spelling_key(n) for n in r["admin1"].split("|") if n)
            out[(r["ucdp_country"], r["ucdp_admin1"])] = (r["iso2"], keys)
    return out


def _adjusted_gold(row: dict[str, str], iso2: str | None,
                   history: dict[tuple[str, str], tuple[str, frozenset[str]]]
                   ) -> tuple[str | None, frozenset[str] | None]:
    """(today's iso2, acceptable admin1 keys or None = score by name as usual)."""
    gold = row["adm_1"] or ""
    hit = history.get((row["country"], gold))
    if hit is not None:
        return hit[0], hit[1] or None
    if gold and iso2:  # a UCDP admin1 that is one of our admin2 units: its admin1
        gaz = load_gazetteer()
        units = frozenset(spelling_key(gaz.admin1[i]) for i in gaz.lookup_name(gold)
                          if gaz.kind[i] == KIND_ADMIN2 and gaz.iso2[i] == iso2)
        own = any(gaz.kind[i] == KIND_ADMIN1 and gaz.iso2[i] == iso2
                  for i in gaz.lookup_name(gold))
        if units and not own:
            return iso2, units
    return iso2, None


def _text(row: dict[str, str], field: str) -> str:
    if field == "with_context":
        parts = [row.get("where_coordinates") or "", row.get("adm_2") or "",
                 row.get("adm_1") or ""]
        return ", ".join(p.strip() for p in parts if p and p.strip())
    return (row.get(field) or "").strip()


def _resolve(text: str, hint: str | None) -> Location | None:
    ctx = PlaceContext.from_text(text, country_hint=hint)
    return locate(text, ctx) or default_location(ctx)


def evaluate(path: Path) -> dict[str, dict[str, float]]:
    """Scores for each field in FIELDS (shares over rows with a non-empty text)."""
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    history = _history()
    out: dict[str, dict[str, float]] = {}
    for field in FIELDS:
        c: dict[str, float] = {}
        t0 = time.perf_counter()
        n = 0
        for r in rows:
            text = _text(r, field)
            if not text:
                continue
            n += 1
            for k, v in _score_row(r, text, history).items():
                c[k] = c.get(k, 0.0) + v
        secs = time.perf_counter() - t0
        scores = {"rows": n}
        for k in ("coverage", "country_acc", "admin1_acc_strict", "admin1_acc_lenient",
                  "admin1_acc_unit", "admin2_filled", "within_30km", "within_50km",
                  "place_ok", "country_acc_adj", "within_30km_adj"):
            scores[k] = c.get(k, 0.0) / n if n else 0.0
        scored = c.get("adj_rows", 0.0)
        scores["admin1_acc_unit_adj"] = c.get("admin1_acc_unit_adj", 0.0) / scored if scored \
            else 0.0
        for prec in range(1, 8):
            m = c.get(f"n_prec{prec}", 0.0)
            if m:
                scores[f"within_30km_prec{prec} (n={int(m)})"] = c.get(f"w30_prec{prec}", 0.0) / m
        scores["rows_per_s"] = n / secs if secs else 0.0
        out[field] = scores
    return out


def _score_row(r: dict[str, str], text: str,
               history: dict[tuple[str, str], tuple[str, frozenset[str]]]) -> dict[str, float]:
    """One row's raw and adjusted hits (summed by :func:`evaluate`)."""
    c: dict[str, float] = {}
    prec = int(float(r.get("where_prec") or 0))
    c[f"n_prec{prec}"] = 1.0
    hint = _hint(r["country"])
    rec = country_record(hint) if hint else None
    iso2 = str(rec["iso2"]) if rec else None
    adj_iso2, adj_keys = _adjusted_gold(r, iso2, history)
    glat, glon = float(r["latitude"]), float(r["longitude"])
    loc = _resolve(text, hint)
    if loc is not None:
        c["coverage"] = 1.0
        c["country_acc"] = float(bool(rec and rec["iso3"] == loc.iso3))
        s, le = _same_admin(loc.admin1, r["adm_1"] or "")
        c["admin1_acc_strict"], c["admin1_acc_lenient"] = float(s), float(le)
        c["admin1_acc_unit"] = float(_same_unit(loc, r["adm_1"] or ""))
        c["admin2_filled"] = float(bool(loc.admin2))
        d = haversine_km(loc.latitude, loc.longitude, glat, glon)
        c["within_30km"], c["within_50km"] = float(d <= 30), float(d <= 50)
        c[f"w30_prec{prec}"] = float(d <= 30)
    # adjusted: today's country as the hint, today's admin1 names as gold
    adj = loc
    if adj_iso2 and adj_iso2 != iso2:
        adj = _resolve(text, str(country_record(adj_iso2)["country"]))
    if adj is not None:
        arec = country_record(adj_iso2) if adj_iso2 else None
        c["country_acc_adj"] = float(bool(arec and arec["iso3"] == adj.iso3))
        d = haversine_km(adj.latitude, adj.longitude, glat, glon)
        c["within_30km_adj"] = float(d <= 30)
        if r["adm_1"]:
            c["adj_rows"] = 1.0
            unit = (spelling_key(adj.admin1) in adj_keys if adj_keys is not None
                    else _same_unit(adj, r["adm_1"]))
            c["admin1_acc_unit_adj"] = float(unit)
        else:
            unit = False
        right_country = bool(arec and arec["iso3"] == adj.iso3)
        c["place_ok"] = float(d <= 30 or (prec >= 4 and unit) or (prec >= 6 and right_country))
    elif r["adm_1"]:
        c["adj_rows"] = 1.0
    return c


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
            sys.stdout.write(f"  {k:28s} {v:.3f}\n" if isinstance(v, float) else f"  {k} {v}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
