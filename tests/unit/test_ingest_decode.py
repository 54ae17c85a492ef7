"""Encodings: UTF-8 first, BOMs trusted, legacy code pages detected, binary refused."""

from __future__ import annotations

import codecs
import io

import pytest

from eventdata.ingest.decode import (
    PROBLEM_REPLACED,
    UndecodableError,
    choose_legacy_codec,
    declared_html_charset,
    decode_bytes,
    decode_line,
    stream_codec,
)

RU = "Во вторник несколько сотен человек собрались на центральной площади в Жанаозене."
FR = "Des manifestants se sont réunis à Paris; la police a dispersé la foule près de l'hôtel."


def test_utf8_plain_and_with_bom() -> None:
    assert decode_bytes(RU.encode()).encoding == "utf-8"
    dec = decode_bytes(codecs.BOM_UTF8 + RU.encode())
    assert (dec.text, dec.encoding) == (RU, "utf-8-sig")


@pytest.mark.parametrize(("codec", "name"), [("utf-16-le", "utf-16-le"),
                                             ("utf-16-be", "utf-16-be")])
def test_utf16_with_bom(codec: str, name: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    dec = decode_bytes(bom + RU.encode(codec))
    assert (dec.text, dec.encoding, dec.problems) == (RU, name, ())


def test_utf16_without_bom_is_not_taken_for_binary() -> None:
    dec = decode_bytes("Police dispersed the protesters in Almaty.".encode("utf-16-le"))
    assert dec.text == "Police dispersed the protesters in Almaty."


def test_cp1251_detected() -> None:
    dec = decode_bytes(RU.encode("cp1251"))
    assert (dec.text, dec.encoding) == (RU, "cp1251")


def test_latin1_detected_without_garbling() -> None:
    dec = decode_bytes(FR.encode("latin-1"))
    assert dec.text == FR
    assert dec.encoding == "latin-1"


def test_cp1252_quotes_keep_their_name() -> None:
    text = "The minister said \u201cno comment\u201d about the café raid."
    dec = decode_bytes(text.encode("cp1252"))
    assert (dec.text, dec.encoding) == (text, "cp1252")


def test_mostly_utf8_with_one_bad_byte_stays_utf8() -> None:
    data = (RU + " ").encode() + b"\xff" + RU.encode()
    dec = decode_bytes(data)
    assert dec.encoding == "utf-8"
    assert PROBLEM_REPLACED in dec.problems
    assert RU in dec.text


@pytest.mark.parametrize(
    "data", [b"\x00\x01\x02\x03binary\x00" * 20, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 5]
)
def test_binary_content_refused(data: bytes) -> None:
    with pytest.raises(UndecodableError, match="binary"):
        decode_bytes(data)


def test_random_high_bytes_undecodable() -> None:
    data = bytes((i * 37 + 128) % 128 + 128 for i in range(400))
    with pytest.raises(UndecodableError):
        decode_bytes(data)


def test_declared_charset_used_after_utf8() -> None:
    page = '<html><head><meta charset="windows-1251"></head><body>' + RU + "</body></html>"
    data = page.encode("cp1251")
    assert declared_html_charset(data) == "windows-1251"
    assert RU in decode_bytes(data, declared="windows-1251").text
    assert declared_html_charset(b'<meta charset="no-such-codec">') is None


def test_choose_prefers_western_on_ties() -> None:
    assert choose_legacy_codec("café".encode("latin-1")) in {"cp1252", "latin_1"}


def test_stream_codec_utf8_and_legacy_lines() -> None:
    good = io.BytesIO(RU.encode() + b"\n" + FR.encode() + b"\n")
    sc = stream_codec(good, max_bytes=10_000)
    assert (sc.codec, sc.strict) == ("utf-8", True)
    assert good.tell() == 0
    mixed = io.BytesIO(RU.encode("cp1251") * 3 + b"\n")
    sc = stream_codec(mixed, max_bytes=10_000)
    assert not sc.strict and sc.fallback == "cp1251"
    assert decode_line(RU.encode("cp1251"), sc).text == RU
    assert decode_line(FR.encode(), sc).encoding == "utf-8"


def test_stream_codec_refuses_binary() -> None:
    with pytest.raises(UndecodableError):
        stream_codec(io.BytesIO(b"{\x00\x01\x02\x03}\n" * 10), max_bytes=1000)


def test_stray_nul_in_utf8_text_is_text() -> None:
    dec = decode_bytes(RU.encode() + b"\x00" + RU.encode())
    assert dec.problems == ("nul_bytes_removed",)
    assert dec.text.startswith(RU)
