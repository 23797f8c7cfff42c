"""Turn anything a person may paste into a video ID or channel reference; pack IDs into int64."""

import base64
import binascii
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

# A video ID is 11 base64url symbols = 66 bits, but only 64 carry data: the last symbol's two
# low bits are always zero, so it is one of the 16 symbols below. That makes an ID exactly one
# signed 64-bit integer, which is how the index stores it. (Every fourth symbol of _B64URL.)
_B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{10}[AEIMQUYcgkosw048]")
_VIDEO_ID_SHAPE = re.compile(r"[A-Za-z0-9_-]{11}")
CHANNEL_ID = re.compile(r"UC[A-Za-z0-9_-]{21}[AQgw]")
PLAYLIST_ID = re.compile(r"(?:PL|UU|LL|FL|OL|RD|UL|PU)[A-Za-z0-9_-]{10,}")
# Handles are 3-30 characters: letters (any script), digits, '_', '-', '.', '·'.
HANDLE = re.compile(r"[\w.\-\u00b7]{3,30}")
_CUSTOM = re.compile(r"[\w.\-]{1,100}")

_HOSTS = {"youtube.com", "m.youtube.com", "music.youtube.com", "gaming.youtube.com",
          "youtube-nocookie.com", "youtu.be", "i.ytimg.com", "img.youtube.com",
          "i1.ytimg.com", "i2.ytimg.com", "i3.ytimg.com", "i4.ytimg.com"}
_VIDEO_PATHS = {"shorts", "embed", "live", "v", "e", "watch", "vi", "vi_webp"}
_CHANNEL_TABS = {"videos", "shorts", "streams", "featured", "playlists", "community",
                 "about", "live", "podcasts", "releases", "store", "search", "channels"}
# Top-level paths that are YouTube's own pages, never a legacy custom channel name.
_RESERVED = {"watch", "results", "feed", "playlist", "account", "premium", "about", "t",
             "howyoutubeworks", "kids", "gaming", "music", "upload", "signin", "logout",
             "redirect", "hashtag", "channel", "c", "user", "shorts", "embed", "live",
             "attribution_link", "oembed", "v", "e", "vi", "vi_webp", "s", "yts", "post"}

NOT_YOUTUBE = "That is not a YouTube video or channel link."


@dataclass(frozen=True)
class Parsed:
    """What a pasted text was understood as."""

    kind: str  # video, channel, playlist, name or invalid
    value: str = ""  # video ID, channel value, playlist ID, name text, or the error message
    channel_kind: str = ""  # for channels: id, handle, custom or user
    start: int | None = None  # seconds, from &t= on a video link

    @property
    def message(self):
        return self.value if self.kind == "invalid" else ""


def is_video_id(text):
    """True when text is a well-formed 11-character video ID."""
    return VIDEO_ID.fullmatch(text) is not None


def id_to_int(video_id):
    """Pack an 11-character video ID into a signed 64-bit integer."""
    if VIDEO_ID.fullmatch(video_id) is None:
        raise ValueError(f"not a valid YouTube video ID: {video_id!r}")
    return checked_id_to_int(video_id)


def canonical_id(text):
    """The canonical form of an 11-symbol base64url ID, or None when text has another shape.

    Before 2020 YouTube accepted IDs whose last symbol carries non-zero low bits (e.g.
    -sHIYAaJ7CK); they name the same 64 bits, and so the same video, as the symbol with those
    bits cleared (-sHIYAaJ7CI).
    """
    if _VIDEO_ID_SHAPE.fullmatch(text) is None:
        return None
    last = _B64URL.index(text[10]) & ~3
    return text[:10] + _B64URL[last]


def checked_id_to_int(video_id):
    """id_to_int for an ID the caller has already matched against VIDEO_ID."""
    # The hot loops of ingest and lookup call this per ID, hence no urlsafe_b64decode wrapper.
    standard = video_id.replace("-", "+").replace("_", "/")
    return int.from_bytes(binascii.a2b_base64(standard + "="), "big", signed=True)


def int_to_id(number):
    """Unpack a signed 64-bit integer into its 11-character video ID."""
    return base64.urlsafe_b64encode(number.to_bytes(8, "big", signed=True))[:11].decode()


def parse(text):
    """Understand one pasted text as a video, channel, playlist, name or nothing valid."""
    text = _clean(text)
    if not text:
        return Parsed("invalid", "Paste a YouTube video or channel link, or an @handle.")
    if len(text) > 2000:
        return Parsed("invalid", "That text is too long to be a YouTube link.")
    bare = _parse_bare(text)
    if bare is not None:
        return bare
    if not _looks_like_url(text):
        return Parsed("name", " ".join(text.split()))
    return _parse_url(text)


def _clean(text):
    text = (text or "").strip().strip("<>\"'").strip()
    return text


def _parse_bare(text):
    if VIDEO_ID.fullmatch(text):
        return Parsed("video", text)
    if _VIDEO_ID_SHAPE.fullmatch(text) and not text.isalpha():
        return Parsed("invalid", f"{text} looks like a video ID but cannot be one: "
                                 "its last character is not possible in a YouTube ID.")
    if CHANNEL_ID.fullmatch(text):
        return Parsed("channel", text, "id")
    if text.startswith("@"):
        return _handle(text[1:])
    return None


def _looks_like_url(text):
    if re.match(r"[a-z][a-z0-9+.-]*://", text, re.I):
        return True
    if " " in text:
        return False
    return re.match(r"(?:[\w-]+\.)+[a-z]{2,}(?:[/:?#]|$)", text, re.I) is not None


def _parse_url(text):
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
    except ValueError:
        return Parsed("invalid", NOT_YOUTUBE)
    host = host.removeprefix("www.")
    if host not in _HOSTS:
        return Parsed("invalid", NOT_YOUTUBE)
    query = parse_qs(parts.query)
    segments = [unquote(s) for s in parts.path.split("/") if s]
    if host == "youtu.be":
        return _video(segments[0] if segments else "", query)
    return _parse_youtube_path(segments, query)


def _parse_youtube_path(segments, query):
    head = segments[0] if segments else ""
    if head == "watch" and len(segments) == 1:
        return _video(_first(query, "v"), query)
    if head in _VIDEO_PATHS and len(segments) >= 2:
        return _video(segments[1], query)
    if head == "attribution_link" or head == "oembed":
        inner = _first(query, "u") or _first(query, "url")
        if inner.startswith("/"):
            inner = "https://www.youtube.com" + inner
        return _parse_url(inner) if inner else Parsed("invalid", NOT_YOUTUBE)
    if head == "playlist":
        return _playlist(_first(query, "list"))
    return _parse_channel_path(segments)


def _parse_channel_path(segments):
    if not segments:
        return Parsed("invalid", NOT_YOUTUBE)
    head, rest = segments[0], segments[1:]
    if head in {"channel", "c", "user"}:
        head, rest = head + "/" + (rest[0] if rest else ""), rest[1:]
    if rest and rest[0] not in _CHANNEL_TABS:
        return Parsed("invalid", NOT_YOUTUBE)
    kind, _, value = head.rpartition("/")
    if head.startswith("@"):
        return _handle(head[1:])
    if kind == "channel":
        return Parsed("channel", value, "id") if CHANNEL_ID.fullmatch(value) else \
            Parsed("invalid", "That channel link has no valid channel ID (UC…).")
    if kind in {"c", "user"} and _CUSTOM.fullmatch(value):
        return Parsed("channel", value, "custom" if kind == "c" else "user")
    if not kind and head not in _RESERVED and _CUSTOM.fullmatch(head):
        return Parsed("channel", head, "custom")
    return Parsed("invalid", NOT_YOUTUBE)


def _first(query, key):
    values = query.get(key) or [""]
    return values[0].strip()


def _video(candidate, query):
    candidate = candidate.split("&")[0].strip()
    if VIDEO_ID.fullmatch(candidate):
        return Parsed("video", candidate, start=_start(query))
    if candidate:
        return Parsed("invalid", f"The link names a video ID “{candidate[:40]}” that is not "
                                 "a valid YouTube video ID.")
    return Parsed("invalid", "That YouTube link does not name a video.")


def _playlist(list_id):
    if PLAYLIST_ID.fullmatch(list_id):
        return Parsed("playlist", list_id)
    return Parsed("invalid", "That playlist link has no valid playlist ID.")


def _handle(name):
    if HANDLE.fullmatch(name):
        return Parsed("channel", "@" + name, "handle")
    return Parsed("invalid", f"@{name[:40]} is not a valid YouTube handle.")


def _start(query):
    """Seconds from a t= or start= parameter such as 90, 90s or 1h2m3s."""
    raw = _first(query, "t") or _first(query, "start")
    match = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?", raw)
    if not raw or match is None:
        return None
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds
