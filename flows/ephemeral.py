"""Start Prefect's temporary (ephemeral) API server early, while the run does other work.

With no PREFECT_API_URL, Prefect starts a temporary server the first time a flow
needs its API: the flow imports the server module (2-3 s), launches it and waits
until it answers (about 4 s of CPU in the server), and the run does nothing else
all that time. Starting the *same* server object (Prefect's `SubprocessASGIServer`
singleton) in a thread at the beginning of `eventdata run` lets it come up while
the CLI imports the pipeline and the coding processes read and code; the flow's
client then finds it running and uses it. Nothing about the run changes: same
server, same settings, stopped by Prefect at exit as before.

This module imports nothing heavy at import time, so the CLI can call it first.
"""

from __future__ import annotations

import logging
import threading
import time

log = logging.getLogger(__name__)

_lock = threading.Lock()
_starter: _Starter | None = None


class _Starter(threading.Thread):
    """Starts the server and waits for its health check, off the main thread."""

    def __init__(self, server: object) -> None:
        super().__init__(name="eventdata-prefect-server-start", daemon=True)
        self.server = server
        self.error: BaseException | None = None
        self.seconds = 0.0

    def run(self) -> None:
        t0 = time.perf_counter()
        try:
            self.server.start()  # type: ignore[attr-defined]
        except BaseException as exc:  # the flow's own client retries and reports it
            self.error = exc
        self.seconds = time.perf_counter() - t0


def _wanted() -> bool:
    """Whether the flow would start an ephemeral server (no API configured, ephemeral on)."""
    from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_ENABLED

    return not PREFECT_API_URL.value() and bool(PREFECT_SERVER_EPHEMERAL_ENABLED.value())


def start_early() -> bool:
    """Begin starting the ephemeral server in the background; False when none is needed.

    Call it before any flow runs in this process (the settings Prefect hands to the
    server are read now). Safe to call more than once.
    """
    global _starter
    from eventdata.settings import configure_prefect_env

    configure_prefect_env()
    with _lock:
        if _starter is not None:
            return True
        if not _wanted():
            return False
        # Imported on the calling thread: concurrent first imports of one package from
        # two threads can deadlock on the import locks.
        from prefect.server.api.server import SubprocessASGIServer

        server = SubprocessASGIServer()
        if server.running:
            return False
        _starter = _Starter(server)
        _starter.start()
        log.debug("starting Prefect's temporary server in the background")
        return True


def wait_ready() -> None:
    """Block until an early start has finished (successfully or not).

    Must be called before the first flow run: until then the server object says
    "running" while it may not answer yet. A failed early start is only logged;
    the flow's client then starts the server itself and reports any error.
    """
    global _starter
    with _lock:
        starter, _starter = _starter, None
    if starter is None:
        return
    starter.join()
    if starter.error is not None:
        log.warning("early start of Prefect's temporary server failed: %s", starter.error)
    else:
        log.debug("Prefect's temporary server answered after %.1fs", starter.seconds)
