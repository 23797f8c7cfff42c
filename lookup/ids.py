"""YouTube IDs: their shapes, the 11-symbol <-> int64 codec, and what a pasted text names."""

import base64
import binascii
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from struct import Struct

from .i18n import N_
from .links import youtube
from .links.clean import clean, trim
from .links.find import links
from .links.unwrap import shortener, unwrap

# A video ID is 11 base64url symbols = 66 bits, but only 64 carry data: the last symbol's two
# low bits are always zero, so it is one of the 16 symbols below. That makes an ID exactly one
# signed 64-bit integer, which is how the index stores it. (Every fourth symbol of _B64URL.)
_B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{10}[AEIMQUYcgkosw048]")
_VIDEO_ID_SHAPE = re.compile(r"[A-Za-z0-9_-]{11}")
_ID_SYMBOLS = re.compile(r"[A-Za-z0-9_-]+")
CHANNEL_ID = re.compile(r"UC[A-Za-z0-9_-]{21}[AQgw]")
# yt-dlp's playlist prefixes (_PLAYLIST_ID_RE), and the fixed names of a user's own lists.
PLAYLIST_ID = re.compile(r"(?:PL|LL|EC|UU|FL|RD|UL|TL|PU|OL)[A-Za-z0-9_-]{10,}|RDMM|WL|LL|LM")
_BARE_PLAYLIST = re.compile(r"(?:PL|OLAK5uy_)[A-Za-z0-9_-]{16,}")
# Handles are 3-30 characters: letters (any script), digits, '_', '-', '.', '·'.
HANDLE = re.compile(r"[\w.\-\u00b7]{3,30}")
_CUSTOM = re.compile(r"[\w.\-]{1,100}")
# The link most rows of a dataset file hold, answered without the whole pipeline.
_WATCH_URL = re.compile(r"(?:https?://)?(?:www\.)?youtube\.com/watch\?v=([A-Za-z0-9_-]{10}"
                        r"[AEIMQUYcgkosw048])")
_PARTIAL_WATCH = re.compile(r"/?(?:watch)?\??(v=\S+)")
_ID_WITH_PARAMS = re.compile(r"[A-Za-z0-9_-]{11}[?&#]\S*")
_SPACE = re.compile(r"\s")
MAX_LENGTH = 2000
NOT_YOUTUBE = youtube.NOT_YOUTUBE


@dataclass(frozen=True)
class Parsed:
    """What a pasted text was understood as."""

    kind: str  # video, channel, playlist, name or invalid
    value: str = ""  # video ID, channel value, playlist ID, name text, or the error message
    channel_kind: str = ""  # for channels: id, handle, custom or user
    start: int | None = None  # seconds, from &t= on a video link
    mapped_from: str = ""  # the non-canonical video ID pasted, when value is its canonical form

    @property
    def message(self):
        return self.value if self.kind == "invalid" else ""

    @property
    def as_written(self):
        """The video ID as the text spelled it (non-canonical spellings kept): what dataset
        readers hand on, so the ingest maps it and counts the mapping."""
        return self.mapped_from or self.value


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


# Many IDs are checked and decoded together as one text: each ID followed by "A\n". The "A"
# (six zero bits) makes an ID's 66 bits nine whole bytes of base64; the newline, which no ID
# holds and which base64 decoding skips, pins where each ID starts.
_JOINED_IDS = re.compile(r"(?:[A-Za-z0-9_-]{10}[AEIMQUYcgkosw048]A\n)*")
_PER_ID = 13
_BLOCK = 64  # IDs per struct unpack: a fixed format, so none is compiled per list length
_BLOCK_KEYS = Struct(">" + "qx" * _BLOCK)


def are_video_ids(texts):
    """True when each of texts (a list or tuple of str) matches VIDEO_ID; one regex pass over
    them all, several times cheaper than a match per ID."""
    return _joined_if_ids(texts) is not None


def ids_to_ints(video_ids):
    """[id_to_int(v) for v in video_ids] (a list or tuple of str), decoded in one pass over
    them all; ValueError unless every one matches VIDEO_ID."""
    text = _joined_if_ids(video_ids)
    if text is None:
        raise ValueError("ids_to_ints() takes well-formed video IDs only")
    raw = binascii.a2b_base64(text.replace("-", "+").replace("_", "/"))
    whole = len(video_ids) // _BLOCK * _BLOCK * (_PER_ID - 4)  # 9 bytes per ID
    keys = list(chain.from_iterable(_BLOCK_KEYS.iter_unpack(raw[:whole])))
    keys += _tail_keys(len(video_ids) % _BLOCK).unpack_from(raw, whole)
    return keys


def _joined_if_ids(texts):
    """The texts each followed by "A\n", or None unless each one matches VIDEO_ID."""
    text = "A\n".join(texts) + "A\n" if texts else ""
    # The length rules out an item holding a newline, which could pass for two IDs.
    if len(text) != _PER_ID * len(texts) or _JOINED_IDS.fullmatch(text) is None:
        return None
    return text


@lru_cache(maxsize=_BLOCK)
def _tail_keys(count):
    return Struct(">" + "qx" * count)


def int_to_id(number):
    """Unpack a signed 64-bit integer into its 11-character video ID."""
    return base64.urlsafe_b64encode(number.to_bytes(8, "big", signed=True))[:11].decode()


def parse(text):
    """Understand one pasted text as a video, channel, playlist, name or nothing valid.

    The pipeline (lookup.links): clean invisible characters and escaped ampersands, find the
    link in a sentence, unwrap known redirect and consent pages, match YouTube's URL shapes,
    then validate the IDs here; a non-canonical video ID is mapped to its canonical form
    (Parsed.mapped_from keeps what was pasted). Never raises; "invalid" carries a message.
    """
    if text.__class__ is str and len(text) == 11 and VIDEO_ID.fullmatch(text):
        return Parsed("video", text)  # a bare ID, as lists and the bulk API mostly send
    text = clean(text if isinstance(text, str) else "")
    if not text:
        return Parsed("invalid", N_("Paste a YouTube video or channel link, or an @handle."))
    if len(text) > MAX_LENGTH:
        return Parsed("invalid", N_("That text is too long to be a YouTube link."))
    fast = _WATCH_URL.fullmatch(text)
    if fast:  # the common case, kept cheap for the ingest readers that parse every row's link
        return Parsed("video", fast.group(1))
    token = trim(text) or text
    if _SPACE.search(token):
        return _parse_prose(token)
    bare = _parse_bare(token)
    if bare is not None:
        return bare
    return _parse_link(token) if _looks_like_url(token) else _parse_prose(token)


def is_word(token):
    """True for a token spelled like a word (one case, or Capitalised), not like a random ID."""
    return token.isalpha() and (token.islower() or token.isupper() or token.istitle())


def _parse_bare(token):
    """An ID, a near-miss ID or an @handle typed on its own; None for anything else."""
    if VIDEO_ID.fullmatch(token):
        return Parsed("video", token)
    if _VIDEO_ID_SHAPE.fullmatch(token) and not is_word(token):
        return _video(token)
    if CHANNEL_ID.fullmatch(token):
        return Parsed("channel", token, "id")
    if token.startswith("@") and "/" not in token:
        return _handle(token[1:])
    if _ID_SYMBOLS.fullmatch(token) and len(token) in (10, 12) and not is_word(token):
        return Parsed("invalid", _not_a_video_id(token))
    if _ID_SYMBOLS.fullmatch(token) and token.startswith("UC") and len(token) in (23, 24, 25):
        return Parsed("invalid", N_("“%(token)s” looks like a channel ID, but is not one: "
                                    "channel IDs are UC and 22 more characters, the last of "
                                    "them A, Q, g or w. Copy it again.", token=token))
    if _BARE_PLAYLIST.fullmatch(token):
        return _validate(youtube.Match("playlist", token))
    # Part of an address bar: "watch?v=ID&t=30", "v=ID", or an ID with its parameters.
    if partial := _PARTIAL_WATCH.fullmatch(token):
        return _parse_link("https://www.youtube.com/watch?" + partial.group(1))
    if _ID_WITH_PARAMS.fullmatch(token):
        return _parse_link("https://youtu.be/" + token)
    return None


def _looks_like_url(token):
    if re.match(r"(?:[a-z][a-z0-9+.-]*://|//|vnd\.youtube:|youtube:|ytuser:)", token, re.I):
        return True
    return re.match(r"(?:[\w-]+\.)+[a-z]{2,}(?:[/:?#&]|$)", token, re.I) is not None


def _parse_prose(text):
    """A sentence or snippet: the first link in it that names something, else a name search."""
    answers = [_parse_link(link) for link in links(text)]
    named = [a for a in answers if a.kind != "invalid"]
    if named or answers:
        return (named or answers)[0]
    words = trim(text).split()
    # "dQw4w9WgXcQ Never Gonna Give You Up": an ID followed by its title, as in many exports.
    first = _parse_bare(trim(words[0])) if len(words) > 1 and not is_word(words[0]) else None
    if first is not None and first.kind == "video":
        return first
    return Parsed("name", " ".join(words)) if words else Parsed("invalid", NOT_YOUTUBE)


def _parse_link(url):
    url = unwrap(url)
    short = shortener(url)
    if short:
        return Parsed("invalid", N_("That is a %(short)s short link, which hides where it "
                                    "leads. Open it and paste the YouTube address it leads to.",
                                    short=short))
    found = youtube.match(url)
    return _validate(found) if found is not None else Parsed("invalid", NOT_YOUTUBE)


def _validate(found):
    """Check the raw pieces a YouTube URL named; turn them into a Parsed."""
    kind, value = found.kind, found.value
    if kind == "video":
        return _video(value, found.start)
    if kind == "playlist":
        if PLAYLIST_ID.fullmatch(value):
            return Parsed("playlist", value)
        return Parsed("invalid", N_("That playlist link has no valid playlist ID."))
    if kind == "search":
        words = " ".join(value.split())[:200]
        return Parsed("name", words) if words else Parsed("invalid", NOT_YOUTUBE)
    if kind == "channel":
        return _channel(value, found.channel_kind)
    return Parsed("invalid", value)


def _video(candidate, start=None):
    if VIDEO_ID.fullmatch(candidate):
        return Parsed("video", candidate, start=start)
    canonical = canonical_id(candidate)
    if canonical is not None:
        return Parsed("video", canonical, start=start, mapped_from=candidate)
    return Parsed("invalid", _not_a_video_id(candidate))


def _not_a_video_id(candidate):
    shown = candidate[:40]
    if not candidate:
        return N_("That YouTube link does not name a video.")
    if not _ID_SYMBOLS.fullmatch(candidate):
        return N_("The link names a video ID “%(shown)s” that is not a valid YouTube video ID.",
                  shown=shown)
    count = len(candidate)
    if count < 11:
        return N_("“%(shown)s” looks like a truncated video ID: it has %(count)s characters, "
                  "and a YouTube video ID has 11. Copy the whole link or ID again.",
                  shown=shown, count=count)
    return N_("“%(shown)s” is too long for a video ID: it has %(count)s characters, and a "
              "YouTube video ID has 11. Copy the link or ID again, without anything stuck to "
              "it.", shown=shown, count=count)


def _channel(value, channel_kind):
    if channel_kind == "handle":
        return _handle(value.removeprefix("@"))
    if channel_kind == "id":
        if CHANNEL_ID.fullmatch(value):
            return Parsed("channel", value, "id")
        return Parsed("invalid", N_("That channel link has no valid channel ID (UC…)."))
    if _CUSTOM.fullmatch(value):
        return Parsed("channel", value, channel_kind)
    return Parsed("invalid", NOT_YOUTUBE)


def _handle(name):
    if HANDLE.fullmatch(name):
        return Parsed("channel", "@" + name, "handle")
    return Parsed("invalid", N_("@%(name)s is not a valid YouTube handle.", name=name[:40]))
