"""Build a new index file beside the served one and swap it in only when the build succeeds."""

import os
import shutil
import sqlite3
from contextlib import contextmanager
from pathlib import Path

from .index import ensure_shape


@contextmanager
def building(index_path):
    """Yield a writable connection on a copy of the index; atomically replace it on success.

    On any exception, including KeyboardInterrupt, the copy is deleted and the index file is
    left exactly as it was.
    """
    index_path = Path(index_path)
    index_path.parent.mkdir(parents=True, exist_ok=True)
    work = index_path.with_name(f"{index_path.name}.work-{os.getpid()}")
    final = index_path.with_name(f"{index_path.name}.new-{os.getpid()}")
    _remove(work, final)
    try:
        if index_path.exists():
            shutil.copyfile(index_path, work)
        conn = sqlite3.connect(work, isolation_level=None)
        try:
            _tune_for_bulk(conn)
            ensure_shape(conn)
            conn.execute("BEGIN")
            yield conn
            conn.execute("COMMIT")
            # VACUUM INTO writes every table in key order into full pages, whatever order the
            # ingest inserted in: that is what keeps a membership near 15 bytes on disk.
            conn.execute("VACUUM INTO ?", (str(final),))
        finally:
            conn.close()
        _fsync(final)
        os.replace(final, index_path)
    finally:
        _remove(work, final)


def _tune_for_bulk(conn):
    # The work file is thrown away on failure, so it needs no journal and no fsync.
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -1000000")
    conn.execute("PRAGMA temp_store = MEMORY")


def _fsync(path):
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _remove(*paths):
    for path in paths:
        Path(path).unlink(missing_ok=True)
