"""The `eventdata` command: parses options, calls the flow or the stages, prints results.

Heavy imports (Prefect, pandas, the coder) happen inside the commands that need
them, so `--help`, `query` and `releases` answer at once, and a run with nothing
new finds that out before Prefect's server would start.
"""

from __future__ import annotations

import argparse
import atexit
import enum
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

log = logging.getLogger("eventdata")


class Runner(enum.StrEnum):
    DEFAULT = "default"
    DASK = "dask"


class OutFormat(enum.StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    JSONL = "jsonl"


def _out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _table(columns: list[str], rows: list[tuple], limit: int = 200) -> str:
    cells = [[("" if v is None else str(v)) for v in r] for r in rows[:limit]]
    widths = [min(40, max([len(c)] + [len(r[i]) for r in cells])) for i, c in enumerate(columns)]
    fmt = "  ".join(f"{{:<{w}.{w}}}" for w in widths)
    lines = [fmt.format(*columns), fmt.format(*["-" * w for w in widths])]
    lines += [fmt.format(*r) for r in cells]
    if len(rows) > limit:
        lines.append(f"... {len(rows) - limit} more rows")
    return "\n".join(lines)


# ------------------------------------------------------------------ commands
def cmd_run(args: argparse.Namespace) -> int:
    from eventdata.fingerprint import nothing_new, summary_markdown

    raw, curated = Path(args.raw), Path(args.curated)
    if not raw.is_dir():
        log.error("raw folder %s does not exist", raw)
        return 2
    if not args.force:
        last = nothing_new(curated, raw)
        if last is not None:
            last = dict(last, nothing_new=True, reports_coded=0, version=None)
            _out("Nothing new since the last run: no release written.")
            _out(summary_markdown(last))
            return 0
    from eventdata.lock import CuratedBusy, curated_lock

    try:
        # Find a busy folder before paying for Prefect's start; the flow locks again.
        with curated_lock(curated, args.lock_timeout):
            pass
    except CuratedBusy as exc:
        log.error("%s", exc)
        return 3
    if Runner(args.runner) is Runner.DEFAULT:
        _start_background_work(args)
    from flows.pipeline import run_pipeline

    summary = run_pipeline(
        runner=Runner(args.runner),
        dask_address=args.dask_address,
        raw_dir=raw,
        curated_dir=curated,
        release_time=args.release_time,
        batch_size=args.batch_size,
        max_bytes=args.max_bytes,
        model_path=Path(args.model) if args.model else None,
        lock_timeout=args.lock_timeout,
    )
    if summary.get("nothing_new"):
        _out("Nothing new: no release written.")
    else:
        _out(f"Release {summary['version']} written to {curated / 'releases' / summary['version']}")
    _out(summary_markdown(summary))
    return 0


def _start_background_work(args: argparse.Namespace) -> None:
    """Start the coding processes, Prefect's temporary server and the coding, before the flow.

    Each takes seconds of CPU in processes of its own; started first, they work
    while this process imports the pipeline. The server goes before the coding:
    its start-up is the longer wait when the coding processes already share the
    cores. The flow then collects the coded batches and finds the server running.
    """
    from eventdata import parallel
    from flows import ephemeral

    raw = Path(args.raw)
    worth = parallel.worth_starting(raw)
    if worth:
        parallel.start(None)  # its fork server loads the coder meanwhile
    ephemeral.start_early()
    if worth:
        parallel.prefetch_folder(
            raw,
            Path(args.curated),
            release_time=args.release_time,
            batch_size=args.batch_size,
            max_bytes=args.max_bytes,
            model_path=Path(args.model) if args.model else None,
        )


def cmd_code(args: argparse.Namespace) -> int:
    from eventdata.codecmd import code_command

    return code_command(
        source=args.file,
        published=args.published,
        fmt=OutFormat(args.format),
        model_path=Path(args.model) if args.model else None,
        write=_out,
    )


def cmd_query(args: argparse.Namespace) -> int:
    from eventdata.catalog import NotReadOnly, run_query

    try:
        cols, rows = run_query(Path(args.curated), args.sql)
    except (NotReadOnly, FileNotFoundError) as exc:
        log.error("%s", exc)
        return 2
    except Exception as exc:  # duckdb errors carry the useful message
        log.error("query failed: %s", exc)
        return 1
    fmt = OutFormat(args.format)
    if fmt is OutFormat.TABLE:
        _out(_table(cols, rows, limit=args.limit))
    elif fmt is OutFormat.CSV:
        import csv

        w = csv.writer(sys.stdout)
        w.writerow(cols)
        w.writerows(rows)
    else:
        for r in rows:
            _out(json.dumps(dict(zip(cols, r, strict=True)), default=str, ensure_ascii=False))
    return 0


def cmd_releases(args: argparse.Namespace) -> int:
    curated = Path(args.curated)
    root = curated / "releases"
    latest = None
    if (curated / "latest.json").is_file():
        latest = json.loads((curated / "latest.json").read_text(encoding="utf-8")).get("version")
    rows = []
    if root.is_dir():
        for d in root.iterdir():
            mf = d / "manifest.json"
            if d.is_dir() and mf.is_file():
                m = json.loads(mf.read_text(encoding="utf-8"))
                ch = m.get("changes", {})
                rows.append(
                    (
                        m["version"] + (" *" if m["version"] == latest else ""),
                        m.get("release_time"),
                        m.get("previous_version") or "-",
                        m.get("row_counts", {}).get("events", 0),
                        ch.get("added", 0),
                        ch.get("changed", 0),
                        ch.get("deleted", 0),
                    )
                )
    if not rows:
        _out(f"no releases in {curated}")
        return 0
    rows.sort(key=lambda r: r[1] or "")
    cols = ["version", "release_time", "previous", "events", "added", "changed", "deleted"]
    _out(_table(cols, rows))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from eventdata.acled_io import validate_file

    return validate_file(Path(args.file), write=_out)


def cmd_docs(args: argparse.Namespace) -> int:
    from eventdata.docs import DICTIONARY, render_dictionary

    text = render_dictionary()
    if args.check:
        current = DICTIONARY.read_text(encoding="utf-8") if DICTIONARY.is_file() else ""
        if current != text:
            log.error("%s is stale: run `eventdata docs`", DICTIONARY)
            return 1
        return 0
    DICTIONARY.parent.mkdir(parents=True, exist_ok=True)
    DICTIONARY.write_text(text, encoding="utf-8")
    _out(f"wrote {DICTIONARY}")
    return 0


def cmd_gazetteer(args: argparse.Namespace) -> int:
    from eventdata.normalise.gazetteer import build_gazetteer

    kwargs = {}
    if args.geonames_dump:
        kwargs["geonames_dump"] = Path(args.geonames_dump)
    out = build_gazetteer(Path(args.out) if args.out else None, **kwargs)
    _out(f"gazetteer written to {out}")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from eventdata.history import diff_releases, format_diff

    d = diff_releases(Path(args.curated), args.a, args.b)
    _out(format_diff(d))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from eventdata.acled_io import export_csv

    out = export_csv(
        Path(args.curated), release=args.release, numeric_inter=args.numeric_inter,
        out=Path(args.out) if args.out else None,
    )  # fmt: skip
    if out is not None:
        _out(f"wrote {out}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from eventdata.evalcmd import eval_command

    return eval_command(
        gold_dirs=[Path(d) for d in args.gold_dir],
        snippets=Path(args.snippets) if args.snippets else None,
        model_path=Path(args.model) if args.model else None,
        write=_out,
    )


def cmd_train(args: argparse.Namespace) -> int:
    from eventdata.learn import train

    metrics = train(Path(args.labels), Path(args.out))
    _out(json.dumps(metrics, indent=2))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from flows.pipeline import ServerNeeded, serve

    try:
        serve(
            cron=args.cron, raw_dir=Path(args.raw), curated_dir=Path(args.curated), name=args.name
        )
    except ServerNeeded as exc:
        log.error("%s", exc)
        return 2
    return 0


# ------------------------------------------------------------------ parser
def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="eventdata",
        description="Raw reports on political violence and protest -> ACLED-style releases.",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = p.add_subparsers(dest="command", required=True)

    r = sub.add_parser("run", help="run the pipeline on a raw folder and publish a release")
    r.add_argument("--raw", default="raw", help="folder of raw reports (default raw/)")
    r.add_argument("--curated", default="curated", help="output folder (default curated/)")
    r.add_argument("--release-time", help="ISO 8601 release time (default now)")
    r.add_argument("--batch-size", type=int, default=500, help="reports files per task")
    r.add_argument("--max-bytes", type=int, default=20_000_000, help="larger files are quarantined")
    r.add_argument("--runner", choices=[x.value for x in Runner], default=Runner.DEFAULT.value)
    r.add_argument(
        "--dask-address", help="tcp://HOST:PORT of a Dask scheduler (with --runner dask)"
    )
    r.add_argument("--model", help="a classifier trained with `eventdata train`")
    r.add_argument("--lock-timeout", type=float, default=600.0, help="seconds to wait for a run")
    r.add_argument("--force", action="store_true", help="run even if nothing changed")
    r.set_defaults(func=cmd_run)

    c = sub.add_parser("code", help="code reports without writing a release")
    c.add_argument("file", nargs="?", default="-", help="a report file (any format) or - for JSONL")
    c.add_argument("--published", help="publication date for reports that have none")
    c.add_argument("--format", choices=["jsonl", "table"], default="jsonl")
    c.add_argument("--model", help="a classifier trained with `eventdata train`")
    c.set_defaults(func=cmd_code)

    q = sub.add_parser("query", help="read-only SQL over the catalog")
    q.add_argument("sql")
    q.add_argument("--curated", default="curated")
    q.add_argument("--format", choices=["table", "csv", "json"], default="table")
    q.add_argument("--limit", type=int, default=200, help="rows shown in table format")
    q.set_defaults(func=cmd_query)

    rel = sub.add_parser("releases", help="list the releases")
    rel.add_argument("--curated", default="curated")
    rel.set_defaults(func=cmd_releases)

    v = sub.add_parser("validate", help="check a Parquet or CSV file in ACLED's export layout")
    v.add_argument("file")
    v.set_defaults(func=cmd_validate)

    d = sub.add_parser("diff", help="what changed between two releases")
    d.add_argument("a")
    d.add_argument("b")
    d.add_argument("--curated", default="curated")
    d.set_defaults(func=cmd_diff)

    e = sub.add_parser("export", help="write a release in ACLED's CSV layout")
    e.add_argument("--format", choices=["csv"], default="csv")
    e.add_argument("--numeric-inter", action="store_true", help="pre-2023 numeric inter codes")
    e.add_argument("--release", help="version (default latest)")
    e.add_argument("--out", help="output file (default stdout)")
    e.add_argument("--curated", default="curated")
    e.set_defaults(func=cmd_export)

    ev = sub.add_parser("eval", help="score the coder against gold events or labelled snippets")
    ev.add_argument("gold_dir", nargs="*",
                    help="folders of reports with .gold.json files (several: also pooled)")
    ev.add_argument("--snippets", help="CSV of text,sub_event_type")
    ev.add_argument("--model", help="a classifier trained with `eventdata train`")
    ev.set_defaults(func=cmd_eval)

    t = sub.add_parser("train", help="fit a light classifier on your own coded events")
    t.add_argument("labels", help="CSV with notes (or text) and sub_event_type")
    t.add_argument("--out", required=True, help="model file to write (outside the repository)")
    t.set_defaults(func=cmd_train)

    g = sub.add_parser("gazetteer", help="the offline gazetteer")
    gsub = g.add_subparsers(dest="action", required=True)
    gb = gsub.add_parser("build", help="build the compact gazetteer table")
    gb.add_argument("--out", help="output Parquet path")
    gb.add_argument("--geonames-dump", help="a GeoNames dump (allCountries.txt or XX.txt)")
    gb.set_defaults(func=cmd_gazetteer)

    doc = sub.add_parser("docs", help="regenerate docs/data-dictionary.md from the schemas")
    doc.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    doc.set_defaults(func=cmd_docs)

    s = sub.add_parser("serve", help="run the pipeline on a cron schedule (needs a Prefect server)")
    s.add_argument("--cron", default="0 6 * * *")
    s.add_argument("--raw", default="raw")
    s.add_argument("--curated", default="curated")
    s.add_argument("--name", default="eventdata-daily")
    s.set_defaults(func=cmd_serve)
    return p


_exit_code = 1  # what a run that skips the interpreter's teardown exits with


def _exit_without_teardown() -> None:
    """The last exit handler of an `eventdata run` process: leave without the teardown.

    Why: after a run, the interpreter spends 1-1.5 s freeing Prefect's, pandas' and
    the coder's objects one by one in a process that is ending anyway. Registered
    before any other (but logging's, done here), this handler runs after all of them:
    Prefect has stopped its temporary server, the coding pool is gone, files are closed.
    """
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(_exit_code)


def main(argv: Sequence[str] | None = None) -> int:
    """The command line; `argv` None means this process's own arguments (the program)."""
    global _exit_code
    args = build_parser().parse_args(argv)
    if argv is None and args.command == "run":
        # Only as the program: a caller of main() (tests) keeps its own exit.
        atexit.register(_exit_without_teardown)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # One line per HTTP call to Prefect's local API is noise for a person at a terminal.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        _exit_code = int(args.func(args) or 0)
        return _exit_code
    except KeyboardInterrupt:
        _exit_code = 130
        return _exit_code
    except Exception as exc:
        from eventdata.lock import CuratedBusy

        if isinstance(exc, CuratedBusy):
            log.error("%s", exc)
            _exit_code = 3
            return _exit_code
        raise


if __name__ == "__main__":
    raise SystemExit(main())
