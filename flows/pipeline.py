"""The pipeline flow: ingest -> extract -> normalise -> consolidate -> validate -> publish.

Each task takes a batch; every decision lives in `eventdata`'s plain functions,
so tests call those directly and this file only sequences them. Retries are
set only on tasks that touch the disk in ways that can fail transiently.

Large task arguments (file lists, data frames, the plan) are passed `quote`d and no
task has a cache policy: Prefect would otherwise walk every element of them for
upstream futures and hash them all for a cache key on every call, seconds of CPU
per run for results no run reuses (a rerun is skipped by the fingerprint and the
mention cache instead).
"""

# No `from __future__ import annotations` here: Prefect validates the flow's parameters
# with pydantic from its annotations, and a served or deployed run loads this file
# under another module name, where string annotations such as "dt.datetime" cannot
# be resolved ("PipelineModel is not fully defined").
import datetime as dt
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from eventdata.settings import configure_prefect_env

configure_prefect_env()

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.artifacts import create_markdown_artifact  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.context import FlowRunContext  # noqa: E402
from prefect.task_runners import ThreadPoolTaskRunner  # noqa: E402
from prefect.utilities.annotations import quote  # noqa: E402

from eventdata import parallel  # noqa: E402
from eventdata import run as stages  # noqa: E402
from eventdata.catalog import catalog_version, refresh_catalog  # noqa: E402
from eventdata.fingerprint import summary_markdown, write_fingerprint  # noqa: E402
from eventdata.ingest import RawFile, discover  # noqa: E402
from eventdata.lock import curated_lock  # noqa: E402
from eventdata.publish import Release, clean_leftovers, next_version, write_release  # noqa: E402
from eventdata.releases import latest_version  # noqa: E402
from flows import ephemeral  # noqa: E402


@task(name="discover", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def discover_task(raw_dir: Path) -> tuple[list[RawFile], Any]:
    """Find the raw files (and what cannot be read at all)."""
    return discover(raw_dir)


@task(name="code-batch", retries=1, retry_delay_seconds=1, cache_policy=NO_CACHE)
def batch_task(
    files: list[RawFile],
    cached_ids: frozenset[str],
    today: dt.date,
    max_bytes: int,
    model_path: Path | None,
    workers: int | None,
) -> stages.BatchResult:
    """Read and code one batch of raw files (in a coding process when workers >= 2)."""
    return parallel.code_batch(
        files, cached_ids=cached_ids, today=today, max_bytes=max_bytes,
        model_path=model_path, workers=workers,
    )  # fmt: skip


@task(name="consolidate-validate", cache_policy=NO_CACHE)
def plan_task(**kwargs: Any) -> stages.Plan:
    """Merge mentions into events with stable ids; validate; decide whether to release."""
    return stages.plan_release(**kwargs)


@task(name="publish", cache_policy=NO_CACHE)
def publish_task(curated: Path, plan: stages.Plan, release_time: dt.datetime) -> Release:
    """Write the release atomically (no retry: a release folder is immutable)."""
    version = next_version(curated, release_time)
    return write_release(
        curated, version, plan.tables, plan.manifest, extras=stages.release_extras(plan)
    )


@task(name="refresh-catalog", retries=2, retry_delay_seconds=2, cache_policy=NO_CACHE)
def catalog_task(curated: Path) -> None:
    """Recreate the DuckDB catalog over the releases."""
    refresh_catalog(curated)


@task(name="save-cache", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def cache_task(curated: Path, plan: stages.Plan) -> None:
    """Remember what this coder version has coded, for incremental runs."""
    stages.save_cache(curated, plan.new_status, plan.new_mentions, plan.manifest["inputs_digest"])


@flow(name="eventdata-pipeline")
def pipeline(
    raw_dir: Path = Path("raw"),
    curated_dir: Path = Path("curated"),
    release_time: dt.datetime | None = None,
    batch_size: int = stages.DEFAULT_BATCH_SIZE,
    max_bytes: int = stages.DEFAULT_MAX_BYTES,
    model_path: Path | None = None,
    lock_timeout: float = 600.0,
    workers: int | None = None,
) -> dict[str, Any]:
    """Code the reports in `raw_dir` into a new release in `curated_dir`; return the run summary.

    `workers` is the number of processes coding batches (None: one per core; 0 or 1:
    in the task itself, as on Dask, where the task runner already spreads the batches).
    """
    logger = get_run_logger()
    raw_dir, curated_dir = Path(raw_dir), Path(curated_dir)
    when = stages.release_time_or_now(release_time)
    clock = _StageClock(logger)
    with curated_lock(curated_dir, lock_timeout):
        with clock("load previous release and cache"):
            clean_leftovers(curated_dir)
            previous, prev_reports, prev_manifest = stages.load_previous(curated_dir)
            cached_ids, cached_mentions, cached_status = stages.load_cache(curated_dir)
        with clock("discover"):
            files, unreadable = discover_task(raw_dir)
            batches = stages.batched(files, batch_size)
        logger.info(
            "%d raw files in %d batches of up to %d; %d reports already coded by this coder",
            len(files), len(batches), batch_size, len(cached_ids),
        )  # fmt: skip
        with clock("ingest and code"):
            n_workers = parallel.resolve_workers(workers, len(batches))
            results = _code_batches(logger, batches, cached_ids, when, max_bytes, model_path,
                                    n_workers)  # fmt: skip
        with clock("consolidate and validate"):
            plan = plan_task(
                batches=quote(results),
                previous=quote(previous),
                prev_reports=quote(prev_reports),
                prev_manifest=quote(prev_manifest),
                cached_mentions=quote(cached_mentions),
                cached_status=quote(cached_status),
                discover_quarantine=quote(unreadable),
                release_time=when,
            )
        del results
        summary = plan.summary
        if summary["nothing_new"]:
            logger.info("nothing new since release %s: no release written", previous.version)
            if catalog_version(curated_dir) != latest_version(curated_dir):
                # A run killed between publishing and refreshing left the catalog behind.
                catalog_task(curated_dir)
        else:
            with clock("publish"):
                release = publish_task(curated_dir, quote(plan), when)
            summary["version"] = release.version
            with clock("refresh catalog"):
                catalog_task(curated_dir)
        with clock("save cache"):
            cache_task(curated_dir, quote(plan))
        write_fingerprint(curated_dir, raw_dir, summary)
    create_markdown_artifact(
        key="eventdata-run-summary",
        markdown=summary_markdown(summary),
        description="eventdata run summary",
    )
    logger.info("stage seconds: %s", json.dumps(clock.seconds))
    logger.info("run summary: %s", summary)
    return summary


class _StageClock:
    """Wall-clock seconds per stage, logged as each ends (the benchmarks read them)."""

    def __init__(self, logger: Any) -> None:
        self.logger = logger
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = round(time.perf_counter() - t0, 3)
            self.logger.info("stage %s: %.2fs", name, self.seconds[name])


def _unwalked(value: Any) -> Any:
    """`value` marked (`quote`) for Prefect not to walk it, where the task runner allows.

    The default, thread-based runner hands a quoted argument to the task as it is;
    prefect-dask's runner rebuilds the collections it visits on submission, which
    breaks a quoted list of dataclasses, so on Dask the value goes as it is.
    """
    ctx = FlowRunContext.get()
    if ctx is not None and isinstance(ctx.task_runner, ThreadPoolTaskRunner):
        return quote(value)
    return value


def _code_batches(
    logger: Any,
    batches: list[list[RawFile]],
    cached_ids: frozenset[str],
    when: dt.datetime,
    max_bytes: int,
    model_path: Path | None,
    workers: int | None,
) -> list[stages.BatchResult]:
    """Every batch's result, in batch order (whichever process or worker coded it)."""
    try:
        ids = _unwalked(cached_ids)
        futures = [
            batch_task.submit(_unwalked(b), ids, when.date(), max_bytes, model_path, workers)
            for b in batches
        ]
        results = []
        for i, fut in enumerate(futures, 1):
            res = fut.result()
            results.append(res)
            logger.info(
                "batch %d/%d: %d reports, %d coded now, %d mentions, %d quarantined",
                i, len(batches), len(res.reports), len(res.coded), len(res.mentions),
                len(res.quarantine),
            )  # fmt: skip
    finally:
        # The coding processes hold the gazetteer: free that memory before consolidating.
        parallel.shutdown()
    return results


def run_pipeline(runner: str = "default", dask_address: str | None = None, **params: Any) -> dict:
    """Run the flow with the chosen task runner (the CLI's and the tests' single entry)."""
    if str(runner) == "dask":
        from flows.dask_runner import dask_flow_run

        return dask_flow_run(pipeline, dask_address=dask_address, **params)
    try:
        # Start coding the batches and Prefect's temporary server now, both in the
        # background (no-ops when `eventdata run` started them already); the batches
        # are coded while the server comes up.
        worth = not parallel.has_prefetched() and parallel.worth_starting(
            Path(params.get("raw_dir", "raw"))
        )
        if worth:
            parallel.start(params.get("workers"))
        ephemeral.start_early()
        if worth:
            _prefetch(params)
        ephemeral.wait_ready()
        return pipeline(**params)
    finally:
        parallel.shutdown()



class ServerNeeded(RuntimeError):
    """Schedules live on a Prefect server; the embedded ephemeral one refuses them."""


def serve(cron: str, raw_dir: Path, curated_dir: Path, name: str = "eventdata-daily") -> None:
    """Serve the flow on a cron schedule until interrupted (needs `prefect server start`).

    The folders are stored as absolute paths: scheduled runs must not depend on
    the directory a later worker or process happens to start in.
    """
    from flows.dask_runner import configured_api

    if not configured_api():
        raise ServerNeeded(
            "`eventdata serve` needs a Prefect server: run `prefect server start` and "
            "export PREFECT_API_URL=http://127.0.0.1:4200/api (see README, Scheduled runs)"
        )
    pipeline.serve(
        name=name,
        cron=cron,
        parameters={
            "raw_dir": str(Path(raw_dir).resolve()),
            "curated_dir": str(Path(curated_dir).resolve()),
        },
    )


def _prefetch(params: dict[str, Any]) -> None:
    """Begin coding the raw folder's batches while Prefect's server starts (read-only work)."""
    parallel.prefetch_folder(
        Path(params.get("raw_dir", "raw")),
        Path(params.get("curated_dir", "curated")),
        release_time=params.get("release_time"),
        batch_size=params.get("batch_size"),
        max_bytes=params.get("max_bytes"),
        model_path=params.get("model_path"),
        workers=params.get("workers"),
    )
