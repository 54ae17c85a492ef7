"""YAML front matter at the top of text files: metadata that travels with a report.

Users write front matter by hand, so it is often not valid YAML (a title with
a colon, a stray quote). The report text matters more than its metadata: a
broken block never loses the text, it is recorded as a named problem and the
lines that still read as ``key: value`` are kept. Scalars are read as strings
(YAML's base loader), so ``country: NO`` stays Norway and dates stay as
written for the dates module to parse.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from eventdata.ingest.config import load_config
from eventdata.ingest.ids import clean_value

_OPEN = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_LINE = re.compile(r"^([A-Za-z_][\w\-]*)[ \t]*:(?:[ \t]+(.*?))?[ \t]*$")
# A value YAML would read as the plain string it looks like.
_PLAIN = re.compile(r"""^(?![\s'"\[\]{}&*!|>%@`#,?:-])(?!.*(?::\s|\s#))[^\r\n]*(?<!:)$""")
_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

PROBLEM_UNCLOSED = "front_matter_unclosed"
PROBLEM_INVALID = "front_matter_invalid_yaml"
PROBLEM_NOT_MAPPING = "front_matter_not_mapping"
PROBLEM_BAD_VALUE = "front_matter_bad_value"


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """Metadata found at the top of a text, the rest of the text, and what went wrong."""

    meta: dict[str, str | None]
    body: str
    problems: tuple[str, ...] = ()


def canonical_fields(
    record: Mapping[str, Any], problems: list[str], problem_name: str
) -> dict[str, str | None]:
    """Keep the known metadata fields of a record (any source), as clean strings.

    Keys are matched case-insensitively and through the aliases of ingest.yaml;
    the canonical name wins over an alias. Numbers become strings; lists and
    mappings are not metadata and are reported as `problem_name:<field>`.
    """
    cfg = load_config()
    chosen: dict[str, tuple[int, Any]] = {}
    for key, value in record.items():
        if not isinstance(key, str):
            continue
        k = key.strip().lower()
        field = k if k in cfg.metadata_fields else cfg.field_aliases.get(k)
        if field is None:
            continue
        rank = 0 if k == field else 1
        if field not in chosen or rank < chosen[field][0]:
            chosen[field] = (rank, value)
    out: dict[str, str | None] = {}
    for field, (_, value) in chosen.items():
        if value is None:
            out[field] = None
        elif isinstance(value, str):
            out[field] = clean_value(value)
        elif isinstance(value, bool | int | float):
            out[field] = clean_value(str(value))
        else:
            problems.append(f"{problem_name}:{field}")
    return out


def _fast_parse(block: str) -> dict[str, str] | None:
    """Parse a block of plain ``key: value`` lines without YAML, or None if not that simple."""
    out: dict[str, str] = {}
    for line in block.split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _LINE.match(line)
        if not m:
            return None
        value = m.group(2) or ""
        if value and not _PLAIN.match(value):
            return None
        out[m.group(1)] = value
    return out


def _lenient_parse(block: str) -> dict[str, str]:
    """Salvage ``key: value`` lines from a block YAML rejected, values taken verbatim."""
    out: dict[str, str] = {}
    for line in block.split("\n"):
        m = _LINE.match(line)
        if m and m.group(2):
            value = m.group(2)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            out[m.group(1)] = value
    return out


def split_front_matter(text: str) -> FrontMatter:
    """Separate a leading ``---`` block from the text; never raises, never drops the body."""
    opening = _OPEN.match(text)
    if not opening:
        return FrontMatter({}, text)
    max_lines = load_config().front_matter_max_lines
    rest = text[opening.end():]
    closing = _CLOSE.search(rest)
    if closing is None or rest.count("\n", 0, closing.start()) > max_lines:
        return FrontMatter({}, text, (PROBLEM_UNCLOSED,))
    block = rest[: closing.start()].replace("\r\n", "\n")
    body = rest[closing.end():]
    problems: list[str] = []
    parsed: Any = _fast_parse(block)
    if parsed is None:
        try:
            parsed = yaml.load(block, Loader=_LOADER)
        except (yaml.YAMLError, ValueError, RecursionError):
            problems.append(PROBLEM_INVALID)
            parsed = _lenient_parse(block)
    if parsed is None:
        parsed = {}
    if not isinstance(parsed, dict):
        problems.append(PROBLEM_NOT_MAPPING)
        parsed = {}
    meta = canonical_fields(parsed, problems, PROBLEM_BAD_VALUE)
    return FrontMatter(meta, body, tuple(problems))
