"""The pipeline flow: ingest -> extract -> normalise -> consolidate -> validate -> publish.

Each task takes a batch; every decision lives in `eventdata`'s plain functions,
so tests call those directly and this file only sequences them. Retries are
set only on tasks that touch the disk in ways that can fail transiently.
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

from eventdata import parallel  # noqa: E402
from eventdata import run as stages  # noqa: E402
from eventdata.catalog import catalog_version, refresh_catalog  # noqa: E402
from eventdata.fingerprint import summary_markdown, write_fingerprint  # noqa: E402
from eventdata.ingest import RawFile, discover  # noqa: E402
from eventdata.lock import curated_lock  # noqa: E402
from eventdata.publish import Release, clean_leftovers, next_version, write_release  # noqa: E402
from eventdata.releases import latest_version  # noqa: E402


@task(name="discover", retries=2, retry_delay_seconds=1)
def discover_task(raw_dir: Path) -> tuple[list[RawFile], Any]:
    """Find the raw files (and what cannot be read at all)."""
    return discover(raw_dir)


@task(name="code-batch", retries=1, retry_delay_seconds=1)
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


@task(name="consolidate-validate")
def plan_task(**kwargs: Any) -> stages.Plan:
    """Merge mentions into events with stable ids; validate; decide whether to release."""
    return stages.plan_release(**kwargs)


@task(name="publish")
def publish_task(curated: Path, plan: stages.Plan, release_time: dt.datetime) -> Release:
    """Write the release atomically (no retry: a release folder is immutable)."""
    version = next_version(curated, release_time)
    return write_release(
        curated, version, plan.tables, plan.manifest, extras=stages.release_extras(plan)
    )


@task(name="refresh-catalog", retries=2, retry_delay_seconds=2)
def catalog_task(curated: Path) -> None:
    """Recreate the DuckDB catalog over the releases."""
    refresh_catalog(curated)


@task(name="save-cache", retries=2, retry_delay_seconds=1)
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
                batches=results,
                previous=previous,
                prev_reports=prev_reports,
                prev_manifest=prev_manifest,
                cached_mentions=cached_mentions,
                cached_status=cached_status,
                discover_quarantine=unreadable,
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
                release = publish_task(curated_dir, plan, when)
            summary["version"] = release.version
            with clock("refresh catalog"):
                catalog_task(curated_dir)
        with clock("save cache"):
            cache_task(curated_dir, plan)
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
        futures = [
            batch_task.submit(b, cached_ids, when.date(), max_bytes, model_path, workers)
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
    # Start the coding processes now, when the folder is worth it: they load the coder
    # while Prefect's server starts.
    if parallel.worth_starting(Path(params.get("raw_dir", "raw")), stages.DEFAULT_BATCH_BYTES):
        _prefetch(params)
    try:
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
    raw, curated = Path(params.get("raw_dir", "raw")), Path(params.get("curated_dir", "curated"))
    when = stages.release_time_or_now(params.get("release_time"))
    cached_ids, _, _ = stages.load_cache(curated)
    files, _ = discover(raw)
    parallel.prefetch(
        stages.batched(files, params.get("batch_size", stages.DEFAULT_BATCH_SIZE)),
        cached_ids=cached_ids,
        today=when.date(),
        max_bytes=params.get("max_bytes", stages.DEFAULT_MAX_BYTES),
        model_path=params.get("model_path"),
        workers=params.get("workers"),
    )
