"""The coder's version: the package version plus a digest of its data files.

A lexicon or table edit changes what the coder outputs, so it is a new coder:
reports coded by an older version are coded again, never mixed silently.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from eventdata import __version__

DATA = Path(__file__).resolve().parent / "data"


@cache
def coder_version() -> str:
    h = hashlib.sha256()
    for path in sorted(DATA.rglob("*")):
        if "build" in path.relative_to(DATA).parts:
            continue
        if path.is_file() and path.suffix in {".yaml", ".yml", ".csv", ".json"}:
            h.update(path.relative_to(DATA).as_posix().encode())
            h.update(path.read_bytes())
    return f"{__version__}+{h.hexdigest()[:10]}"
