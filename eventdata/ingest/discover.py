"""Find the files of a raw folder, and account for every entry that is not read.

Entries that must not be read but are no error (hidden files and folders,
cache folders, directory symlinks inside the folder) travel with the files as
`RawFile`s marked `skip_reason`, so that `read_files` lists them in the
accounting with the outcome "skipped", batch by batch like the rest. Entries
that cannot be read at all come back as quarantine rows.

The walk never follows a directory symlink: one inside the folder is read
where its target lies, one outside must not pull foreign files in, and not
following them is what makes symlink loops harmless. File symlinks are read
when they resolve inside the folder (the duplicate text is then caught by its
report id) and quarantined otherwise. Hidden entries and cache folders are
skipped, but recorded, so that the accounting of a run adds up.
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from eventdata.ingest.config import load_config

log = logging.getLogger(__name__)

#: Columns of the quarantine rows `discover` returns (those of the quarantine table).
QUARANTINE_COLUMNS = ["ref", "stage", "reason", "detail", "report_id", "sample"]
STAGE = "ingest"


@dataclass(frozen=True, slots=True)
class RawFile:
    """A file to read: where it is, how reports from it are referred to, its size."""

    path: Path
    ref: str  # POSIX path relative to the raw folder
    size: int
    ext: str = ""  # lower-case extension with the dot, "" when none
    is_link: bool = False
    skip_reason: str | None = None  # set: not read, accounted as "skipped"
    skip_detail: str = ""

    @property
    def format(self) -> str | None:
        """The reader for this file, None when it is not a report format."""
        return load_config().formats.get(self.ext)


def _ref(rel: str) -> str:
    """A printable, parquet-safe ref even for file names that are not valid UTF-8."""
    rel = rel.replace(os.sep, "/")
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        rel = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return rel


def _ext(name: str) -> str:
    base, dot, ext = name.rpartition(".")
    return f".{ext.lower()}" if dot and base else ""


def _inside(root: str, target: str) -> bool:
    try:
        return os.path.commonpath([root, target]) == root
    except ValueError:  # different drives
        return False


def _quarantine(ref: str, reason: str, detail: str) -> dict[str, object]:
    return {"ref": ref, "stage": STAGE, "reason": reason, "detail": detail, "report_id": None,
            "sample": ""}


def _skip(path: str, ref: str, size: int, reason: str, detail: str) -> RawFile:
    return RawFile(Path(path), ref, size, skip_reason=reason, skip_detail=detail)


def discover(raw_dir: Path) -> tuple[list[RawFile], pd.DataFrame]:
    """Files to read (sorted by ref) and quarantine rows for entries that cannot be read.

    The files include the entries to skip (`skip_reason` set: hidden entry,
    cache folder, directory symlink inside the folder). The quarantine rows
    (columns of the quarantine table) are for symlinks leading outside the
    folder, broken symlinks, entries that are not regular files and folders
    that cannot be listed.
    """
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise NotADirectoryError(f"raw folder not found: {raw_dir}")
    cfg = load_config()
    root = os.path.realpath(raw_dir)
    files: list[RawFile] = []
    rows: list[dict[str, object]] = []
    stack: list[tuple[str, str]] = [(str(raw_dir), "")]
    while stack:
        dir_path, rel_dir = stack.pop()
        try:
            entries = list(os.scandir(dir_path))
        except OSError as err:
            rows.append(_quarantine(_ref(rel_dir), "unreadable",
                                    f"folder cannot be listed: {err.strerror or err}"))
            continue
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            ref = _ref(rel)
            try:
                _classify(entry, ref, root, cfg.skip_dirs, files, rows, stack, rel)
            except OSError as err:
                rows.append(_quarantine(ref, "unreadable", str(err)))
    files.sort(key=lambda f: f.ref)
    rows.sort(key=lambda r: str(r["ref"]))
    frame = pd.DataFrame(rows, columns=QUARANTINE_COLUMNS, dtype=object).astype("str")
    log.debug("discovered %d entries and %d unreadable ones in %s", len(files), len(frame),
              raw_dir)
    return files, frame


def _classify(
    entry: os.DirEntry[str],
    ref: str,
    root: str,
    skip_dirs: frozenset[str],
    files: list[RawFile],
    rows: list[dict[str, object]],
    stack: list[tuple[str, str]],
    rel: str,
) -> None:
    """Put one directory entry in `files`, `rows` or on the walk's `stack`."""
    name = entry.name
    if entry.is_symlink():
        if name.startswith("."):
            files.append(_skip(entry.path, ref, 0, "hidden", "hidden entry (name starts with '.')"))
            return
        target = os.path.realpath(entry.path)
        try:
            st = os.stat(entry.path)
        except OSError as err:
            detail = f"broken symlink: {err.strerror or err}"
            rows.append(_quarantine(ref, "broken symlink", detail))
            return
        if not _inside(root, target):
            rows.append(_quarantine(ref, "symlink outside raw",
                                    "symlink points outside the raw folder"))
            return
        if stat.S_ISDIR(st.st_mode):
            files.append(_skip(entry.path, ref, 0, "directory symlink",
                               "directory symlink inside the raw folder: its target is read "
                               "where it lies"))
            return
        if not stat.S_ISREG(st.st_mode):
            rows.append(_quarantine(ref, "unreadable", "not a regular file"))
            return
        files.append(RawFile(Path(entry.path), ref, st.st_size, _ext(name), is_link=True))
        return
    if entry.is_dir(follow_symlinks=False):
        if name.startswith("."):
            files.append(_skip(entry.path, ref, 0, "hidden",
                               "hidden folder (name starts with '.')"))
        elif name in skip_dirs:
            files.append(_skip(entry.path, ref, 0, "cache folder",
                               f"folder {name} is not walked"))
        else:
            stack.append((entry.path, rel))
        return
    st = entry.stat(follow_symlinks=False)
    if name.startswith("."):
        files.append(_skip(entry.path, ref, st.st_size, "hidden",
                           "hidden file (name starts with '.')"))
    elif not stat.S_ISREG(st.st_mode):
        rows.append(_quarantine(ref, "unreadable", "not a regular file (fifo, socket or device)"))
    else:
        files.append(RawFile(Path(entry.path), ref, st.st_size, _ext(name)))
