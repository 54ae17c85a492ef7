"""The article text and metadata of a saved web page, without running or fetching anything.

Pages carry far more than the article: menus, footers, related links,
scripts. Those are dropped by tag, the body is taken from ``<article>`` or
``<main>`` when the page has one (the longest, for pages listing several), and
block elements become paragraphs separated by blank lines, because the
sentence splitter and the background detection downstream work on paragraphs.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from eventdata.ingest.config import HtmlConfig, load_config
from eventdata.ingest.ids import clean_value

_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")


def _meta(tree: LexborHTMLParser, cfg: HtmlConfig) -> dict[str, str | None]:
    """The first non-empty value of each field's rules."""
    out: dict[str, str | None] = {}
    for field, rules in cfg.meta.items():
        for rule in rules:
            node = tree.css_first(rule.selector)
            if node is None:
                continue
            raw = node.text(deep=True) if rule.attr == "text" else node.attributes.get(rule.attr)
            value = clean_value(raw) if raw else None
            if value:
                out[field] = value
                break
    return out


def _content_root(tree: LexborHTMLParser, cfg: HtmlConfig) -> LexborNode | None:
    for selector in cfg.content_selectors:
        nodes = tree.css(selector)
        if nodes:
            if len(nodes) == 1:
                return nodes[0]
            return max(nodes, key=lambda n: len(n.text(deep=True)))
    return tree.root


def _paragraphs(root: LexborNode, blocks: frozenset[str]) -> str:
    """Text of `root`, one paragraph per block element, inline text joined."""
    paragraphs: list[str] = []
    current: list[str] = []
    current_key: int | None = None
    block_of: dict[int, int] = {}

    def flush() -> None:
        if current:
            lines = (_SPACES.sub(" ", part).strip() for part in "".join(current).split("\n"))
            para = "\n".join(line for line in lines if line)
            if para:
                paragraphs.append(para)
            current.clear()

    for node in root.traverse(include_text=True):
        tag = node.tag
        if tag == "br":
            current.append("\n")
            continue
        if tag != "-text":
            continue
        parent = node.parent
        if parent is None:
            continue
        pid = parent.mem_id
        key = block_of.get(pid)
        if key is None:
            anc: LexborNode | None = parent
            while anc is not None and anc.tag not in blocks and anc.mem_id != root.mem_id:
                anc = anc.parent
            key = anc.mem_id if anc is not None else root.mem_id
            block_of[pid] = key
        if key != current_key:
            flush()
            current_key = key
        current.append(node.text_content or "")
    flush()
    return "\n\n".join(paragraphs)


def extract_html(markup: str) -> tuple[str, dict[str, str | None]]:
    """(article text, metadata) of an HTML document; empty text when it has none."""
    cfg = load_config().html
    tree = LexborHTMLParser(markup)
    meta = _meta(tree, cfg)
    tree.strip_tags(list(cfg.drop_tags))
    root = _content_root(tree, cfg)
    if root is None:
        return "", meta
    return _paragraphs(root, cfg.block_tags), meta
