"""Clean report text and the content hash that identifies a report.

The id is a hash of the text rather than of the file so that the same article
dropped twice (renamed, re-exported, in a feed and as a file) is one report.
It is computed from a whitespace-collapsed form so that line wrapping and
trailing blanks do not make two copies differ, but case and punctuation are
kept: they are part of what was reported.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Characters that need the slow path of `clean_text`: control characters other
# than tab and newline (CR included: line ends are unified), lone surrogates
# (from JSON escapes), invisible format marks that only break word matching
# downstream, and Unicode line separators. Most texts have none, so one search
# decides.
_ODD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff\u200b\u2060\u00ad\u2028\u2029]")
_PLAIN_ASCII = bytes([9, 10, *range(32, 127)])
_JUNK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")
_INVISIBLE = re.compile("[\ufeff\u200b\u2060\u00ad]")
_LINE_BREAKS = re.compile("\r\n?|[\u2028\u2029\x85]")
_MANY_BLANK = re.compile("\n[ \t]*(?:\n[ \t]*){2,}")

ID_CHARS = 32


def clean_text(text: str) -> str:
    """The text as stored: NFC, Unix line ends, no control junk, at most one blank line.

    Paragraph and line structure is kept because the sentence splitter and the
    attribution lines of pasted posts rely on it.
    """
    if _has_odd(text):
        text = _LINE_BREAKS.sub("\n", text)
        text = _JUNK.sub(_junk_replacement, text)
        text = _INVISIBLE.sub("", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if "\n" in text:
        text = "\n".join([line.rstrip() for line in text.split("\n")])
        if "\n\n\n" in text:
            text = _MANY_BLANK.sub("\n\n", text)
    return text.strip()


def _has_odd(text: str) -> bool:
    """Whether `text` needs the slow path; bytes.translate for ASCII is ~5x faster than re."""
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _PLAIN_ASCII))
    return _ODD.search(text) is not None


def _junk_replacement(m: re.Match[str]) -> str:
    """Lone surrogates become U+FFFD (they cannot be stored), control characters a space."""
    return "\ufffd" if "\ud800" <= m.group() <= "\udfff" else " "


def clean_value(value: str) -> str | None:
    """A metadata string on one line, or None when nothing is left."""
    if _has_odd(value):
        value = _JUNK.sub(_junk_replacement, value)
        value = _INVISIBLE.sub("", value)
    if not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    return " ".join(value.split()) or None


def normalise_text(text: str) -> str:
    """The form the id is computed from: NFC, whitespace collapsed, stripped, case kept.

    Whitespace is what ``str.split()`` splits on, the same set as ``\\s`` in ``re``.
    """
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def report_id(text: str) -> str:
    """First 32 hex characters of the sha256 of the normalised text (UTF-8)."""
    data = normalise_text(text).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:ID_CHARS]
