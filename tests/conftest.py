"""Shared test setup: quiet, offline Prefect in a temporary home, one harness per session."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

_HOME = Path(tempfile.mkdtemp(prefix="eventdata-prefect-"))
os.environ.setdefault("PREFECT_HOME", str(_HOME))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.setdefault("PREFECT_LOGGING_TO_API_ENABLED", "false")

ROOT = Path(__file__).resolve().parent.parent


def event_row(**overrides: object) -> dict:
    """A valid event row (a peaceful protest in Zhanaozen) to vary in tests."""
    import datetime as dt

    row = {
        "event_id_cnty": "KAZ1",
        "event_date": dt.date(2023, 4, 11),
        "year": 2023,
        "time_precision": 1,
        "disorder_type": "Demonstrations",
        "event_type": "Protests",
        "sub_event_type": "Peaceful protest",
        "actor1": "Protesters (Kazakhstan)",
        "assoc_actor_1": "Labor Group (Kazakhstan)",
        "inter1": "Protesters",
        "actor2": None,
        "assoc_actor_2": None,
        "inter2": None,
        "interaction": "Protesters only",
        "civilian_targeting": None,
        "iso": 398,
        "region": "Central Asia and the Caucasus",
        "country": "Kazakhstan",
        "admin1": "Mangystau",
        "admin2": None,
        "admin3": None,
        "location": "Zhanaozen",
        "latitude": 43.3412,
        "longitude": 52.8619,
        "geo_precision": 1,
        "source": "Example Wire",
        "source_scale": "National",
        "notes": "On 11 April 2023, workers held a protest in Zhanaozen. [size=no report]",
        "fatalities": 0,
        "tags": "crowd size=no report",
        "timestamp": 1681200000,
    }
    row.update(overrides)
    return row


@pytest.fixture(scope="session")
def prefect_harness():
    """One ephemeral Prefect backend for every flow test of the session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
