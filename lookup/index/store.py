"""The live index for writing: WAL mode, one writer at a time, and a wait that says so.

Readers (the site) keep reading the last committed state while a writer works, and see its
commit as soon as it lands (SQLite's write-ahead log: https://sqlite.org/wal.html). Writers
queue on SQLite's own lock, so two ingests can never lose each other's rows.
"""

import sqlite3
from contextlib import contextmanager
from pathlib import Path

from ..errors import UserError
from . import spans as spanpack
from .schema import ensure_shape, is_current

# After a large commit the log is checkpointed back into the file; this caps what is kept.
WAL_LIMIT = 64 * 1024 * 1024
WAIT_FOREVER_MS = 2**31 - 1
# How a clips row takes in another reading of the same video (stage or index alike): the
# spans become the union, so reading a row again changes nothing; lists without spans keep
# the larger count.
MERGE_CLIPS = ("spans = merge_spans(clips.spans, excluded.spans),"
               " n = CASE WHEN clips.spans IS NULL AND excluded.spans IS NULL"
               " THEN max(clips.n, excluded.n)"
               " ELSE span_count(merge_spans(clips.spans, excluded.spans)) END")


def connect(index_path, on_wait=None):
    """A read-write connection on the index (created when missing), in WAL mode, shaped.

    Returns (connection, upgraded): upgraded is True when a version-1 file was brought up to
    date and its figures need a recount.
    """
    index_path = Path(index_path)
    index_path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(index_path, isolation_level=None, timeout=60,
                           check_same_thread=False)
    try:
        _refuse_snapshot(conn, index_path)
        if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] != "wal":
            raise UserError(f"{index_path.name} cannot be switched to WAL mode (is its folder "
                            "on a network share?)")
        conn.execute("PRAGMA synchronous = FULL")  # a committed ingest survives a power cut
        conn.execute(f"PRAGMA journal_size_limit = {WAL_LIMIT}")
        conn.execute("PRAGMA cache_size = -500000")
        register_functions(conn)
        upgraded = False
        if not is_current(conn):
            with writing(conn, on_wait):
                upgraded = ensure_shape(conn)
    except sqlite3.DatabaseError as error:
        conn.close()
        raise UserError(f"{index_path.name} is not a usable index ({error})") from error
    return conn, upgraded


def register_functions(conn):
    """The span functions the write-side SQL uses."""
    conn.create_function("merge_spans", 2, spanpack.merge, deterministic=True)
    conn.create_function("span_count", 1, spanpack.count, deterministic=True)
    conn.create_function("span_ms", 1, spanpack.total_ms_or_none, deterministic=True)


@contextmanager
def writing(conn, on_wait=None):
    """One write transaction; waits for another writer to finish, calling on_wait() once."""
    waiting(conn, "BEGIN IMMEDIATE", on_wait)
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def waiting(conn, statement, on_wait=None):
    """Run a statement that takes the write lock, waiting as long as another writer holds
    it; on_wait() is called once, before the wait, so a person knows why nothing happens."""
    try:
        conn.execute("PRAGMA busy_timeout = 0")
        conn.execute(statement)
    except sqlite3.OperationalError as error:
        if "locked" not in str(error) and "busy" not in str(error):
            raise
        if on_wait:
            on_wait()
        conn.execute(f"PRAGMA busy_timeout = {WAIT_FOREVER_MS}")
        conn.execute(statement)


def _refuse_snapshot(conn, index_path):
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone()
    published = exists and conn.execute(
        "SELECT value FROM meta WHERE key = 'published'").fetchone()
    if published:
        raise UserError(f"{index_path.name} is a published snapshot, which never changes; "
                        "ingest into the live index and publish again")


def remove(index_path):
    """Delete an index file with its log and shared-memory files (never one without the
    others: a log left behind would be replayed into a new file of the same name)."""
    index_path = Path(index_path)
    for suffix in ("-wal", "-shm", "-journal", ""):
        index_path.with_name(index_path.name + suffix).unlink(missing_ok=True)
