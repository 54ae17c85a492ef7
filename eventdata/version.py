"""The coder's version: the package version plus a digest of its data and code.

A lexicon or table edit, or a change to the code that reads them, changes what the
coder outputs, so it is a new coder: reports coded by an older version are coded
again, never mixed silently.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from eventdata import __version__

PKG = Path(__file__).resolve().parent
DATA = PKG / "data"
SCHEMAS = PKG.parent / "schemas"


@cache
def coder_version() -> str:
    h = hashlib.sha256()
    for path in sorted(DATA.rglob("*")):
        if "build" in path.relative_to(DATA).parts:
            continue
        if path.is_file() and path.suffix in {".yaml", ".yml", ".csv", ".json"}:
            h.update(path.relative_to(DATA).as_posix().encode())
            h.update(path.read_bytes())
    for root in (PKG, SCHEMAS):  # the code and codebook tables that read the data
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in {".py", ".yaml", ".csv"} and (
                    DATA not in path.parents):
                h.update(path.relative_to(root.parent).as_posix().encode())
                h.update(path.read_bytes())
    return f"{__version__}+{h.hexdigest()[:10]}"
