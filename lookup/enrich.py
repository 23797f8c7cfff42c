"""Video metadata (channel, title, date, duration) from YouTube into data/metadata.db, resumably."""

import json
import logging
import re
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import requests

from .channels import NetworkUnreachable, QuotaExhausted, YouTubeError
from .ids import CHANNEL_ID, id_to_int, int_to_id, is_video_id
from .youtube_api import check_base

log = logging.getLogger(__name__)

DEFAULT_OEMBED_BASE = "https://www.youtube.com"
OEMBED_HOSTS = {"www.youtube.com", "youtube.com"}
SCHEMA = """
CREATE TABLE IF NOT EXISTS videos(
    video INTEGER PRIMARY KEY, channel_id TEXT, channel_name TEXT, handle TEXT, title TEXT,
    published TEXT, duration_s INTEGER, status TEXT NOT NULL, checked_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS videos_channel ON videos(channel_id);
CREATE INDEX IF NOT EXISTS videos_handle ON videos(handle COLLATE NOCASE);
"""
COLUMNS = ("video", "channel_id", "channel_name", "handle", "title", "published", "duration_s",
           "status", "checked_at")


@dataclass
class Summary:
    """What one enrich run did: rows by status, errors, and why it stopped early if it did."""

    counts: Counter
    stopped: str = ""


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


def now_iso():
    """The current UTC time as an ISO 8601 string."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_duration(text):
    """Seconds in an ISO 8601 duration such as PT1H2M3S or P1DT2S; None when unreadable."""
    match = re.fullmatch(r"P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?", text or "")
    if not match or text in {"P", "PT"}:
        return None
    days, hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return ((days * 24 + hours) * 60 + minutes) * 60 + seconds


class ApiFetcher:
    """Metadata for 50 videos a call through videos.list (1 quota unit a call)."""

    batch = 50

    def __init__(self, api):
        self.api = api

    def fetch(self, video_ids):
        """VideoMeta for each ID; IDs absent from the answer are gone."""
        items = {item["id"]: item for item in self.api.videos(list(video_ids))}
        checked, rows = now_iso(), []
        for video in video_ids:
            item = items.get(video)
            if item is None:
                rows.append(VideoMeta(video, status="gone", checked_at=checked))
                continue
            snippet = item.get("snippet", {})
            rows.append(VideoMeta(
                video, snippet.get("channelId"), snippet.get("channelTitle"), None,
                snippet.get("title"), snippet.get("publishedAt"),
                parse_duration(item.get("contentDetails", {}).get("duration")), "ok", checked))
        return rows


class OEmbedFetcher:
    """Title and channel for one video a call through oEmbed, which needs no key."""

    batch = 1

    def __init__(self, base=None, timeout=(5.0, 20.0), retries=2, backoff=0.5):
        self.base = check_base(base or DEFAULT_OEMBED_BASE, OEMBED_HOSTS)
        self.timeout, self.retries, self.backoff = timeout, retries, backoff
        self.session = requests.Session()

    def fetch(self, video_ids):
        """VideoMeta for each ID; a 404 or 401 from oEmbed marks the video gone."""
        return [self._one(video) for video in video_ids]

    def _one(self, video):
        params = {"url": f"https://www.youtube.com/watch?v={video}", "format": "json"}
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                response = self.session.get(f"{self.base}/oembed", params=params,
                                            timeout=self.timeout)
            except (requests.ConnectionError, requests.Timeout):
                continue
            if response.status_code in {404, 401}:
                # 404: deleted; 401: private or embedding turned off. Neither can be described.
                return VideoMeta(video, status="gone", checked_at=now_iso())
            if response.status_code >= 500 or response.status_code == 429:
                continue
            if response.status_code != 200:
                raise YouTubeError(f"oEmbed HTTP {response.status_code}")
            return _from_oembed(video, response)
        raise NetworkUnreachable()


def _from_oembed(video, response):
    """A VideoMeta from an oEmbed answer (title, author_name, author_url)."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise YouTubeError("oEmbed sent an answer that could not be read")
    path = urlsplit(body.get("author_url") or "").path.strip("/")
    handle = path if path.startswith("@") else None
    tail = path.rpartition("/")[2]
    channel_id = tail if CHANNEL_ID.fullmatch(tail) else None
    return VideoMeta(video, channel_id, body.get("author_name"), handle, body.get("title"),
                     checked_at=now_iso())


def connect(path):
    """The metadata database, created if missing."""
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


def enrich(path, video_ids, fetcher, rate=5.0, progress=None):
    """Fetch and save metadata for IDs not yet checked; returns a Summary."""
    conn = connect(path)
    summary, interval, last = Summary(Counter()), 1.0 / rate if rate else 0.0, 0.0
    counts = summary.counts
    batch = []
    try:
        for video in unchecked(conn, video_ids):
            batch.append(video)
            if len(batch) < fetcher.batch:
                continue
            last = _fetch_batch(conn, fetcher, batch, counts, interval, last, progress)
            batch = []
        if batch:
            _fetch_batch(conn, fetcher, batch, counts, interval, last, progress)
    except (NetworkUnreachable, QuotaExhausted) as error:
        # Stop rather than mark videos: the next run resumes where this one stopped.
        summary.stopped = error.message
    finally:
        conn.close()
    return summary


def _fetch_batch(conn, fetcher, batch, counts, interval, last, progress):
    """Fetch one batch at no more than `rate` calls a second; returns the call time."""
    wait = last + interval - time.monotonic()
    if wait > 0:
        time.sleep(wait)
    last = time.monotonic()
    try:
        rows = fetcher.fetch(batch)
    except YouTubeError as error:
        log.warning("enrich: %d videos skipped: %s", len(batch), error)
        counts["errors"] += len(batch)
        rows = []
    save(conn, rows)
    counts.update(r.status for r in rows)
    if progress is not None:
        progress(len(batch))
    return last


def index_video_ids(index_path):
    """Every distinct video ID in a dataset index file, streamed (read-only)."""
    uri = f"file:{Path(index_path).resolve()}?mode=ro"
    conn = sqlite3.connect(uri, uri=True)
    try:
        for (number,) in conn.execute("SELECT DISTINCT video FROM membership ORDER BY video"):
            yield int_to_id(number)
    finally:
        conn.close()



@dataclass(frozen=True)
class ChannelRows:
    """What the metadata database knows of one channel's videos."""

    channel_id: str
    title: str
    handle: str
    video_ids: tuple
    checked_at: str


class Metadata:
    """Read side of the metadata database, for offline channel answers and the name index."""

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
