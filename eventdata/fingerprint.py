"""Knowing, in a fraction of a second, that a run would have nothing to do.

Prefect's ephemeral server costs 10-20 s to start; a scheduled run over an
unchanged raw folder must not pay it. The listing of the raw folder (paths,
sizes, modification times), the coder version and the latest release are
compared with what the last completed run recorded. Only the standard library
is imported here.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from eventdata.atomic import atomic_write_text
from eventdata.releases import latest_version
from eventdata.version import coder_version

CACHE_DIR = "cache"


def input_fingerprint(raw_dir: Path) -> str:
    """A cheap digest of the raw folder's listing (path, size, mtime), for the no-op check."""
    h = hashlib.sha256()
    if raw_dir.is_dir():
        entries = []
        for path in raw_dir.rglob("*"):
            try:
                st = path.lstat()
            except OSError:
                continue
            entries.append((path.relative_to(raw_dir).as_posix(), st.st_size, st.st_mtime_ns))
        for e in sorted(entries):
            h.update(repr(e).encode())
    return h.hexdigest()


def _fingerprint_path(curated: Path) -> Path:
    return curated / CACHE_DIR / "fingerprint.json"


def write_fingerprint(curated: Path, raw_dir: Path, summary: dict[str, Any]) -> None:
    path = _fingerprint_path(curated)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "raw_dir": str(raw_dir.resolve()),
        "inputs": input_fingerprint(raw_dir),
        "coder_version": coder_version(),
        "latest_version": latest_version(curated),
        "summary": summary,
    }
    atomic_write_text(path, json.dumps(data, indent=2, default=str) + "\n")


def nothing_new(curated: Path, raw_dir: Path) -> dict[str, Any] | None:
    """The last run's summary when neither the raw folder, the coder nor the releases changed."""
    path = _fingerprint_path(curated)
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return None
    same = (
        data.get("raw_dir") == str(raw_dir.resolve())
        and data.get("coder_version") == coder_version()
        and data.get("latest_version") == latest_version(curated)
        and data.get("inputs") == input_fingerprint(raw_dir)
    )
    return data.get("summary") if same else None


_SUMMARY_ROWS = [
    ("files", "raw files"),
    ("files_read", "files read"),
    ("files_quarantined", "files quarantined"),
    ("files_skipped", "files skipped"),
    ("reports", "reports"),
    ("reports_coded", "reports coded in this run"),
    ("duplicates", "duplicate reports"),
    ("quarantined", "quarantine rows"),
    ("events", "events"),
    ("added", "events added"),
    ("changed", "events changed"),
    ("deleted", "events deleted"),
    ("version", "release"),
    ("previous_version", "previous release"),
]


def summary_markdown(summary: dict[str, Any]) -> str:
    lines = ["| measure | value |", "|---|---|"]
    for key, label in _SUMMARY_ROWS:
        value = summary.get(key)
        lines.append(f"| {label} | {value if value is not None else '-'} |")
    if summary.get("nothing_new"):
        lines.append("| note | nothing new: no release written |")
    return "\n".join(lines)
