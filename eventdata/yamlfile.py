"""Reads the project's YAML data files with libyaml when it is there.

Why: the lexicons are a few thousand lines; the pure-Python loader spends about a
second on them in every coding process, libyaml a tenth of that. Both build the same
plain Python data (safe loading only).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(source: Path | str) -> Any:
    """The data of a YAML file (a Path) or YAML text (a str), safely loaded."""
    text = source.read_text(encoding="utf-8") if isinstance(source, Path) else source
    return yaml.load(text, Loader=_LOADER)
