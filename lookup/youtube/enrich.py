"""Video details (channel, title, date, duration) fetched from YouTube and saved, resumably.

Only the gaps: a video YouTube described already, or that a dataset described with its channel
(lookup/youtube/metadata.py unchecked()), costs no call. The videos of channels people looked
up (the channel cache, saved channel checks) go first, so the quota is spent where it is read.
"""

import itertools
import logging
import re
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlsplit

import requests

from ..checks import CheckStore
from ..ids import CHANNEL_ID
from .cache import ChannelCache
from .data_api import check_base
from .errors import NetworkUnreachable, QuotaExhausted, YouTubeError
from .metadata import VideoMeta, connect, save, unchecked

log = logging.getLogger(__name__)

DEFAULT_OEMBED_BASE = "https://www.youtube.com"
OEMBED_HOSTS = {"www.youtube.com", "youtube.com"}


@dataclass
class Summary:
    """What one enrich run did: rows by status, errors, and why it stopped early if it did."""

    counts: Counter
    stopped: str = ""


@dataclass(frozen=True)
class Plan:
    """What a run would ask YouTube for, counted before it starts (no network)."""

    first: int  # videos of channels people looked up, described first
    rest: int  # the other videos to describe
    skipped: int  # asked for, but described already (by YouTube or a dataset)

    @property
    def videos(self):
        return self.first + self.rest

    def calls(self, batch):
        """Calls a fetcher answering `batch` videos a call needs."""
        return -(-self.videos // batch)


def asked_for(cache_path, checks_path):
    """The videos of the channels people looked up, each once: every cached upload list
    (newest first), then every saved channel check."""
    seen = set()
    for video in itertools.chain(ChannelCache(cache_path).video_ids(),
                                 CheckStore(checks_path).channel_video_ids()):
        if video not in seen:
            seen.add(video)
            yield video


def plan(path, first, rest):
    """Count the videos of first (a list) and of rest (an iterable, read once) that a run
    would fetch, and those it would skip as described already."""
    conn = connect(path)
    try:
        todo_first = sum(1 for _ in unchecked(conn, first))
        given = Counter()
        todo_rest = sum(1 for _ in unchecked(conn, _counted(rest, given)))
    finally:
        conn.close()
    return Plan(todo_first, todo_rest, len(first) + given["n"] - todo_first - todo_rest)


def _counted(values, counter):
    for value in values:
        counter["n"] += 1
        yield value


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
