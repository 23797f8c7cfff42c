"""Operator commands on the live index: status, check, recount, compact, leftovers."""

from pathlib import Path

from ..errors import UserError
from . import figures, ranges, store
from .read import Index
from .stage import clean_leftovers


def status(index_path):
    """What an operator wants to know first: {generation, snapshot, sizes, datasets, ...}."""
    index_path = _existing(index_path)
    index = Index.open(index_path)
    try:
        wal = index_path.with_name(index_path.name + "-wal")
        return {"file": index_path.name, "bytes": index_path.stat().st_size,
                "wal_bytes": wal.stat().st_size if wal.exists() else 0,
                "generation": index.generation, "snapshot": index.snapshot,
                "published": index.meta("published", ""),
                "schema_version": index.meta("schema_version", ""),
                "totals": index.totals(), "ingests": len(index.ingests())}
    finally:
        index.close()


def check(index_path, on_wait=None):
    """(integrity problems, figure differences): both empty when the index is sound.

    The differences include the hash ranges of private lookups (ranges.differences).

    Runs inside a write transaction so no ingest moves the figures while they are counted.
    """
    conn, _ = store.connect(_existing(index_path))
    try:
        with store.writing(conn, on_wait):
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check")
                        if row[0] != "ok"]
            return problems, figures.differences(conn) + ranges.differences(conn)
    finally:
        conn.close()


def recount(index_path, on_wait=None):
    """Recount every figure and rebuild the hash ranges from the rows; returns the
    differences that were corrected."""
    conn, _ = store.connect(_existing(index_path))
    try:
        with store.writing(conn, on_wait):
            differences = figures.differences(conn) + ranges.differences(conn)
            figures.recount(conn)
            ranges.rebuild(conn)
            return differences
    finally:
        conn.close()


def compact(index_path, on_wait=None):
    """Rewrite the index in key order into full pages; returns (bytes before, bytes after).

    Growing in place leaves pages part-filled where new videos landed between old ones; this
    brings memberships back to ~15 bytes each. It needs free disk of about twice the index
    (SQLite's copy, then the log) and holds the write lock, so ingests wait meanwhile;
    readers go on reading.
    """
    index_path = _existing(index_path)
    before = index_path.stat().st_size
    conn, _ = store.connect(index_path)
    try:
        _vacuum(conn, on_wait)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return before, index_path.stat().st_size


def _vacuum(conn, on_wait):
    # VACUUM runs outside any transaction and takes the write lock itself.
    store.waiting(conn, "VACUUM", on_wait)


def clean(index_path, rejects_dir=None):
    """Remove what killed ingests left beside the index; returns the names removed."""
    index_path = Path(index_path)
    return clean_leftovers(index_path, rejects_dir or index_path.parent / "rejects")


def _existing(index_path):
    index_path = Path(index_path)
    if not index_path.is_file():
        raise UserError(f"{index_path.name}: no such index")
    return index_path
