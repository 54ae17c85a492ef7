"""Running the pipeline's batch tasks on Dask through prefect-dask's DaskTaskRunner.

Prefect's ephemeral mode starts one temporary API server per process, and Dask
worker processes are processes: each would start its own and some would be left
running. So a Dask run talks to a real Prefect server: the one in
PREFECT_API_URL, or one started for the run and stopped after it.
"""

from __future__ import annotations

import logging
import os
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


@contextmanager
def prefect_server() -> Iterator[str]:
    """The API URL of a Prefect server: the configured one, or a temporary one on loopback."""
    configured = os.environ.get("PREFECT_API_URL")
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
        yield api
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
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
