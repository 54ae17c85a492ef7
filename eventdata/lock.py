"""One writer at a time on a curated folder.

Two scheduled runs that overlap must not interleave their writes; the second
waits for the lock (up to a timeout) and then gives up with a clear message.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

log = logging.getLogger(__name__)

LOCK_NAME = ".eventdata.lock"


class CuratedBusy(RuntimeError):
    """Another run holds the curated folder."""


@contextmanager
def curated_lock(curated: Path, timeout: float) -> Iterator[None]:
    """Hold the curated folder's lock; raise CuratedBusy after `timeout` seconds."""
    curated.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(curated / LOCK_NAME))
    try:
        try:
            lock.acquire(timeout=0)
        except Timeout:
            log.info("another run holds %s; waiting up to %g s for it", curated, timeout)
            lock.acquire(timeout=timeout)
    except Timeout as exc:
        raise CuratedBusy(
            f"another eventdata run is writing to {curated} (lock {curated / LOCK_NAME}); "
            f"gave up after waiting {timeout:g} s"
        ) from exc
    try:
        yield
    finally:
        lock.release()
