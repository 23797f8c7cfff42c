"""Resolve YouTube-8M pseudo IDs to YouTube IDs through the dataset's public lookup, with a cache.

YouTube-8M files carry a 4-character random ID in the context feature "id", never the YouTube ID.
https://research.google.com/youtube8m/video_id_conversion.html: the ID ABCD is looked up at
data.yt8m.org/2/j/i/AB/ABCD.js ("first 2 characters are repeated"), a JSONP answer such as
    i("nXSc","0sf943sWZls");
and "When a video gets deleted, or made private by its uploader, the lookup URL becomes invalid."
So a missing answer means unresolved, and is never guessed. Every answer, found or missing, is
kept in a small SQLite file, so a rerun resumes where the last one stopped and asks nothing twice.
"""

import re
import sqlite3
import time
from datetime import datetime, timezone
from pathlib import Path

import requests

from .ids import is_video_id

DOC = "https://research.google.com/youtube8m/video_id_conversion.html"
# The same objects as data.yt8m.org (a Cloud Storage bucket of that name), over HTTPS.
BASE_URL = "https://storage.googleapis.com/data.yt8m.org"
PSEUDO_ID = re.compile(r"[A-Za-z0-9_-]{4}")
_ANSWER = re.compile(r'\s*i\(\s*"([^"]*)"\s*,\s*"([^"]*)"\s*\)\s*;?\s*')
# 404 is the lookup file missing. Cloud Storage, like S3, answers 403 rather than 404 for a
# missing object when anonymous callers may not list the bucket (keras-team/keras-hub#1667 meets
# the same case), so 403 counts as missing too.
_GONE = {403, 404, 410}
_RETRY = {429, 500, 502, 503, 504}


class ResolveError(OSError):
    """The lookup host could not be reached or kept failing; nothing was guessed or cached."""


class BadAnswer(ValueError):
    """The lookup host answered, but not in the documented i("pseudo","youtube_id"); form."""


class Resolver:
    """Pseudo ID -> YouTube ID (or None when the video is gone), cached on disk.

    rate is requests per second (0: no limit); timeout is (connect, read) seconds; a 5xx, 429
    or connection failure is retried `retries` times, waiting backoff, 2*backoff, 4*backoff...
    """

    def __init__(self, cache_path, base_url=BASE_URL, rate=10.0, timeout=(5.0, 20.0),
                 retries=4, backoff=1.0, session=None):
        self.base_url = base_url.rstrip("/")
        rate = float(rate or 0)
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.timeout, self.retries, self.backoff = timeout, retries, backoff
        self._own_session = session is None
        self.session = session or requests.Session()
        if self._own_session:
            self.session.headers["User-Agent"] = "yt-dataset-lookup (YouTube-8M ID resolver)"
        self.requests_made = 0
        self._last_request = None
        if str(cache_path) != ":memory:":
            Path(cache_path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(cache_path))
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # a lost last answer is just asked again
        self.db.execute("CREATE TABLE IF NOT EXISTS resolved (pseudo TEXT PRIMARY KEY,"
                        " youtube_id TEXT, fetched_at TEXT NOT NULL) WITHOUT ROWID")

    def resolve(self, pseudo):
        """The YouTube ID for pseudo, None if the video is deleted or private; cached."""
        if PSEUDO_ID.fullmatch(pseudo) is None:
            raise BadAnswer(f"{pseudo!r} is not a YouTube-8M pseudo ID (4 characters)")
        cached = self.db.execute("SELECT youtube_id FROM resolved WHERE pseudo = ?",
                                 (pseudo,)).fetchone()
        if cached is not None:
            return cached[0]
        real = self._fetch(pseudo)
        fetched_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO resolved VALUES (?, ?, ?)",
                            (pseudo, real, fetched_at))
        return real

    def url(self, pseudo):
        """The lookup URL for pseudo."""
        return f"{self.base_url}/2/j/i/{pseudo[:2]}/{pseudo}.js"

    def _fetch(self, pseudo):
        url, problem = self.url(pseudo), ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            self._wait_turn()
            try:
                response = self.session.get(url, timeout=self.timeout)
            except (requests.ConnectionError, requests.Timeout) as error:
                problem = type(error).__name__
                continue
            if response.status_code in _RETRY:
                problem = f"HTTP {response.status_code}"
                continue
            if response.status_code in _GONE:
                return None
            if response.status_code != 200:
                raise ResolveError(f"{url}: unexpected HTTP {response.status_code}")
            return _parse(pseudo, response.content.decode("utf-8", "replace"))
        raise ResolveError(f"{url}: no answer after {self.retries + 1} tries ({problem})")

    def _wait_turn(self):
        # A fixed gap between request starts keeps the rate polite without bursts.
        now = time.monotonic()
        if self._last_request is not None and self.interval:
            delay = self._last_request + self.interval - now
            if delay > 0:
                time.sleep(delay)
                now += delay
        self._last_request = now
        self.requests_made += 1

    def close(self):
        """Close the cache file (and the HTTP session, when this resolver made it)."""
        self.db.close()
        if self._own_session:
            self.session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _parse(pseudo, body):
    match = _ANSWER.fullmatch(body)
    if match is None:
        raise BadAnswer(f"the answer for {pseudo} is not i(\"{pseudo}\",\"<id>\");: {body[:80]!r}")
    echoed, real = match.groups()
    if echoed != pseudo:
        raise BadAnswer(f"the answer for {pseudo} names another pseudo ID, {echoed!r}")
    if not is_video_id(real):
        raise BadAnswer(f"the answer for {pseudo} is not a valid YouTube ID: {real!r}")
    return real
