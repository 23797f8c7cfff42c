"""The metadata database (data/metadata.db): one row of YouTube details a video, and its SQL."""

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..ids import checked_id_to_int, id_to_int, int_to_id, is_video_id

SCHEMA = """
CREATE TABLE IF NOT EXISTS videos(
    video INTEGER PRIMARY KEY, channel_id TEXT, channel_name TEXT, handle TEXT, title TEXT,
    published TEXT, duration_s INTEGER, status TEXT NOT NULL, checked_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS videos_channel ON videos(channel_id);
CREATE INDEX IF NOT EXISTS videos_handle ON videos(handle COLLATE NOCASE);
"""
COLUMNS = ("video", "channel_id", "channel_name", "handle", "title", "published", "duration_s",
           "status", "checked_at")


@dataclass(frozen=True)
class VideoMeta:
    """One video's row; status is 'ok' or 'gone' (no longer on YouTube)."""

    video: str
    channel_id: str | None = None
    channel_name: str | None = None
    handle: str | None = None
    title: str | None = None
    published: str | None = None
    duration_s: int | None = None
    status: str = "ok"
    checked_at: str = ""


@dataclass(frozen=True)
class ChannelRows:
    """What the metadata database knows of one channel's videos."""

    channel_id: str
    title: str
    handle: str
    video_ids: tuple
    checked_at: str


def connect(path):
    """The metadata database, created if missing, for writing."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=10)
    conn.executescript(SCHEMA)
    return conn


def unchecked(conn, video_ids, chunk=500):
    """The valid IDs among video_ids that have no row yet, in input order, streamed."""
    batch = []
    for video in video_ids:
        if is_video_id(video):
            batch.append(video)
        if len(batch) >= chunk:
            yield from _missing(conn, batch)
            batch = []
    yield from _missing(conn, batch)


def _missing(conn, batch):
    known = {n for (n,) in conn.execute(
        "SELECT video FROM videos WHERE video IN (SELECT value FROM json_each(?))",
        (json.dumps([id_to_int(v) for v in batch]),))}
    return [v for v in dict.fromkeys(batch) if id_to_int(v) not in known]


def save(conn, rows):
    """Insert or replace rows in one transaction."""
    with conn:
        conn.executemany(f"INSERT OR REPLACE INTO videos VALUES ({', '.join('?' * 9)})",
                         [(id_to_int(r.video), *[getattr(r, c) for c in COLUMNS[1:]])
                          for r in rows])


class Metadata:
    """Read side of the metadata database: offline channel answers, names, upload dates."""

    def __init__(self, path):
        self.path = Path(path)

    def _connect(self):
        return sqlite3.connect(f"file:{self.path.resolve()}?mode=ro", uri=True)

    def channel(self, ref):
        """The videos attributed to a channel (or to a video's channel), or None if unknown."""
        if not self.path.exists():
            return None
        conn = self._connect()
        try:
            found = _channel_row(conn, ref)
            if found is None:
                return None
            channel_id, handle, title = found
            # oEmbed rows carry a handle but no channel ID, so match on either.
            rows = conn.execute(
                "SELECT video, checked_at FROM videos WHERE channel_id = ?"
                " OR (handle = ? COLLATE NOCASE) ORDER BY published DESC, video",
                (channel_id, handle)).fetchall()
        finally:
            conn.close()
        return ChannelRows(channel_id or "", title or "", handle or "",
                           tuple(int_to_id(v) for v, _ in rows), max(c for _, c in rows))

    def rows(self):
        """Every row with status 'ok' as VideoMeta, streamed (for the name index)."""
        conn = self._connect()
        try:
            for row in conn.execute(f"SELECT {', '.join(COLUMNS)} FROM videos WHERE status = 'ok'"
                                    " ORDER BY coalesce(channel_id, handle), video"):
                yield VideoMeta(int_to_id(row[0]), *row[1:])
        finally:
            conn.close()

    def published(self, video_ids):
        """{video ID: ISO publish date} for the IDs the database has a date for."""
        numbers = [checked_id_to_int(v) for v in video_ids if is_video_id(v)]
        if not numbers or not self.path.is_file():
            return {}
        conn = self._connect()
        try:
            rows = conn.execute(
                "SELECT video, published FROM videos WHERE published IS NOT NULL"
                " AND video IN (SELECT value FROM json_each(?))", (json.dumps(numbers),)).fetchall()
        except sqlite3.DatabaseError:
            return {}  # an unreadable or half-written file: the dashboard goes without dates
        finally:
            conn.close()
        return {int_to_id(n): date for n, date in rows}


def _channel_row(conn, ref):
    """(channel_id, handle, channel_name) of one row matching the reference, or None."""
    select = "SELECT channel_id, handle, channel_name FROM videos WHERE "
    if ref.kind == "video":
        if not is_video_id(ref.value):
            return None
        return conn.execute(select + "video = ? AND (channel_id IS NOT NULL OR handle IS NOT"
                            " NULL)", (id_to_int(ref.value),)).fetchone()
    if ref.channel_kind == "id":
        return conn.execute(select + "channel_id = ? LIMIT 1", (ref.value,)).fetchone()
    handle = ref.value if ref.value.startswith("@") else "@" + ref.value
    return conn.execute(select + "handle = ? COLLATE NOCASE LIMIT 1", (handle,)).fetchone()
