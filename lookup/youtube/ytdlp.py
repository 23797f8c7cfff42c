"""yt-dlp as a library: list a channel's uploads from its UU playlist or tabs, never downloading."""

import logging
import re
import time
from urllib.parse import quote

from ..ids import CHANNEL_ID, Parsed, is_video_id
from .errors import (ChannelMissing, ChannelUnavailable, NetworkUnreachable, VideoMissing,
                     YouTubeError)
from .uploads import Uploads, describe

log = logging.getLogger(__name__)

OPTIONS = {"extract_flat": "in_playlist", "skip_download": True, "quiet": True,
           "no_warnings": True, "noprogress": True, "lazy_playlist": True}
MAX_DEPTH = 3  # channel → tab → playlist is as deep as YouTube's tab pages nest

# yt-dlp reports failures as text, so the kind of failure is read from the message.
_UNAVAILABLE = re.compile(r"terminated|suspended|closed|private|violat|blocked|not available in",
                          re.I)
_MISSING = re.compile(r"does not exist|not found|404|does not have a videos|unavailable", re.I)
_NETWORK = re.compile(r"urlopen error|timed out|timeout|temporary failure|name or service|"
                      r"name resolution|connection|network is unreachable|resolve|SSL", re.I)


def youtube_dl_extract(timeout=20.0):
    """An extract_info(url) callable backed by a real yt_dlp.YoutubeDL (youtube.com only)."""
    def extract(url):
        import yt_dlp  # heavy; only loaded when the network resolver really runs

        ydl = yt_dlp.YoutubeDL({**OPTIONS, "socket_timeout": timeout})
        # process=False leaves entries as yt-dlp's lazy page generators, so a large channel
        # streams one continuation page at a time instead of being materialised first.
        return ydl.extract_info(url, download=False, process=False)
    return extract


def channel_url(ref):
    """The URL yt-dlp should list: the UU playlist when the channel ID is known."""
    value = quote(ref.value, safe="@")
    if ref.channel_kind == "id":
        return f"https://www.youtube.com/playlist?list=UU{ref.value[2:]}"
    if ref.channel_kind == "handle":
        return f"https://www.youtube.com/{value}"
    if ref.channel_kind == "user":
        return f"https://www.youtube.com/user/{value}"
    return f"https://www.youtube.com/c/{value}"


def classify(error, ref):
    """The ChannelError that a yt-dlp failure message describes."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(error)).removeprefix("ERROR: ")
    if _UNAVAILABLE.search(text):
        return ChannelUnavailable(describe(ref))
    if _NETWORK.search(text):
        return NetworkUnreachable()
    if _MISSING.search(text):
        return VideoMissing(ref.value) if ref.kind == "video" else ChannelMissing(describe(ref))
    return YouTubeError(text.split(":")[-1].strip()[:160] or "yt-dlp failed")


class YtDlp:
    """Lists uploads through yt-dlp's flat extraction, with no API key and no quota."""

    name = "yt-dlp"
    completes = True  # it can finish a listing the API stopped short on

    def __init__(self, extract_info=None, timeout=20.0):
        self.extract_info = extract_info or youtube_dl_extract(timeout)

    def __repr__(self):
        return "YtDlp()"

    def uploads(self, ref, progress):
        """The channel's uploads; a listing that fails midway comes back partial."""
        if ref.kind == "video":
            ref = Parsed("channel", self.channel_of_video(ref.value), "id")
        info = self._extract(channel_url(ref), ref)
        total = info.get("playlist_count")
        ids, seen = [], set()
        try:
            for video in self._flatten(info, ref, 0):
                if video not in seen:
                    seen.add(video)
                    ids.append(video)
                    progress(len(ids), total)
        except Exception as error:  # yt-dlp's lazy pages raise many kinds mid-listing
            failure = classify(error, ref)
            if not ids:
                raise failure from error
            log.warning("yt-dlp: listing stopped after %d videos: %s", len(ids), error)
            return self._result(info, ref, ids, total, failure.message)
        return self._result(info, ref, ids, total, "")

    def channel_of_video(self, video_id):
        """The channel ID that uploaded a video, from its watch page."""
        ref = Parsed("video", video_id)
        info = self._extract(f"https://www.youtube.com/watch?v={video_id}", ref)
        channel_id = info.get("channel_id") or ""
        if not CHANNEL_ID.fullmatch(channel_id):
            raise VideoMissing(video_id)
        return channel_id

    def _extract(self, url, ref, depth=0):
        """extract_info(url), following yt-dlp's url results (e.g. /c/ name → channel)."""
        try:
            info = self.extract_info(url)
        except Exception as error:  # DownloadError, ExtractorError, network errors, …
            log.info("yt-dlp: %s: %s", url, error)
            raise classify(error, ref) from error
        if not info:
            raise ChannelMissing(describe(ref))
        if info.get("_type") in {"url", "url_transparent"} and depth < MAX_DEPTH:
            return self._extract(info["url"], ref, depth + 1)
        return info

    def _flatten(self, info, ref, depth):
        """Video IDs from a playlist, descending into nested tab playlists (Videos/Shorts/Live)."""
        for entry in info.get("entries") or ():
            if not entry:
                continue  # yt-dlp yields None for entries it could not read
            kind = entry.get("_type", "video")
            if kind == "playlist" and depth < MAX_DEPTH:
                yield from self._flatten(entry, ref, depth + 1)
            elif kind in {"url", "url_transparent"} and entry.get("ie_key") == "YoutubeTab":
                if depth < MAX_DEPTH:
                    yield from self._flatten(self._extract(entry["url"], ref), ref, depth + 1)
            elif is_video_id(entry.get("id") or ""):
                yield entry["id"]

    def _result(self, info, ref, ids, total, reason):
        """Uploads from the top-level info dict's channel fields."""
        channel_id = info.get("channel_id") or ""
        if not CHANNEL_ID.fullmatch(channel_id):
            channel_id = ref.value if ref.channel_kind == "id" else info.get("id", "")
        title = info.get("channel") or info.get("uploader") or info.get("title") or ""
        handle = info.get("uploader_id") or ""
        return Uploads(channel_id, title, tuple(ids), self.name, time.time(),
                       partial=bool(reason), reason=reason, total=total,
                       handle=handle if handle.startswith("@") else "")
