"""A cheap guess of a report's language, and normalisation of declared ones.

Downstream lexicons are per language, so a report needs a code, but ingest
must stay far cheaper than extraction: no model, only the writing system of
the first characters (which settles most non-Latin languages, with a few
letters that single out Kazakh, Ukrainian, Urdu, Japanese ...) and, for Latin
script, the share of frequent short words per language. Uncertain: "und".
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter

from eventdata.ingest.config import LanguageConfig, load_config

UNDETERMINED = "und"

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_PUNCT = ".,;:!?\"'()[]{}<>«»“”„‘’‚—–-…/\\*#@|"
_ASCII_NON_LETTERS = bytes(c for c in range(128) if not chr(c).isalpha())
_DECLARED = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*$")


class _Tables:
    """Lookup structures built once from the language config."""

    def __init__(self, cfg: LanguageConfig) -> None:
        self.cfg = cfg
        bounds: list[tuple[int, int, int]] = []
        for idx, script in enumerate(cfg.scripts):
            bounds.extend((lo, hi, idx) for lo, hi in script.ranges)
        bounds.sort()
        self.starts = [b[0] for b in bounds]
        self.bounds = bounds
        self.latin = next((i for i, s in enumerate(cfg.scripts) if s.code is None), None)
        self.char_script: dict[str, int | None] = {}
        words: dict[str, list[str]] = {}
        for code, ws in cfg.stopwords.items():
            for w in ws:
                words.setdefault(w, []).append(code)
        self.stopwords = {w: tuple(codes) for w, codes in words.items()}

    def script_of(self, ch: str) -> int | None:
        """Index of the script a non-ASCII character belongs to (memoised)."""
        try:
            return self.char_script[ch]
        except KeyError:
            pass
        cp = ord(ch)
        i = bisect.bisect_right(self.starts, cp) - 1
        found = None
        if i >= 0:
            lo, hi, idx = self.bounds[i]
            if lo <= cp <= hi:
                found = idx
        if len(self.char_script) < 50_000:
            self.char_script[ch] = found
        return found


@functools.cache
def _tables() -> _Tables:
    return _Tables(load_config().language)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, or "und" when unsure."""
    t = _tables()
    cfg = t.cfg
    sample = text[: cfg.sample_chars]
    counts = [0] * len(cfg.scripts)
    ascii_letters = len(sample.encode("ascii", "ignore").translate(None, _ASCII_NON_LETTERS))
    if t.latin is not None:
        counts[t.latin] += ascii_letters
    chars = Counter() if sample.isascii() else Counter(_NON_ASCII.findall(sample))
    for ch, n in chars.items():
        idx = t.script_of(ch)
        if idx is not None:
            counts[idx] += n
    total = sum(counts)
    if total < cfg.min_letters:
        return UNDETERMINED
    best = max(range(len(counts)), key=counts.__getitem__)
    script = cfg.scripts[best]
    if script.code is None:
        return _by_stopwords(sample[: cfg.stopword_chars], t)
    best_code, best_marked = script.code, 0
    for code, letters in script.markers.items():
        marked = sum(n for ch, n in chars.items() if ch in letters)
        if marked > best_marked:
            best_code, best_marked = code, marked
    if best_marked and best_marked >= cfg.marker_ratio * counts[best]:
        return best_code
    return script.code


def _by_stopwords(sample: str, t: _Tables) -> str:
    """Most frequent language among the stopwords of the sample, if clear enough.

    Tokens are split on whitespace and stripped of punctuation (much cheaper
    than a word regex, which dominated the cost of ingest).
    """
    cfg = t.cfg
    counts = Counter(sample.lower().split())
    if not counts:
        return UNDETERMINED
    hits: dict[str, int] = {}
    get = t.stopwords.get
    for token, n in counts.items():
        codes = get(token)
        if codes is None:
            stripped = token.strip(_PUNCT)
            if stripped == token or (codes := get(stripped)) is None:
                continue
        for code in codes:
            hits[code] = hits.get(code, 0) + n
    if not hits:
        return UNDETERMINED
    ranked = sorted(hits.items(), key=lambda kv: -kv[1])
    code, n = ranked[0]
    if len(ranked) > 1 and ranked[1][1] == n:
        return UNDETERMINED
    n_words = sum(counts.values())
    if n < cfg.min_stopwords or n < cfg.min_stopword_ratio * n_words:
        return UNDETERMINED
    return code


@functools.lru_cache(maxsize=1024)
def normalise_language(value: str) -> str | None:
    """ISO 639-1 code for a declared language ("en-US", "EN", "eng", "English"), or None."""
    import pycountry  # loaded only when a report declares an unusual value

    value = value.strip()
    m = _DECLARED.match(value)
    if m:
        code = m.group(1).lower()
        if len(code) == 2:
            return code if pycountry.languages.get(alpha_2=code) else None
        lang = pycountry.languages.get(alpha_3=code)
        return getattr(lang, "alpha_2", None) if lang else None
    try:
        lang = pycountry.languages.lookup(value)
    except LookupError:
        return None
    return getattr(lang, "alpha_2", None)
