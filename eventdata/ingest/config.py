"""The ingest settings from ``eventdata/data/ingest.yaml``, validated once.

Limits, extensions, HTML selectors and language cues are data so that a user
can adapt them without touching code. Because a typo in such a file would
otherwise silently change what is read, the loader rejects unknown keys,
readers, codecs and language codes at load time instead of at first use.
"""

from __future__ import annotations

import codecs
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "ingest.yaml"

#: Readers that exist in eventdata.ingest.readers; the YAML may only name these.
KNOWN_FORMATS = frozenset({"text", "jsonl", "csv", "html"})

_TOP_KEYS = frozenset(
    {"max_bytes", "sample_chars", "formats", "skip_dirs", "metadata_fields", "field_aliases",
     "text_fields", "front_matter", "csv", "encoding", "html", "language"}
)
_KNOWN_FIELDS = frozenset(
    {"title", "source", "source_scale", "url", "published", "language", "country"}
)
_LANG_CODE = re.compile(r"^[a-z]{2}$")
_RANGE = re.compile(r"^U\+([0-9A-Fa-f]{4,6})\.\.U\+([0-9A-Fa-f]{4,6})$")


class IngestConfigError(ValueError):
    """The ingest data file names something the code does not know."""


@dataclass(frozen=True, slots=True)
class EncodingConfig:
    """How to choose a codec when bytes are not UTF-8."""

    candidates: tuple[str, ...]
    chaos_tolerance: float
    coherence_tolerance: float
    utf8_valid_ratio: float
    sniff_bytes: int


@dataclass(frozen=True, slots=True)
class MetaRule:
    """One place in an HTML page where a metadata field may be found."""

    selector: str
    attr: str  # attribute name, or "text" for the element's text


@dataclass(frozen=True, slots=True)
class HtmlConfig:
    """What of an HTML page is the article and where its metadata is."""

    drop_tags: tuple[str, ...]
    content_selectors: tuple[str, ...]
    block_tags: frozenset[str]
    meta: dict[str, tuple[MetaRule, ...]]


@dataclass(frozen=True, slots=True)
class ScriptConfig:
    """A writing system: its code point ranges, default language and markers."""

    name: str
    ranges: tuple[tuple[int, int], ...]
    code: str | None
    markers: dict[str, frozenset[str]]


@dataclass(frozen=True, slots=True)
class LanguageConfig:
    """Cues of the cheap language guess."""

    sample_chars: int
    min_letters: int
    marker_ratio: float
    stopword_chars: int
    min_stopword_ratio: float
    min_stopwords: int
    scripts: tuple[ScriptConfig, ...]
    stopwords: dict[str, frozenset[str]]


@dataclass(frozen=True, slots=True)
class IngestConfig:
    """All ingest settings."""

    max_bytes: int
    sample_chars: int
    formats: dict[str, str]
    skip_dirs: frozenset[str]
    metadata_fields: tuple[str, ...]
    field_aliases: dict[str, str]
    text_fields: tuple[str, ...]  # the report text's key or column, best first
    front_matter_max_lines: int
    csv_delimiters: tuple[str, ...]
    encoding: EncodingConfig
    html: HtmlConfig
    language: LanguageConfig


def _require(cond: bool, msg: str) -> None:
    if not cond:
        raise IngestConfigError(f"{DATA_FILE.name}: {msg}")


def _only_keys(section: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = set(section) - allowed
    _require(not unknown, f"unknown keys in {where}: {sorted(unknown)}")


def _charset(spec: Any, where: str) -> tuple[tuple[int, int], ...]:
    """Parse a list of "U+XXXX..U+YYYY" ranges and literal characters."""
    items = [spec] if isinstance(spec, str) else spec
    _require(isinstance(items, list), f"{where}: expected a string or a list")
    ranges: list[tuple[int, int]] = []
    for item in items:
        _require(isinstance(item, str) and item != "", f"{where}: bad item {item!r}")
        m = _RANGE.match(item)
        if m:
            lo, hi = int(m.group(1), 16), int(m.group(2), 16)
            _require(lo <= hi, f"{where}: empty range {item}")
            ranges.append((lo, hi))
        else:
            ranges.extend((ord(c), ord(c)) for c in item)
    return tuple(sorted(ranges))


def _expand(ranges: tuple[tuple[int, int], ...], where: str) -> frozenset[str]:
    total = sum(hi - lo + 1 for lo, hi in ranges)
    _require(total <= 5000, f"{where}: marker set too large ({total} code points)")
    return frozenset(chr(cp) for lo, hi in ranges for cp in range(lo, hi + 1))


def _language(raw: dict[str, Any]) -> LanguageConfig:
    _only_keys(
        raw,
        {"sample_chars", "min_letters", "marker_ratio", "stopword_chars", "min_stopword_ratio",
         "min_stopwords", "scripts", "stopwords"},
        "language",
    )
    scripts = []
    for name, spec in raw["scripts"].items():
        _only_keys(spec, {"chars", "code", "markers"}, f"language.scripts.{name}")
        code = spec.get("code")
        _require(code is None or bool(_LANG_CODE.match(code)), f"bad language code {code!r}")
        markers = {}
        for mcode, mspec in (spec.get("markers") or {}).items():
            _require(bool(_LANG_CODE.match(mcode)), f"bad language code {mcode!r}")
            markers[mcode] = _expand(_charset(mspec, f"{name}.markers.{mcode}"), name)
        scripts.append(
            ScriptConfig(name, _charset(spec["chars"], f"scripts.{name}"), code, markers)
        )
    _require(
        sum(1 for s in scripts if s.code is None) <= 1, "only one script may use stopwords"
    )
    stopwords = {}
    for code, words in raw["stopwords"].items():
        _require(bool(_LANG_CODE.match(code)), f"bad language code {code!r}")
        _require(
            all(isinstance(w, str) and w == w.lower() for w in words),
            f"stopwords.{code}: every word must be a lower-case string (quote yes/no/on)",
        )
        stopwords[code] = frozenset(words)
    return LanguageConfig(
        sample_chars=int(raw["sample_chars"]),
        min_letters=int(raw["min_letters"]),
        marker_ratio=float(raw["marker_ratio"]),
        stopword_chars=int(raw["stopword_chars"]),
        min_stopword_ratio=float(raw["min_stopword_ratio"]),
        min_stopwords=int(raw["min_stopwords"]),
        scripts=tuple(scripts),
        stopwords=stopwords,
    )


def _html(raw: dict[str, Any], fields: tuple[str, ...]) -> HtmlConfig:
    _only_keys(raw, {"drop_tags", "content_selectors", "block_tags", "meta"}, "html")
    meta: dict[str, tuple[MetaRule, ...]] = {}
    for field, rules in raw["meta"].items():
        _require(field in fields, f"html.meta: unknown field {field!r}")
        parsed = []
        for rule in rules:
            _only_keys(rule, {"selector", "attr"}, f"html.meta.{field}")
            parsed.append(MetaRule(str(rule["selector"]), str(rule["attr"])))
        meta[field] = tuple(parsed)
    return HtmlConfig(
        drop_tags=tuple(raw["drop_tags"]),
        content_selectors=tuple(raw["content_selectors"]),
        block_tags=frozenset(raw["block_tags"]),
        meta=meta,
    )


def _encoding(raw: dict[str, Any]) -> EncodingConfig:
    _only_keys(
        raw,
        {"candidates", "chaos_tolerance", "coherence_tolerance", "utf8_valid_ratio",
         "sniff_bytes"},
        "encoding",
    )
    for name in raw["candidates"]:
        try:
            codecs.lookup(name)
        except LookupError:
            raise IngestConfigError(f"{DATA_FILE.name}: unknown codec {name!r}") from None
    return EncodingConfig(
        candidates=tuple(raw["candidates"]),
        chaos_tolerance=float(raw["chaos_tolerance"]),
        coherence_tolerance=float(raw["coherence_tolerance"]),
        utf8_valid_ratio=float(raw["utf8_valid_ratio"]),
        sniff_bytes=int(raw["sniff_bytes"]),
    )


def parse_config(raw: dict[str, Any]) -> IngestConfig:
    """Validate a parsed ingest.yaml; separate from loading so tests can feed bad data."""
    _require(isinstance(raw, dict), "top level must be a mapping")
    _only_keys(raw, set(_TOP_KEYS), "the top level")
    formats = {}
    for ext, fmt in raw["formats"].items():
        _require(ext.startswith(".") and ext == ext.lower(), f"bad extension {ext!r}")
        _require(fmt in KNOWN_FORMATS, f"unknown reader {fmt!r} for {ext}")
        formats[ext] = fmt
    fields = tuple(raw["metadata_fields"])
    _require(set(fields) <= _KNOWN_FIELDS, f"unknown metadata fields {set(fields) - _KNOWN_FIELDS}")
    aliases = {}
    for alias, field in (raw.get("field_aliases") or {}).items():
        _require(field in fields, f"alias {alias!r} points at unknown field {field!r}")
        aliases[str(alias).lower()] = field
    text_fields = tuple(str(t).lower() for t in raw["text_fields"])
    _require(bool(text_fields) and text_fields[0] == "text",
             "text_fields must start with 'text'")
    _require(not set(text_fields) & (set(fields) | set(aliases)),
             f"text_fields name metadata fields: {set(text_fields) & (set(fields) | set(aliases))}")
    fm = raw["front_matter"]
    _only_keys(fm, {"max_lines"}, "front_matter")
    _only_keys(raw["csv"], {"delimiters"}, "csv")
    delimiters = tuple(raw["csv"]["delimiters"])
    _require(all(isinstance(d, str) and len(d) == 1 for d in delimiters), "bad csv delimiter")
    return IngestConfig(
        max_bytes=int(raw["max_bytes"]),
        sample_chars=int(raw["sample_chars"]),
        formats=formats,
        skip_dirs=frozenset(raw["skip_dirs"]),
        metadata_fields=fields,
        field_aliases=aliases,
        text_fields=text_fields,
        front_matter_max_lines=int(fm["max_lines"]),
        csv_delimiters=delimiters,
        encoding=_encoding(raw["encoding"]),
        html=_html(raw["html"], fields),
        language=_language(raw["language"]),
    )


@functools.cache
def load_config() -> IngestConfig:
    """The validated settings, parsed once per process."""
    with DATA_FILE.open("rb") as fh:
        raw = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return parse_config(raw)
