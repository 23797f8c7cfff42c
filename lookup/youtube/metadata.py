"""The metadata database (data/metadata.db): what YouTube and the datasets say of each video.

Two tables. `videos`: one row a video as YouTube described it (scripts/enrich.py: channel,
handle, title, date, duration, or 'gone'). `described`: one row per video and dataset that
described it in its own files (YouTube-Commons: title, channel, channel ID, upload date;
Vript: title), with the date of the file it came from, written by the ingest
(lookup/index/ingest.py) after the index commit. YouTube's own row wins where both exist:
it is the later word. A file from before `described` existed reads as one without rows.
"""

import json
import re
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
CREATE TABLE IF NOT EXISTS described(
    video INTEGER NOT NULL, dataset TEXT NOT NULL, title TEXT, channel_id TEXT,
    channel_name TEXT, published TEXT, described_on TEXT NOT NULL,
    PRIMARY KEY(video, dataset)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS described_channel ON described(channel_id)
    WHERE channel_id IS NOT NULL;
"""
COLUMNS = ("video", "channel_id", "channel_name", "handle", "title", "published", "duration_s",
           "status", "checked_at")
_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")


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
    """What the metadata database knows of one channel's videos.

    described_by: ((dataset slug, file date YYYY-MM-DD), ...) of the datasets whose files
    attribute videos to the channel, oldest first; checked_at: the last time YouTube's own
    details of one of them were saved ("" when none were)."""

    channel_id: str
    title: str
    handle: str
    video_ids: tuple
    checked_at: str
    described_by: tuple = ()


@dataclass(frozen=True)
class Details:
    """What is known of one video for a result table: its title and upload date (or "")."""

    title: str
    published: str


def connect(path):
    """The metadata database, created if missing, for writing (WAL: the site reads on)."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=60)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.executescript(SCHEMA)
    return conn


def iso_date(text):
    """YYYY-MM-DD from '20230105', '2023-01-05' or an ISO time; None when unreadable."""
    match = _DATE.match((text or "").strip())
    return "-".join(match.groups()) if match else None


def unchecked(conn, video_ids, chunk=500):
    """The valid IDs among video_ids that YouTube has not described yet and no dataset
    described with their channel, in input order, streamed."""
    batch = []
    for video in video_ids:
        if is_video_id(video):
            batch.append(video)
        if len(batch) >= chunk:
            yield from _missing(conn, batch)
            batch = []
    yield from _missing(conn, batch)


def _missing(conn, batch):
    numbers = json.dumps([id_to_int(v) for v in batch])
    known = {n for (n,) in conn.execute(
        "SELECT video FROM videos WHERE video IN (SELECT value FROM json_each(?)) UNION"
        " SELECT video FROM described WHERE video IN (SELECT value FROM json_each(?))"
        " AND (channel_id IS NOT NULL OR channel_name IS NOT NULL)", (numbers, numbers))}
    return [v for v in dict.fromkeys(batch) if id_to_int(v) not in known]


def save(conn, rows):
    """Insert or replace rows of YouTube's details in one transaction."""
    with conn:
        conn.executemany(f"INSERT OR REPLACE INTO videos VALUES ({', '.join('?' * 9)})",
                         [(id_to_int(r.video), *[getattr(r, c) for c in COLUMNS[1:]])
                          for r in rows])


def merge_described(conn, stage, dataset):
    """Copy a stage's `described` rows (video, file date, title, channel_id, channel_name,
    published) in as dataset's, in one transaction; returns how many. A video the dataset
    described before takes the newer description."""
    conn.execute("ATTACH DATABASE ? AS stage", (str(stage),))
    try:
        with conn:
            return conn.execute(
                "INSERT INTO described SELECT video, ?, title, channel_id, channel_name,"
                " published, described_on FROM stage.described WHERE true"
                " ON CONFLICT(video, dataset) DO UPDATE SET title = excluded.title,"
                " channel_id = excluded.channel_id, channel_name = excluded.channel_name,"
                " published = excluded.published, described_on = excluded.described_on",
                (dataset,)).rowcount
    finally:
        conn.execute("DETACH DATABASE stage")


class Metadata:
    """Read side of the metadata database: offline channel answers, names, upload dates."""

    def __init__(self, path):
        self.path = Path(path)

    def _connect(self):
        conn = sqlite3.connect(f"file:{self.path.resolve()}?mode=ro", uri=True)
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'described'").fetchone():
            # A file from before datasets described videos: an empty stand-in, in memory.
            conn.execute("CREATE TEMP TABLE described(video INTEGER, dataset TEXT, title TEXT,"
                         " channel_id TEXT, channel_name TEXT, published TEXT,"
                         " described_on TEXT)")
        return conn

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
                "SELECT video, max(published), max(checked_at) FROM ("
                " SELECT video, published, checked_at FROM videos WHERE channel_id = ?"
                " OR (handle = ? COLLATE NOCASE) UNION ALL"
                " SELECT video, published, '' FROM described WHERE channel_id = ?)"
                " GROUP BY video ORDER BY 2 DESC, video", (channel_id, handle, channel_id)).fetchall()
            described_by = conn.execute(
                "SELECT dataset, max(described_on) FROM described WHERE channel_id = ?"
                " GROUP BY dataset ORDER BY 2, 1", (channel_id,)).fetchall() if channel_id else []
            if not title and channel_id:
                title = (conn.execute("SELECT channel_name FROM described WHERE channel_id = ?"
                                      " AND channel_name IS NOT NULL LIMIT 1", (channel_id,))
                         .fetchone() or ("",))[0]
        finally:
            conn.close()
        return ChannelRows(channel_id or "", title or "", handle or "",
                           tuple(int_to_id(v) for v, _, _ in rows),
                           max(c for _, _, c in rows), tuple(map(tuple, described_by)))

    def rows(self):
        """Every row with status 'ok' as VideoMeta, streamed (for the name index)."""
        conn = self._connect()
        try:
            for row in conn.execute(f"SELECT {', '.join(COLUMNS)} FROM videos WHERE status = 'ok'"
                                    " ORDER BY coalesce(channel_id, handle), video"):
                yield VideoMeta(int_to_id(row[0]), *row[1:])
        finally:
            conn.close()

    def channels(self):
        """(key, channel ID, name, handle, videos) per channel, streamed (the name index).

        key is the channel ID, or the handle of a channel only oEmbed named; a video counts
        once however many sources describe it."""
        conn = self._connect()
        try:
            yield from conn.execute(
                "SELECT coalesce(channel_id, handle) AS k, max(channel_id), max(name),"
                " max(handle), count(DISTINCT video) FROM ("
                " SELECT video, channel_id, channel_name AS name, handle FROM videos"
                " WHERE status = 'ok' AND coalesce(channel_id, handle) IS NOT NULL UNION ALL"
                " SELECT d.video, d.channel_id, d.channel_name, v.handle FROM described d"
                " LEFT JOIN videos v ON v.video = d.video AND v.channel_id = d.channel_id"
                " WHERE d.channel_id IS NOT NULL) GROUP BY k")
        finally:
            conn.close()

    def titles(self):
        """(video ID, title, channel ID, channel name, handle) per titled video, once,
        streamed; YouTube's own title first, then the first dataset's."""
        conn = self._connect()
        try:
            last = None
            for video, title, channel_id, name, handle in conn.execute(
                    "SELECT video, title, channel_id, channel_name, handle FROM videos"
                    " WHERE status = 'ok' AND title IS NOT NULL AND title != '' UNION ALL"
                    " SELECT d.video, d.title, d.channel_id, d.channel_name, NULL"
                    " FROM described d WHERE d.title IS NOT NULL AND d.title != ''"
                    " AND NOT EXISTS (SELECT 1 FROM videos v WHERE v.video = d.video"
                    " AND v.status = 'ok' AND v.title IS NOT NULL AND v.title != '')"
                    " ORDER BY 1"):
                if video != last:
                    last = video
                    yield int_to_id(video), title, channel_id or "", name or "", handle or ""
        finally:
            conn.close()

    def published(self, video_ids):
        """{video ID: ISO publish date} for the IDs the database has a date for."""
        return {video: d.published for video, d in self.details(video_ids).items()
                if d.published}

    def details(self, video_ids):
        """{video ID: Details(title, published)} for the IDs the database describes."""
        numbers = [checked_id_to_int(v) for v in video_ids if is_video_id(v)]
        if not numbers or not self.path.is_file():
            return {}
        try:
            conn = self._connect()
            try:
                rows = conn.execute(
                    "SELECT n.value, v.title, v.published, d.title, d.published"
                    " FROM json_each(?) n LEFT JOIN videos v ON v.video = n.value"
                    " AND v.status = 'ok' LEFT JOIN (SELECT video, max(title) AS title,"
                    " max(published) AS published FROM described WHERE video IN"
                    " (SELECT value FROM json_each(?)) GROUP BY video) d ON d.video = n.value"
                    " WHERE v.video IS NOT NULL OR d.video IS NOT NULL",
                    (json.dumps(numbers), json.dumps(numbers))).fetchall()
            finally:
                conn.close()
        except sqlite3.DatabaseError:
            return {}  # an unreadable or half-written file: the tables go without details
        return {int_to_id(n): Details(vt or dt or "", vp or dp or "")
                for n, vt, vp, dt, dp in rows}


def _channel_row(conn, ref):
    """(channel_id, handle, channel_name) of one row matching the reference, or None."""
    select = "SELECT channel_id, handle, channel_name FROM videos WHERE "
    described = "SELECT channel_id, NULL, channel_name FROM described WHERE "
    if ref.kind == "video":
        if not is_video_id(ref.value):
            return None
        number = id_to_int(ref.value)
        return (conn.execute(select + "video = ? AND (channel_id IS NOT NULL OR handle IS NOT"
                             " NULL)", (number,)).fetchone()
                or conn.execute(described + "video = ? AND channel_id IS NOT NULL LIMIT 1",
                                (number,)).fetchone())
    if ref.channel_kind == "id":
        return (conn.execute(select + "channel_id = ? LIMIT 1", (ref.value,)).fetchone()
                or conn.execute(described + "channel_id = ? LIMIT 1", (ref.value,)).fetchone())
    handle = ref.value if ref.value.startswith("@") else "@" + ref.value
    return conn.execute(select + "handle = ? COLLATE NOCASE LIMIT 1", (handle,)).fetchone()
