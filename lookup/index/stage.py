"""A private scratch file per ingest, beside the index, that holds its rows until the merge.

Parsing a file can take hours; staging it apart means the live index is locked only for the
short merge at the end, and a killed ingest never touches the index at all. Each stage file is
held under an exclusive flock for its owner's lifetime, so any later run can tell a dead
run's leftovers (lock free) from a live neighbour's work (lock held) and remove only the first.
"""

import fcntl
import os
import secrets
import sqlite3
import time
from pathlib import Path

from .store import register_functions

STAGE_SCHEMA = """
CREATE TABLE clips(video INTEGER PRIMARY KEY, n INTEGER NOT NULL, spans BLOB,
                   file INTEGER NOT NULL, line INTEGER NOT NULL);
CREATE TABLE captions(video INTEGER NOT NULL, start_ms INTEGER NOT NULL,
                      end_ms INTEGER NOT NULL, text TEXT NOT NULL,
                      PRIMARY KEY(video, start_ms, end_ms)) WITHOUT ROWID;
CREATE TABLE described(video INTEGER PRIMARY KEY, described_on TEXT NOT NULL, title TEXT,
                       channel_id TEXT, channel_name TEXT, published TEXT);
"""
_MARK = ".stage-"
_PART = ".part-"
# A stage file is created and locked under this name, then renamed, so no cleaner ever sees
# it unlocked; one left by a run killed in between is old and empty.
_NEW = ".locking-stage-"
_GRACE_SECONDS = 60


class Stage:
    """An open stage file: `conn` writes to it; `token` names files that belong to it."""

    def __init__(self, index_path):
        index_path = Path(index_path)
        self.token = f"{os.getpid()}-{secrets.token_hex(4)}"
        self.path = index_path.with_name(f"{index_path.name}{_MARK}{self.token}")
        new = index_path.with_name(f"{index_path.name}{_NEW}{self.token}")
        self._lock = os.open(new, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        fcntl.flock(self._lock, fcntl.LOCK_EX)
        os.rename(new, self.path)
        self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        # Thrown away on any failure, so it needs neither a journal nor fsync.
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -500000",
                       "temp_store = MEMORY"):
            self.conn.execute(f"PRAGMA {pragma}")
        self.conn.executescript(STAGE_SCHEMA)
        register_functions(self.conn)
        self.conn.execute("BEGIN")

    def part_name(self, final):
        """The name a file is written under until the ingest commits, beside `final`."""
        final = Path(final)
        return final.with_name(f"{final.name}{_PART}{self.token}")

    def finish_writing(self):
        """End the stage's own transaction so another connection can ATTACH and read it."""
        self.conn.execute("COMMIT")

    def close(self):
        """Delete the stage file and release its lock."""
        self.conn.close()
        self.path.unlink(missing_ok=True)
        os.close(self._lock)


def clean_leftovers(index_path, *folders):
    """Remove stage files and part files of ingests that died; returns the names removed.

    folders are where part files (rejects) may lie besides the index's own folder.
    """
    index_path = Path(index_path)
    removed, live = [], set()
    for path in index_path.parent.glob(f"{index_path.name}{_MARK}*"):
        token = path.name.rpartition(_MARK)[2]
        if _held(path):
            live.add(token)
        else:
            removed.append(_remove(path))
    for path in index_path.parent.glob(f"{index_path.name}{_NEW}*"):
        if time.time() - path.stat().st_mtime > _GRACE_SECONDS:
            removed.append(_remove(path))
    removed += _legacy_leftovers(index_path)
    for folder in {index_path.parent, *map(Path, folders)}:
        for path in Path(folder).glob(f"*{_PART}*"):
            if path.name.rpartition(_PART)[2] not in live:
                removed.append(_remove(path))
    return removed


def _held(path):
    try:
        handle = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return True  # its owner removed it just now: nothing to clean
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(handle)  # closing also drops the lock if we got it
    return False


def _legacy_leftovers(index_path):
    """`index.db.work-PID` / `.new-PID` copies left by killed runs of the rebuild-per-ingest
    version, whose process is gone."""
    removed = []
    for kind in ("work", "new"):
        for path in index_path.parent.glob(f"{index_path.name}.{kind}-*"):
            pid = path.name.rpartition("-")[2]
            if pid.isdigit() and not alive(int(pid)):
                removed.append(_remove(path))
    return removed


def alive(pid):
    """True while a process with this ID exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove(path):
    Path(path).unlink(missing_ok=True)
    return Path(path).name
