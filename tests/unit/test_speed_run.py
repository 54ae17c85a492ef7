"""The run path's speed-ups keep their promises: nothing coded twice, no server started
when one is configured, the fork-server warm-up only in the fork server, and the flow's
tasks neither walk nor hash their large arguments."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path

import pytest

from eventdata import parallel
from eventdata.ingest import RawFile


def _raw(tmp_path: Path, name: str, text: str = "x") -> RawFile:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return RawFile(path=path, ref=name, size=path.stat().st_size, ext=".txt")


class _FakePool:
    """Counts submissions instead of coding."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def submit(self, fn: object, *args: object) -> Future:
        self.calls.append(args)
        fut: Future = Future()
        fut.set_result(len(self.calls))
        return fut


@pytest.fixture
def fake_pool(monkeypatch: pytest.MonkeyPatch) -> Iterator[_FakePool]:
    pool = _FakePool()
    monkeypatch.setattr(parallel, "start", lambda workers: pool)
    parallel._prefetched.clear()
    yield pool
    parallel._prefetched.clear()


def test_prefetch_twice_codes_each_batch_once(tmp_path: Path, fake_pool: _FakePool) -> None:
    batches = [[_raw(tmp_path, "a.txt")], [_raw(tmp_path, "b.txt")]]
    kw = dict(cached_ids=frozenset(), today=dt.date(2024, 1, 2), max_bytes=100,
              model_path=None, workers=2)  # fmt: skip
    parallel.prefetch(batches, **kw)
    parallel.prefetch(batches, **kw)  # the CLI, then the flow's entry point
    assert len(fake_pool.calls) == 2
    assert parallel.has_prefetched()


def test_a_changed_file_is_not_served_from_the_prefetch(
    tmp_path: Path, fake_pool: _FakePool
) -> None:
    raw = _raw(tmp_path, "a.txt")
    kw = dict(cached_ids=frozenset(), today=dt.date(2024, 1, 2), max_bytes=100, model_path=None)
    parallel.prefetch([[raw]], workers=2, **kw)
    os.utime(raw.path, ns=(1, 1))  # touched after the prefetch
    parallel.prefetch([[raw]], workers=2, **kw)
    assert len(fake_pool.calls) == 2


def test_worth_starting_needs_more_than_one_batch_of_bytes(tmp_path: Path) -> None:
    (tmp_path / "small.txt").write_bytes(b"x" * 10)
    assert not parallel.worth_starting(tmp_path)
    assert parallel.worth_starting(tmp_path, batch_bytes=5)


def test_this_process_is_not_the_pool_fork_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parallel._PRELOAD_ENV, str(os.getpid()))  # our own id, not the parent's
    assert not parallel._in_pool_fork_server()
    monkeypatch.setenv(parallel._PRELOAD_ENV, str(os.getppid()))
    # a child of the marking process, but not multiprocessing's fork server: only true there
    import sys

    assert parallel._in_pool_fork_server() == ("multiprocessing.forkserver" in sys.modules)


def test_no_early_server_when_an_api_is_configured() -> None:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows import ephemeral

    with temporary_settings(updates={PREFECT_API_URL: "http://127.0.0.1:9/api"}):
        assert ephemeral.start_early() is False
        ephemeral.wait_ready()  # nothing to wait for


def test_tasks_take_quoted_arguments_and_cache_nothing(tmp_path: Path) -> None:
    from prefect.cache_policies import NO_CACHE

    from flows import pipeline

    tasks = [pipeline.discover_task, pipeline.batch_task, pipeline.plan_task,
             pipeline.publish_task, pipeline.catalog_task, pipeline.cache_task]  # fmt: skip
    assert all(t.cache_policy is NO_CACHE for t in tasks)
    files, quarantine = pipeline.discover_task.fn(tmp_path)
    assert files == [] and quarantine.empty
