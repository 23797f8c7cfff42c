"""The real link inside a redirect, consent page or safe-link wrapper of a known host.

Only the hosts below are unwrapped, and only from the parameter or path part that each of
them uses for its target, so an arbitrary site's "?url=" is never followed. Link shorteners
(bit.ly, t.co...) hide their target entirely; `shortener()` names them so the caller can say so.
"""

import base64
import binascii
import re
from urllib.parse import parse_qs, unquote, urlsplit

from .clean import clean, trim

DEPTH = 4  # Outlook safe link → Google redirect → consent page → watch URL is three.

_GOOGLE = r"(?:www\.)?google\.(?:com?\.)?[a-z]{2,3}"
_YOUTUBE = r"(?:www\.|m\.|music\.)?youtube\.com"
# (host, path, query keys holding the target). Hosts and paths are full-match regexes.
_BY_PARAM = [
    (r"consent\.(?:youtube|google)\.(?:com?\.)?[a-z]{2,3}", r".*", ("continue",)),
    (_GOOGLE, r"/url", ("q", "url")),
    (r"accounts\.(?:google|youtube)\.com", r".*", ("continue", "next")),
    (_YOUTUBE, r"/redirect", ("q",)),
    (_YOUTUBE, r"/attribution_link", ("u",)),
    (_YOUTUBE, r"/oembed", ("url",)),
    (_YOUTUBE, r"/(?:signin|login|logout)", ("next", "continue")),
    (r"(?:l|lm|m|www)\.facebook\.com|facebook\.com|l\.messenger\.com", r"/l\.php", ("u",)),
    (r"l\.instagram\.com", r"/?", ("u",)),
    (r"[\w-]+\.safelinks\.protection\.outlook\.com", r".*", ("url",)),
    (r"statics\.teams\.cdn\.office\.net", r".*", ("url",)),
    (r"urldefense\.proofpoint\.com", r"/v1/url", ("u",)),
    (r"(?:www\.)?duckduckgo\.com", r"/l/?", ("uddg",)),
    (r"(?:m\.)?vk\.com", r"/away\.php", ("to",)),
    (r"t\.umblr\.com", r"/redirect", ("z",)),
    (r"slack-redir\.net", r"/link", ("url",)),
    (r"steamcommunity\.com", r"/linkfilter/?", ("url", "u")),
    (r"out\.reddit\.com", r".*", ("url",)),
    (r"(?:www\.)?linkedin\.com", r"/(?:redir/redirect|safety/go)", ("url",)),
    (r"disq\.us", r"/url", ("url",)),
    (r"exit\.sc", r"/?", ("url",)),
    (r"t\.me", r"/iv", ("url",)),
]
_BY_PARAM = [(re.compile(h), re.compile(p), keys) for h, p, keys in _BY_PARAM]
_AMP_PATH = re.compile(r"/amp/(s/)?(.+)", re.DOTALL)
_ARCHIVE_PATH = re.compile(r"/web/[^/]*/(.+)", re.DOTALL)
_PROOFPOINT_V3 = re.compile(r"urldefense\.com/v3/__(.+?)__;", re.DOTALL)
_LOOKS_ENCODED = re.compile(r"[a-z][a-z0-9+.-]*%3A|%2F", re.IGNORECASE)

# YouTube's own hosts wrap a link only on these paths; every other YouTube link is the target.
_YOUTUBE_HOSTS = {"youtube.com", "m.youtube.com", "music.youtube.com", "youtu.be"}
_YOUTUBE_WRAPPER_PATHS = {"/redirect", "/attribution_link", "/oembed", "/signin", "/login",
                          "/logout"}
_SHORT_HINT = re.compile(r"(?:[a-z]+://)?(?:www\.)?[a-z.]{3,12}/", re.IGNORECASE)

SHORTENERS = {"t.co", "bit.ly", "goo.gl", "tinyurl.com", "ow.ly", "buff.ly", "lnkd.in",
              "is.gd", "rb.gy", "cutt.ly", "shorturl.at", "tiny.cc", "s.id", "rebrand.ly",
              "dlvr.it", "fb.me", "bl.ink", "t.ly", "v.gd", "yt.be"}


def unwrap(url):
    """The innermost link of url, following known wrappers up to DEPTH levels deep."""
    for _ in range(DEPTH):
        inner = _inner(url)
        if not inner:
            break
        # Each level may carry its own &amp; or stray punctuation, encoded with it.
        url = trim(clean(inner))
    return url


def shortener(url):
    """The host of a known link shortener that url points at, else ''."""
    if not _SHORT_HINT.match(url):
        return ""
    host = _host(_split(url))
    return host if host in SHORTENERS else ""


def _split(url):
    try:
        return urlsplit(url if "://" in url[:20] else "https://" + url)
    except ValueError:  # an unbalanced "[" in the host part
        return None


def _host(parts):
    try:
        return (parts.hostname or "").lower().removeprefix("www.") if parts else ""
    except ValueError:
        return ""


def _inner(url):
    """The link one wrapper level down, or None when url is not a known wrapper."""
    parts = _split(url)
    host = _host(parts)
    if not host or host in _YOUTUBE_HOSTS and parts.path not in _YOUTUBE_WRAPPER_PATHS:
        return None
    full_host = parts.hostname.lower()
    for host_re, path_re, keys in _BY_PARAM:
        if host_re.fullmatch(full_host) and path_re.fullmatch(parts.path or "/"):
            return _from_query(parts, keys, host)
    return _special(url, parts, host)


def _from_query(parts, keys, host):
    query = parse_qs(parts.query, keep_blank_values=True)
    for key in keys:
        value = (query.get(key) or [""])[0].strip()
        if value:
            value = _decoded(value)
            if value.startswith("/") and host.endswith("youtube.com"):
                return "https://www.youtube.com" + value
            return value
    return None


def _special(url, parts, host):
    """Wrappers that keep the target in their path or in an encoding of their own."""
    path = parts.path
    if re.fullmatch(_GOOGLE, host) and (amp := _AMP_PATH.fullmatch(path)):
        # AMP keeps the target's "?" and "=" percent-encoded in its own path.
        target = amp.group(2) + _query(parts)
        target = unquote(target) if "?" not in target else target
        return ("https://" if amp.group(1) else "http://") + target
    if host == "web.archive.org" and (archived := _ARCHIVE_PATH.fullmatch(path)):
        return _decoded(archived.group(1)) + _query(parts)
    if host == "urldefense.proofpoint.com" and path == "/v2/url":
        # Proofpoint v2 writes "%" as "-" and "/" as "_" in its u= parameter.
        value = (parse_qs(parts.query).get("u") or [""])[0]
        return unquote(value.replace("-", "%").replace("_", "/")) or None
    if host == "urldefense.com" and (v3 := _PROOFPOINT_V3.search(url)):
        return v3.group(1)
    if host == "deturl.com" and "/" in path[1:]:  # deturl.com/www.youtube.com/watch?v=…
        return path[1:] + _query(parts)
    if host == "href.li":
        return parts.query or None
    if host == "bing.com" and path == "/ck/a":
        return _bing(parts)
    if host.endswith(".translate.goog"):
        return _translated(parts)
    return None


def _query(parts):
    return "?" + parts.query if parts.query else ""


def _decoded(value):
    """A target URL that was percent-encoded once more than its wrapper needed.

    Only while the URL's own start is still encoded ("https%3A%2F%2F…", "www.youtube.com%2F…"):
    decoding a URL that reads plainly would also decode the parameters of a wrapper inside it.
    """
    for _ in range(3):
        head = value.split("/", 1)[0]
        if not (_LOOKS_ENCODED.match(value) or "%2F" in head.upper()):
            break
        value = unquote(value)
    return value


def _bing(parts):
    # Bing's click-tracking link carries the target base64url-encoded after "a1" in u=.
    value = (parse_qs(parts.query).get("u") or [""])[0]
    if not value.startswith("a1"):
        return None
    try:
        return base64.urlsafe_b64decode(value[2:] + "=" * (-len(value[2:]) % 4)).decode()
    except (binascii.Error, ValueError):
        return None


def _translated(parts):
    # Google Translate proxies www.youtube.com as www-youtube-com.translate.goog ("--" is "-").
    label = parts.hostname.lower().removesuffix(".translate.goog")
    host = label.replace("--", "\0").replace("-", ".").replace("\0", "-")
    query = "&".join(p for p in parts.query.split("&") if not p.startswith("_x_tr_"))
    return f"https://{host}{parts.path}" + (f"?{query}" if query else "")
