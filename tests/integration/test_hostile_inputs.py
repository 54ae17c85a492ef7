"""Hostile raw folders through the CLI and the flow: nothing lost, nothing crashes the run.

A raw folder holds every kind of file a real collection accumulates: other
encodings, binary files, empty and oversized files, scripts in web pages,
symlinks leaving the folder, broken feed lines, odd names and bad dates. The
run must finish (exit 0), account for every file, and name the specific
reason for each rejection. A second test checks that `eventdata query` cannot
change the catalog or the releases, whatever SQL it is given.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from eventdata import cli
from eventdata.publish import verify_release

pytestmark = pytest.mark.integration

RELEASE_TIME = "2026-11-25T06:00:00Z"
MAX_BYTES = 6000
ROOT = Path(__file__).resolve().parents[2]

PROTEST_EN = """---
title: {title}
source: Harbour Gazette
published: {published}
country: {country}
---
Several hundred dock workers marched through the port district of {place} on Monday,
demanding unpaid wages. Police watched the march, which ended peacefully outside the
harbour authority's offices, organisers said.
"""

RU_TITLE = "Рабочие вышли на митинг в Жанаозене"
RU_TEXT = f"""---
title: {RU_TITLE}
source: Степной вестник
published: 2023-04-12
country: Kazakhstan
---
Во вторник несколько сотен нефтяников собрались на центральной площади Жанаозена и
потребовали освободить задержанных коллег. По словам участников, полиция не вмешивалась,
а митинг завершился мирно к вечеру. Местные власти пообещали рассмотреть требования рабочих.
"""

LATIN1_TITLE = "Marcha de estudiantes en Bogotá termina sin incidentes"
LATIN1_TEXT = f"""---
title: {LATIN1_TITLE}
source: Diario Andino
published: 2024-02-20
country: Colombia
---
About two thousand students marched through central Bogotá on Tuesday, calling for more
funding for public universities. The march passed the Plaza de Bolívar and ended without
incident, the city's government secretary José Núñez said.
"""

HTML_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Traders protest market fees in Nairobi</title>
<script>document.write('SCRIPTLEAK gunmen killed 40 villagers'); fetch('http://example.invalid/x');</script>
<style>.x { color: red }</style>
</head><body>
<nav>Home | World | SCRIPTLEAK nav</nav>
<article><h1>Traders protest market fees in Nairobi</h1>
<p>About 200 traders marched to City Hall in Nairobi on Wednesday to protest against new
market fees. The protest ended peacefully in the afternoon, witnesses said.</p>
<script>var leak = "SCRIPTLEAK rioters burned a police station";</script>
</article></body></html>
"""


def _protest(title: str, published: str, place: str = "Mombasa", country: str = "Kenya") -> str:
    return PROTEST_EN.format(title=title, published=published, place=place, country=country)


SKIPPED = "(skipped)"


def build_hostile_raw(tmp: Path) -> dict[str, str | None]:
    """Write the hostile raw folder; return {file ref: expected quarantine reason or None}.

    None means the file must be read (it yields reports). Feed files map to None
    when they also hold good lines; their bad lines are checked separately.
    SKIPPED marks a hidden file: counted, neither read nor quarantined.
    """
    raw = tmp / "raw"
    (raw / "feeds").mkdir(parents=True)
    (raw / "web").mkdir()
    (raw / "ünïcödé dir").mkdir()
    outside = tmp / "outside"
    outside.mkdir()
    expected: dict[str, str | None] = {}

    def put(ref: str, data: bytes, reason: str | None) -> None:
        (raw / ref).write_bytes(data)
        expected[ref] = reason

    put("utf8 bom.txt", codecs.BOM_UTF8 + _protest("BOM report", "2024-03-04").encode(), None)
    put("utf16 bom.txt", _protest("UTF16 report", "2024-03-05", "Kisumu").encode("utf-16"), None)
    put("новости_ru.txt", RU_TEXT.encode("cp1251"), None)
    put("ünïcödé dir/latin1 é.txt", LATIN1_TEXT.encode("latin-1"), None)
    put("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4, "not a report format")
    put("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "undecodable")
    put("empty.txt", b"", "empty")
    put("huge report.txt", _protest("Too big", "2024-03-06").encode() * 40, "too large")
    assert (raw / "huge report.txt").stat().st_size > MAX_BYTES
    put("web/page with script.html", HTML_PAGE.encode(), None)
    put("bad date.md", _protest("Bad date report", "sometime last spring", "Nakuru").encode(), None)
    put("future date.md", _protest("Future date report", "2031-05-01", "Eldoret").encode(), None)
    good = {"text": "Police in Nairobi fired tear gas at about 300 protesters on Friday.",
            "published": "2024-03-01", "country": "Kenya", "title": "Good feed line"}
    good2 = dict(good, text="Protesters blocked a road in Kisumu on Thursday over water cuts.",
                 title="Second good feed line")
    put("feeds/wire feed.jsonl",
        (json.dumps(good) + "\n" + '{"text": "unterminated\n' + json.dumps(good2) + "\n").encode(),
        None)
    put("feeds/table.csv",
        (b"text,title,published\n"
         b"\"Hundreds of nurses protested in Kano on Monday over unpaid salaries.\",Nurses,2024-01-08\n"
         b"only,one,too,many,fields\n"
         b"\"Students marched in Zaria on Tuesday against fee rises.\",Students,2024-01-09\n"
         ), None)
    (outside / "secret.txt").write_text(_protest("OUTSIDE SECRET", "2024-03-07"), encoding="utf-8")
    os.symlink(outside / "secret.txt", raw / "escape link.txt")
    expected["escape link.txt"] = "symlink outside raw"
    put(".hidden notes.txt", _protest("HIDDEN NOTE", "2024-03-02").encode(), SKIPPED)
    os.symlink(raw, raw / "loop")  # a directory symlink loop: not followed, counted as skipped
    expected["loop"] = SKIPPED
    # A name that is not valid UTF-8 (Linux allows any bytes): its ref escapes the bad byte.
    with open(os.path.join(os.fsencode(raw), b"latin1 name \xe9t\xe9.txt"), "wb") as fh:
        fh.write(_protest("Undecodable file name", "2024-03-03", "Malindi").encode())
    expected["latin1 name \\xe9t\\xe9.txt"] = None
    return expected


def _release(curated: Path) -> Path:
    latest = json.loads((curated / "latest.json").read_text(encoding="utf-8"))
    return curated / latest["path"]


def _summary(release: Path) -> dict:
    return json.loads((release / "manifest.json").read_text(encoding="utf-8"))["run_summary"]


@pytest.fixture(scope="module")
def hostile_release(tmp_path_factory: pytest.TempPathFactory, prefect_harness: None):
    """Run the CLI (in this process, on the shared Prefect harness) over the hostile folder."""
    tmp = tmp_path_factory.mktemp("hostile")
    expected = build_hostile_raw(tmp)
    raw, curated = tmp / "raw", tmp / "curated"
    code = cli.main([
        "run", "--raw", str(raw), "--curated", str(curated), "--release-time", RELEASE_TIME,
        "--max-bytes", str(MAX_BYTES), "--batch-size", "3",
    ])
    return code, expected, curated


def test_hostile_folder_runs_and_accounts_for_every_file(hostile_release) -> None:
    code, expected, curated = hostile_release
    assert code == 0
    rel = _release(curated)
    assert verify_release(rel) == []
    reports = pd.read_parquet(rel / "reports.parquet")
    quarantine = pd.read_parquet(rel / "quarantine.parquet")
    summary = _summary(rel)

    assert summary["files"] == len(expected)
    assert summary["files"] == (
        summary["files_read"] + summary["files_quarantined"] + summary["files_skipped"]
    )
    assert summary["files_read"] == sum(r is None for r in expected.values())
    assert summary["files_skipped"] == sum(r == SKIPPED for r in expected.values())
    assert summary["files_quarantined"] == sum(
        r is not None and r != SKIPPED for r in expected.values()
    )

    report_files = set(reports["report_ref"].str.split("#", n=1).str[0])
    ingest_q = quarantine[quarantine["stage"] == "ingest"]
    quarantine_files = set(ingest_q["ref"].str.split("#", n=1).str[0])
    for ref, reason in expected.items():
        if reason == SKIPPED:
            assert ref not in report_files | quarantine_files
        elif reason is None:
            assert ref in report_files, f"{ref} was read but has no report"
        else:
            assert ref in quarantine_files, f"{ref} is missing from the quarantine"
            got = set(ingest_q.loc[ingest_q["ref"] == ref, "reason"])
            assert got == {reason}, f"{ref}: {got} != {reason}"
            assert ref not in report_files
    assert report_files | quarantine_files == {r for r, v in expected.items() if v != SKIPPED}
    assert set(quarantine["stage"]) <= {"ingest", "code", "validate"}


def test_bad_lines_and_rows_are_quarantined_alone(hostile_release) -> None:
    _, _, curated = hostile_release
    rel = _release(curated)
    reports = pd.read_parquet(rel / "reports.parquet")
    quarantine = pd.read_parquet(rel / "quarantine.parquet").set_index("ref")
    assert quarantine.loc["feeds/wire feed.jsonl#L2", "reason"] == "broken json line"
    assert quarantine.loc["feeds/table.csv#R2", "reason"] == "broken csv row"
    assert "5 fields" in quarantine.loc["feeds/table.csv#R2", "detail"]
    refs = set(reports["report_ref"])
    assert {"feeds/wire feed.jsonl#L1", "feeds/wire feed.jsonl#L3",
            "feeds/table.csv#R1", "feeds/table.csv#R3"} <= refs


def test_encodings_are_decoded_not_garbled(hostile_release) -> None:
    _, _, curated = hostile_release
    reports = pd.read_parquet(_release(curated) / "reports.parquet").set_index("report_ref")
    assert reports.loc["utf8 bom.txt", "title"] == "BOM report"
    assert reports.loc["utf16 bom.txt", "title"] == "UTF16 report"
    assert reports.loc["ünïcödé dir/latin1 é.txt", "title"] == LATIN1_TITLE
    ru = reports.loc["новости_ru.txt"]
    assert ru["title"] == RU_TITLE
    assert ru["language"] == "ru"
    assert ru["status"] in {"language not read", "no event"}
    assert ru["encoding"] in {"cp1251", "windows-1251"}


def test_bad_published_dates_are_named(hostile_release) -> None:
    _, _, curated = hostile_release
    reports = pd.read_parquet(_release(curated) / "reports.parquet").set_index("report_ref")
    assert "published date unparseable" in reports.loc["bad date.md", "problems"]
    assert "published date in the future" in reports.loc["future date.md", "problems"]
    assert reports.loc["future date.md", "reference_date_basis"] != "published"
    assert reports.loc["bad date.md", "reference_date_basis"] != "published"
    assert reports.loc["utf8 bom.txt", "problems"] == ""


def test_scripts_and_outside_files_do_not_leak(hostile_release) -> None:
    _, _, curated = hostile_release
    rel = _release(curated)
    reports = pd.read_parquet(rel / "reports.parquet")
    events = pd.read_parquet(rel / "events.parquet")
    page = reports.set_index("report_ref").loc["web/page with script.html"]
    assert page["title"] == "Traders protest market fees in Nairobi"
    assert not events["notes"].str.contains("SCRIPTLEAK|rioters burned|40 villagers").any()
    assert "OUTSIDE SECRET" not in set(reports["title"].dropna())


# ------------------------------------------------------------------ read-only query
_WRITES = [
    "COPY (SELECT * FROM events) TO '{releases}/{version}/events.parquet' (FORMAT parquet)",
    "COPY (SELECT 1 AS x) TO '{releases}/injected.csv'",
    "CREATE TABLE t AS SELECT 1 AS x",
    "CREATE VIEW v AS SELECT 1 AS x",
    "DROP VIEW events",
    "ATTACH '{releases}/attached.duckdb' AS other",
    "INSTALL httpfs",
    "LOAD httpfs",
    "EXPORT DATABASE '{releases}/export'",
    "INSERT INTO releases SELECT * FROM releases",
    "SELECT 1; DROP VIEW events",
    "SET enable_external_access = true",
    "SELECT * FROM read_csv('{releases}/../latest.json'); COPY (SELECT 1) TO '{releases}/x.csv'",
    "CALL pragma_version(); CREATE TABLE t2 (x INT)",
]


def _tree_digest(curated: Path) -> dict[str, str]:
    out = {}
    for p in sorted(curated.rglob("*")):
        if p.is_file() and ".eventdata.lock" not in p.name:
            out[p.relative_to(curated).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def _query(curated: Path, sql: str) -> int:
    return cli.main(["query", sql, "--curated", str(curated), "--format", "csv"])


def test_query_cannot_modify_the_catalog_or_the_releases(
    hostile_release, capsys: pytest.CaptureFixture[str]
) -> None:
    _, _, curated = hostile_release
    rel = _release(curated)
    releases = (curated / "releases").resolve().as_posix()
    before = _tree_digest(curated)
    assert "eventdata.duckdb" in before
    for template in _WRITES:
        sql = template.format(releases=releases, version=rel.name)
        assert _query(curated, sql) != 0, f"accepted: {sql}"
        assert _tree_digest(curated) == before, f"changed by: {sql}"
    # A read still works afterwards, and the views are intact.
    capsys.readouterr()
    assert _query(curated, "SELECT count(*) AS n FROM events") == 0
    n = int(capsys.readouterr().out.strip().splitlines()[-1])
    assert n == len(pd.read_parquet(rel / "events.parquet"))


def test_query_refusal_is_a_failing_exit_code_of_the_command(hostile_release) -> None:
    """The same refusal seen from the shell: exit code and message, nothing written."""
    _, _, curated = hostile_release
    target = curated / "releases" / "leak.csv"
    before = _tree_digest(curated)
    proc = subprocess.run(
        [sys.executable, "-m", "eventdata.cli", "query",
         f"COPY (SELECT * FROM events) TO '{target.resolve().as_posix()}'",
         "--curated", str(curated)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert proc.returncode != 0
    assert "read-only" in proc.stderr
    assert not target.exists()
    assert _tree_digest(curated) == before


_EXPLAIN_WRITES = [
    "EXPLAIN ANALYZE COPY (SELECT * FROM events) TO '{target}'",
    "EXPLAIN ANALYZE COPY (SELECT * FROM events) TO '{target}' (FORMAT parquet)",
]


def test_explain_analyze_cannot_smuggle_a_write(hostile_release) -> None:
    _, _, curated = hostile_release
    target = (curated / "releases" / "smuggled.csv").resolve()
    before = _tree_digest(curated)
    try:
        for template in _EXPLAIN_WRITES:
            code = _query(curated, template.format(target=target.as_posix()))
            assert not target.exists(), f"written by: {template}"
            assert code != 0
        assert _tree_digest(curated) == before
    finally:
        target.unlink(missing_ok=True)
