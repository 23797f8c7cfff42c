"""Small SQLite files of the site's own state (saved checks, watches), shared by its workers."""

import sqlite3
from pathlib import Path


def connect(path, schema, timeout=15):
    """A short-lived connection to the file at path, created with schema (an SQL script) if
    need be. WAL: readers in other workers never wait for a writer; timeout: seconds a writer
    waits for another."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=timeout)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.executescript(schema)
    return conn
