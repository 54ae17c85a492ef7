"""Great-circle distance, the one formula the gazetteer, the place resolver and the
evaluations share (it was written four times)."""

from __future__ import annotations

import math

EARTH_DIAMETER_KM = 12742.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in km between two points on a sphere of the Earth's mean radius."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return EARTH_DIAMETER_KM * math.asin(min(1.0, math.sqrt(a)))
