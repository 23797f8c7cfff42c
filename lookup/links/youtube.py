"""What a YouTube URL names, in raw pieces: the caller checks the IDs.

The shapes follow yt-dlp's YouTube extractors (youtube/_video.py, _tab.py, _redirect.py):
the hosts and mirrors it accepts, v= on any watch-like page, /shorts/ /embed/ /live/ /v/ /e/
paths, the "#/" redirect fragment, channel pages with any tab after the channel, and
/embed/live_stream?channel= and /embed/videoseries?list=. Older forms YouTube still answers
(ytscreeningroom, "#p/u/1/ID" fragments, vnd.youtube:) and YouTube Studio are ours.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from ..i18n import N_


@dataclass(frozen=True)
class Match:
    """kind: video, channel, playlist, search or invalid; value: the raw ID, name or message."""

    kind: str
    value: str
    channel_kind: str = ""  # for channels: id, handle, custom or user
    start: int | None = None


NOT_YOUTUBE = N_("That is not a YouTube video or channel link.")
NO_VIDEO = N_("That YouTube link does not name a video: it may have been cut off. Copy the "
              "whole address again.")

# Hosts that serve YouTube's pages under YouTube's paths (yt-dlp's list, less the dead ones).
_MIRRORS = {"youtube-nocookie.com", "youtubekids.com", "youtube.googleapis.com", "hooktube.com",
            "yourepeat.com", "pwnyoutube.com", "zwearz.com"}
# Invidious and Piped front ends: YouTube's paths, plus /ID as on youtu.be.
_FRONT_ENDS = {"yewtu.be", "invidio.us", "piped.video"}
_FRONT_END_LABEL = re.compile(r"(?:^|\.)(?:invidious|invidio|piped)[\w-]*\.")
_SHORT_HOSTS = {"youtu.be", "vid.plus"}
_THUMBS = re.compile(r"(?:i\d?|img|s)\.ytimg\.com")
_ID_SHAPE = re.compile(r"[A-Za-z0-9_-]{11}")
# Paths whose next segment is the video ID.
_VIDEO_HEADS = {"shorts", "embed", "e", "v", "vi", "live", "watch", "vi_webp", "an_webp", "sb",
                "an", "source"}
# Pages that take the video from v= (yt-dlp: (watch|movie)(_popup)?(.php)? or nothing).
_WATCH_PAGES = {"", "watch", "watch_popup", "watch.php", "movie", "movie_popup",
                "ytscreeningroom", "embed", "v", "e", "watch_videos", "tv"}
# Top-level names that are YouTube's own pages, never a legacy channel name (yt-dlp's list
# of reserved names, plus pages it has no use for).
_RESERVED = {"channel", "c", "user", "playlist", "watch", "w", "v", "embed", "e", "live",
             "watch_popup", "clip", "shorts", "movies", "results", "search", "shared",
             "hashtag", "trending", "explore", "feed", "feeds", "browse", "oembed",
             "get_video_info", "iframe_api", "s", "source", "storefront", "oops", "index",
             "account", "t", "about", "upload", "signin", "logout", "premium", "kids", "music",
             "gaming", "redirect", "attribution_link", "vi", "vi_webp", "yts", "post",
             "howyoutubeworks", "creators", "ads", "news", "course", "reporthistory",
             "account_notifications", "paid_memberships", "sw.js", "favicon.ico", "robots.txt"}
_PAGES = {
    "clip": N_("That is a clip link: it names a clip, not the video it was cut from. Open it "
               "and copy the address of the full video instead."),
    "post": N_("That is a community post, not a video. Paste the channel or the video "
               "instead."),
    "hashtag": N_("That is a hashtag page, not a video or channel."),
    "feed": N_("That is one of YouTube's feeds, not a video or channel."),
    "shared": N_("That is a shared clip or moment: open it and copy the address of the video."),
}
_HOME = N_("That is YouTube's home page, not a video or channel.")
_STUDIO_HOME = N_("That is a YouTube Studio page that names no video or channel. Open the "
                  "video in Studio and copy the address of its Details page.")


def match(url):
    """The Match for an absolute or scheme-less URL, or None when it is not YouTube's."""
    scheme, colon, rest = url.partition(":")
    if colon and scheme.lower() in {"vnd.youtube", "youtube"}:
        return _app_link(rest)
    if colon and scheme.lower() == "ytuser":
        return Match("channel", rest, "user")
    try:
        parts = urlsplit(url if "://" in url[:20] else "https://" + url.lstrip("/"))
        host = (parts.hostname or "").lower().removeprefix("www.")
    except ValueError:
        return None
    kind = _host_kind(host)
    if kind is None:
        return None
    path, query, fragment = _pieces(parts)
    if kind == "studio":
        return _studio(path)
    if kind == "short" or kind == "front end" and len(path) == 1 and _ID_SHAPE.fullmatch(path[0]):
        return _video(path[0] if path else "", query, fragment)
    if host == "cleanvideosearch.com":
        return _video(_first(query, "videoId"), query) if _first(query, "videoId") else None
    return _page(path, query, fragment)


def _host_kind(host):
    if host in _SHORT_HOSTS:
        return "short"
    if host == "studio.youtube.com":
        return "studio"
    if host == "youtube.com" or host.endswith(".youtube.com") or host in _MIRRORS:
        return "page"
    if host in _FRONT_ENDS or _FRONT_END_LABEL.search(host + "."):
        return "front end"
    if _THUMBS.fullmatch(host) or host == "cleanvideosearch.com":
        return "page"
    return None


def _pieces(parts):
    """(path segments, query dict, fragment) with the usual slips undone."""
    path, query = parts.path, parts.query
    if not query and "&" in path:  # youtu.be/ID&feature=share, /watch&v=ID
        path, _, query = path.partition("&")
    # A second "?" where "&" was meant: watch?v=ID?si=... (also in the fragment).
    query = query.replace("?", "&")
    segments = [unquote(s) if "%" in s else s for s in path.split("/") if s]
    return segments, parse_qs(query, keep_blank_values=True), parts.fragment


def _page(path, query, fragment, nested=False):
    head = path[0].lower() if path else ""
    if fragment.startswith(("/", "!/")) and not _first(query, "v") and not nested:
        # m.youtube.com/#/watch?v=ID: the page is in the fragment (one level: "#/#/…" stops).
        inner = urlsplit("https://www.youtube.com/" + fragment.lstrip("!/"))
        return _page(*_pieces(inner), nested=True)
    if head in _WATCH_PAGES and (video := _first(query, "v", "vi") or _fragment_v(fragment)):
        return _video(video, query, fragment)
    if head == "embed":
        special = _embed(path, query)
        if special is not None:
            return special
    if head in _VIDEO_HEADS and len(path) >= 2:
        if head != "source" or path[2:3] == ["shorts"]:  # /source/ID/shorts: a video's sound
            return _video(path[1], query, fragment)
    if head in {"", "playlist", "watch"} and _first(query, "list"):
        return _playlist(_first(query, "list"))
    if head in {"results", "search"}:
        text = _first(query, "search_query", "q")
        return Match("search", text) if text else Match("invalid", NOT_YOUTUBE)
    if not path and not query:
        return Match("invalid", _HOME)
    if head in _WATCH_PAGES:
        return Match("invalid", NO_VIDEO)
    if head in _PAGES:
        return Match("invalid", _PAGES[head])
    return _channel_page(path, fragment)


def _embed(path, query):
    """/embed/videoseries?list=, /embed/live_stream?channel=, /embed?listType=…&list=…"""
    kind = path[1] if len(path) >= 2 else _first(query, "listType") or "playlist"
    if kind == "live_stream":  # the channel's current live stream: the channel
        return Match("channel", _first(query, "channel"), "id")
    value = _first(query, "list")
    if kind == "videoseries" or len(path) == 1 and kind == "playlist" and value:
        return _playlist(value)
    if len(path) == 1 and kind == "user_uploads" and value:
        return Match("channel", value, "user")
    if len(path) == 1 and kind == "search" and value:
        return Match("search", value)
    return None


def _channel_page(path, fragment):
    """A channel page (any tab after it), or a legacy "#p/u/1/ID" video on one."""
    legacy = _legacy_fragment(fragment)
    if legacy:
        return Match("video", legacy)
    head, rest = path[0], path[1:]
    kind = head.lower()
    if kind == "browse" and rest:
        return _browse(rest[0])
    if kind in {"channel", "c", "user"}:
        if not rest:
            return Match("invalid", NOT_YOUTUBE)
        return Match("channel", rest[0], {"channel": "id", "c": "custom"}.get(kind, kind))
    if head.startswith("@"):
        return Match("channel", head, "handle")
    if kind in _RESERVED or kind.endswith((".php", ".html", ".js", ".xml", ".txt")):
        return Match("invalid", NOT_YOUTUBE)
    return Match("channel", head, "custom")


def _video(candidate, query, fragment=""):
    return Match("video", candidate.split("&")[0].strip(), start=_start(query, fragment))


def _playlist(list_id):
    # A channel's uploads list is UU + the channel ID's last 22 symbols (UUMO, UULF, UUSH...
    # are its members-only, long-form and shorts subsets): answer for the channel.
    if list_id.startswith("UU") and len(list_id) in (24, 26):
        return Match("channel", "UC" + list_id[-22:], "id")
    return Match("playlist", list_id)


def _browse(value):
    # music.youtube.com/browse/UC… is an artist channel, /browse/VLPL… a playlist.
    if value.startswith("UC"):
        return Match("channel", value, "id")
    if value.startswith("VL"):
        return _playlist(value[2:])
    return Match("invalid", N_("That is an album or page of YouTube Music, not a video or "
                               "channel. Open a song and copy its link."))


def _studio(path):
    head = path[0].lower() if path else ""
    if head == "video" and len(path) >= 2:
        return Match("video", path[1])
    if head == "channel" and len(path) >= 2:
        return Match("channel", path[1], "id")
    if head == "playlist" and len(path) >= 2:
        return _playlist(path[1])
    return Match("invalid", _STUDIO_HOME)


def _app_link(rest):
    """vnd.youtube:ID, vnd.youtube://ID?t=30, youtube://watch?v=ID (links that open the app)."""
    rest = rest.lstrip("/")
    first = re.split(r"[/?&#]", rest, maxsplit=1)[0]
    if "." in first:
        return match("https://" + rest)
    if first.lower() in (_WATCH_PAGES | _VIDEO_HEADS) - {""}:
        return match("https://www.youtube.com/" + rest)
    query = parse_qs(rest.partition("?")[2].replace("?", "&"))
    return Match("video", first, start=_start(query, ""))


def _legacy_fragment(fragment):
    """The video of a 2010-era channel-page fragment: #p/u/1/ID, #p/a/u/2/ID, #p/c/PL…/0/ID."""
    if not fragment.startswith("p/"):
        return ""
    last = fragment.rstrip("/").rsplit("/", 1)[-1]
    return last if re.fullmatch(r"[A-Za-z0-9_-]{11}", last) else ""


def _fragment_v(fragment):
    """v= in a "#!v=ID" or "#v=ID" fragment."""
    return _first(parse_qs(fragment.lstrip("!").replace("?", "&")), "v")


def _first(query, *keys):
    for key in keys:
        values = query.get(key)
        if values and values[0].strip():
            return values[0].strip()
    return ""


_TIME = re.compile(r"(?:(\d{1,6})h)?(?:(\d{1,6})m)?(?:(\d{1,9})(?:\.\d*)?s?)?")


def _start(query, fragment):
    """Seconds from t=, start= or time_continue=, or a #t= / #at= fragment: 90, 90s, 1h2m3s."""
    raw = _first(query, "t", "start", "time_continue")
    if not raw and fragment:
        raw = _first(parse_qs(fragment.replace("?", "&")), "t", "at")
    found = _TIME.fullmatch(raw) if raw else None
    if not found or not any(found.groups()):
        return None
    hours, minutes, seconds = (int(g or 0) for g in found.groups())
    return hours * 3600 + minutes * 60 + seconds
