"""End-to-end benchmark of `eventdata run`: throughput, time per stage, peak memory, no-op rerun.

What users feel is the whole command, Prefect's start-up included, so every
figure here comes from running the CLI in a subprocess on a folder written by
`benchmarks/generate.py`:

- wall time and reports per second, for each size asked (default 1k, 10k, 50k);
- seconds per stage, read from the flow's "stage seconds" log line;
- peak memory of the whole process tree (CLI, coding processes, Prefect's
  server, Dask workers), sampled with psutil, and of its largest process;
- CPU seconds of the tree, because this machine is shared and wall time alone
  hides contention (the load average at the start of each run is recorded too);
- the time of a second run with nothing new;
- `--runner dask` (2 workers) on the smallest size: its wall time and whether
  its events.parquet is byte-identical to the default runner's, and whether any
  Prefect or Dask process was left running afterwards.

Usage: ``.venv/bin/python benchmarks/bench_pipeline.py [--sizes 1000 10000 50000]``;
results go to benchmarks/RESULTS.md (and benchmarks/out/results.json).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
EVENTDATA = ROOT / ".venv" / "bin" / "eventdata"
RELEASE_TIME = "2026-11-25T06:00:00Z"
SEED = 7
_STAGES = re.compile(r"stage seconds: (\{.*\})")
MARK = "EVENTDATA_BENCH_MARK"  # inherited by every process a measured run starts
_MARK_VALUE = f"{os.getpid()}-{time.time_ns()}"

log = logging.getLogger("bench_pipeline")

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402


@dataclass
class Measure:
    """One `eventdata run` subprocess."""

    label: str
    reports: int
    wall_s: float
    cpu_s: float
    peak_tree_mb: float
    peak_process_mb: float
    peak_pss_mb: float
    load_avg: float
    exit_code: int
    stages: dict[str, float] = field(default_factory=dict)
    events: int | None = None
    nothing_new: bool = False

    @property
    def rate(self) -> float:
        return self.reports / self.wall_s if self.wall_s else 0.0


class _TreeSampler(threading.Thread):
    """Polls the RSS of a process and all its descendants until stopped."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.interval = interval
        self.peak_tree = 0
        self.peak_one = 0
        self.peak_pss = 0  # shared pages counted once (forked workers share the coder's)
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            total = total_pss = 0
            for p in procs:
                try:
                    mem = p.memory_full_info()
                except psutil.Error:
                    continue
                total += mem.rss
                total_pss += getattr(mem, "pss", mem.rss)
                self.peak_one = max(self.peak_one, mem.rss)
            self.peak_tree = max(self.peak_tree, total)
            self.peak_pss = max(self.peak_pss, total_pss)
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def bench_env() -> dict[str, str]:
    """The environment of every measured run: quiet, offline, a Prefect home of its own."""
    env = dict(os.environ)
    env.pop("PREFECT_API_URL", None)
    env.update(
        PREFECT_HOME=str(OUT / "prefect-home"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        **{MARK: _MARK_VALUE},
    )
    return env


def run_cli(label: str, raw: Path, curated: Path, reports: int, *extra: str) -> Measure:
    """Run `eventdata run` once and measure it."""
    cmd = [str(EVENTDATA), "run", "--raw", str(raw), "--curated", str(curated),
           "--release-time", RELEASE_TIME, *extra]  # fmt: skip
    logs = OUT / f"{label}.log"
    load = os.getloadavg()[0]
    cpu0 = _children_cpu()
    t0 = time.perf_counter()
    with logs.open("wb") as fh:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=bench_env(), stdout=fh, stderr=subprocess.STDOUT)
        sampler = _TreeSampler(proc.pid)
        sampler.start()
        code = proc.wait()
        sampler.stop()
    wall = time.perf_counter() - t0
    text = logs.read_text(encoding="utf-8", errors="replace")
    stages: dict[str, float] = {}
    for m in _STAGES.finditer(text):
        stages = json.loads(m.group(1))
    events = re.search(r"\| events \| (\d+) \|", text)
    out = Measure(
        label=label, reports=reports, wall_s=round(wall, 2),
        cpu_s=round(_children_cpu() - cpu0, 2),
        peak_tree_mb=round(sampler.peak_tree / 2**20),
        peak_process_mb=round(sampler.peak_one / 2**20),
        peak_pss_mb=round(sampler.peak_pss / 2**20),
        load_avg=round(load, 2), exit_code=code, stages=stages,
        events=int(events.group(1)) if events else None,
        nothing_new="Nothing new" in text,
    )  # fmt: skip
    log.info("%s: %s", label, json.dumps(asdict(out)))
    if code != 0:
        log.error("%s exited with %d; see %s", label, code, logs)
    return out


def raw_folder(n: int) -> Path:
    """The generated raw folder of `n` reports (written once, reused)."""
    raw = OUT / f"raw-{n}"
    stamp = raw / ".complete"
    if not stamp.is_file():
        shutil.rmtree(raw, ignore_errors=True)
        stats = generate(raw, n, SEED)
        stamp.write_text(json.dumps(stats), encoding="utf-8")
    return raw


def leftover_processes(mark: str) -> list[str]:
    """Processes still running that inherited this benchmark's marker (orphans included)."""
    found = []
    for p in psutil.process_iter(["pid", "cmdline"]):
        try:
            if p.environ().get(MARK) == mark:
                found.append(f"{p.pid}: {' '.join(p.info['cmdline'] or [])[:120]}")
        except psutil.Error:
            continue
    return found


def same_bytes(a: Path, b: Path) -> bool:
    return a.is_file() and b.is_file() and a.read_bytes() == b.read_bytes()


def coder_version_of(curated: Path) -> str:
    latest = json.loads((curated / "latest.json").read_text(encoding="utf-8"))
    manifest = json.loads((curated / latest["path"] / "manifest.json").read_text("utf-8"))
    return str(manifest.get("coder_version"))


def events_file(curated: Path) -> Path:
    latest = json.loads((curated / "latest.json").read_text(encoding="utf-8"))
    return curated / latest["path"] / "events.parquet"


def bench(sizes: list[int], dask_size: int | None) -> dict:
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": {"cores": os.cpu_count(), "python": sys.version.split()[0],
                                 "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")},
                     "runs": [], "noop": [], "dask": None}  # fmt: skip
    if dask_size:
        raw = raw_folder(dask_size)
        base_dir, dask_dir = OUT / f"curated-{dask_size}-default", OUT / f"curated-{dask_size}-dask"
        for d in (base_dir, dask_dir):
            shutil.rmtree(d, ignore_errors=True)
        base = run_cli(f"default-{dask_size}", raw, base_dir, dask_size)
        dask = run_cli(f"dask-{dask_size}", raw, dask_dir, dask_size, "--runner", "dask")
        time.sleep(2)
        versions = {coder_version_of(d) for d in (base_dir, dask_dir)}
        results["dask"] = {
            "default": asdict(base),
            "dask": asdict(dask),
            "speedup": round(base.wall_s / dask.wall_s, 2) if dask.wall_s else None,
            "identical_events": same_bytes(events_file(base_dir), events_file(dask_dir)),
            "comparable": len(versions) == 1,
            "left_behind": leftover_processes(_MARK_VALUE),
        }
    for n in sizes:
        raw = raw_folder(n)
        curated = OUT / f"curated-{n}"
        shutil.rmtree(curated, ignore_errors=True)
        first = run_cli(f"run-{n}", raw, curated, n)
        results["runs"].append(asdict(first) | {"rate": round(first.rate, 1)})
        again = run_cli(f"noop-{n}", raw, curated, n)
        results["noop"].append(asdict(again))
        RESULTS.write_text(markdown(results), encoding="utf-8")  # partial results as they come
    (OUT / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    return results


def _stage_cell(stages: dict[str, float], key: str) -> str:
    return f"{stages[key]:.1f}" if key in stages else "-"


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"`eventdata run` end to end (CLI in a subprocess), {m['cores']} cores, Python "
        f"{m['python']}, {m['date']}. Reports written by `benchmarks/generate.py` "
        f"(seed {SEED}, about 2 KB each). Regenerate with `make bench`.",
        "",
        "| reports | events | wall s | reports/s | CPU s (tree) | peak RSS tree MB | peak PSS "
        "tree MB | largest process MB | load avg at start | discover | ingest+code | "
        "consolidate+validate | publish | catalog |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results["runs"]:
        s = r["stages"]
        lines.append(
            f"| {r['reports']:,} | {r['events'] or '-'} | {r['wall_s']} | {r['rate']} "
            f"| {r['cpu_s']} "
            f"| {r['peak_tree_mb']} | {r['peak_pss_mb']} | {r['peak_process_mb']} "
            f"| {r['load_avg']} "
            f"| {_stage_cell(s, 'discover')} | {_stage_cell(s, 'ingest and code')} "
            f"| {_stage_cell(s, 'consolidate and validate')} | {_stage_cell(s, 'publish')} "
            f"| {_stage_cell(s, 'refresh catalog')} |"
        )
    lines += [
        "",
        "Rerun on the same raw folder (nothing new expected):",
        "",
        "| reports | wall s | peak RSS MB | was a no-op |",
        "|---:|---:|---:|---|",
    ]
    for r in results["noop"]:
        noop = "yes" if r["nothing_new"] else "no (coder or inputs changed meanwhile)"
        lines.append(f"| {r['reports']:,} | {r['wall_s']} | {r['peak_tree_mb']} | {noop} |")
    d = results.get("dask")
    if d:
        lines += [
            "",
            f"`--runner dask` (LocalCluster, 2 worker processes, temporary Prefect server) on "
            f"{d['default']['reports']:,} reports:",
            "",
            "| runner | wall s | CPU s | peak RSS tree MB |",
            "|---|---:|---:|---:|",
            f"| default (2 coding processes) | {d['default']['wall_s']} | {d['default']['cpu_s']} "
            f"| {d['default']['peak_tree_mb']} |",
            f"| dask | {d['dask']['wall_s']} | {d['dask']['cpu_s']} "
            f"| {d['dask']['peak_tree_mb']} |",
            "",
            f"Speed-up of dask over the default runner: {d['speedup']}x. "
            f"events.parquet byte-identical: {d['identical_events']}"
            + ("" if d.get("comparable", True) else
               " (not comparable: the coder's data files changed between the two runs)")
            + ". "
            f"Processes left behind: {len(d['left_behind'])}.",
        ]
    lines += [
        "",
        "Stage columns are seconds from the flow's `stage seconds` log line.",
        "Wall times vary with the machine's load (other jobs share these 2 cores).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="End-to-end benchmark of eventdata run")
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 50_000])
    p.add_argument("--dask-size", type=int, default=1000, help="0 to skip the dask comparison")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    results = bench(args.sizes, args.dask_size or None)
    RESULTS.write_text(markdown(results), encoding="utf-8")
    log.info("wrote %s", RESULTS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
