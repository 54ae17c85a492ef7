"""The DuckDB catalog: views over the release folders, and read-only queries.

The catalog holds views (and one small table of manifests), never the data:
the Parquet releases stay the product and work without it. It is written to
a new file and renamed into place, because a DuckDB file held open read-write
blocks every other reader.
"""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path

import duckdb

from eventdata.releases import latest_version, list_versions

log = logging.getLogger(__name__)

CATALOG = "eventdata.duckdb"
VIEWS = ("events", "events_all", "releases", "changes", "event_sources", "reports", "quarantine")


def _q(path: Path) -> str:
    return "'" + path.as_posix().replace("'", "''") + "'"


def refresh_catalog(curated: Path) -> Path | None:
    """Recreate the catalog for the releases now in `curated`; None when there are none."""
    curated = curated.resolve()
    latest = latest_version(curated)
    if latest is None:
        return None
    versions = list_versions(curated)
    rel = curated / "releases"
    cur = rel / latest
    target = curated / CATALOG
    tmp = curated / f".{CATALOG}.{os.getpid()}.tmp"
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        con.execute(
            f"CREATE VIEW events AS SELECT * FROM read_parquet({_q(cur / 'events.parquet')})"
        )
        for name in ("event_sources", "reports", "quarantine"):
            con.execute(
                f"CREATE VIEW {name} AS SELECT * FROM read_parquet({_q(cur / (name + '.parquet'))})"
            )
        con.execute(
            "CREATE VIEW events_all AS SELECT * EXCLUDE (filename), "
            "regexp_extract(filename, '([^/\\\\]+)[/\\\\]events\\.parquet$', 1) AS release "
            f"FROM read_parquet({_q(rel / '*' / 'events.parquet')}, filename = true)"
        )
        con.execute(
            "CREATE VIEW deleted_all AS SELECT * EXCLUDE (filename), "
            "regexp_extract(filename, '([^/\\\\]+)[/\\\\]deleted\\.parquet$', 1) AS release "
            f"FROM read_parquet({_q(rel / '*' / 'deleted.parquet')}, filename = true)"
        )
        con.execute(
            "CREATE TABLE releases (release VARCHAR, previous VARCHAR, release_time VARCHAR, "
            "events INTEGER, added INTEGER, changed INTEGER, deleted INTEGER, "
            "coder_version VARCHAR, "
            "schema_version VARCHAR, is_latest BOOLEAN)"
        )
        order = {v: i for i, v in enumerate(versions)}
        for v in versions:
            m = json.loads((rel / v / "manifest.json").read_text(encoding="utf-8"))
            ch = m.get("changes", {})
            con.execute(
                "INSERT INTO releases VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    v,
                    m.get("previous_version"),
                    m.get("release_time"),
                    m.get("row_counts", {}).get("events", 0),
                    ch.get("added", 0),
                    ch.get("changed", 0),
                    ch.get("deleted", 0),
                    m.get("coder_version"),
                    m.get("schema_version"),
                    v == latest,
                ],
            )
        con.execute(
            "CREATE TABLE release_order AS SELECT * FROM (VALUES "
            + ", ".join(f"('{v}', {order[v]})" for v in versions)
            + ") t(release, n)"
        )
        con.execute(
            """
            CREATE VIEW changes AS
            WITH e AS (SELECT a.*, o.n FROM events_all a JOIN release_order o USING (release)),
            SELECT e.release, e.event_id_cnty, 'added' AS change, e.timestamp AS change_timestamp
            FROM e WHERE NOT EXISTS (
                SELECT 1 FROM e p WHERE p.n = e.n - 1 AND p.event_id_cnty = e.event_id_cnty)
            UNION ALL
            SELECT c.release, c.event_id_cnty, 'changed', c.timestamp
            FROM e c JOIN e p ON p.n = c.n - 1 AND p.event_id_cnty = c.event_id_cnty
            WHERE c.timestamp <> p.timestamp
            UNION ALL
            SELECT d.release, d.event_id_cnty, 'deleted', d.deleted_timestamp FROM deleted_all d
            """
        )
    finally:
        con.close()
    os.replace(tmp, target)
    log.info("catalog refreshed: %s (latest %s, %d releases)", target, latest, len(versions))
    return target


def connect_read_only(curated: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection: queries cannot change the catalog or the releases."""
    path = curated / CATALOG
    if not path.is_file():
        raise FileNotFoundError(f"no catalog at {path}: run `eventdata run` first")
    return duckdb.connect(str(path), read_only=True)


class NotReadOnly(ValueError):
    """The SQL would write (COPY, EXPORT, ATTACH, INSERT ...), which `query` refuses."""


_ALLOWED = {"SELECT", "EXPLAIN"}
_EXPLAIN_ANALYZE = re.compile(r"^\s*EXPLAIN\s+(?:\(\s*)?ANALY[SZ]E", re.I)


def catalog_version(curated: Path) -> str | None:
    """The release the catalog's `events` view reads, or None without a catalog."""
    path = curated / CATALOG
    if not path.is_file():
        return None
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return None
    try:
        row = con.execute("SELECT release FROM releases WHERE is_latest").fetchone()
        return row[0] if row else None
    except duckdb.Error:
        return None
    finally:
        con.close()


def run_query(curated: Path, sql: str) -> tuple[list[str], list[tuple]]:
    """(column names, rows) of read-only SQL over the catalog.

    A read-only connection protects the catalog file; statements that write files
    (COPY ... TO, EXPORT DATABASE) would still reach the releases, so only SELECT-like
    statements are let through.
    """
    con = connect_read_only(curated)
    try:
        statements = con.extract_statements(sql)
        if not statements:
            raise NotReadOnly("no SQL statement given")
        for st in statements:
            kind = str(st.type).rsplit(".", 1)[-1]
            if kind not in _ALLOWED:
                raise NotReadOnly(f"only read-only queries are allowed, not {kind}")
            if kind == "EXPLAIN" and _EXPLAIN_ANALYZE.match(st.query):
                # EXPLAIN ANALYZE runs the statement it wraps, which may write.
                raise NotReadOnly("EXPLAIN ANALYZE is not allowed (it runs the statement)")
        *head, last = statements
        for st in head:
            con.execute(st)
        cur = con.execute(last)
        cols = [d[0] for d in cur.description] if cur.description else []
        return cols, cur.fetchall()
    finally:
        con.close()
