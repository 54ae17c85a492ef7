"""Report ids: same text, same id, whatever the wrapping; different text, different id."""

from __future__ import annotations

import hashlib

from eventdata.ingest.ids import clean_text, clean_value, normalise_text, report_id


def test_id_ignores_whitespace_layout_but_not_case() -> None:
    a = "Police  detained\n\ndozens of workers.\n"
    b = "  Police detained dozens\tof workers."
    assert report_id(a) == report_id(b)
    assert report_id(a) != report_id(a.upper())
    assert len(report_id(a)) == 32


def test_id_is_sha256_of_the_normalised_utf8() -> None:
    text = "Zhanaozen  oil workers\n"
    expected = hashlib.sha256(b"Zhanaozen oil workers").hexdigest()[:32]
    assert report_id(text) == expected


def test_id_uses_nfc() -> None:
    assert report_id("caf\u00e9") == report_id("cafe\u0301")
    assert report_id("cafe") != report_id("caf\u00e9")


def test_clean_text_keeps_paragraphs_drops_junk() -> None:
    raw = "\ufeffFirst line   \r\nsecond\x00line\r\n\r\n\r\n\r\nThird\u200b para\u2028end"
    assert clean_text(raw) == "First line\nsecond line\n\nThird para\nend"


def test_clean_text_replaces_lone_surrogates() -> None:
    cleaned = clean_text("bad \ud800 char")
    assert cleaned == "bad \ufffd char"
    cleaned.encode("utf-8")  # storable


def test_clean_value_is_one_line_or_none() -> None:
    assert clean_value("  Kursiv\n Media ") == "Kursiv Media"
    assert clean_value(" \t\n") is None


def test_normalise_text_collapses_unicode_spaces() -> None:
    assert normalise_text("a\u00a0\u2003b\n\nc ") == "a b c"


def test_fast_ascii_check_agrees_with_the_pattern() -> None:
    from eventdata.ingest.ids import _ODD, _has_odd

    for code in range(128):
        text = f"plain {chr(code)} text"
        assert _has_odd(text) == (_ODD.search(text) is not None), code
