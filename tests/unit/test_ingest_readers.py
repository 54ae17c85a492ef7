"""Each reader on good and hostile content: reports survive, bad parts are named."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from eventdata.ingest.discover import RawFile
from eventdata.ingest.readers import (
    BROKEN_CSV,
    BROKEN_JSON,
    EMPTY,
    MISSING_TEXT,
    UNDECODABLE,
    Draft,
    Rejection,
    TooLargeError,
    read_csv,
    read_html,
    read_jsonl,
    read_text,
)

TEXT = "On Tuesday several hundred people gathered in the central square of Zhanaozen."


def _raw(path: Path, data: bytes) -> RawFile:
    path.write_bytes(data)
    return RawFile(path, path.name, len(data), path.suffix.lower())


def _split(items: list) -> tuple[list[Draft], list[Rejection]]:
    drafts = [i for i in items if isinstance(i, Draft)]
    return drafts, [i for i in items if isinstance(i, Rejection)]


def test_text_with_front_matter(tmp_path: Path) -> None:
    raw = _raw(tmp_path / "a report.md",
               f"---\ntitle: Rally\npublished: 2023-04-11\n---\n\n{TEXT}\n".encode())
    [draft] = list(read_text(raw, 10_000))
    assert isinstance(draft, Draft)
    assert (draft.text, draft.meta["title"], draft.meta["published"]) == (TEXT, "Rally",
                                                                          "2023-04-11")
    assert draft.encoding == "utf-8" and draft.problems == []


def test_text_only_front_matter_is_empty(tmp_path: Path) -> None:
    raw = _raw(tmp_path / "a.txt", b"---\ntitle: Rally\n---\n\n  \n")
    [rej] = list(read_text(raw, 10_000))
    assert isinstance(rej, Rejection) and rej.reason == EMPTY


def test_text_binary_is_undecodable(tmp_path: Path) -> None:
    raw = _raw(tmp_path / "a.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00\x00" * 30)
    [rej] = list(read_text(raw, 10_000))
    assert isinstance(rej, Rejection)
    assert (rej.reason, rej.detail) == (UNDECODABLE, "undecodable: binary content")
    assert "\x00" not in rej.sample


def test_text_grown_past_limit(tmp_path: Path) -> None:
    raw = _raw(tmp_path / "a.txt", TEXT.encode())
    with pytest.raises(TooLargeError):
        list(read_text(raw, 10))


def test_jsonl_bad_lines_survive_alone(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": TEXT, "title": "T", "id": 7, "extra": {"x": 1}}),
        "",
        '{"text": "unterminated',
        "[1, 2]",
        json.dumps({"title": "no text"}),
        json.dumps({"text": "   "}),
        json.dumps({"text": 12}),
        "[" * 100_000,
        json.dumps({"text": TEXT + " Again.", "published": 1681200000, "source": ["a"]}),
    ]
    raw = _raw(tmp_path / "feed.jsonl", "\n".join(lines).encode())
    drafts, rejections = _split(list(read_jsonl(raw, 10_000_000)))
    assert [d.ref for d in drafts] == ["feed.jsonl#L1", "feed.jsonl#L9"]
    assert drafts[1].meta["published"] == "1681200000"
    assert drafts[1].problems == ["bad_value:source"]
    got = [(r.ref, r.reason) for r in rejections]
    assert got == [
        ("feed.jsonl#L3", BROKEN_JSON), ("feed.jsonl#L4", BROKEN_JSON),
        ("feed.jsonl#L5", MISSING_TEXT), ("feed.jsonl#L6", MISSING_TEXT),
        ("feed.jsonl#L7", MISSING_TEXT), ("feed.jsonl#L8", BROKEN_JSON),
    ]
    assert rejections[0].detail.startswith("line 3 of feed.jsonl: Unterminated string")
    assert rejections[0].sample == '{"text": "unterminated'


def test_jsonl_utf16_and_crlf(tmp_path: Path) -> None:
    body = json.dumps({"text": "Полиция задержала рабочих"}, ensure_ascii=False)
    data = codecs.BOM_UTF16_LE + (body + "\r\n\r\n" + body + "\r\n").encode("utf-16-le")
    drafts, rejections = _split(list(read_jsonl(_raw(tmp_path / "f.jsonl", data), 10_000)))
    assert [d.ref for d in drafts] == ["f.jsonl#L1", "f.jsonl#L3"]
    assert drafts[0].text == "Полиция задержала рабочих" and drafts[0].encoding == "utf-16-le"
    assert rejections == []


def test_jsonl_legacy_line_among_utf8(tmp_path: Path) -> None:
    ru = "Во вторник несколько сотен человек собрались на центральной площади."
    data = (json.dumps({"text": TEXT}).encode() + b"\n"
            + json.dumps({"text": ru}, ensure_ascii=False).encode("cp1251") + b"\n")
    drafts, _ = _split(list(read_jsonl(_raw(tmp_path / "f.jsonl", data), 10_000)))
    assert [d.encoding for d in drafts] == ["utf-8", "cp1251"]
    assert drafts[1].text == ru


def test_jsonl_binary_file(tmp_path: Path) -> None:
    [rej] = list(read_jsonl(_raw(tmp_path / "f.jsonl", b"\x00\x01\x02\xff" * 50), 10_000))
    assert isinstance(rej, Rejection) and rej.reason == UNDECODABLE


def test_csv_rows(tmp_path: Path) -> None:
    data = (
        "\ufeffID,Text,Title,Date\n"
        f'1,"{TEXT}, with a comma",T1,2023-04-11\n'
        "2,too,many,fields,here\n"
        "\n"
        "3,,empty,x\n"
        '4,"multi\nline text",T4,\n'
    ).encode()
    drafts, rejections = _split(list(read_csv(_raw(tmp_path / "t.csv", data), 10_000)))
    assert [(d.ref, d.meta.get("title"), d.meta.get("published")) for d in drafts] == [
        ("t.csv#R1", "T1", "2023-04-11"), ("t.csv#R5", "T4", None)]
    assert drafts[1].text == "multi\nline text"
    assert [(r.ref, r.reason) for r in rejections] == [("t.csv#R2", BROKEN_CSV),
                                                       ("t.csv#R4", MISSING_TEXT)]
    assert rejections[0].detail == "row 2 of t.csv: 5 fields, the header has 4"


def test_csv_semicolon_and_cp1251(tmp_path: Path) -> None:
    ru = "Полиция задержала десятки нефтяников в Астане во вторник вечером."
    data = f"text;title\n{ru};Заголовок\n".encode("cp1251")
    [draft] = list(read_csv(_raw(tmp_path / "t.csv", data), 10_000))
    assert isinstance(draft, Draft)
    assert (draft.text, draft.meta["title"], draft.encoding) == (ru, "Заголовок", "cp1251")


def test_csv_without_text_column(tmp_path: Path) -> None:
    [rej] = list(read_csv(_raw(tmp_path / "t.csv", b"title,author\nx,y\n"), 10_000))
    assert isinstance(rej, Rejection) and rej.reason == MISSING_TEXT
    assert "no text column (text, body" in rej.detail


def test_coder_sheet_text_column_by_another_name(tmp_path: Path) -> None:
    data = b"date,location,Summary\n14/03/2025,Niono,Gunmen attacked a post.\n"
    [draft] = list(read_csv(_raw(tmp_path / "t.csv", data), 10_000))
    assert isinstance(draft, Draft)
    assert (draft.text, draft.meta["published"]) == ("Gunmen attacked a post.", "14/03/2025")


def test_text_column_wins_over_its_aliases(tmp_path: Path) -> None:
    data = b"notes,text\nthe coder's note,the report\n"
    [draft] = list(read_csv(_raw(tmp_path / "t.csv", data), 10_000))
    assert isinstance(draft, Draft) and draft.text == "the report"


def test_html_article_and_metadata(tmp_path: Path) -> None:
    page = """<!doctype html><html lang="en-GB"><head>
    <title>Site | Rally</title><meta property="og:title" content="Rally in Zhanaozen">
    <meta property="article:published_time" content="2023-04-11T09:00:00+05:00">
    <meta property="og:site_name" content="Kursiv"><link rel="canonical" href="https://k.kz/a">
    <style>p{color:red}</style><script>document.write('evil')</script></head>
    <body><header>Masthead</header><nav><a>Home</a></nav>
    <div class="teaser"><p>Unrelated teaser</p></div>
    <article><h1>Rally</h1><p>First <b>bold</b> &amp; more.</p>Loose text<p>Second<br>line</p>
    <aside>Related</aside></article><footer>Copyright</footer></body></html>"""
    [draft] = list(read_html(_raw(tmp_path / "p.html", page.encode()), 100_000))
    assert isinstance(draft, Draft)
    assert draft.text == "Rally\n\nFirst bold & more.\n\nLoose text\n\nSecond\nline"
    assert draft.meta == {"title": "Rally in Zhanaozen", "published": "2023-04-11T09:00:00+05:00",
                          "source": "Kursiv", "url": "https://k.kz/a", "language": "en-GB"}


def test_html_without_article_uses_body_and_time(tmp_path: Path) -> None:
    page = ("<html><head><title>T</title></head><body><p>One</p>"
            "<p>Two <time datetime='2023-04-11'>today</time></p></body></html>")
    [draft] = list(read_html(_raw(tmp_path / "p.htm", page.encode()), 100_000))
    assert isinstance(draft, Draft)
    assert draft.text == "One\n\nTwo today"
    assert draft.meta["published"] == "2023-04-11" and draft.meta["title"] == "T"


def test_html_without_text(tmp_path: Path) -> None:
    page = b"<html><head><script>x()</script></head><body><nav>menu</nav></body></html>"
    [rej] = list(read_html(_raw(tmp_path / "p.html", page), 100_000))
    assert isinstance(rej, Rejection) and rej.reason == EMPTY


def test_csv_stray_quote_costs_one_row(tmp_path: Path) -> None:
    data = (
        "text,title\n"
        f"{TEXT},T1\n"
        '"Police detained, workers,T2\n'
        f"{TEXT} Three.,T3\n"
        f"{TEXT} Four.,T4\n"
    ).encode()
    drafts, rejections = _split(list(read_csv(_raw(tmp_path / "t.csv", data), 10_000)))
    assert [d.meta["title"] for d in drafts] == ["T1", "T3", "T4"]
    assert [r.ref for r in rejections] == ["t.csv#R2"]
    assert rejections[0].sample.startswith('"Police detained')


def test_jsonl_stray_nul_costs_one_line(tmp_path: Path) -> None:
    data = (json.dumps({"text": TEXT}) + "\n" + '{"text": "a\x00b"}\n'
            + json.dumps({"text": TEXT + " Two."}) + "\n").encode()
    drafts, rejections = _split(list(read_jsonl(_raw(tmp_path / "f.jsonl", data), 10_000)))
    assert [d.ref for d in drafts] == ["f.jsonl#L1", "f.jsonl#L3"]
    assert [(r.ref, r.reason) for r in rejections] == [("f.jsonl#L2", BROKEN_JSON)]


def test_jsonl_text_under_a_feed_name(tmp_path: Path) -> None:
    lines = [json.dumps({"Body": TEXT, "headline": "H"}), json.dumps({"author": "no text"})]
    raw = _raw(tmp_path / "feed.jsonl", "\n".join(lines).encode())
    drafts, rejections = _split(list(read_jsonl(raw, 10_000_000)))
    assert [(d.text, d.meta["title"]) for d in drafts] == [(TEXT, "H")]
    assert [r.reason for r in rejections] == [MISSING_TEXT]
