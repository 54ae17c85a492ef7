"""One reader per raw format, each turning a file into drafts of reports and rejections.

A reader never raises for bad content: whatever it cannot use becomes a
`Rejection` naming the file (and line or row) and why, so a broken line of a
feed costs that line only. Feeds are streamed line by line; single-document
formats are read whole, which is safe because the caller has checked the
size limit first (and `read_limited` checks it again against a growing file).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from eventdata.ingest.config import load_config
from eventdata.ingest.decode import (
    PROBLEM_REPLACED,
    Decoded,
    StreamCodec,
    UndecodableError,
    declared_html_charset,
    decode_bytes,
    decode_line,
    stream_codec,
)
from eventdata.ingest.discover import RawFile
from eventdata.ingest.frontmatter import canonical_fields, split_front_matter
from eventdata.ingest.html import extract_html
from eventdata.ingest.ids import clean_text

# Quarantine reasons (short and stable; the detail says the specifics).
UNDECODABLE = "undecodable"
EMPTY = "empty"
TOO_LARGE = "too large"
NOT_REPORT = "not a report format"
BROKEN_JSON = "broken json line"
BROKEN_CSV = "broken csv row"
MISSING_TEXT = "missing text"
UNREADABLE = "unreadable"

PROBLEM_BAD_VALUE = "bad_value"
# Records re-read after a stray quote, per file: bounds the work on hostile input.
_MAX_REREADS = 1000
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


@dataclass(slots=True)
class Draft:
    """A report as read: cleaned text, raw metadata strings, codec and named problems."""

    ref: str
    text: str
    meta: dict[str, str | None]
    encoding: str
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Rejection:
    """Something that could not become a report, with the reason and a sample."""

    ref: str
    reason: str
    detail: str
    sample: str = ""


Item = Draft | Rejection
Reader = Callable[[RawFile, int], Iterator[Item]]


class TooLargeError(ValueError):
    """The file is larger than the limit (found while reading: it grew)."""


def sample_of(content: bytes | str) -> str:
    """The first characters of offending content, decoded with replacement."""
    n = load_config().sample_chars
    if isinstance(content, bytes):
        content = content[: n * 4].decode("utf-8", "replace")
    return _CONTROL.sub("\ufffd", content[:n].rstrip("\r\n"))


def too_large_detail(size: int, max_bytes: int) -> str:
    """The quarantine message for a file over the limit (one wording everywhere)."""
    return f"too large: {size} bytes > limit of {max_bytes} bytes"


def read_limited(raw: RawFile, max_bytes: int) -> bytes:
    """The file's bytes, never more than the limit plus one."""
    with open(raw.path, "rb") as fh:
        data = fh.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise TooLargeError(too_large_detail(os.fstat(fh.fileno()).st_size, max_bytes))
    return data


def _draft(
    ref: str, text: str, meta: dict[str, str | None], dec: Decoded, problems: list[str],
    empty_reason: str, empty_detail: str, content: str,
) -> Item:
    """A draft of cleaned text, or a rejection (sampling `content`) when nothing is left."""
    cleaned = clean_text(text)
    if not cleaned:
        return Rejection(ref, empty_reason, empty_detail, sample_of(content))
    return Draft(ref, cleaned, meta, dec.encoding, [*dec.problems, *problems])


def read_text(raw: RawFile, max_bytes: int) -> Iterator[Item]:
    """A .txt/.md file: one report, with optional YAML front matter."""
    data = read_limited(raw, max_bytes)
    try:
        dec = decode_bytes(data)
    except UndecodableError as err:
        yield Rejection(raw.ref, UNDECODABLE, str(err), sample_of(data))
        return
    fm = split_front_matter(dec.text)
    detail = "no text after the front matter" if fm.meta else "empty file"
    yield _draft(raw.ref, fm.body, fm.meta, dec, list(fm.problems), EMPTY, detail,
                 dec.text)


def read_html(raw: RawFile, max_bytes: int) -> Iterator[Item]:
    """A saved web page: one report, the article's text and the page's metadata."""
    data = read_limited(raw, max_bytes)
    try:
        dec = decode_bytes(data, declared=declared_html_charset(data))
    except UndecodableError as err:
        yield Rejection(raw.ref, UNDECODABLE, str(err), sample_of(data))
        return
    text, meta = extract_html(dec.text)
    detail = "no article text in the page" if dec.text.strip() else "empty file"
    yield _draft(raw.ref, text, meta, dec, [], EMPTY, detail, dec.text)


def _text_of(obj: dict[Any, Any], text_fields: tuple[str, ...]) -> Any:
    """The value of the record's best text key (any case), or None when it has none."""
    keys = {k.strip().lower(): k for k in reversed(list(obj)) if isinstance(k, str)}
    for name in text_fields:
        if name in keys:
            return obj[keys[name]]
    return None


def _record(
    obj: dict[Any, Any], ref: str, where: str, dec: Decoded, content: str
) -> Item:
    """A report from a feed record (JSON object or CSV row as a mapping)."""
    text = _text_of(obj, load_config().text_fields)
    if not isinstance(text, str):
        kind = "no text" if text is None else f"text is not a string ({type(text).__name__})"
        return Rejection(ref, MISSING_TEXT, f"{where}: {kind}", sample_of(content))
    problems: list[str] = []
    meta = canonical_fields(obj, problems, PROBLEM_BAD_VALUE)
    return _draft(ref, text, meta, dec, problems, MISSING_TEXT, f"{where}: empty text", content)


def _json_line(line: str, n: int, raw: RawFile, dec: Decoded) -> Item:
    ref = f"{raw.ref}#L{n}"
    where = f"line {n} of {raw.ref}"
    line = line.lstrip("\ufeff").rstrip("\r\n")
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError) as err:
        return Rejection(ref, BROKEN_JSON, f"{where}: {err}", sample_of(line))
    if not isinstance(obj, dict):
        return Rejection(ref, BROKEN_JSON, f"{where}: not a JSON object ({type(obj).__name__})",
                         sample_of(line))
    return _record(obj, ref, where, dec, line)


def _text_stream(fh: BinaryIO, sc: StreamCodec, newline: str | None) -> io.TextIOWrapper:
    fh.seek(sc.bom)
    codec = sc.codec if sc.strict or sc.bom or sc.fallback is None else sc.fallback
    return io.TextIOWrapper(fh, encoding=codec, errors="replace", newline=newline)


def _or_empty(items: Iterator[Item], ref: str, detail: str) -> Iterator[Item]:
    """Pass items on; a feed that yields nothing at all is rejected as empty."""
    seen = False
    for item in items:
        seen = True
        yield item
    if not seen:
        yield Rejection(ref, EMPTY, detail)


def read_jsonl(raw: RawFile, max_bytes: int) -> Iterator[Item]:
    """A feed of JSON objects, one per line; each bad line is rejected alone."""
    return _or_empty(_jsonl_items(raw, max_bytes), raw.ref, "no records (blank lines only)")


def _jsonl_items(raw: RawFile, max_bytes: int) -> Iterator[Item]:
    with open(raw.path, "rb") as fh:
        try:
            sc = stream_codec(fh, max_bytes=max_bytes)
        except UndecodableError as err:
            yield Rejection(raw.ref, UNDECODABLE, str(err), sample_of(fh.read(800)))
            return
        if sc.codec != "utf-8":  # UTF-16/32: lines are not byte-delimited
            stream = _text_stream(fh, sc, newline=None)
            clean = Decoded("", sc.encoding)
            replaced = Decoded("", sc.encoding, (PROBLEM_REPLACED,))
            for n, line in enumerate(stream, 1):
                if line.strip():
                    yield _json_line(line, n, raw, replaced if "\ufffd" in line else clean)
            stream.detach()
            return
        fh.seek(sc.bom)
        for n, raw_line in enumerate(fh, 1):
            if not raw_line.strip():
                continue
            try:
                dec = decode_line(raw_line, sc)
            except (UndecodableError, UnicodeDecodeError) as err:
                yield Rejection(f"{raw.ref}#L{n}", UNDECODABLE, f"line {n} of {raw.ref}: {err}",
                                sample_of(raw_line))
                continue
            yield _json_line(dec.text, n, raw, dec)


def _header(line: str, delimiters: tuple[str, ...], text_fields: tuple[str, ...]
            ) -> tuple[str, list[str]] | None:
    """(delimiter, lower-case column names) of the first delimiter giving a text column."""
    for delim in delimiters:
        try:
            cols = next(csv.reader([line], delimiter=delim), [])
        except csv.Error:
            continue
        names = [c.strip().lstrip("\ufeff").strip().lower() for c in cols]
        if set(names) & set(text_fields):
            return delim, names
    return None


def read_csv(raw: RawFile, max_bytes: int) -> Iterator[Item]:
    """A table with a header and a `text` column; each bad row is rejected alone."""
    return _or_empty(_csv_items(raw, max_bytes), raw.ref, "a header but no data rows")


def _csv_items(raw: RawFile, max_bytes: int) -> Iterator[Item]:
    cfg = load_config()
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes))
    with open(raw.path, "rb") as fh:
        try:
            sc = stream_codec(fh, max_bytes=max_bytes)
        except UndecodableError as err:
            yield Rejection(raw.ref, UNDECODABLE, str(err), sample_of(fh.read(800)))
            return
        if not (sc.strict or sc.bom) and sc.fallback is None:
            yield Rejection(raw.ref, UNDECODABLE, "undecodable bytes: no credible text encoding",
                            sample_of(fh.read(800)))
            return
        stream = _text_stream(fh, sc, newline="")
        encoding = sc.encoding if sc.strict or sc.bom else str(sc.fallback)
        dec = Decoded("", encoding)
        header_line = ""
        for header_line in stream:
            if header_line.strip():
                break
        found = _header(header_line, cfg.csv_delimiters, cfg.text_fields)
        if found is None:
            detail = (f"no text column ({', '.join(cfg.text_fields)}) in the header of "
                      f"{raw.ref}") if header_line.strip() \
                else "empty file"
            reason = MISSING_TEXT if header_line.strip() else EMPTY
            yield Rejection(raw.ref, reason, detail, sample_of(header_line))
            stream.detach()
            return
        delim, names = found
        yield from _csv_rows(stream, delim, names, raw, dec, flag_replaced=not sc.strict)
        stream.detach()


class _Lines:
    """Physical lines of a CSV stream that remembers the lines of the current record.

    A stray opening quote makes the csv module swallow every following line
    into one field. Lines can be handed back, so such a record is rejected for
    its first line only and the rest is read again.
    """

    def __init__(self, stream: Iterator[str]) -> None:
        self._it = iter(stream)
        self.back: deque[str] = deque()
        self.taken: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self.back.popleft() if self.back else next(self._it)
        self.taken.append(line)
        return line


def _csv_rows(
    stream: Iterator[str], delim: str, names: list[str], raw: RawFile, dec: Decoded,
    *, flag_replaced: bool,
) -> Iterator[Item]:
    width = len(names)
    lines = _Lines(stream)
    reader = csv.reader(lines, delimiter=delim)
    rereads = 0
    n = 0
    while True:
        lines.taken.clear()
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            n += 1
            yield Rejection(f"{raw.ref}#R{n}", BROKEN_CSV, f"row {n} of {raw.ref}: {err}",
                            sample_of("".join(lines.taken)))
            continue
        n += 1
        if not any(f.strip() for f in row):
            continue
        ref, where = f"{raw.ref}#R{n}", f"row {n} of {raw.ref}"
        if len(row) != width:
            detail = f"{where}: {len(row)} fields, the header has {width}"
            taken = list(lines.taken)
            if len(taken) > 1 and rereads < _MAX_REREADS:
                rereads += 1
                lines.back.extendleft(reversed(taken[1:]))
                reader = csv.reader(lines, delimiter=delim)
                detail += " (unbalanced quote? the lines after this one are read again)"
                yield Rejection(ref, BROKEN_CSV, detail, sample_of(taken[0]))
                continue
            yield Rejection(ref, BROKEN_CSV, detail, sample_of(delim.join(row)))
            continue
        record: dict[str, str] = {}
        for name, value in zip(names, row, strict=True):
            record.setdefault(name, value)
        item = _record(record, ref, where, dec, delim.join(row))
        if flag_replaced and isinstance(item, Draft) and "\ufffd" in item.text:
            item.problems.append(PROBLEM_REPLACED)
        yield item


#: Reader per format name of ingest.yaml.
READERS: dict[str, Reader] = {
    "text": read_text,
    "jsonl": read_jsonl,
    "csv": read_csv,
    "html": read_html,
}
