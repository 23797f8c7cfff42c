"""YouTube Data API v3 client: a channel's uploads and video details, counting quota units."""

import logging
import threading
import time
from urllib.parse import urlsplit

import requests

from ..ids import Parsed
from .errors import (ChannelMissing, NetworkUnreachable, QuotaExhausted, Unsupported,
                     VideoMissing, YouTubeError)
from .uploads import Uploads, describe

log = logging.getLogger(__name__)

DEFAULT_BASE = "https://www.googleapis.com/youtube/v3"
API_HOSTS = {"www.googleapis.com", "youtube.googleapis.com"}
LOOPBACK = {"127.0.0.1", "::1", "localhost"}
# Every list method used here costs 1 unit (quota calculator in the Data API docs).
COST = {"channels": 1, "playlistItems": 1, "videos": 1}
QUOTA_REASONS = {"quotaExceeded", "dailyLimitExceeded", "rateLimitExceeded",
                 "userRateLimitExceeded"}
MAX_PAGES = 1000  # 50,000 videos; a guard against a token loop, well above the ~20,000 cap


def check_base(url, hosts):
    """The base URL without a trailing slash; ValueError for hosts we must never call."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in LOOPBACK and parts.scheme in {"http", "https"}:
        return url.rstrip("/")  # the loopback fake used by the tests
    if parts.scheme != "https" or host not in hosts:
        raise ValueError(f"refusing to call {host or url!r}: not a YouTube/Google API host")
    return url.rstrip("/")


class _NotFound(YouTubeError):
    """A 404 from the API (e.g. playlistNotFound), which some callers expect."""


class YouTubeAPI:
    """Channels, uploads and videos through the Data API, with an API key."""

    name = "youtube-api"
    completes = False

    def __init__(self, key, base=None, timeout=(5.0, 20.0), retries=2, backoff=0.5):
        if not key:
            raise ValueError("a YouTube Data API key is required")
        self._key = key
        self.base = check_base(base or DEFAULT_BASE, API_HOSTS)
        self.timeout, self.retries, self.backoff = timeout, retries, backoff
        self.session = requests.Session()
        self.quota_used = 0
        self._lock = threading.Lock()

    def __repr__(self):
        return f"YouTubeAPI(base={self.base!r}, quota_used={self.quota_used})"

    def uploads(self, ref, progress):
        """The channel's uploads, listed from its uploads playlist."""
        if ref.kind == "video":
            ref = Parsed("channel", self.channel_of_video(ref.value), "id")
        channel_id, title, playlist, handle = self.channel(ref)
        ids, total = self.playlist_items(playlist, progress)
        log.info("youtube api: %s has %d uploads listed; %d quota units used so far",
                 channel_id, len(ids), self.quota_used)
        return Uploads(channel_id, title, tuple(ids), self.name, time.time(), total=total,
                       handle=handle)

    def channel(self, ref):
        """(channel ID, title, uploads playlist ID, handle) for an ID, handle or username."""
        params = {"part": "snippet,contentDetails",
                  "fields": "items(id,snippet(title,customUrl),contentDetails/relatedPlaylists)"}
        lookup = {"id": "id", "handle": "forHandle", "user": "forUsername"}
        if ref.channel_kind not in lookup:
            raise Unsupported("the Data API cannot look up custom channel names")
        params[lookup[ref.channel_kind]] = ref.value
        items = self._get("channels", params).get("items") or []
        if not items:  # a missing or terminated channel is a 200 without items
            raise ChannelMissing(describe(ref))
        item = items[0]
        channel_id = item["id"]
        # The uploads playlist is UU + the ID's tail; the API's answer is used when present.
        playlist = (item.get("contentDetails", {}).get("relatedPlaylists", {}).get("uploads")
                    or "UU" + channel_id[2:])
        snippet = item.get("snippet", {})
        return channel_id, snippet.get("title", ""), playlist, snippet.get("customUrl", "")

    def playlist_items(self, playlist_id, progress):
        """([video IDs], totalResults) for a playlist, 50 a page, following nextPageToken."""
        params = {"part": "contentDetails", "playlistId": playlist_id, "maxResults": 50,
                  "fields": "nextPageToken,pageInfo/totalResults,items/contentDetails/videoId"}
        ids, seen, total = [], set(), None
        for _ in range(MAX_PAGES):
            try:
                page = self._get("playlistItems", params)
            except _NotFound:
                break  # a channel with no public uploads has no uploads playlist
            total = page.get("pageInfo", {}).get("totalResults", total)
            for item in page.get("items") or []:
                video = item.get("contentDetails", {}).get("videoId")
                if video and video not in seen:
                    seen.add(video)
                    ids.append(video)
            progress(len(ids), total)
            token = page.get("nextPageToken")
            if not token or token == params.get("pageToken"):
                break
            params["pageToken"] = token
        return ids, total

    def channel_of_video(self, video_id):
        """The channel ID that uploaded a video."""
        items = self.videos([video_id], part="snippet", fields="items(snippet/channelId)")
        if not items:
            raise VideoMissing(video_id)
        return items[0]["snippet"]["channelId"]

    def videos(self, video_ids, part="snippet,contentDetails",
               fields="items(id,snippet(channelId,channelTitle,title,publishedAt),"
                      "contentDetails/duration)"):
        """videos.list items for up to 50 IDs; IDs that no longer exist are simply absent."""
        if len(video_ids) > 50:
            raise ValueError("videos.list takes at most 50 IDs a call")
        params = {"part": part, "id": ",".join(video_ids), "maxResults": 50, "fields": fields}
        return self._get("videos", params).get("items") or []

    def _get(self, method, params):
        """One API call as a dict, retrying 5xx and connection failures with backoff."""
        failure = None
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                # The key goes in a header, never the URL, so no exception text or access
                # log line can carry it.
                response = self.session.get(
                    f"{self.base}/{method}", params=params, timeout=self.timeout,
                    headers={"X-Goog-Api-Key": self._key, "Accept": "application/json"})
            except (requests.ConnectionError, requests.Timeout) as error:
                log.warning("youtube api: %s attempt %d: %s", method, attempt + 1,
                            type(error).__name__)
                failure = NetworkUnreachable()
                continue
            self._count(method)
            if response.status_code >= 500:
                log.warning("youtube api: %s attempt %d: HTTP %d", method, attempt + 1,
                            response.status_code)
                failure = YouTubeError(f"HTTP {response.status_code}")
                continue
            return self._decode(method, response)
        raise failure

    def _count(self, method):
        """Add a call's quota cost; every answered call is charged, failed ones too."""
        with self._lock:
            self.quota_used += COST.get(method, 1)
            used = self.quota_used
        log.info("youtube api: %s.list cost %d unit(s), %d used", method, COST.get(method, 1), used)

    def _decode(self, method, response):
        """The JSON body of a 200, or the right ChannelError for an error answer."""
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise YouTubeError(f"{method}.list sent an answer that could not be read")
        if response.status_code == 200:
            return body
        error = body.get("error") if isinstance(body.get("error"), dict) else {}
        reasons = [e.get("reason", "") for e in error.get("errors") or [] if isinstance(e, dict)]
        log.warning("youtube api: %s HTTP %d %s", method, response.status_code, reasons)
        if QUOTA_REASONS.intersection(reasons):
            raise QuotaExhausted()
        if response.status_code == 404:
            raise _NotFound(f"{method}.list: {', '.join(reasons) or 'not found'}")
        if "keyInvalid" in reasons or response.status_code in {400, 401} and not reasons:
            raise YouTubeError("the site's API key was refused")
        raise YouTubeError(f"HTTP {response.status_code} {', '.join(reasons)}".strip())
