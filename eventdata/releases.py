"""Finding releases in a curated folder, with nothing heavier than the standard library.

Kept apart from the writer so that `eventdata query` and `eventdata releases`
answer without importing pandas or pandera.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

log = logging.getLogger(__name__)


def list_versions(curated: Path) -> list[str]:
    root = curated / "releases"
    if not root.is_dir():
        return []
    names = [
        p.name
        for p in root.iterdir()
        if p.is_dir() and not p.name.startswith(".") and (p / "manifest.json").is_file()
    ]
    return sorted(names, key=version_key)


def version_key(version: str) -> tuple[str, int]:
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:_(\d+))?", version)
    if not m:
        return (version, 0)
    return (m.group(1), int(m.group(2) or 1))


def latest_version(curated: Path) -> str | None:
    pointer = curated / "latest.json"
    if pointer.is_file():
        try:
            data = json.loads(pointer.read_text(encoding="utf-8"))
            version = data["version"]
            if (curated / "releases" / version / "manifest.json").is_file():
                return version
        except (ValueError, KeyError, TypeError):
            log.warning("latest.json is unreadable; falling back to the newest release folder")
    versions = list_versions(curated)
    return versions[-1] if versions else None
