"""The pipeline's steps as plain functions; `flows/pipeline.py` only wires them as tasks.

Batches are the unit of work: a batch of raw files is read and coded in one
call, so orchestration costs per batch, not per report. Only small per-report
metadata and the coded mentions cross batch boundaries, so memory does not
grow with the text of the raw folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from eventdata.coder import MENTION_COLUMNS, code_reports
from eventdata.consolidate import Consolidated, Previous, consolidate
from eventdata.ingest import RawFile, read_files, split_duplicates
from eventdata.parallel import DEFAULT_BATCH_BYTES
from eventdata.publish import read_release_table
from eventdata.releases import latest_version
from eventdata.validate import describe, split_valid
from eventdata.version import coder_version
from schemas import EVENT_COLUMNS, EventsModel, QuarantineModel, ReportsModel

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 500
DEFAULT_MAX_BYTES = 20_000_000
CACHE_DIR = "cache"
REPORT_META = [c for c in ReportsModel.to_schema().columns]
QUARANTINE_COLUMNS = list(QuarantineModel.to_schema().columns)


@dataclass
class BatchResult:
    """What one batch of raw files became."""

    reports: pd.DataFrame  # report metadata (no text) + coding status
    coded: pd.DataFrame  # statuses of the reports coded in this batch (for the cache)
    mentions: pd.DataFrame
    quarantine: pd.DataFrame
    files: pd.DataFrame


@dataclass
class Plan:
    """Everything needed to write a release, or the reason not to."""

    tables: dict[str, pd.DataFrame]
    manifest: dict[str, Any]
    summary: dict[str, Any]
    consolidated: Consolidated | None = None
    new_mentions: pd.DataFrame = field(default_factory=pd.DataFrame)
    new_status: pd.DataFrame = field(default_factory=pd.DataFrame)


def batched(
    files: list[RawFile], size: int, max_batch_bytes: int = DEFAULT_BATCH_BYTES
) -> list[list[RawFile]]:
    """Consecutive runs of at most `size` files and about `max_batch_bytes` of input.

    Bounding bytes as well as files keeps the batches' work even (a folder of
    feeds would otherwise put thousands of reports in one batch and leave the
    other cores idle) and bounds the text held in memory at once. A file larger
    than the byte bound is a batch of its own. The result depends only on the
    file list, so every runner codes the same batches.
    """
    if size < 1:
        raise ValueError("batch size must be at least 1")
    out: list[list[RawFile]] = []
    current: list[RawFile] = []
    held = 0
    for f in files:
        if current and (len(current) >= size or held + f.size > max_batch_bytes):
            out.append(current)
            current, held = [], 0
        current.append(f)
        held += f.size
    if current:
        out.append(current)
    return out


# ---------------------------------------------------------------- previous release
def load_previous(curated: Path) -> tuple[Previous, pd.DataFrame, dict[str, Any]]:
    """(what consolidation needs, the previous reports table, the previous manifest)."""
    version = latest_version(curated)
    if version is None:
        return Previous(), pd.DataFrame(columns=REPORT_META), {}
    manifest = json.loads(
        (curated / "releases" / version / "manifest.json").read_text(encoding="utf-8")
    )
    events = read_release_table(curated, version, "events")
    sources = read_release_table(curated, version, "event_sources")
    reports = read_release_table(curated, version, "reports")
    prev = Previous(
        version=version,
        events=events,
        sources=sources,
        id_high_water={k: int(v) for k, v in manifest.get("id_high_water", {}).items()},
    )
    return prev, reports, manifest


# ---------------------------------------------------------------- mention cache
def _cache_dir(curated: Path) -> Path:
    return curated / CACHE_DIR / "mentions" / coder_version()


def load_cache(curated: Path) -> tuple[frozenset[str], pd.DataFrame, pd.DataFrame]:
    """(ids of reports this coder version already coded, their mentions, their statuses)."""
    d = _cache_dir(curated)
    empty = pd.DataFrame(columns=list(MENTION_COLUMNS))
    if not d.is_dir():
        return frozenset(), empty, pd.DataFrame()
    id_parts = sorted(d.glob("coded-*.parquet"))
    m_parts = sorted(d.glob("mentions-*.parquet"))
    coded = (
        pd.concat([pd.read_parquet(p) for p in id_parts], ignore_index=True) if id_parts else None
    )
    if coded is None or coded.empty:
        return frozenset(), empty, pd.DataFrame()
    coded = coded.drop_duplicates("report_id", keep="last")
    mentions = (
        pd.concat([pd.read_parquet(p) for p in m_parts], ignore_index=True) if m_parts else empty
    )
    if len(mentions):
        mentions["event_date"] = pd.to_datetime(mentions["event_date"]).dt.date
        mentions = mentions.drop_duplicates(
            subset=["report_id", "sentence_start", "sub_event_type"], keep="last"
        )
    return frozenset(coded["report_id"]), mentions, coded


def save_cache(curated: Path, statuses: pd.DataFrame, mentions: pd.DataFrame, digest: str) -> None:
    """Store this run's newly coded reports (statuses and mentions) for the next run.

    Written after the release, as files named by the inputs digest: a run killed
    before this point only costs the next run some re-coding.
    """
    if statuses.empty:
        return
    d = _cache_dir(curated)
    d.mkdir(parents=True, exist_ok=True)
    for name, frame in (("coded", statuses), ("mentions", mentions)):
        path = d / f"{name}-{digest[:16]}.parquet"
        tmp = path.with_name(path.name + ".tmp")
        out = frame.copy()
        for col in ("event_date", "reference_date"):
            if col in out:
                out[col] = pd.to_datetime(out[col])
        out.to_parquet(tmp, index=False)
        tmp.replace(path)


# ---------------------------------------------------------------- batches
def process_batch(
    files: list[RawFile],
    *,
    cached_ids: frozenset[str] = frozenset(),
    today: dt.date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    model: Any | None = None,
) -> BatchResult:
    """Read and code one batch of raw files; reports in `cached_ids` are not coded again."""
    ing = read_files(files, max_bytes=max_bytes)
    reports = ing.reports
    todo = reports[~reports["report_id"].isin(cached_ids)]
    # Within a batch, code each text once; duplicates are resolved by the caller.
    todo = todo.drop_duplicates(subset="report_id", keep="first")
    coded = code_reports(todo, today=today, model=model)
    meta = reports.drop(columns=["text"])
    if len(coded.reports):
        status = coded.reports.drop(columns=["report_ref"]).drop_duplicates("report_id")
        meta = meta.drop(columns=["problems"]).merge(status, on="report_id", how="left")
    return BatchResult(
        reports=meta,
        coded=coded.reports,
        mentions=coded.mentions,
        quarantine=ing.quarantine,
        files=ing.files,
    )


# ---------------------------------------------------------------- consolidation
def _digest(reports: pd.DataFrame, quarantine: pd.DataFrame) -> str:
    h = hashlib.sha256()
    h.update(coder_version().encode())
    for ref, rid in sorted(zip(reports["report_ref"], reports["report_id"], strict=True)):
        h.update(f"{ref}\0{rid}\n".encode())
    for ref, reason in sorted(zip(quarantine["ref"], quarantine["reason"], strict=True)):
        h.update(f"Q{ref}\0{reason}\n".encode())
    return h.hexdigest()


def _report_rows(
    reports: pd.DataFrame,
    prev_reports: pd.DataFrame,
    duplicates: pd.DataFrame,
    n_events: dict[str, int],
) -> pd.DataFrame:
    """reports.parquet: coded now, coded before (same id), and duplicates."""
    rows = reports.copy()
    if not prev_reports.empty:
        old = prev_reports.drop_duplicates("report_id").set_index("report_id")
        for col in (
            "reference_date",
            "reference_date_basis",
            "status",
            "problems",
            "coder_version",
        ):
            missing = rows[col].isna() if col in rows else pd.Series(True, index=rows.index)
            if col not in rows:
                rows[col] = None
            fill = rows.loc[missing, "report_id"].map(old[col]) if col in old else None
            if fill is not None:
                rows.loc[missing, col] = fill
    rows["duplicate_of"] = None
    rows["n_events"] = rows["report_id"].map(n_events).fillna(0).astype(int)
    no_status = rows["status"].isna()
    rows.loc[no_status, "status"] = "no event"
    rows.loc[no_status, "reference_date_basis"] = rows.loc[
        no_status, "reference_date_basis"
    ].fillna("none")
    rows["problems"] = rows["problems"].fillna("")
    rows["coder_version"] = rows["coder_version"].fillna(coder_version())
    ok = rows["status"].isin(["events", "no event"])
    rows.loc[ok, "status"] = rows.loc[ok, "n_events"].gt(0).map({True: "events", False: "no event"})
    if not duplicates.empty:
        dup = duplicates.drop(columns=["text"], errors="ignore").copy()
        dup["status"] = "duplicate"
        dup["reference_date"] = None
        dup["reference_date_basis"] = "duplicate"
        dup["n_events"] = 0
        dup["problems"] = dup.get("problems", pd.Series("", index=dup.index)).fillna("")
        dup["coder_version"] = coder_version()
        rows = pd.concat([rows, dup], ignore_index=True)
    rows["reference_date"] = pd.to_datetime(rows["reference_date"])
    return rows.reindex(columns=REPORT_META)


def plan_release(
    batches: list[BatchResult],
    *,
    previous: Previous,
    prev_reports: pd.DataFrame,
    prev_manifest: dict[str, Any],
    cached_mentions: pd.DataFrame,
    cached_status: pd.DataFrame,
    discover_quarantine: pd.DataFrame,
    release_time: dt.datetime,
) -> Plan:
    """Consolidate every batch into the tables of a release (or decide there is nothing new)."""
    reports = pd.concat([b.reports for b in batches], ignore_index=True) if batches else None
    if reports is None or reports.empty:
        reports = pd.DataFrame(columns=[c for c in REPORT_META if c not in ("duplicate_of",)])
    reports = reports.sort_values("report_ref", kind="mergesort").reset_index(drop=True)
    seen: set[str] = set()
    firsts, dups = split_duplicates(reports, seen)
    quarantine = pd.concat(
        [discover_quarantine, *[b.quarantine for b in batches]], ignore_index=True
    ).reindex(columns=QUARANTINE_COLUMNS)
    with_mentions = [b.mentions for b in batches if not b.mentions.empty]
    new_mentions = (
        pd.concat(with_mentions, ignore_index=True)
        if with_mentions
        else pd.DataFrame(columns=list(MENTION_COLUMNS))
    )
    coded_now = [b.coded for b in batches if not b.coded.empty]
    new_status = pd.concat(coded_now, ignore_index=True) if coded_now else pd.DataFrame()
    live_ids = set(firsts["report_id"])
    pool = (
        pd.concat([x for x in (cached_mentions, new_mentions) if not x.empty], ignore_index=True)
        if not (cached_mentions.empty and new_mentions.empty)
        else new_mentions
    )
    pool = pool[pool["report_id"].isin(live_ids)].drop_duplicates(
        subset=["report_id", "sentence_start", "sub_event_type"], keep="last"
    )
    # A mention's report_ref is the first occurrence of its text.
    ref_of = dict(zip(firsts["report_id"], firsts["report_ref"], strict=True))
    pool = pool.assign(report_ref=pool["report_id"].map(ref_of))
    source_of = dict(zip(firsts["report_id"], firsts["source"], strict=True))
    pool["source"] = [
        s if isinstance(s, str) and s else (source_of.get(r) or s)
        for s, r in zip(pool["source"], pool["report_id"], strict=True)
    ]
    problems = pool[pool["problem"].notna()]
    usable = pool[pool["problem"].isna()]
    q_rows = [
        {
            "ref": f"{r.report_ref}@{r.sentence_start}",
            "stage": "code",
            "reason": r.problem,
            "detail": f"{r.sub_event_type} mention at characters "
            f"{r.sentence_start}-{r.sentence_end} of {r.report_ref}: {r.problem}",
            "report_id": r.report_id,
            "sample": str(r.notes or "")[:200],
        }
        for r in problems.itertuples(index=False)
    ]
    release_ts = int(release_time.timestamp())
    cons = consolidate(usable, previous, release_ts)
    events, bad = split_valid(cons.events, EventsModel)
    for i, fails in bad.items():
        rec = cons.events.iloc[i]
        q_rows.append(
            {
                "ref": str(rec["event_id_cnty"]),
                "stage": "validate",
                "reason": "failed validation",
                "detail": describe(fails),
                "report_id": None,
                "sample": str(rec.get("notes") or "")[:200],
            }
        )
    if bad:
        bad_ids = set(cons.events.iloc[list(bad)]["event_id_cnty"])
        cons.sources = cons.sources[~cons.sources["event_id_cnty"].isin(bad_ids)]
    quarantine = pd.concat([quarantine, pd.DataFrame(q_rows, columns=QUARANTINE_COLUMNS)])
    quarantine = quarantine.fillna({"detail": "", "sample": ""}).reset_index(drop=True)
    n_events = cons.sources.groupby("report_id")["event_id_cnty"].nunique().to_dict()
    status_pool = (
        pd.concat([x for x in (cached_status, prev_reports) if not x.empty], ignore_index=True)
        if not (cached_status.empty and prev_reports.empty)
        else prev_reports
    )
    report_rows = _report_rows(firsts, status_pool, dups, n_events)
    digest = _digest(report_rows, quarantine)
    changes = dict(cons.changes)
    changes["added"] = int(
        (~events["event_id_cnty"].isin(previous.events.get("event_id_cnty", []))).sum()
    )
    unchanged = (
        prev_manifest.get("inputs_digest") == digest
        and prev_manifest.get("coder_version") == coder_version()
        and changes["changed"] == 0
        and changes["deleted"] == 0
        and changes["added"] == 0
    )
    files_frame = (
        pd.concat([b.files for b in batches], ignore_index=True) if batches else pd.DataFrame()
    )
    summary = {
        "files": int(len(files_frame) + len(discover_quarantine)),
        "files_read": int((files_frame.get("outcome", pd.Series(dtype=str)) == "read").sum()),
        "files_quarantined": int(
            (files_frame.get("outcome", pd.Series(dtype=str)) == "quarantined").sum()
            + len(discover_quarantine)
        ),
        "files_skipped": int((files_frame.get("outcome", pd.Series(dtype=str)) == "skipped").sum()),
        "reports": len(firsts),
        "reports_coded": len(new_status),
        "duplicates": len(dups),
        "quarantined": len(quarantine),
        "events": len(events),
        **changes,
        "previous_version": previous.version,
        "version": None,
        "nothing_new": bool(unchanged),
    }
    manifest = {
        "previous_version": previous.version,
        "release_time": release_time.astimezone(dt.UTC).isoformat(),
        "coder_version": coder_version(),
        "inputs_digest": digest,
        "changes": changes,
        "id_high_water": cons.id_high_water,
        "run_summary": {k: v for k, v in summary.items() if k not in ("version", "nothing_new")},
    }
    tables = {
        "events": events[list(EVENT_COLUMNS)],
        "event_sources": cons.sources,
        "reports": report_rows,
        "quarantine": quarantine,
        "deleted": cons.deleted,
    }
    return Plan(
        tables=tables,
        manifest=manifest,
        summary=summary,
        consolidated=cons,
        new_mentions=new_mentions,
        new_status=new_status,
    )


# ---------------------------------------------------------------- run helpers
def release_time_or_now(value: dt.datetime | str | None) -> dt.datetime:
    """The release time as an aware UTC datetime (naive values are taken as UTC)."""
    if value is None:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


_MODELS: dict[Path, Any] = {}


def load_model_cached(path: Path) -> Any:
    """A learned classifier loaded once per process (batches share it)."""
    if path not in _MODELS:
        from eventdata.learn import load_model

        _MODELS[path] = load_model(path)
    return _MODELS[path]


def release_extras(plan: Plan) -> Any:
    """Files written beside the tables: the release README and the release report."""

    def build(manifest: dict[str, Any]) -> dict[str, str | bytes]:
        from eventdata.release_docs import release_readme

        out: dict[str, str | bytes] = {"README.md": release_readme(manifest)}
        try:
            from eventdata.report import render_report
        except ImportError:
            return out
        out["report.html"] = render_report(plan.tables, manifest)
        return out

    return build
