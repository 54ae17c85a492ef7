"""The release report as a person sees it: opened from disk in headless Chromium, offline.

Skipped where Debian's `chromium` is not installed. The page is checked in the
browser's own DOM (both pictures are inline data: images) and in a screenshot
(the chart's and the map's colours are on screen, so the images decoded and
drew). A second test renders a 50,000-event release within the time budget.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from eventdata.report import LAND, PALETTE, SEA, render_report
from tests.conftest import event_row

pytestmark = pytest.mark.integration

RELEASE = dt.datetime(2024, 3, 4, 5, 0, tzinfo=dt.UTC)
RELEASE_TS = int(RELEASE.timestamp())
PLACES = [  # country, iso, admin1, location, lat, lon
    ("Kazakhstan", 398, "Mangystau", "Zhanaozen", 43.34, 52.86),
    ("Kazakhstan", 398, "Almaty", "Almaty", 43.25, 76.95),
    ("Kyrgyzstan", 417, "Bishkek", "Bishkek", 42.87, 74.59),
    ("Uzbekistan", 860, "Karakalpakstan", "Nukus", 42.46, 59.60),
    ("Tajikistan", 762, "Gorno-Badakhshan", "Khorog", 37.49, 71.55),
]
TYPES = [  # event_type, sub_event_type, disorder_type
    ("Protests", "Peaceful protest", "Demonstrations"),
    ("Riots", "Violent demonstration", "Demonstrations"),
    ("Battles", "Armed clash", "Political violence"),
    ("Violence against civilians", "Attack", "Political violence"),
]


def synthetic_release(n: int, seed: int = 7) -> tuple[dict[str, pd.DataFrame], dict]:
    """`n` made-up events over two years at a few places (each jittered), one in 9 new."""
    rng = np.random.default_rng(seed)
    base = pd.DataFrame([event_row()] * n)
    place = rng.integers(0, len(PLACES), n)
    kind = rng.integers(0, len(TYPES), n)
    cols = ["country", "iso", "admin1", "location", "latitude", "longitude"]
    for j, col in enumerate(cols):
        base[col] = [PLACES[i][j] for i in place]
    for j, col in enumerate(["event_type", "sub_event_type", "disorder_type"]):
        base[col] = [TYPES[i][j] for i in kind]
    base["latitude"] = (base["latitude"] + rng.normal(0, 0.3, n)).round(4)
    base["longitude"] = (base["longitude"] + rng.normal(0, 0.3, n)).round(4)
    base["event_id_cnty"] = [f"KAZ{i + 1}" for i in range(n)]
    base["event_date"] = pd.Timestamp("2022-03-01") + pd.to_timedelta(
        rng.integers(0, 730, n), unit="D"
    )
    base["actor1"] = rng.choice(["Protesters (Kazakhstan)", "Rioters & <Co>", "Militia X"], n)
    base["fatalities"] = rng.integers(0, 3, n)
    base["timestamp"] = np.where(np.arange(n) % 9 == 0, RELEASE_TS, RELEASE_TS - 86_400)
    deleted = pd.DataFrame({"event_id_cnty": ["KAZ999999"], "deleted_timestamp": [RELEASE_TS]})
    tables = {
        "events": base,
        "event_sources": pd.DataFrame({"event_id_cnty": base["event_id_cnty"]}),
        "reports": pd.DataFrame({"report_id": ["r1"], "status": ["coded"]}),
        "quarantine": pd.DataFrame(
            columns=["stage", "ref", "reason", "detail", "report_id", "sample"]
        ),
        "deleted": deleted,
    }
    manifest = {
        "version": "2024-03-04",
        "previous_version": "2024-02-26",
        "release_time": RELEASE.isoformat(),
        "row_counts": {k: len(v) for k, v in tables.items()},
        "changes": {"added": n // 18, "changed": n // 9 - n // 18, "deleted": 1},
        "files": {},
    }
    return tables, manifest


def _chromium() -> str:
    found = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if not found:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return found


def _run_chromium(binary: str, tmp: Path, url: str, *extra: str) -> subprocess.CompletedProcess:
    args = [
        binary, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--no-first-run",
        "--disable-sync", "--disable-extensions", "--no-default-browser-check",
        "--host-resolver-rules=MAP * ~NOTFOUND",  # nothing leaves the machine, whatever asks
        f"--user-data-dir={tmp / 'profile'}", *extra, url,
    ]
    return subprocess.run(args, capture_output=True, text=True, timeout=180, check=False)


def _hex(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=float) / 255


def _share_near(pixels: np.ndarray, colour: str, tol: float = 0.03) -> float:
    """Share of pixels within `tol` of `colour` in every channel."""
    return float(np.mean(np.all(np.abs(pixels - _hex(colour)) <= tol, axis=-1)))


def test_report_opens_in_chromium(tmp_path: Path) -> None:
    import matplotlib.image as mpimg

    binary = _chromium()
    tables, manifest = synthetic_release(3_000)
    page = tmp_path / "report.html"
    page.write_text(render_report(tables, manifest), encoding="utf-8")
    url = page.as_uri()

    dom = _run_chromium(binary, tmp_path, url, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    imgs = re.findall(r"<img\b[^>]*>", dom.stdout)
    assert len(imgs) == 2
    assert all('src="data:image/png;base64,' in tag for tag in imgs)
    assert "eventdata release 2024-03-04" in dom.stdout
    assert "Rioters &amp; &lt;Co&gt;" in dom.stdout  # escaped text stays text in the DOM
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", dom.stdout)

    shot = tmp_path / "shot.png"
    run = _run_chromium(
        binary, tmp_path, url, f"--screenshot={shot}", "--window-size=1200,2000",
        "--hide-scrollbars",
    )
    assert run.returncode == 0 and shot.exists(), run.stderr[-2000:]
    assert shot.stat().st_size > 50_000  # a blank page is a few kilobytes
    pixels = mpimg.imread(shot)[:, :, :3]
    assert pixels.shape[:2] == (2000, 1200)
    colours = np.unique((pixels[::3, ::3] * 255).astype(np.uint8).reshape(-1, 3), axis=0)
    assert len(colours) > 200
    # The chart's bars (codebook colours) and the map's land and sea are on screen:
    # none of these colours is used by the page's own styles.
    bars = [_share_near(pixels, c) for c in PALETTE[:6]]
    assert sum(share > 0.001 for share in bars) >= 4, bars
    assert _share_near(pixels, LAND, 0.01) > 0.01
    assert _share_near(pixels, SEA, 0.01) > 0.001


def test_fifty_thousand_events_render() -> None:
    # its time is measured by hand (benchmarks/), never asserted here
    tables, manifest = synthetic_release(50_000)
    text = render_report(tables, manifest)
    assert "<b>50,000</b><span>events</span>" in text
    assert "and " in text.split("Added or changed", 1)[1]  # 5,556 ids, capped
