"""kill -9 at several moments of a run: nothing published is lost, nothing half is shown.

A good release R1 is made first. Then, for each kill point, a copy of that
curated folder gets new reports and a real `eventdata run` process (with
Prefect's ephemeral server, in its own process group) is SIGKILLed:

- "coding": one second into the flow (lock held, reading and coding batches);
- "writing": as soon as the temporary release folder holds a Parquet file;
- "published": as soon as latest.json names the new release (catalog and
  cache not yet written).

The three runs are killed concurrently to keep the test short (Prefect's
ephemeral start dominates). After each kill: R1's checksums hold, latest.json
names a whole release, every release folder is whole, and a following
normal run succeeds, removes the leftovers and leaves latest.json, the
releases and the catalog consistent.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from eventdata import cli
from eventdata.catalog import refresh_catalog, run_query
from eventdata.publish import verify_release

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
R1_TIME = "2026-11-20T06:00:00Z"
RUN_TIME = "2026-11-25T06:00:00Z"
TMP_PREFIX = ".tmp-release-"
STAGING = ".staging"  # where write_release builds a release, outside releases/
START_TIMEOUT = 240.0  # a cold, loaded machine: Prefect's ephemeral start alone can take 30 s

REPORT = """---
title: {title}
source: {source}
published: {published}
country: {country}
---
{body}
"""

BASE_REPORTS = {
    "ke_nurses.txt": dict(
        title="Nurses strike over unpaid allowances", source="Lakeside Daily",
        published="2026-11-02", country="Kenya",
        body="Hundreds of nurses marched to the county headquarters in Kisumu on Monday to "
        "demand allowances unpaid since July. The march ended peacefully, organisers said.",
    ),
    "ng_bokkos.txt": dict(
        title="Gunmen attack village near Bokkos", source="Plateau Voice",
        published="2026-11-03", country="Nigeria",
        body="Gunmen killed four villagers in an overnight attack on a village near Bokkos in "
        "Plateau State, police said on Tuesday. Several houses were set on fire.",
    ),
    "kz_workers.txt": dict(
        title="Oil workers rally in Zhanaozen", source="Steppe Courier",
        published="2026-11-04", country="Kazakhstan",
        body="Several hundred oil workers gathered on the central square of Zhanaozen on "
        "Wednesday, demanding higher wages. Police detained three organisers.",
    ),
}

NEW_REPORTS = {
    "coding": {
        "new/pk_lahore.txt": dict(
            title="Party workers clash in Lahore", source="Punjab Herald",
            published="2026-11-10", country="Pakistan",
            body="Supporters of two rival parties clashed with sticks and stones in Lahore on "
            "Monday, injuring eleven people, police said.",
        ),
        "new/so_jilib.txt": dict(
            title="Airstrike near Jilib", source="Juba Valley Post",
            published="2026-11-11", country="Somalia",
            body="An airstrike hit a militant camp near Jilib in Middle Juba on Tuesday, "
            "killing six fighters, a regional official said.",
        ),
    },
    "writing": {
        "new/cd_djugu.txt": dict(
            title="Militia attack in Djugu", source="Ituri Echo",
            published="2026-11-12", country="Democratic Republic of Congo",
            body="Militiamen attacked a displacement camp in Djugu territory of Ituri on "
            "Wednesday, killing nine civilians, local officials said.",
        ),
        "new/mx_cdmx.txt": dict(
            title="Students march in Mexico City", source="Valle Noticias",
            published="2026-11-13", country="Mexico",
            body="Thousands of students marched peacefully through central Mexico City on "
            "Thursday to demand justice for missing classmates.",
        ),
    },
    "published": {
        "new/ua_zaporizhzhia.txt": dict(
            title="Shelling in Zaporizhzhia", source="Dnipro Wire",
            published="2026-11-14", country="Ukraine",
            body="Russian forces shelled residential areas of Zaporizhzhia on Friday, killing "
            "two civilians, the regional governor said.",
        ),
        "new/ke_traders.txt": dict(
            title="Traders protest in Nairobi", source="Lakeside Daily",
            published="2026-11-15", country="Kenya",
            body="Police fired tear gas at about 200 traders who marched to City Hall in "
            "Nairobi on Friday to protest against new market fees.",
        ),
    },
}


def write_reports(raw: Path, reports: dict[str, dict[str, str]]) -> None:
    for name, fields in reports.items():
        path = raw / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(REPORT.format(**fields), encoding="utf-8")


# ------------------------------------------------------------------ observations
def read_latest(curated: Path) -> str | None:
    try:
        return json.loads((curated / "latest.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return None


def release_dirs(curated: Path) -> list[Path]:
    root = curated / "releases"
    return sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


def leftovers(curated: Path) -> list[str]:
    """Temporary entries a killed run can leave (folders and `.x.tmp` files)."""
    found = [f"{STAGING}/{p.name}" for p in (curated / STAGING).glob("*")]
    for parent in (curated, curated / "releases"):
        if parent.is_dir():
            found += [
                p.name for p in parent.iterdir()
                if p.name.startswith(TMP_PREFIX) or (p.name.startswith(".") and p.name.endswith(".tmp"))
            ]
    return sorted(found)


def whole_releases(curated: Path) -> dict[str, list[str]]:
    """{published (not hidden) release folder: its checksum problems}."""
    return {p.name: verify_release(p) for p in release_dirs(curated) if not p.name.startswith(".")}


def glob_view(curated: Path) -> tuple[set[str], str | None]:
    """Releases seen by the README's glob over releases/*/events.parquet, or the error."""
    pattern = (curated / "releases").as_posix() + "/*/events.parquet"
    con = duckdb.connect()  # one per call: the kill monitors run in threads
    try:
        rows = con.execute(
            f"SELECT DISTINCT filename FROM read_parquet('{pattern}', filename = true)"
        ).fetchall()
    except duckdb.Error as exc:
        return set(), f"{type(exc).__name__}: {exc}"
    finally:
        con.close()
    return {Path(r[0]).parent.name for r in rows}, None


def n_rows(path: Path) -> int:
    return len(pd.read_parquet(path))


def catalog_latest(curated: Path) -> str | None:
    """The release the catalog calls latest (None when it cannot say)."""
    try:
        rows = run_query(curated, "SELECT release FROM releases WHERE is_latest")[1]
    except Exception:  # a missing or unreadable catalog is reported by the assertions
        return None
    return rows[0][0] if len(rows) == 1 else None


# ------------------------------------------------------------------ killing runs
@dataclass
class Killed:
    """A run started on its own copy of R1's curated folder, and how it ended."""

    point: str
    raw: Path
    curated: Path
    r1: str
    killed: bool = False
    returncode: int | None = None
    seconds: float = 0.0
    stderr: list[str] = field(default_factory=list)
    group_gone: bool = False
    after_kill: dict = field(default_factory=dict)


def subprocess_env(prefect_home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update(
        PREFECT_HOME=str(prefect_home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="120",
        PREFECT_LOGGING_TO_API_ENABLED="false",
    )
    return env


def _trigger(point: str, run: Killed, lines: list[tuple[float, str]]) -> Callable[[], bool]:
    """A predicate that says when to kill the run (checked every couple of milliseconds)."""
    if point == "coding":
        def coding() -> bool:
            started = [t for t, line in list(lines) if "Beginning flow run" in line]
            return bool(started) and time.monotonic() - started[0] >= 1.0
        return coding
    if point == "writing":
        def writing() -> bool:
            return any(any(d.glob("*.parquet")) for d in (run.curated / STAGING).glob("*"))
        return writing
    if point == "published":
        return lambda: read_latest(run.curated) not in (None, run.r1)
    raise ValueError(point)


def kill_run(run: Killed, env: dict[str, str]) -> None:
    """Start `eventdata run` and SIGKILL its whole process group at the run's kill point."""
    lines: list[tuple[float, str]] = []
    proc = subprocess.Popen(
        [sys.executable, "-m", "eventdata.cli", "run", "--raw", str(run.raw),
         "--curated", str(run.curated), "--release-time", RUN_TIME],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )

    def drain() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append((time.monotonic(), line.rstrip()))

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    fire = _trigger(run.point, run, lines)
    started = time.monotonic()
    try:
        while proc.poll() is None:
            if fire():
                os.killpg(proc.pid, signal.SIGKILL)
                run.killed = True
                break
            if time.monotonic() - started > START_TIMEOUT:
                break
            time.sleep(0.002)
    finally:
        if proc.poll() is None and not run.killed:
            os.killpg(proc.pid, signal.SIGKILL)
        run.returncode = proc.wait(30)
        run.seconds = time.monotonic() - started
        reader.join(10)
        run.stderr = [line for _, line in lines if "httpx" not in line]
        # Every process of the group (the ephemeral Prefect server too) is gone.
        for _ in range(200):
            try:
                os.killpg(proc.pid, 0)
            except ProcessLookupError:
                run.group_gone = True
                break
            time.sleep(0.05)
    run.after_kill = {
        "latest": read_latest(run.curated),
        "whole": whole_releases(run.curated),
        "leftovers": leftovers(run.curated),
        "glob": glob_view(run.curated),
        "catalog_latest": catalog_latest(run.curated),
    }


# ------------------------------------------------------------------ fixtures
def _cli_run(raw: Path, curated: Path, when: str) -> int:
    return cli.main(["run", "--raw", str(raw), "--curated", str(curated), "--release-time", when])


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, prefect_harness: None) -> tuple[Path, Path, str]:
    """R1: a small raw folder coded into a first release (in this process)."""
    tmp = tmp_path_factory.mktemp("crash-base")
    raw, curated = tmp / "raw", tmp / "curated"
    write_reports(raw, BASE_REPORTS)
    assert _cli_run(raw, curated, R1_TIME) == 0
    r1 = read_latest(curated)
    assert r1 is not None and verify_release(curated / "releases" / r1) == []
    return raw, curated, r1


@pytest.fixture(scope="module")
def killed(tmp_path_factory: pytest.TempPathFactory, base: tuple[Path, Path, str]) -> dict[str, Killed]:
    """The three kill points, each on its own copy of R1, killed concurrently."""
    base_raw, base_curated, r1 = base
    runs: dict[str, Killed] = {}
    for point, reports in NEW_REPORTS.items():
        tmp = tmp_path_factory.mktemp(f"crash-{point}")
        raw, curated = tmp / "raw", tmp / "curated"
        shutil.copytree(base_raw, raw, symlinks=True)
        shutil.copytree(base_curated, curated, symlinks=True)
        refresh_catalog(curated)  # the copied catalog's views name the original folder
        write_reports(raw, reports)
        runs[point] = Killed(point, raw, curated, r1)
    threads = [
        threading.Thread(
            target=kill_run,
            args=(run, subprocess_env(tmp_path_factory.mktemp(f"prefect-{run.point}"))),
        )
        for run in runs.values()
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(START_TIMEOUT + 120)
    return runs


@pytest.fixture(scope="module")
def followed(killed: dict[str, Killed]) -> dict[str, dict]:
    """A normal run after each kill (in this process), and what it left."""
    out = {}
    for point, run in killed.items():
        before = {p.name for p in release_dirs(run.curated)}
        code = _cli_run(run.raw, run.curated, RUN_TIME)
        latest = read_latest(run.curated)
        out[point] = {
            "code": code,
            "latest": latest,
            "whole": whole_releases(run.curated),
            "dirs": [p.name for p in release_dirs(run.curated)],
            "leftovers": leftovers(run.curated),
            "glob": glob_view(run.curated),
            "published": sorted({p.name for p in release_dirs(run.curated)} - before),
        }
    return out


POINTS = list(NEW_REPORTS)


# ------------------------------------------------------------------ tests
@pytest.mark.parametrize("point", POINTS)
def test_run_was_killed_at_its_point(killed: dict[str, Killed], point: str) -> None:
    run = killed[point]
    assert run.killed, f"the {point} kill point was never reached:\n" + "\n".join(run.stderr[-30:])
    assert run.returncode == -signal.SIGKILL
    assert run.group_gone, "processes of the killed run's group are still running"
    log = "\n".join(run.stderr)
    assert "Beginning flow run" in log
    if point in ("coding", "writing"):
        assert "published release" not in log, "killed too late"
    if point == "writing":
        assert any(x.startswith(STAGING) for x in run.after_kill["leftovers"])
    if point == "published":
        assert "refresh catalog" not in log and "catalog refreshed" not in log, "killed too late"


@pytest.mark.parametrize("point", POINTS)
def test_after_kill_r1_and_latest_are_whole(killed: dict[str, Killed], point: str) -> None:
    run = killed[point]
    after = run.after_kill
    assert after["whole"][run.r1] == [], "R1's checksums no longer hold"
    assert after["latest"] is not None, "latest.json is missing or unreadable"
    assert after["latest"] in after["whole"], "latest.json names no published release"
    assert after["whole"][after["latest"]] == []
    for version, problems in after["whole"].items():
        assert problems == [], f"half release {version} is visible: {problems}"
    if point == "coding":
        assert after["latest"] == run.r1 and set(after["whole"]) == {run.r1}
    if point == "published":
        assert after["latest"] != run.r1


@pytest.mark.parametrize("point", POINTS)
def test_after_kill_release_glob_sees_only_whole_releases(
    killed: dict[str, Killed], point: str
) -> None:
    """README: read_parquet('curated/releases/*/events.parquet') must see whole releases only."""
    after = killed[point].after_kill
    seen, error = after["glob"]
    assert error is None
    assert seen == set(after["whole"])


@pytest.mark.parametrize("point", POINTS)
def test_following_run_cleans_up_and_publishes(
    killed: dict[str, Killed], followed: dict[str, dict], point: str
) -> None:
    run, after = killed[point], followed[point]
    assert after["code"] == 0
    assert after["leftovers"] == []
    assert all(not d.startswith(".") for d in after["dirs"]), after["dirs"]
    assert after["whole"][run.r1] == []
    for version, problems in after["whole"].items():
        assert problems == [], f"{version}: {problems}"
    latest = after["latest"]
    assert latest != run.r1, "the new reports were never published"
    rel = run.curated / "releases" / latest
    refs = set(pd.read_parquet(rel / "reports.parquet")["report_ref"])
    assert set(NEW_REPORTS[point]) | set(BASE_REPORTS) <= refs
    manifest = json.loads((rel / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["previous_version"] in after["whole"]
    seen, error = after["glob"]
    assert error is None and seen == set(after["whole"])


@pytest.mark.parametrize("point", POINTS)
def test_following_run_leaves_the_catalog_on_the_latest_release(
    killed: dict[str, Killed], followed: dict[str, dict], point: str
) -> None:
    run, after = killed[point], followed[point]
    latest = after["latest"]
    rel = run.curated / "releases" / latest
    _, rows = run_query(run.curated, "SELECT release FROM releases WHERE is_latest")
    assert [r[0] for r in rows] == [latest], "the catalog's latest release is stale"
    _, rows = run_query(run.curated, "SELECT release FROM releases ORDER BY release")
    assert {r[0] for r in rows} == set(after["whole"])
    _, rows = run_query(run.curated, "SELECT count(*) FROM events")
    assert rows[0][0] == n_rows(rel / "events.parquet")


# ------------------------------------------------------------------ the same windows, exactly
def test_nothing_new_run_repairs_a_stale_catalog(
    tmp_path: Path, base: tuple[Path, Path, str]
) -> None:
    """The 'published' kill point without timing: the state such a kill leaves, made by hand.

    write_release has renamed the release and replaced latest.json; the kill
    comes before refresh_catalog, save_cache and the fingerprint.
    """
    base_raw, base_curated, r1 = base
    raw, curated = tmp_path / "raw", tmp_path / "curated"
    shutil.copytree(base_raw, raw, symlinks=True)
    shutil.copytree(base_curated, curated, symlinks=True)
    refresh_catalog(curated)
    old_catalog = tmp_path / "r1.duckdb"
    shutil.copy(curated / "eventdata.duckdb", old_catalog)
    write_reports(raw, NEW_REPORTS["published"])
    assert _cli_run(raw, curated, RUN_TIME) == 0
    new = read_latest(curated)
    assert new != r1
    shutil.copy(old_catalog, curated / "eventdata.duckdb")
    (curated / "cache" / "fingerprint.json").unlink(missing_ok=True)
    assert catalog_latest(curated) == r1  # the stale state the kill leaves

    assert _cli_run(raw, curated, RUN_TIME) == 0
    assert catalog_latest(curated) == read_latest(curated) == new
    _, rows = run_query(curated, "SELECT count(*) FROM events")
    assert rows[0][0] == n_rows(curated / "releases" / new / "events.parquet")


def test_release_being_written_is_invisible_to_readers(
    tmp_path: Path, base: tuple[Path, Path, str]
) -> None:
    """While a release is written (and after a kill in that window) readers see whole ones only."""
    from eventdata.publish import TABLES, read_release_table, write_release

    _, base_curated, r1 = base
    curated = tmp_path / "curated"
    shutil.copytree(base_curated, curated, symlinks=True)
    refresh_catalog(curated)
    tables = {name: read_release_table(curated, r1, name) for name in TABLES}
    manifest = json.loads((curated / "releases" / r1 / "manifest.json").read_text("utf-8"))
    manifest = {k: v for k, v in manifest.items()
                if k not in ("version", "schema_version", "row_counts", "files")}
    r1_events = n_rows(curated / "releases" / r1 / "events.parquet")
    seen: dict[str, object] = {}

    def observe(_draft: dict) -> dict[str, str]:
        # The tables are written, the manifest is not: this is the 'writing' kill window.
        seen["glob"] = glob_view(curated)
        seen["events_all"] = run_query(curated, "SELECT count(*) FROM events_all")[1][0][0]
        return {}

    write_release(curated, "2026-11-26", tables, manifest, extras=observe)
    assert seen["glob"] == ({r1}, None)
    assert seen["events_all"] == r1_events


def test_release_renamed_but_not_yet_named_by_latest_is_not_duplicated(
    tmp_path: Path, base: tuple[Path, Path, str]
) -> None:
    """The kill window between the folder rename (the commit) and the latest.json update.

    The new release is whole; the next run must build on it (or repair latest.json),
    not publish the same content again as a second release beside it.
    """
    base_raw, base_curated, r1 = base
    raw, curated = tmp_path / "raw", tmp_path / "curated"
    shutil.copytree(base_raw, raw, symlinks=True)
    shutil.copytree(base_curated, curated, symlinks=True)
    refresh_catalog(curated)
    old_catalog = tmp_path / "r1.duckdb"
    shutil.copy(curated / "eventdata.duckdb", old_catalog)
    old_latest = (curated / "latest.json").read_text("utf-8")
    write_reports(raw, NEW_REPORTS["published"])
    assert _cli_run(raw, curated, RUN_TIME) == 0
    new = read_latest(curated)
    assert new != r1
    (curated / "latest.json").write_text(old_latest, "utf-8")
    shutil.copy(old_catalog, curated / "eventdata.duckdb")
    (curated / "cache" / "fingerprint.json").unlink(missing_ok=True)

    assert _cli_run(raw, curated, RUN_TIME) == 0
    dirs = [p.name for p in release_dirs(curated)]
    latest = read_latest(curated)
    assert latest is not None
    manifest = json.loads((curated / "releases" / latest / "manifest.json").read_text("utf-8"))
    assert dirs == [r1, new], f"published the same content again: {dirs}"
    assert latest == new and manifest["previous_version"] == r1
    assert catalog_latest(curated) == new
