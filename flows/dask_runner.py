"""Running the pipeline's batch tasks on Dask through prefect-dask's DaskTaskRunner.

Prefect's ephemeral mode starts one temporary API server per process, and Dask
worker processes are processes: each would start its own and some would be left
running. So a Dask run talks to a real Prefect server: the one in
PREFECT_API_URL, or one started for the run and stopped after it.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SERVER_START_TIMEOUT = 120.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthy(api: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api}/health", timeout=2) as resp:
            return resp.status == 200
    except OSError:
        return False


def configured_api() -> str | None:
    """The API URL from the environment or the active Prefect profile, if any."""
    from prefect.settings import get_current_settings

    return os.environ.get("PREFECT_API_URL") or get_current_settings().api.url


@contextmanager
def prefect_server() -> Iterator[str]:
    """The API URL of a Prefect server: the configured one, or a temporary one on loopback.

    The temporary server runs in its own session and Prefect home, and both are
    removed on exit, so a run leaves no process and no folder behind. The URL is
    set twice: in Prefect's settings for this process (read at import, so the
    environment alone would be ignored here and an ephemeral server started
    besides) and in the environment for the Dask workers started from it.
    """
    from prefect.settings import PREFECT_API_URL, temporary_settings

    configured = configured_api()
    if configured:
        yield configured
        return
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    home = Path(tempfile.mkdtemp(prefix="eventdata-prefect-server-"))
    env = dict(os.environ, PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    cmd = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
           "--port", str(port)]  # fmt: skip
    log.info("starting a temporary Prefect server for the Dask run on port %d", port)
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while not _healthy(api):
            if proc.poll() is not None:
                raise RuntimeError(f"the temporary Prefect server exited with {proc.returncode}")
            if time.monotonic() > deadline:
                raise TimeoutError("the temporary Prefect server did not become healthy")
            time.sleep(0.5)
        os.environ["PREFECT_API_URL"] = api
        with temporary_settings(updates={PREFECT_API_URL: api}):
            yield api
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        _stop_group(proc)
        shutil.rmtree(home, ignore_errors=True)


def _stop_group(proc: subprocess.Popen) -> None:
    """Stop the server and every process of its session (uvicorn workers included)."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        pass
    try:  # whatever is left of the group, even when the leader exited
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    if proc.poll() is None:
        proc.wait(timeout=10)


def dask_flow_run(
    flow: Any, *, dask_address: str | None = None, n_workers: int = 2, **params: Any
) -> dict:
    """Run `flow` with its tasks on Dask: a LocalCluster of processes, or the given scheduler."""
    from prefect_dask import DaskTaskRunner

    if dask_address:
        runner = DaskTaskRunner(address=dask_address)
    else:
        runner = DaskTaskRunner(
            cluster_kwargs={
                "n_workers": n_workers,
                "threads_per_worker": 1,
                "processes": True,
                "dashboard_address": ":0",
            }
        )
    # The Dask workers are the parallelism: each batch is coded inside its task.
    params.setdefault("workers", 0)
    with prefect_server():
        return flow.with_options(task_runner=runner)(**params)
