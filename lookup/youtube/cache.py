"""Resolved upload lists in their own writable SQLite file, with the time they were fetched."""

import sqlite3
import struct
import time
from dataclasses import dataclass
from pathlib import Path

from ..ids import id_to_int, int_to_id

# One row per reference ("handle:@name", "id:UC…", "video:…"). The video list is a BLOB of
# big-endian int64s (8 bytes a video, see lookup.ids): a 20,000-video channel is 160 KB, where
# one row per video would cost several times that in keys and row headers.
SCHEMA = """
CREATE TABLE IF NOT EXISTS channels(
    ref TEXT PRIMARY KEY, channel_id TEXT NOT NULL, title TEXT NOT NULL, source TEXT NOT NULL,
    videos BLOB NOT NULL, video_count INTEGER NOT NULL, fetched_at REAL NOT NULL)
"""


@dataclass(frozen=True)
class Cached:
    """A cached upload list."""

    ref: str
    channel_id: str
    title: str
    video_ids: tuple
    fetched_at: float
    source: str = ""


def pack(video_ids):
    """Video IDs as a BLOB of big-endian int64s."""
    numbers = [id_to_int(v) for v in video_ids]
    return struct.pack(f">{len(numbers)}q", *numbers)


def unpack(blob):
    """The video IDs in a packed BLOB."""
    return tuple(int_to_id(n) for n in struct.unpack(f">{len(blob) // 8}q", blob))


class ChannelCache:
    """Cached upload lists keyed by channel reference; never the read-only dataset index."""

    def __init__(self, path):
        self.path = Path(path)

    def _connect(self):
        """A short-lived connection: each job thread opens its own."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=10)
        conn.execute(SCHEMA)
        return conn

    def get(self, ref, max_age, now=None):
        """The cached list for ref if fetched within max_age seconds, else None."""
        if not self.path.exists():
            return None
        now = time.time() if now is None else now
        conn = self._connect()
        try:
            row = conn.execute(
                "SELECT ref, channel_id, title, videos, fetched_at, source FROM channels"
                " WHERE ref = ? AND fetched_at >= ?", (ref, now - max_age)).fetchone()
        finally:
            conn.close()
        if row is None:
            return None
        ref, channel_id, title, blob, fetched_at, source = row
        return Cached(ref, channel_id, title, unpack(blob), fetched_at, source)

    def put(self, ref, channel_id, title, video_ids, fetched_at, source=""):
        """Store (or replace) the list for ref."""
        blob = pack(video_ids)
        conn = self._connect()
        try:
            with conn:
                conn.execute("INSERT OR REPLACE INTO channels VALUES (?, ?, ?, ?, ?, ?, ?)",
                             (ref, channel_id, title, source, blob, len(video_ids), fetched_at))
        finally:
            conn.close()

    def forget(self, older_than, now=None):
        """Delete lists fetched more than older_than seconds ago; returns how many."""
        if not self.path.exists():
            return 0
        now = time.time() if now is None else now
        conn = self._connect()
        try:
            with conn:
                return conn.execute("DELETE FROM channels WHERE fetched_at < ?",
                                    (now - older_than,)).rowcount
        finally:
            conn.close()

    def video_ids(self):
        """The video IDs of every cached upload list, newest list first, streamed."""
        if not self.path.exists():
            return
        conn = self._connect()
        try:
            for (blob,) in conn.execute("SELECT videos FROM channels ORDER BY fetched_at DESC"):
                yield from unpack(blob)
        finally:
            conn.close()
