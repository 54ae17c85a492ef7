"""Process-wide settings that must be in place before Prefect is imported.

Prefect reads its settings from the environment at import; setting quiet,
offline defaults here (never overriding what a user exported) keeps runs from
phoning home, from writing into ~/.prefect, and from timing out on a cold start.
"""

from __future__ import annotations

import os
from pathlib import Path

_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_LOGGING_LEVEL": "INFO",
}


def configure_prefect_env(home: Path | None = None) -> None:
    """Set Prefect's environment defaults; `home` is where its local database lives."""
    for key, value in _DEFAULTS.items():
        os.environ.setdefault(key, value)
    if "PREFECT_HOME" not in os.environ:
        base = home or Path(os.environ.get("EVENTDATA_HOME", Path.cwd() / ".prefect"))
        os.environ["PREFECT_HOME"] = str(base)
