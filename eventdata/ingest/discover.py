"""Find the files of a raw folder, and account for every entry that is not read.

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

#: Columns of the rows `discover` returns for entries it does not hand on.
UNREAD_COLUMNS = ["ref", "size", "outcome", "reason", "detail"]


@dataclass(frozen=True, slots=True)
class RawFile:
    """A file to read: where it is, how reports from it are referred to, its size."""

    path: Path
    ref: str  # POSIX path relative to the raw folder
    size: int
    ext: str = ""  # lower-case extension with the dot, "" when none
    is_link: bool = False

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


def _row(ref: str, size: int, outcome: str, reason: str, detail: str) -> dict[str, object]:
    return {"ref": ref, "size": size, "outcome": outcome, "reason": reason, "detail": detail}


def discover(raw_dir: Path) -> tuple[list[RawFile], pd.DataFrame]:
    """Files to read (sorted by ref) and rows for entries that cannot or must not be read.

    Each returned row has `outcome` "quarantined" (symlink outside the folder,
    broken symlink, not a regular file, unreadable folder) or "skipped"
    (hidden entry, cache folder, directory symlink inside the folder).
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
            rows.append(_row(_ref(rel_dir), 0, "quarantined", "unreadable",
                             f"folder cannot be listed: {err.strerror or err}"))
            continue
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            ref = _ref(rel)
            try:
                _classify(entry, ref, root, cfg.skip_dirs, files, rows, stack, rel)
            except OSError as err:
                rows.append(_row(ref, 0, "quarantined", "unreadable", str(err)))
    files.sort(key=lambda f: f.ref)
    frame = pd.DataFrame(rows, columns=UNREAD_COLUMNS)
    frame = frame.sort_values("ref", kind="stable").reset_index(drop=True)
    frame["size"] = frame["size"].astype("int64")
    log.debug("discovered %d files and %d unread entries in %s", len(files), len(frame), raw_dir)
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
            rows.append(_row(ref, 0, "skipped", "hidden", "hidden entry (name starts with '.')"))
            return
        target = os.path.realpath(entry.path)
        try:
            st = os.stat(entry.path)
        except OSError as err:
            rows.append(_row(ref, 0, "quarantined", "broken symlink",
                             f"broken symlink: {err.strerror or err}"))
            return
        if not _inside(root, target):
            rows.append(_row(ref, 0, "quarantined", "symlink outside raw",
                             "symlink points outside the raw folder"))
            return
        if stat.S_ISDIR(st.st_mode):
            rows.append(_row(ref, 0, "skipped", "directory symlink",
                             "directory symlink inside the raw folder: its target is read "
                             "where it lies"))
            return
        if not stat.S_ISREG(st.st_mode):
            rows.append(_row(ref, 0, "quarantined", "unreadable", "not a regular file"))
            return
        files.append(RawFile(Path(entry.path), ref, st.st_size, _ext(name), is_link=True))
        return
    if entry.is_dir(follow_symlinks=False):
        if name.startswith("."):
            rows.append(_row(ref, 0, "skipped", "hidden", "hidden folder (name starts with '.')"))
        elif name in skip_dirs:
            rows.append(_row(ref, 0, "skipped", "cache folder", f"folder {name} is not walked"))
        else:
            stack.append((entry.path, rel))
        return
    st = entry.stat(follow_symlinks=False)
    if name.startswith("."):
        rows.append(_row(ref, st.st_size, "skipped", "hidden",
                         "hidden file (name starts with '.')"))
    elif not stat.S_ISREG(st.st_mode):
        rows.append(_row(ref, 0, "quarantined", "unreadable",
                         "not a regular file (fifo, socket or device)"))
    else:
        files.append(RawFile(Path(entry.path), ref, st.st_size, _ext(name)))
