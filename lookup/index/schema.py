"""The index file's schema, and the step that brings any index file up to it.

Version 2 grows in place: the file is in WAL mode, every ingest commits one transaction,
and the change log (`ingests`, `changes`) says which memberships each ingest added. Version
3 (this one) adds `hash_prefix`, the hash ranges of private lookups (ranges.py), and views
with readable video IDs (views.py). Older files are upgraded by the first ingest or `recount`.
"""

from . import ranges, views

SCHEMA_VERSION = "3"

# membership is the hot table: 8-byte video + 1-byte dataset per row, probed for every lookup.
# clips holds the details of each membership (kept apart so membership stays ~15 bytes/row).
# changes is the change log: (video, ingest) for every membership an ingest added (the
# dataset is the ingest's). Keyed by video, so "what is new for these videos since date X"
# is a probe per video; what one ingest added is counted in `ingests`.
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS datasets(
    id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE,
    videos INTEGER NOT NULL DEFAULT 0, clips INTEGER NOT NULL DEFAULT 0,
    span_ms INTEGER, updated TEXT);
CREATE TABLE IF NOT EXISTS ingests(
    id INTEGER PRIMARY KEY, dataset INTEGER NOT NULL REFERENCES datasets(id),
    started TEXT NOT NULL, committed TEXT NOT NULL,
    new_memberships INTEGER NOT NULL DEFAULT 0, new_videos INTEGER NOT NULL DEFAULT 0,
    tool_version TEXT);
CREATE TABLE IF NOT EXISTS sources(
    id INTEGER PRIMARY KEY, dataset INTEGER NOT NULL REFERENCES datasets(id),
    url TEXT, file_name TEXT NOT NULL, size INTEGER, sha256 TEXT NOT NULL,
    format TEXT, rows_read INTEGER, rows_rejected INTEGER, rows_unresolved INTEGER,
    videos INTEGER, clips INTEGER, started TEXT, finished TEXT, tool_version TEXT,
    rejects_file TEXT, ingest INTEGER REFERENCES ingests(id), ids_canonicalised INTEGER,
    UNIQUE(dataset, sha256));
CREATE TABLE IF NOT EXISTS membership(
    video INTEGER NOT NULL, dataset INTEGER NOT NULL,
    PRIMARY KEY(video, dataset)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS clips(
    video INTEGER NOT NULL, dataset INTEGER NOT NULL, n INTEGER NOT NULL, spans BLOB,
    source INTEGER NOT NULL, line INTEGER NOT NULL,
    PRIMARY KEY(video, dataset)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS captions(
    video INTEGER NOT NULL, dataset INTEGER NOT NULL, start_ms INTEGER NOT NULL,
    end_ms INTEGER NOT NULL, text TEXT NOT NULL,
    PRIMARY KEY(video, dataset, start_ms, end_ms)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS overlap(
    a INTEGER NOT NULL, b INTEGER NOT NULL, videos INTEGER NOT NULL,
    PRIMARY KEY(a, b)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS changes(
    video INTEGER NOT NULL, ingest INTEGER NOT NULL,
    PRIMARY KEY(video, ingest)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hash_prefix(
    prefix INTEGER NOT NULL, video INTEGER NOT NULL,
    PRIMARY KEY(prefix, video)) WITHOUT ROWID;
"""

# Columns version 2 added to tables that version 1 already had.
_ADDED = {"datasets": {"span_ms": "INTEGER"},
          "sources": {"ingest": "INTEGER", "ids_canonicalised": "INTEGER"}}


def ensure_shape(conn):
    """Create missing tables and columns; True when the figures must be recounted. Repeatable.

    Only a version-1 file needs its figures recounted (figures.recount): it kept span totals
    in whole seconds. The hash ranges are filled here, when they are created.
    """
    old = _version(conn)
    had_ranges = ranges.available(conn)
    # One statement at a time: executescript() would commit the caller's transaction.
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    for table, columns in _ADDED.items():
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        for name, kind in columns.items():
            if name not in have:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")
    if not had_ranges:
        ranges.rebuild(conn)
    views.create(conn)
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
    return old == "1"


def is_current(conn):
    """True when the file already has this version's shape (nothing to write)."""
    return _version(conn) == SCHEMA_VERSION


def _version(conn):
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone()
    if not exists:
        return None
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return row[0] if row else None
