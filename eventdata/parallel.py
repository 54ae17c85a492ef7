"""Coding batches in worker processes, so that the default task runner uses every core.

Prefect's default task runner runs tasks in threads, and the coder is pure
Python: threads share one core through the GIL. A small pool of processes codes
the batches instead and the flow's tasks only wait for them. The pool is started,
and the batches are coded, while Prefect's server is still starting, which hides
the pool's start-up cost and most of the coding. The coder's data (gazetteer,
lexicons) is loaded once, in the pool's fork server, and every worker forked from
it shares those pages instead of loading its own copy.

The output does not depend on which process coded a batch: each batch comes
back whole and the flow assembles the batches in their order.
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
import multiprocessing
import os
import sys
import tempfile
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import forkserver
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # both import pandas: the CLI imports this module before anything heavy
    from eventdata.ingest import RawFile
    from eventdata.run import BatchResult

log = logging.getLogger(__name__)

# A report that touches every reader (dates, places, actors, numbers) once.
_WARM_TEXT = (
    "---\ntitle: Traders protest in Nairobi\npublished: 2024-03-07\ncountry: Kenya\n---\n"
    "NAIROBI, March 7 - Police fired tear gas on Wednesday to disperse about 200 traders "
    "who had marched to City Hall in Nairobi, and arrested five of them, witnesses said.\n"
)

DEFAULT_BATCH_BYTES = 1_000_000  # about 400 news-length reports: a few seconds of coding
# Set (to this process's id) only while the pool's fork server is being launched, so
# that the fork server, and nothing else, loads the coder when it imports this module.
_PRELOAD_ENV = "EVENTDATA_POOL_FORKSERVER_OF"

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_size = 0
_warmed = False


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def resolve_workers(workers: int | None, batches: int | None = None) -> int:
    """The number of coding processes for a `workers` setting (None: one per core).

    With fewer than two batches a pool only costs its start-up, so none is used.
    """
    n = default_workers() if workers is None else max(0, int(workers))
    if batches is not None and batches < 2:
        return 0
    return n


def worth_starting(raw_dir: Path, batch_bytes: int = DEFAULT_BATCH_BYTES) -> bool:
    """Whether the raw folder holds more than one batch of input (a cheap walk, no reading)."""
    total = 0
    for root, _dirs, names in os.walk(raw_dir):
        for name in names:
            try:
                total += os.stat(os.path.join(root, name)).st_size
            except OSError:
                continue
            if total > batch_bytes:
                return True
    return False


def _watch_parent(pid: int) -> None:
    """Exit when the process that started the pool is gone.

    A killed CLI (SIGKILL, or SIGTERM, which does not unwind Python) cannot stop
    its pool; the workers, their fork server and the resource tracker would live
    on as orphans. Each worker checks once a second and leaves by itself.
    """
    while True:
        time.sleep(1.0)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(0)
        except PermissionError:  # alive, owned by someone else (cannot happen for a parent)
            pass


def _init_worker(parent: int) -> None:
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if not _warmed:  # normally loaded by the fork server already
        _warm()


def _warm() -> None:
    """Load everything coding needs, by coding one small report, before the first batch."""
    global _warmed
    from eventdata.ingest import RawFile
    from eventdata.run import process_batch

    _warmed = True
    try:
        with tempfile.TemporaryDirectory(prefix="eventdata-warm-") as tmp:
            path = Path(tmp) / "warm.txt"
            path.write_text(_WARM_TEXT, encoding="utf-8")
            raw = RawFile(path=path, ref="warm.txt", size=path.stat().st_size, ext=".txt")
            process_batch([raw], today=dt.date(2024, 3, 8))
    except Exception:  # a warm-up failure must not hide the real error of the first batch
        log.exception("coder warm-up failed")


def start(workers: int | None) -> ProcessPoolExecutor | None:
    """The shared pool of `workers` coding processes, started now; None for fewer than 2."""
    global _pool, _size
    n = resolve_workers(workers)
    if n < 2:
        return None
    with _lock:
        if _pool is not None and _size == n:
            return _pool
        _shutdown_locked()
        # forkserver: workers fork from a clean single-threaded server that has imported
        # the coder once (shared pages), never from this process and its Prefect threads.
        ctx = multiprocessing.get_context("forkserver")
        # Importing this module in the fork server warms the coder there (see the end of
        # this file), once for all workers. The server is launched now and loads in the
        # background; workers are forked from it on the first submissions, without
        # waiting here for its loading.
        ctx.set_forkserver_preload(["eventdata.run", __name__])
        os.environ[_PRELOAD_ENV] = str(os.getpid())
        try:
            forkserver.ensure_running()
        finally:
            os.environ.pop(_PRELOAD_ENV, None)
        _pool = ProcessPoolExecutor(
            max_workers=n, mp_context=ctx, initializer=_init_worker, initargs=(os.getpid(),)
        )
        _size = n
        log.info("starting a pool of %d coding processes", n)
        return _pool


def _shutdown_locked() -> None:
    global _pool, _size
    _prefetched.clear()
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
        _stop_fork_server()
    _pool, _size = None, 0


def _stop_fork_server() -> None:
    """Stop the pool's fork server as well: it holds a warm copy of the coder's data.

    Consolidation, which follows the coding, is the run's peak of memory; the next
    pool (another run in this process) starts a fresh server. The standard library
    has no public call for this; without the private one the server just lives on
    until this process exits, as it always did.
    """
    stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)
    if stop is None:
        return
    try:
        stop()
    except OSError as exc:
        log.debug("could not stop the fork server: %s", exc)


def shutdown() -> None:
    """Stop the coding processes (also done at exit)."""
    with _lock:
        _shutdown_locked()


atexit.register(shutdown)


_prefetched: dict[tuple, Future[BatchResult]] = {}


def _batch_key(
    files: list[RawFile],
    cached_ids: frozenset[str],
    today: dt.date,
    max_bytes: int,
    model_path: Path | None,
) -> tuple:
    """What a batch's coding depends on: its files as they are now, and the run's settings."""
    stats = []
    for f in files:
        try:
            mtime = os.stat(f.path).st_mtime_ns
        except OSError:
            mtime = -1
        stats.append((f.ref, f.size, mtime, f.skip_reason))
    return (tuple(stats), len(cached_ids), hash(cached_ids), today, max_bytes, str(model_path))


def prefetch(
    batches: list[list[RawFile]],
    *,
    cached_ids: frozenset[str],
    today: dt.date,
    max_bytes: int,
    model_path: Path | None,
    workers: int | None,
) -> int:
    """Start coding `batches` now, while Prefect's server starts; returns how many.

    The flow's batch tasks collect these results when their batch, settings and files
    are unchanged (same sizes and modification times), and code the batch afresh
    otherwise, so a prefetch never changes what a run publishes.
    """
    pool = start(workers)
    if pool is None:
        return 0
    for files in batches:
        key = _batch_key(files, cached_ids, today, max_bytes, model_path)
        if key in _prefetched:  # asked twice (the CLI, then the flow's entry): code once
            continue
        _prefetched[key] = pool.submit(_code_here, files, cached_ids, today, max_bytes, model_path)
    log.info("coding of %d batches started while Prefect starts", len(batches))
    return len(batches)


def has_prefetched() -> bool:
    """Whether batches coded ahead of the flow are waiting to be collected."""
    return bool(_prefetched)


def prefetch_folder(
    raw_dir: Path,
    curated_dir: Path,
    *,
    release_time: dt.datetime | str | None = None,
    batch_size: int | None = None,
    max_bytes: int | None = None,
    model_path: Path | None = None,
    workers: int | None = None,
) -> int:
    """Start coding a raw folder's batches the way the flow will batch them; returns how many.

    Read-only (discovery, the mention cache): the flow, once Prefect is up, takes the
    curated folder's lock, discovers again and collects these results for the
    batches that are unchanged.
    """
    from eventdata import run as stages
    from eventdata.ingest import discover

    when = stages.release_time_or_now(release_time)
    cached_ids, _, _ = stages.load_cache(Path(curated_dir))
    files, _ = discover(Path(raw_dir))
    return prefetch(
        stages.batched(files, stages.DEFAULT_BATCH_SIZE if batch_size is None else batch_size),
        cached_ids=cached_ids,
        today=when.date(),
        max_bytes=stages.DEFAULT_MAX_BYTES if max_bytes is None else max_bytes,
        model_path=model_path,
        workers=workers,
    )


def code_batch(
    files: list[RawFile],
    *,
    cached_ids: frozenset[str],
    today: dt.date,
    max_bytes: int,
    model_path: Path | None,
    workers: int | None,
) -> BatchResult:
    """`eventdata.run.process_batch` in a coding process (or here when workers < 2)."""
    ready = _prefetched.pop(_batch_key(files, cached_ids, today, max_bytes, model_path), None)
    pool = start(workers) if ready is None else None
    if ready is None and pool is None:
        return _code_here(files, cached_ids, today, max_bytes, model_path)
    try:
        if ready is not None:
            return ready.result()
        assert pool is not None
        return pool.submit(_code_here, files, cached_ids, today, max_bytes, model_path).result()
    except BrokenProcessPool:
        log.error("a coding process died; the pool is restarted for the next attempt")
        shutdown()
        raise


def _code_here(
    files: list[RawFile],
    cached_ids: frozenset[str],
    today: dt.date,
    max_bytes: int,
    model_path: Path | None,
) -> BatchResult:
    from eventdata import run as stages

    model = stages.load_model_cached(model_path) if model_path else None
    return stages.process_batch(
        files, cached_ids=cached_ids, today=today, max_bytes=max_bytes, model=model
    )


def _in_pool_fork_server() -> bool:
    """Whether this process is the fork server that `start` launched (its parent set the mark)."""
    return (
        os.environ.get(_PRELOAD_ENV) == str(os.getppid())
        and "multiprocessing.forkserver" in sys.modules
        and multiprocessing.parent_process() is None
    )


if _in_pool_fork_server():
    _warm()
