"""The one release writer: validate, order, cast, write atomically, record checksums.

A release is written into a temporary folder beside `releases/` and renamed into
place in one step; `latest.json` is replaced after it. A kill at any moment
leaves either the old release set or the new one, never half of one, and the
next run removes the leftovers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.errors as pa_errors
import pandera.pandas as pa
import pyarrow
import pyarrow.parquet as pq

from eventdata.atomic import atomic_write_text, fsync_dir
from eventdata.releases import list_versions
from eventdata.validate import describe, failures
from schemas import (
    SCHEMA_VERSION,
    DeletedModel,
    EventsModel,
    EventSourcesModel,
    QuarantineModel,
    ReportsModel,
)
from schemas.derive import arrow_schema

log = logging.getLogger(__name__)

ROW_GROUP_SIZE = 65_536
TABLES: dict[str, tuple[type[pa.DataFrameModel], list[str]]] = {
    "events": (EventsModel, ["event_id_cnty"]),
    "event_sources": (EventSourcesModel, ["event_id_cnty", "report_ref", "sentence_start"]),
    "reports": (ReportsModel, ["report_ref"]),
    "quarantine": (QuarantineModel, ["stage", "ref", "reason", "detail"]),
    "deleted": (DeletedModel, ["event_id_cnty"]),
}
_TMP_PREFIX = ".tmp-release-"
# Releases are built here, beside releases/ on the same filesystem (so the final rename
# is atomic) but outside it, so that no glob over releases/* ever sees a half release.
STAGING = ".staging"


class ReleaseError(RuntimeError):
    """A table failed its schema at the write edge: nothing was published."""


@dataclass(frozen=True)
class Release:
    version: str
    path: Path
    manifest: dict[str, Any]


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _sort(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    if df.empty:
        return df
    if "event_id_cnty" in keys:
        ids = df["event_id_cnty"].astype(str)
        df = df.assign(_id=ids.str[:3] + ids.str[3:].str.zfill(12))
        keys = ["_id" if k == "event_id_cnty" else k for k in keys]
        return df.sort_values(keys, kind="mergesort").drop(columns="_id")
    return df.sort_values(keys, kind="mergesort")


def to_table(df: pd.DataFrame, model: type[pa.DataFrameModel], keys: list[str]) -> pyarrow.Table:
    """Validate against the model and cast to the derived arrow schema, rows in a fixed order."""
    schema = arrow_schema(model)
    frame = df.reindex(columns=schema.names).reset_index(drop=True)
    try:
        validated = model.validate(frame, lazy=True)
    except pa_errors.SchemaErrors:
        found = failures(frame, model)
        head = describe(found[:10])
        raise ReleaseError(
            f"{model.__name__}: {len(found)} failure(s) at the write edge: {head}"
        ) from None
    frame = _sort(validated, keys).reset_index(drop=True)
    arrays = []
    for f in schema:
        col = frame[f.name]
        if pyarrow.types.is_date32(f.type):
            col = pd.to_datetime(col).dt.date
        col = col.astype(object).where(col.notna(), None)
        arrays.append(pyarrow.array(col.tolist(), type=f.type))
    return pyarrow.Table.from_arrays(arrays, schema=schema)


def write_parquet(table: pyarrow.Table, path: Path) -> None:
    pq.write_table(
        table,
        path,
        row_group_size=ROW_GROUP_SIZE,
        compression="zstd",
        use_dictionary=True,
        write_statistics=True,
    )


def next_version(curated: Path, release_time: dt.datetime) -> str:
    day = release_time.astimezone(dt.UTC).date().isoformat()
    taken = {v for v in list_versions(curated) if v.startswith(day)}
    if day not in taken:
        return day
    n = 2
    while f"{day}_{n}" in taken:
        n += 1
    return f"{day}_{n}"


def clean_leftovers(curated: Path) -> list[str]:
    """Remove what a killed run left behind, and finish a publish it had committed.

    The rename of a release folder into releases/ is the commit point; a run killed
    right after it, before `latest.json` moved, has its pointer moved forward here.
    """
    removed: list[str] = []
    staging = curated / STAGING
    if staging.is_dir():
        for p in staging.iterdir():
            shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
            removed.append(f"{STAGING}/{p.name}")
    for parent in (curated, curated / "releases"):
        if not parent.is_dir():
            continue
        for p in parent.iterdir():
            if p.name.startswith(_TMP_PREFIX) or (
                p.name.startswith(".") and p.name.endswith(".tmp")
            ):
                shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
                removed.append(p.name)
    if removed:
        log.info("removed leftovers of an interrupted run: %s", ", ".join(sorted(removed)))
    _roll_latest_forward(curated)
    return removed


def _roll_latest_forward(curated: Path) -> None:
    pointer = curated / "latest.json"
    try:
        current = json.loads(pointer.read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError, TypeError):
        current = None
    for version in reversed(list_versions(curated)):
        if version == current:
            return
        manifest = json.loads(
            (curated / "releases" / version / "manifest.json").read_text(encoding="utf-8")
        )
        if manifest.get("previous_version") == current and not verify_release(
            curated / "releases" / version
        ):
            atomic_write_text(
                pointer,
                json.dumps({"version": version, "path": f"releases/{version}"}, indent=2) + "\n",
            )
            log.info("latest.json moved forward to %s (its publish was interrupted)", version)
            return


def write_release(
    curated: Path,
    version: str,
    tables: dict[str, pd.DataFrame],
    manifest: dict[str, Any],
    extras: Callable[[dict[str, Any]], dict[str, str | bytes]] | None = None,
) -> Release:
    """Write every table and the manifest into a new immutable release folder, atomically.

    `extras` receives the manifest so far (with the tables' checksums) and returns
    further files (README.md, report.html) to put in the release.
    """
    releases = curated / "releases"
    releases.mkdir(parents=True, exist_ok=True)
    final = releases / version
    if final.exists():
        raise ReleaseError(f"release {version} already exists; releases are immutable")
    arrow_tables = {name: to_table(tables[name], *TABLES[name]) for name in TABLES}
    tmp = curated / STAGING / f"{version}-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    files: dict[str, str] = {}
    rows: dict[str, int] = {}
    for name, table in arrow_tables.items():
        path = tmp / f"{name}.parquet"
        write_parquet(table, path)
        files[path.name] = sha256_file(path)
        rows[name] = table.num_rows
    draft = dict(manifest, version=version, schema_version=SCHEMA_VERSION, row_counts=rows)
    draft["files"] = dict(sorted(files.items()))
    for name, content in (extras(draft) if extras else {}).items():
        path = tmp / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        files[name] = sha256_file(path)
    full = dict(manifest, version=version, schema_version=SCHEMA_VERSION, row_counts=rows)
    full["files"] = dict(sorted(files.items()))
    (tmp / "manifest.json").write_text(json.dumps(full, indent=2, sort_keys=True) + "\n", "utf-8")
    for p in tmp.iterdir():
        with p.open("rb") as fh:
            os.fsync(fh.fileno())
    fsync_dir(tmp)
    os.rename(tmp, final)
    fsync_dir(releases)
    try:
        tmp.parent.rmdir()  # the staging folder, unless another writer uses it
    except OSError:
        pass
    atomic_write_text(
        curated / "latest.json",
        json.dumps({"version": version, "path": f"releases/{version}"}, indent=2) + "\n",
    )
    log.info("published release %s (%s events)", version, rows["events"])
    return Release(version=version, path=final, manifest=full)


def verify_release(path: Path) -> list[str]:
    """Problems with a release folder: missing files or checksums that do not hold."""
    problems = []
    manifest_path = path / "manifest.json"
    if not manifest_path.is_file():
        return [f"{path.name}: no manifest.json"]
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for name, digest in manifest.get("files", {}).items():
        f = path / name
        if not f.is_file():
            problems.append(f"{name}: missing")
        elif sha256_file(f) != digest:
            problems.append(f"{name}: checksum does not match the manifest")
    return problems


def read_release_table(curated: Path, version: str, name: str) -> pd.DataFrame:
    path = curated / "releases" / version / f"{name}.parquet"
    return pq.read_table(path).to_pandas()
