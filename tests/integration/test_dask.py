"""`eventdata run --runner dask` gives the default runner's release, and leaves nothing running.

Two promises of the scale-out path: the events do not depend on where batches
were coded (byte-identical events.parquet for the same inputs and release
time), and the temporary Prefect server and Dask cluster it starts are gone
when the command returns. Both runs go through the CLI in subprocesses, as a
user runs them; their processes are found afterwards by a marker in their
environment, so other jobs on the machine cannot confuse the check.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
EVENTDATA = Path(sys.executable).with_name("eventdata")
RELEASE_TIME = "2026-11-25T06:00:00Z"
MARK = "EVENTDATA_TEST_DASK_MARK"


def _marked(mark: str) -> list[str]:
    """Processes still running that inherited our marker (children, grandchildren, orphans)."""
    psutil = pytest.importorskip("psutil")
    found = []
    for p in psutil.process_iter(["pid", "cmdline"]):
        try:
            if p.environ().get(MARK) == mark:
                found.append(f"{p.pid}: {' '.join(p.info['cmdline'] or [])[:150]}")
        except psutil.Error:
            continue
    return found


def _run(raw: Path, curated: Path, mark: str, home: Path, *extra: str) -> Path:
    env = dict(os.environ, **{MARK: mark}, PREFECT_HOME=str(home))
    env.pop("PREFECT_API_URL", None)
    cmd = [str(EVENTDATA), "run", "--raw", str(raw), "--curated", str(curated),
           "--release-time", RELEASE_TIME, *extra]  # fmt: skip
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    releases = sorted((curated / "releases").iterdir())
    assert len(releases) == 1
    return releases[0] / "events.parquet"


def test_dask_runner_matches_default_and_cleans_up(tmp_path: Path) -> None:
    pytest.importorskip("prefect_dask")
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "raw", raw)
    mark = uuid.uuid4().hex
    home = tmp_path / "prefect-home"
    default_events = _run(raw, tmp_path / "default", mark, home)
    dask_events = _run(raw, tmp_path / "dask", mark, home, "--runner", "dask")

    assert default_events.read_bytes() == dask_events.read_bytes()
    import pandas as pd

    assert len(pd.read_parquet(dask_events)) > 0  # identical, and not identically empty

    deadline = time.monotonic() + 15  # a process may take a moment to finish exiting
    left = _marked(mark)
    while left and time.monotonic() < deadline:
        time.sleep(0.5)
        left = _marked(mark)
    assert left == [], "processes left behind:\n" + "\n".join(left)
