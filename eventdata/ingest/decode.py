"""Bytes to text: which codec, and whether the bytes are text at all.

UTF-8 is tried first because it is what nearly every modern source writes and
because valid UTF-8 is almost never anything else. Byte-order marks are
trusted. Only when UTF-8 fails is charset-normalizer asked, restricted to the
code pages listed in ingest.yaml and with a preference order for ties, because
on short Western texts it otherwise picks an arbitrary one of several code
pages (cp1250 for French, turning "à" into "ŕ"). Bytes that are mostly valid
UTF-8 with a few broken sequences stay UTF-8 with replacement characters: a
legacy code page would garble every correct character to save a few.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass
from typing import BinaryIO

from charset_normalizer import from_bytes

from eventdata.ingest.config import EncodingConfig, load_config

log = logging.getLogger(__name__)

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)
# Names recorded in the `encoding` column (Python codec name -> display name).
_DISPLAY = {"latin_1": "latin-1", "iso8859_15": "iso-8859-15", "iso8859_2": "iso-8859-2",
            "koi8_r": "koi8-r", "mac_cyrillic": "mac-cyrillic", "utf_8": "utf-8"}
_C1_BYTES = re.compile(rb"[\x80-\x9f]")
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)

PROBLEM_REPLACED = "decoded_with_replacement"
PROBLEM_NUL = "nul_bytes_removed"


class UndecodableError(ValueError):
    """The bytes are not credible text; `reason_detail` says why."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, the codec used, and what went wrong on the way."""

    text: str
    encoding: str
    problems: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StreamCodec:
    """How to decode a feed that is read line by line.

    `codec` decodes the stream; `strict` is True when the whole file was checked
    to be valid in it. Otherwise lines are tried as UTF-8 first and fall back to
    `fallback` (None: no credible codec, such a line is undecodable).
    """

    codec: str
    encoding: str
    bom: int
    strict: bool
    fallback: str | None = None


def bom_codec(head: bytes) -> tuple[str, str, int] | None:
    """(Python codec, display name, BOM length) when the bytes start with a BOM."""
    for bom, codec, name in _BOMS:
        if head.startswith(bom):
            return codec, name, len(bom)
    return None


def utf16_without_bom(head: bytes) -> str | None:
    """Guess BOM-less UTF-16 from NULs in every other byte (ASCII-heavy text)."""
    even, odd = head[0::2], head[1::2]
    if len(head) < 8:
        return None
    n = len(odd)
    if odd.count(0) > 0.4 * n and even.count(0) < 0.05 * n:
        guess = "utf-16-le"
    elif even.count(0) > 0.4 * n and odd.count(0) < 0.05 * n:
        guess = "utf-16-be"
    else:
        return None
    text = head[: len(head) // 2 * 2].decode(guess, "replace")
    readable = sum(1 for ch in text if ch.isprintable() or ch in "\t\n\r")
    return guess if readable >= 0.95 * len(text) else None


def display_name(codec: str, data: bytes | None = None) -> str:
    """Stable name for the `encoding` column; cp1252 without C1 bytes is plain latin-1."""
    norm = codecs.lookup(codec).name
    if norm == "cp1252" and data is not None and not _C1_BYTES.search(data):
        return "latin-1"
    if norm == "iso8859-1":
        return "latin-1"
    return _DISPLAY.get(codec, norm)


def _mostly_utf8(data: bytes, cfg: EncodingConfig) -> bool:
    text = data.decode("utf-8", "replace")
    replaced = text.count("\ufffd")
    bad = replaced - data.count(b"\xef\xbf\xbd")
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    good = non_ascii - replaced
    return good >= cfg.utf8_valid_ratio * max(bad, 1)


def choose_legacy_codec(data: bytes, cfg: EncodingConfig | None = None) -> str | None:
    """The candidate code page charset-normalizer finds cleanest, ties by preference."""
    cfg = cfg or load_config().encoding
    matches = from_bytes(data, cp_isolation=list(cfg.candidates))
    if not matches:
        return None
    best_chaos = min(m.chaos for m in matches)
    clean = [m for m in matches if m.chaos <= best_chaos + cfg.chaos_tolerance]
    best_coh = max(m.coherence for m in clean)
    likely = [m for m in clean if m.coherence >= best_coh - cfg.coherence_tolerance]
    rank = {codecs.lookup(c).name: i for i, c in enumerate(cfg.candidates)}
    best: tuple[int, str] | None = None
    for m in likely:
        for name in [m.encoding, *m.could_be_from_charset]:
            try:
                key = codecs.lookup(name).name
            except LookupError:
                continue
            if key in rank and (best is None or rank[key] < best[0]):
                best = (rank[key], cfg.candidates[rank[key]])
    return best[1] if best else None


def _check_binary(data: bytes, cfg: EncodingConfig) -> str | None:
    """UTF-16 codec for BOM-less UTF-16; raise for binary content; None otherwise."""
    head = data[: cfg.sniff_bytes]
    if b"\x00" not in head:
        return None
    guess = utf16_without_bom(head)
    if guess is None:
        raise UndecodableError("undecodable: binary content")
    return guess


def decode_bytes(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode a whole file; raise UndecodableError when it is not text.

    `declared` is a charset the file names itself (an HTML meta tag); it is
    tried after UTF-8 and before detection.
    """
    cfg = load_config().encoding
    hit = bom_codec(data[:4])
    if hit is not None:
        codec, name, n = hit
        text = data[n:].decode(codec, "replace")
        problems = (PROBLEM_REPLACED,) if "\ufffd" in text else ()
        return Decoded(text, name, problems)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        head = text[: cfg.sniff_bytes]
        nuls = head.count("\x00")
        if nuls:
            guess = utf16_without_bom(data[: cfg.sniff_bytes])
            if guess is not None:
                return _decode_as(data, guess, guess)
            # Valid UTF-8 with a stray NUL is text with junk (cleaned later);
            # binary formats are rarely valid UTF-8 and have NULs everywhere.
            if nuls > max(1, len(head) // 100):
                raise UndecodableError("undecodable: binary content")
            return Decoded(text, "utf-8", (PROBLEM_NUL,))
        return Decoded(text, "utf-8")
    guess = _check_binary(data, cfg)
    if guess is not None:
        return _decode_as(data, guess, guess)
    if _mostly_utf8(data, cfg):
        return Decoded(data.decode("utf-8", "replace"), "utf-8", (PROBLEM_REPLACED,))
    if declared:
        try:
            return Decoded(data.decode(declared), display_name(declared, data))
        except (LookupError, UnicodeDecodeError, ValueError):
            log.debug("declared charset %r does not decode the bytes", declared)
    codec = choose_legacy_codec(data, cfg)
    if codec is None:
        raise UndecodableError("undecodable bytes: no credible text encoding")
    return _decode_as(data, codec, display_name(codec, data))


def _decode_as(data: bytes, codec: str, name: str) -> Decoded:
    text = data.decode(codec, "replace")
    problems = (PROBLEM_REPLACED,) if "\ufffd" in text else ()
    return Decoded(text, name, problems)


def declared_html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first bytes, if the codec exists."""
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore")
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return name


def stream_codec(fh: BinaryIO, *, max_bytes: int) -> StreamCodec:
    """Decide how to decode a feed opened in binary mode, then rewind it.

    One streaming pass checks UTF-8 validity with an incremental decoder (no
    whole-file copy). Only a file that fails it is read whole (it is under the
    size limit) for charset detection.
    """
    cfg = load_config().encoding
    head = fh.read(cfg.sniff_bytes)
    fh.seek(0)
    hit = bom_codec(head[:4])
    if hit is not None:
        codec, name, n = hit
        return StreamCodec(codec, name, n, strict=False, fallback=None)
    nuls = head.count(b"\x00")
    if nuls:
        guess = utf16_without_bom(head)
        if guess is not None:
            return StreamCodec(guess, guess, 0, strict=False)
        if nuls > max(1, len(head) // 100):
            raise UndecodableError("undecodable: binary content")
    decoder = codecs.getincrementaldecoder("utf-8")()
    valid = True
    while chunk := fh.read(1 << 20):
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError:
            valid = False
            break
    if valid:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            valid = False
    fh.seek(0)
    if valid:
        return StreamCodec("utf-8", "utf-8", 0, strict=True)
    data = fh.read(max_bytes + 1)
    fh.seek(0)
    fallback = "utf-8" if _mostly_utf8(data, cfg) else choose_legacy_codec(data, cfg)
    return StreamCodec("utf-8", "utf-8", 0, strict=False, fallback=fallback)


def decode_line(line: bytes, sc: StreamCodec) -> Decoded:
    """Decode one line of a byte-oriented feed; UTF-8 first, then the file's fallback."""
    try:
        return Decoded(line.decode("utf-8"), sc.encoding if sc.bom else "utf-8")
    except UnicodeDecodeError:
        if sc.strict:
            raise
    if sc.fallback is None:
        raise UndecodableError("undecodable bytes: not UTF-8 and no credible encoding")
    return _decode_as(line, sc.fallback, display_name(sc.fallback, line))
