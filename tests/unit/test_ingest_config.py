"""The ingest data file: loads, and a wrong name in it fails at load time."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from eventdata.ingest.config import DATA_FILE, IngestConfigError, load_config, parse_config


@pytest.fixture
def raw() -> dict[str, Any]:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


def test_shipped_file_loads() -> None:
    cfg = load_config()
    assert cfg.formats[".jsonl"] == "jsonl"
    assert cfg.max_bytes == 20_000_000
    assert "en" in cfg.language.stopwords


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("formats", ".doc"), "word", "unknown reader"),
        (("encoding", "candidates"), ["cp1251", "no-such-codec"], "unknown codec"),
        (("language", "stopwords", "english"), ["the"], "bad language code"),
        (("language", "stopwords", "en"), ["the", True], "lower-case string"),
        (("field_aliases", "when"), "pubished", "unknown field"),
        (("html", "meta", "author"), [{"selector": "x", "attr": "y"}], "unknown field"),
        (("surprise",), 1, "unknown keys"),
        (("text_fields",), ["body", "text"], "must start with 'text'"),
        (("text_fields",), ["text", "headline"], "name metadata fields"),
    ],
)
def test_bad_values_fail_loudly(raw: dict[str, Any], path: tuple[str, ...], value: Any,
                                message: str) -> None:
    bad = copy.deepcopy(raw)
    node = bad
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(IngestConfigError, match=message):
        parse_config(bad)
