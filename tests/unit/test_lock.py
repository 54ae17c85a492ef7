"""The curated folder's lock: one writer at a time, a clear refusal after the timeout.

Two threads (each with its own lock object, as two processes would have) contend
for the same folder; the lock must serialise them and never let both inside.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from eventdata.lock import LOCK_NAME, CuratedBusy, curated_lock


def test_second_holder_waits_until_the_first_leaves(tmp_path: Path) -> None:
    inside = threading.Event()
    leave = threading.Event()
    log: list[str] = []

    def first() -> None:
        with curated_lock(tmp_path, timeout=5):
            log.append("first in")
            inside.set()
            leave.wait(5)
            log.append("first out")

    t = threading.Thread(target=first)
    t.start()
    assert inside.wait(5)
    threading.Timer(0.3, leave.set).start()
    started = time.monotonic()
    with curated_lock(tmp_path, timeout=5):
        log.append("second in")
        waited = time.monotonic() - started
    t.join(5)
    assert log == ["first in", "first out", "second in"]
    assert waited >= 0.2


def test_busy_folder_gives_up_with_a_clear_message(tmp_path: Path) -> None:
    curated = tmp_path / "curated"
    with curated_lock(curated, timeout=1):
        started = time.monotonic()
        with pytest.raises(CuratedBusy) as info:
            with curated_lock(curated, timeout=0.3):
                pytest.fail("entered a folder another holder has")
        assert 0.25 <= time.monotonic() - started < 3
    msg = str(info.value)
    assert "another eventdata run is writing" in msg and str(curated) in msg
    assert "0.3 s" in msg
    # Released on exit: a new holder gets in at once.
    with curated_lock(curated, timeout=0):
        pass


def test_lock_is_released_when_the_body_raises(tmp_path: Path) -> None:
    with pytest.raises(ZeroDivisionError):
        with curated_lock(tmp_path, timeout=1):
            1 / 0  # noqa: B018
    with curated_lock(tmp_path, timeout=0):
        pass


def test_creates_the_curated_folder(tmp_path: Path) -> None:
    curated = tmp_path / "new" / "curated"
    with curated_lock(curated, timeout=1):
        assert (curated / LOCK_NAME).exists()


def test_many_threads_never_overlap(tmp_path: Path) -> None:
    active = 0
    peak = 0
    guard = threading.Lock()
    errors: list[BaseException] = []

    def worker() -> None:
        nonlocal active, peak
        try:
            with curated_lock(tmp_path, timeout=10):
                with guard:
                    active += 1
                    peak = max(peak, active)
                time.sleep(0.02)
                with guard:
                    active -= 1
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert not errors
    assert peak == 1


_HOLDER = """
import sys, time
from pathlib import Path
from eventdata.lock import curated_lock
with curated_lock(Path(sys.argv[1]), timeout=5):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_lock_held_by_another_process_and_freed_when_it_is_killed(tmp_path: Path) -> None:
    """A process that dies (even by SIGKILL) must not leave the folder locked."""
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(tmp_path), "60"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "held"
        with pytest.raises(CuratedBusy):
            with curated_lock(tmp_path, timeout=0.2):
                pass
        proc.kill()
        proc.wait(10)
        with curated_lock(tmp_path, timeout=2):
            pass
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
