"""Concurrent `eventdata run`s on one curated folder never interleave their writes.

Three real runs are started at once on the same curated folder while the test
itself holds the folder's lock, so that contention is certain, not a matter of
timing: the run with a short --lock-timeout must give up with exit code 3 and
the clear message; the two patient runs wait, then run one after the other,
the second building on the first's release.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from eventdata.catalog import run_query
from eventdata.lock import LOCK_NAME, curated_lock
from eventdata.publish import verify_release

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
RUN_TIME = "2026-11-25T06:00:00Z"
TIMEOUT = 300.0

REPORT = """---
title: {title}
source: Harbour Gazette
published: 2026-11-{day:02d}
country: Kenya
---
About {n} dock workers marched through the port district of {place} on Monday, demanding
unpaid wages. The march ended peacefully outside the harbour authority's offices.
"""

RAW_A = {"a1.txt": ("Mombasa dock strike", 2, 300, "Mombasa"),
         "a2.txt": ("Kisumu dock strike", 3, 150, "Kisumu")}
RAW_B = {"b1.txt": ("Lamu dock strike", 4, 80, "Lamu"),
         "b2.txt": ("Malindi dock strike", 5, 120, "Malindi")}


def write_raw(raw: Path, reports: dict[str, tuple[str, int, int, str]]) -> Path:
    raw.mkdir(parents=True)
    for name, (title, day, n, place) in reports.items():
        (raw / name).write_text(REPORT.format(title=title, day=day, n=n, place=place), "utf-8")
    return raw


@dataclass
class Proc:
    """A running `eventdata run` and its timestamped output."""

    name: str
    popen: subprocess.Popen[str]
    out: list[tuple[float, str]] = field(default_factory=list)
    err: list[tuple[float, str]] = field(default_factory=list)
    threads: list[threading.Thread] = field(default_factory=list)

    def first(self, text: str, stream: str = "err") -> float | None:
        lines = self.err if stream == "err" else self.out
        return next((t for t, line in list(lines) if text in line), None)

    def text(self, stream: str = "err") -> str:
        return "\n".join(line for _, line in (self.err if stream == "err" else self.out)
                         if "httpx" not in line)


def start(name: str, raw: Path, curated: Path, home: Path, *extra: str) -> Proc:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="120",
        PREFECT_LOGGING_TO_API_ENABLED="false",
    )
    popen = subprocess.Popen(
        [sys.executable, "-m", "eventdata.cli", "run", "--raw", str(raw), "--curated",
         str(curated), "--release-time", RUN_TIME, *extra],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )
    proc = Proc(name, popen)
    for stream, sink in ((popen.stdout, proc.out), (popen.stderr, proc.err)):
        def drain(stream=stream, sink=sink) -> None:
            for line in stream:
                sink.append((time.monotonic(), line.rstrip()))
        t = threading.Thread(target=drain, daemon=True)
        t.start()
        proc.threads.append(t)
    return proc


def finish(proc: Proc, deadline: float) -> int:
    """Wait for the run; kill its group if it overstays; check nothing of it is left running."""
    try:
        code = proc.popen.wait(max(1.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        os.killpg(proc.popen.pid, signal.SIGKILL)
        proc.popen.wait(30)
        pytest.fail(f"run {proc.name} did not finish:\n{proc.text()[-3000:]}")
    for t in proc.threads:
        t.join(10)
    for _ in range(100):  # the ephemeral Prefect server stops shortly after the CLI
        try:
            os.killpg(proc.popen.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.killpg(proc.popen.pid, signal.SIGKILL)
        pytest.fail(f"run {proc.name} left processes running after it exited")
    return code


def test_concurrent_runs_wait_or_give_up_and_never_interleave(tmp_path: Path) -> None:
    curated = tmp_path / "curated"
    raw_a = write_raw(tmp_path / "raw_a", RAW_A)
    raw_b = write_raw(tmp_path / "raw_b", RAW_B)
    deadline = time.monotonic() + TIMEOUT
    procs: dict[str, Proc] = {}
    try:
        with curated_lock(curated, timeout=5):
            procs["a"] = start("a", raw_a, curated, tmp_path / "home_a")
            procs["b"] = start("b", raw_b, curated, tmp_path / "home_b")
            procs["c"] = start("c", raw_a, curated, tmp_path / "home_c", "--lock-timeout", "1")
            code_c = finish(procs["c"], deadline)
            # Hold the lock until both patient runs are inside their flows, waiting for it.
            while not all(
                procs[k].first("Beginning flow run") or procs[k].first("waiting up to")
                for k in "ab"
            ):
                assert all(procs[k].popen.poll() is None for k in "ab"), procs["a"].text()
                assert time.monotonic() < deadline, "the runs never started their flows"
                time.sleep(0.05)
            time.sleep(1.0)
            assert not (curated / "releases").exists(), "a run wrote while the lock was held"
        codes = {k: finish(procs[k], deadline) for k in "ab"}
    finally:
        for p in procs.values():
            if p.popen.poll() is None:
                os.killpg(p.popen.pid, signal.SIGKILL)
                p.popen.wait(30)

    # The impatient run gave up with the documented exit code and message.
    assert code_c == 3, procs["c"].text()
    assert any(line.startswith("ERROR eventdata: another eventdata run is writing")
               for line in procs["c"].text().splitlines())
    assert str(curated) in procs["c"].text()

    # The patient runs both succeeded, one after the other.
    assert codes == {"a": 0, "b": 0}, procs["a"].text() + procs["b"].text()
    versions = {}
    for k in "ab":
        line = next(line for _, line in procs[k].out if line.startswith("Release "))
        versions[k] = line.split()[1]
    assert sorted(versions.values()) == ["2026-11-25", "2026-11-25_2"]
    first = min(versions, key=lambda k: versions[k])
    second = "b" if first == "a" else "a"
    published = procs[first].first("published release")
    entered = procs[second].first("raw files in")
    assert published is not None and entered is not None
    assert entered > published, "the second run started work before the first had published"

    # Each release folder is whole; the second built on the first.
    releases = curated / "releases"
    dirs = sorted(p.name for p in releases.iterdir())
    assert dirs == ["2026-11-25", "2026-11-25_2"], dirs
    for v in dirs:
        assert verify_release(releases / v) == []
    m1 = json.loads((releases / "2026-11-25" / "manifest.json").read_text("utf-8"))
    m2 = json.loads((releases / "2026-11-25_2" / "manifest.json").read_text("utf-8"))
    assert m1["previous_version"] is None
    assert m2["previous_version"] == "2026-11-25"
    assert m2["changes"]["deleted"] == m1["row_counts"]["events"] > 0
    latest = json.loads((curated / "latest.json").read_text("utf-8"))
    assert latest["version"] == "2026-11-25_2"
    leftovers = [p.name for p in (*curated.iterdir(), *releases.iterdir())
                 if p.name.startswith(".") and p.name != LOCK_NAME]
    assert leftovers == []
    _, rows = run_query(curated, "SELECT release, is_latest FROM releases ORDER BY release")
    assert rows == [("2026-11-25", False), ("2026-11-25_2", True)]
