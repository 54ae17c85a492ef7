"""Generates docs/data-dictionary.md from the Pandera models, so it cannot drift."""

from __future__ import annotations

from pathlib import Path

from schemas import DeletedModel, EventsModel, EventSourcesModel, QuarantineModel, ReportsModel
from schemas.derive import data_dictionary

ROOT = Path(__file__).resolve().parent.parent
DICTIONARY = ROOT / "docs" / "data-dictionary.md"


def render_dictionary() -> str:
    return data_dictionary(
        [EventsModel, EventSourcesModel, ReportsModel, QuarantineModel, DeletedModel]
    )
