"""Splits a report into sentences and recognises pasted social-media posts.

Real reports are paragraphs of wire copy interleaved with pasted tweets whose
attribution line ("— Name (@handle) April 11, 2023") dates the post: the post's
content may be old news, so each of its sentences carries that date for the
coder to judge. Link stubs and attribution lines are noise and never sentences.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import replace

from eventdata.types import Sentence

_PARAGRAPH = re.compile(r"[^\n]+")
# End of sentence: . ! ? (optionally followed by a closing quote/bracket) then space
# and an opening capital, digit, quote or bracket.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9#@])")
_ABBREVIATIONS = (
    "Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Capt|Sgt|Maj|Gov|Sen|Rep|St|Mt|No|Jan|Feb|Mar|Apr|"
    "Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Inc|Ltd|Co|Corp|vs|etc|approx|Jr|Sr"
)
_ABBREV = re.compile(rf"(?:\b(?:{_ABBREVIATIONS})|\b[A-Z](?:\.[A-Z])*)\.$")
# How far from its end a sentence can hold the start of an abbreviation that ends it
# (the longest word, its stop, one more): searching only there finds one whenever a
# search of the whole sentence would ("U.S." ends in "S.", a match of its own).
_ABBREV_REACH = max(len(w) for w in _ABBREVIATIONS.split("|")) + 2
# Only text holding one of these can hold a link or a picture stub (_NOISE).
_NOISE_MARKS = ("http", "t.co/", "pic.twitter.com/")
_ATTRIBUTION = re.compile(r"^\s*[—–―-]{1,2}\s*\S.*\(@\w{1,30}\)")
_NOISE = re.compile(r"pic\.twitter\.com/\S+|https?://\S+|\bt\.co/\S+")
_DATE_ONLY_LINE = re.compile(
    r"^\s*[A-Z][a-z]+\.? \d{1,2}, \d{4}\s*$|^\s*\d{1,2} [A-Z][a-z]+ \d{4}\s*$"
)
_LINK_LINE = re.compile(r"^\s*(?:see also|read more|also read|related|watch)\s*:\s*\S", re.I)
_MIN_CHARS = 12
# A section heading: a short line in capitals or ending with a colon ("HIGHLIGHTS",
# "Key points:", "## Summary").
_SECTION_HEADING = re.compile(
    r"^(?:#{1,6}\s*\S.{0,60}|[A-Z][A-Z &/-]{2,60}|(?:[A-Za-z]+\s){0,3}[A-Za-z]+:)$")
_SUMMARY_HEADING = re.compile(
    r"\b(?:highlights?|key (?:points|messages|developments|figures)|summary|at a glance|"
    r"in brief|main points|overview of (?:the )?week|takeaways)\b")
_BULLET = re.compile(r"^\s*(?:[-–•*▪●]|\d{1,2}[.)])\s+\S")


def _is_headline(para: str) -> bool:
    """A first line that is a markdown heading, or short and without a closing stop."""
    line = para.strip()
    if line.startswith("#"):
        return True
    return len(line) <= 140 and not line.endswith((".", "!", "?", '"', "”", ":", ";"))


def _split_paragraph(text: str, offset: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        candidate = text[start : m.start()].rstrip()
        if _ABBREV.search(candidate, max(0, len(candidate) - _ABBREV_REACH)):
            continue
        spans.append((offset + start, offset + m.start()))
        start = m.end()
    spans.append((offset + start, offset + len(text)))
    return spans


def split_sentences(
    text: str,
    attribution_date: Callable[[str], dt.date | None] | None = None,
    title: str | None = None,
) -> list[Sentence]:
    """Sentences of a report with offsets into `text`; quoted posts carry their date.

    `attribution_date` parses a post's attribution line (and the date line after it);
    the paragraph just before an attribution line is the quoted post.
    """
    paragraphs = [(m.start(), m.group()) for m in _PARAGRAPH.finditer(text)]
    post_date_of_para: dict[int, dt.date | None] = {}
    skip: set[int] = set()
    for i, (_, para) in enumerate(paragraphs):
        if not _ATTRIBUTION.match(para):
            continue
        skip.add(i)
        date = attribution_date(para) if attribution_date else None
        if i + 1 < len(paragraphs) and _DATE_ONLY_LINE.match(paragraphs[i + 1][1]):
            skip.add(i + 1)
            if date is None and attribution_date:
                date = attribution_date(paragraphs[i + 1][1])
        # The post is the nearest paragraph above that is not itself an attribution.
        j = i - 1
        while j >= 0 and j in skip:
            j -= 1
        if j >= 0:
            post_date_of_para[j] = date
    out: list[Sentence] = []
    if title and title.strip():
        out.append(Sentence(0, 0, title.strip(), None, True))
    first = next((i for i, (_, p) in enumerate(paragraphs) if p.strip()), None)
    if first is not None and len(paragraphs) > 1 and _is_headline(paragraphs[first][1]):
        pstart, para = paragraphs[first]
        lead = len(para) - len(para.lstrip())
        text_h = para.strip().lstrip("#").strip()
        if not title or text_h != title.strip():
            out.append(Sentence(pstart + lead, pstart + len(para), text_h, None, True))
        skip.add(first)
    summary = False  # inside a "HIGHLIGHTS" / "Key points" list
    for i, (pstart, para) in enumerate(paragraphs):
        label = para.strip().lower().rstrip(":")
        if _SECTION_HEADING.match(para.strip()) and not _BULLET.match(para):
            summary = bool(_SUMMARY_HEADING.search(label))
            continue
        if i in skip or label in {"related", "read more", "see also"} or _LINK_LINE.match(para):
            continue
        # bullets summarising the report repeat its body, like a headline
        in_summary = summary and bool(_BULLET.match(para))
        post_date = post_date_of_para.get(i)
        is_post = i in post_date_of_para
        for s, e in _split_paragraph(para, pstart):
            raw = text[s:e]
            has_noise = any(mark in raw for mark in _NOISE_MARKS)
            clean = (_NOISE.sub("", raw) if has_noise else raw).strip()
            if len(clean) < _MIN_CHARS or not any(ch.isalpha() for ch in clean):
                continue
            lead = len(raw) - len(raw.lstrip())
            out.append(
                Sentence(
                    start=s + lead,
                    end=e,
                    text=clean,
                    quoted_post_date=post_date if is_post else None,
                    is_title=in_summary,
                    is_quoted=is_post,
                )
            )
    return out


# An antecedent clause has its own verb within its first words ("police arrested their
# leader", "two soldiers were killed"); a time or a noun alone ("9 pm", "the attack") is no
# clause of its own.
_CLAUSE_START = re.compile(
    r"(?![0-9])(?:[\w'’-]+\s+){0,6}?(?:[a-z]+ed|was|were|had|has|have|been|shot|fought|took|"
    r"hit|fled|stole|blew|threw|struck|burnt|broke|led|set|began|made|sent|found|held|kept|"
    r"left|lost|met|ran|saw|tore|won|caught|brought|came|cut|drew|drove|fell|gave|got|laid|"
    r"rose|spread|stood|swept|told|slew|overran|beat|bombed|shelled)\b")


def split_antecedents(sentences: list[Sentence], connector: re.Pattern[str],
                      days: Mapping[str, int] | None = None) -> list[Sentence]:
    """Split "<event>, hours after <earlier event>" into two sentences.

    Why: the classifier reads one event per sentence, and the earlier event of
    such a clause (the arrest that set off a riot) is an event of its own that
    must neither decide the main clause's type nor merge into it. Only the first
    connector of a sentence splits it; titles are left whole (they repeat the body).
    The clause keeps its offsets into the report so its span can be cited, and, from
    ``days`` (connector -> days), how long before the main event it happened.
    """
    out: list[Sentence] = []
    for s in sentences:
        m = None if s.is_title else connector.search(s.text)
        if (m is None or m.start() < 3 or len(s.text) - m.end() < _MIN_CHARS
                or not _CLAUSE_START.match(s.text, m.end())):
            out.append(s)  # "arrived shortly after 9 pm", "hours after the attack": no clause
            continue
        # offsets are exact unless a link was cleaned out before the connector
        head, tail = s.text[: m.start()].rstrip(" ,;") + ".", s.text[m.end():]
        out.append(replace(s, end=s.start + m.start(), text=head))
        key = " ".join(m.group(0).strip(" ,").lower().split())
        out.append(replace(s, start=s.start + m.end(), text=tail, is_antecedent=True,
                           days_before=(days or {}).get(key, 0)))
    return out


# Where a sentence's second clause begins: ", and", "; ", " while", " before" ...
_CLAUSE_JOIN = re.compile(
    r"(?:\s*[,;]\s*|\s+)(?:and\s+then|and|while|but|whereas|then|before)\s+|\s*;\s*",
    re.IGNORECASE)


# "raids that began overnight and continued into Monday morning": one event going on
_GOES_ON = re.compile(r"(?:\w+\s+){0,2}?(?:continued|continuing|lasted|lasting|went\s+on|"
                      r"carried\s+on|stretched|extended|persisted|dragged\s+on)\b", re.I)


def split_dated_clauses(sentences: list[Sentence],
                        days_of: Callable[[str], list[tuple[int, int, object]]]
                        ) -> list[Sentence]:
    """Split "<event> on 4 June, and on 5 June <another event>" at the join.

    Why: the classifier reads one event per sentence and the coder gives it one day, so
    two events told on two days in one sentence came out as one event on the later day.
    A sentence is split only where each side has its own day (``days_of`` gives the
    (start, end, day) of the event dates in a text: statement and dateline dates left
    out by the caller) and the second side starts a clause of its own. Titles, pasted
    posts and antecedent clauses are left whole.
    """
    out: list[Sentence] = []
    for s in sentences:
        if s.is_title or s.is_quoted or s.is_antecedent:
            out.append(s)
            continue
        days = days_of(s.text)
        cut = None
        if len({d for _, _, d in days}) > 1:
            first_end, second_start = days[0][1], next(
                (a for a, _, d in days if d != days[0][2]), None) or 0
            joins = [m for m in _CLAUSE_JOIN.finditer(s.text, first_end, second_start)]
            if joins and second_start > first_end:
                m = joins[-1]
                tail = s.text[m.end():]
                if len(tail) >= _MIN_CHARS and m.start() >= _MIN_CHARS and (
                        _CLAUSE_START.match(tail)) and not _GOES_ON.match(tail):
                    cut = m
        if cut is None:
            out.append(s)
            continue
        head = s.text[: cut.start()].rstrip(" ,;") + "."
        out.append(replace(s, end=s.start + cut.start(), text=head))
        out.append(replace(s, start=s.start + cut.end(), text=s.text[cut.end():]))
    return out
