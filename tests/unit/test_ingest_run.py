"""Whole-folder ingest: discovery, symlinks, limits, accounting, duplicates."""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import pandas as pd
import pytest

from eventdata.ingest import (
    FILE_COLUMNS,
    QUARANTINE_COLUMNS,
    REPORT_COLUMNS,
    discover,
    ingest,
    read_files,
    report_id,
    split_duplicates,
)

TEXT = "On Tuesday several hundred people gathered in the central square of Zhanaozen."
RU = "Во вторник несколько сотен человек собрались на центральной площади в Жанаозене."


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    """A raw folder with one of every format and every hostile case."""
    root = tmp_path / "raw"
    (root / "sub dir").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / ".git" / "config.txt").write_text("not a report")
    (root / "__pycache__").mkdir()
    (root / "__pycache__" / "x.txt").write_text(TEXT)
    (root / "README.md").write_text("# Our reports\n\nThe police said they had detained three.")
    (root / "a.txt").write_text(f"---\ntitle: A\n---\n{TEXT}\n")
    (root / "sub dir" / "Жанаозен ü.txt").write_bytes(RU.encode("cp1251"))
    (root / "u16.md").write_bytes(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"))
    (root / "feed.jsonl").write_text(
        json.dumps({"text": TEXT + " Feed."}) + "\n\nbroken\n" + json.dumps({"text": TEXT}) + "\n"
    )
    (root / "table.csv").write_text(f'text,title\n"{TEXT} Table.",T\nx,y,z\n')
    page = f"<html><body><article><p>{TEXT} Page.</p></article></body></html>"
    (root / "page.html").write_text(page)
    (root / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    (root / "noext").write_text(TEXT)
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.txt").write_text(" \n\t\n")
    (root / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (root / "big.txt").write_text(TEXT * 100)
    (root / ".DS_Store").write_bytes(b"\x00")
    outside = tmp_path / "outside.txt"
    outside.write_text("secret outside text that must not be read")
    os.symlink(outside, root / "link-out.txt")
    os.symlink(root / "missing.txt", root / "link-broken.txt")
    os.symlink(root / "a.txt", root / "link-in.txt")
    os.symlink(root / "sub dir", root / "sub dir" / "loop")
    os.symlink(tmp_path, root / "dir-out")
    return root


def test_accounting_adds_up(raw: Path) -> None:
    files, unread = discover(raw)
    result = ingest(raw, max_bytes=5_000)
    n_entries = len(files) + len(unread)
    assert len(result.files) == n_entries
    counts = result.files["outcome"].value_counts().to_dict()
    assert sum(counts.values()) == n_entries
    assert set(counts) == {"read", "quarantined", "skipped"}
    # every report and every quarantine row belongs to a file row
    file_of = result.reports["report_ref"].str.split("#").str[0]
    assert set(file_of) <= set(result.files["ref"])
    q_file = result.quarantine["ref"].str.split("#").str[0]
    assert set(q_file) <= set(result.files["ref"])
    per_file = result.files.set_index("ref")
    assert per_file["n_reports"].sum() == len(result.reports)
    assert per_file["n_quarantined"].sum() == len(result.quarantine)


def test_outcomes_and_reasons(raw: Path) -> None:
    result = ingest(raw, max_bytes=5_000)
    outcome = dict(zip(result.files["ref"], result.files["outcome"], strict=True))
    assert outcome["README.md"] == "read"
    assert outcome["sub dir/Жанаозен ü.txt"] == "read"
    assert outcome[".git"] == outcome[".DS_Store"] == outcome["__pycache__"] == "skipped"
    assert outcome["sub dir/loop"] == "skipped"
    reason = dict(zip(result.quarantine["ref"], result.quarantine["reason"], strict=True))
    assert reason == {
        "big.txt": "too large", "binary.txt": "undecodable", "blank.txt": "empty",
        "dir-out": "symlink outside raw", "empty.txt": "empty", "feed.jsonl#L3":
        "broken json line", "link-broken.txt": "broken symlink", "link-out.txt":
        "symlink outside raw", "noext": "not a report format", "scan.pdf": "not a report format",
        "table.csv#R2": "broken csv row",
    }
    detail = dict(zip(result.quarantine["ref"], result.quarantine["detail"], strict=True))
    size = len(TEXT.encode()) * 100
    assert detail["big.txt"] == f"too large: {size} bytes > limit of 5000 bytes"
    assert detail["scan.pdf"] == "not a report format (.pdf)"
    assert detail["binary.txt"] == "undecodable: binary content"
    assert "secret" not in " ".join(result.reports["text"])


def test_reports_frame_contract(raw: Path) -> None:
    result = ingest(raw)
    assert list(result.reports.columns) == REPORT_COLUMNS
    assert list(result.quarantine.columns) == QUARANTINE_COLUMNS
    assert list(result.files.columns) == FILE_COLUMNS
    assert all(str(t) == "str" for t in result.reports.dtypes)
    assert (result.quarantine["stage"] == "ingest").all()
    assert result.quarantine["report_id"].isna().all()
    reports = result.reports.set_index("report_ref")
    assert list(result.reports["report_ref"]) == sorted(result.reports["report_ref"])
    assert reports.loc["sub dir/Жанаозен ü.txt", "encoding"] == "cp1251"
    assert reports.loc["sub dir/Жанаозен ü.txt", "text"] == RU
    assert reports.loc["sub dir/Жанаозен ü.txt", "language"] == "ru"
    assert reports.loc["u16.md", "encoding"] == "utf-16-be"
    assert reports.loc["a.txt", "title"] == "A"
    assert pd.isna(reports.loc["u16.md", "title"])
    assert reports.loc["a.txt", "problems"] == ""
    for ref, text in zip(result.reports["report_ref"], result.reports["text"], strict=True):
        assert reports.loc[ref, "report_id"] == report_id(text)


def test_symlink_inside_is_read_once_more_and_deduplicated(raw: Path) -> None:
    result = ingest(raw)
    refs = set(result.reports["report_ref"])
    assert {"a.txt", "link-in.txt", "feed.jsonl#L4", "u16.md"} <= refs
    seen: set[str] = set()
    firsts, dups = split_duplicates(result.reports, seen)
    assert len(firsts) + len(dups) == len(result.reports)
    dup_of = dict(zip(dups["report_ref"], dups["duplicate_of"], strict=True))
    assert dup_of == {"link-in.txt": "a.txt", "u16.md": "a.txt", "feed.jsonl#L4": "a.txt"}
    assert seen == set(firsts["report_id"])
    again_first, again_dup = split_duplicates(result.reports, seen)
    assert again_first.empty and len(again_dup) == len(result.reports)
    assert again_dup["duplicate_of"].isna().all()


def test_split_duplicates_with_remembered_refs() -> None:
    frame = pd.DataFrame({"report_id": ["x", "y"], "report_ref": ["b.txt", "c.txt"]})
    seen = {"x": "old.txt"}
    firsts, dups = split_duplicates(frame, seen)
    assert list(firsts["report_ref"]) == ["c.txt"]
    assert list(dups["duplicate_of"]) == ["old.txt"]
    assert seen == {"x": "old.txt", "y": "c.txt"}


def test_determinism(raw: Path) -> None:
    a, b = ingest(raw), ingest(raw)
    pd.testing.assert_frame_equal(a.reports, b.reports)
    pd.testing.assert_frame_equal(a.quarantine, b.quarantine)
    pd.testing.assert_frame_equal(a.files, b.files)


def test_read_files_empty_list() -> None:
    result = read_files([])
    assert result.reports.empty and result.quarantine.empty and result.files.empty
    assert list(result.reports.columns) == REPORT_COLUMNS


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(NotADirectoryError):
        discover(tmp_path / "nope")


def test_fifo_is_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    result = ingest(tmp_path)
    assert list(result.quarantine["reason"]) == ["unreadable"]


def test_vanished_file_is_unreadable(tmp_path: Path) -> None:
    from eventdata.ingest import RawFile

    gone = RawFile(tmp_path / "gone.txt", "gone.txt", 10, ".txt")
    result = read_files([gone])
    assert list(result.quarantine["reason"]) == ["unreadable"]
    assert list(result.files["outcome"]) == ["quarantined"]


def test_reader_bug_quarantines_the_file_only(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from eventdata.ingest import readers

    def broken(raw: object, max_bytes: int) -> list[object]:
        raise KeyError("bug")

    monkeypatch.setitem(readers.READERS, "html", broken)
    (tmp_path / "a.html").write_text("<p>x</p>")
    (tmp_path / "b.txt").write_text(TEXT)
    result = ingest(tmp_path)
    assert list(result.reports["report_ref"]) == ["b.txt"]
    [detail] = result.quarantine["detail"]
    assert detail.startswith("reader error: KeyError")


def test_file_name_not_utf8(tmp_path: Path) -> None:
    name = os.fsencode(str(tmp_path)) + b"/caf\xe9 report.txt"
    with open(name, "wb") as fh:
        fh.write(TEXT.encode())
    result = ingest(tmp_path)
    [ref] = result.reports["report_ref"]
    assert ref == "caf\\xe9 report.txt"
    ref.encode("utf-8")


def test_too_large_is_never_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from eventdata.ingest import readers

    def no_reading(*args: object) -> bytes:
        raise AssertionError("a file over the limit was read")

    monkeypatch.setattr(readers, "read_limited", no_reading)
    monkeypatch.setattr(readers, "stream_codec", no_reading)
    for name in ("a.txt", "b.jsonl", "c.csv", "d.html"):
        (tmp_path / name).write_text("text\n" + TEXT * 3)
    result = ingest(tmp_path, max_bytes=100)
    assert set(result.quarantine["reason"]) == {"too large"}
    assert len(result.quarantine) == 4


def test_declared_language_wins_and_bad_one_is_named(tmp_path: Path) -> None:
    lines = [{"text": TEXT, "language": "fr-FR"}, {"text": TEXT + " Two.", "lang": "Elvish"}]
    (tmp_path / "f.jsonl").write_text("\n".join(json.dumps(x) for x in lines))
    result = ingest(tmp_path)
    assert list(result.reports["language"]) == ["fr", "en"]
    assert list(result.reports["problems"]) == ["", "language_unrecognised"]


def test_discover_frame_is_quarantine_shaped(raw: Path) -> None:
    files, unreadable = discover(raw)
    assert list(unreadable.columns) == QUARANTINE_COLUMNS
    assert set(unreadable["reason"]) == {"symlink outside raw", "broken symlink"}
    assert (unreadable["stage"] == "ingest").all()
    assert (unreadable["sample"] == "").all()
    skipped = {f.ref: f.skip_reason for f in files if f.skip_reason}
    assert skipped == {".DS_Store": "hidden", ".git": "hidden", "__pycache__": "cache folder",
                       "sub dir/loop": "directory symlink"}
    assert [f.ref for f in files] == sorted(f.ref for f in files)
    per_batch = read_files([f for f in files if f.skip_reason])
    assert set(per_batch.files["outcome"]) == {"skipped"} and per_batch.quarantine.empty
