"""The contract every reader follows, and the small parsers they share.

A reader is a module in lookup/formats/ with:
  DOC     the URL of the official document (README, paper) whose format it follows;
  BINARY  True when it wants a binary stream (TFRecord), else it gets text (UTF-8);
  OPTIONS a dict of option name -> help text for the keyword arguments read() accepts;
  LINES   (optional) True when every line stands alone, so read() may be given any run of
          whole lines (numbered from 1; a list of bytes lines as well as a text stream) and
          the ingest parses blocks of lines in parallel;
  read(stream, **options) -> iterator of Row or Reject, streaming: never the whole file.
A reader checks the file's structure; the ingest checks each video ID and dedupes.

Readers whose files also carry per-video metadata (titles, channels) say METADATA = True:
their read() then also takes on_meta, a callable given one VideoMeta per video the file
describes, during the same pass (the ingest gets rows and descriptions from one reading of a
file, which matters for parquet, copied to a temporary file first). Without on_meta read()
reads only what memberships need. read_metadata(stream) yields the VideoMetas alone.
"""

import re
from typing import NamedTuple


class Row(NamedTuple):
    """One clip (or one video, for lists without spans) read from a dataset file."""

    line: int  # 1-based line number, or record number for binary formats
    video_id: str  # the 11-character YouTube ID, with any dataset prefix (v_) removed
    start: int | None = None  # clip start, milliseconds
    end: int | None = None  # clip end, milliseconds
    caption: str | None = None


class VideoMeta(NamedTuple):
    """What a dataset file says about one video besides its membership ("" = not given)."""

    video_id: str
    title: str = ""
    channel_name: str = ""
    channel_id: str = ""
    date: str = ""  # as the file writes it (often YYYYMMDD or YYYY-MM-DD)


class Reject(NamedTuple):
    """A line that could not be read, with a reason a person can act on."""

    line: int
    code: str  # short category for the summary: bad_json, missing_field, bad_time, unresolved…
    reason: str
    text: str = ""  # the offending text, cut to 200 characters

    @classmethod
    def of(cls, line, code, reason, text=""):
        """A Reject with its text cut to a readable length."""
        return cls(line, code, reason, str(text)[:200])


_HEAD = re.compile(r"[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}")
_HMS = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)")


def timestamp_ms(text):
    """Milliseconds from '00:03:10.567', '3:10.5' or '190.567'; ValueError if neither."""
    text = text.strip()
    match = _HMS.fullmatch(text)
    if match is None:
        return ms(text)
    hours, minutes, seconds = match.groups()
    return (int(hours or 0) * 3600 + int(minutes) * 60) * 1000 + round(float(seconds) * 1000)


def ms(seconds):
    """Milliseconds from seconds given as a number or numeric string; ValueError if negative."""
    value = float(seconds)
    # NaN fails both comparisons, so it is refused here too.
    if not 0 <= value < 2_000_000:
        raise ValueError(f"time out of range: {seconds!r}")
    return round(value * 1000)


# "HH:MM:SS" head -> milliseconds, shared by every parser of a process (a file has few).
_HEADS = {}


def time_parser():
    """Milliseconds from a timestamp; the "HH:MM:SS" head of the usual form is memoised."""
    # Parsing was half the reader's time. A file has few distinct "HH:MM:SS" heads (clips sit
    # inside videos of minutes), so each head is parsed once and only the ".mmm" tail per row.
    heads = _HEADS
    get = heads.get

    def ms(text):
        if len(text) == 12 and text[8] == ".":
            head, tail = get(text[:8]), text[9:]
            if head is not None and tail.isdigit():
                return head + int(tail)
        value = timestamp_ms(text)
        if len(heads) < 1_000_000 and _HEAD.fullmatch(text):
            heads[text[:8]] = value - int(text[9:])
        return value

    return ms


def known_heads():
    """{"HH:MM:SS": milliseconds} of every head time_parser() has parsed in this process, for
    readers that inline its fast path."""
    return _HEADS


def quoted(line):
    """A line of a dataset file as a Reject quotes it: text (bytes decoded), no line end."""
    if line.__class__ is bytes:
        line = line.decode("utf-8", "replace")
    return line.rstrip("\r\n")


def segment_row(number, video, segment, caption=None):
    """Row for a JSON [start, end] pair in seconds (ActivityNet, YouCook2), or a Reject."""
    if not isinstance(segment, list) or len(segment) != 2:
        return Reject.of(number, "missing_field", "a segment is not [start, end]", video)
    try:
        start, end = ms(segment[0]), ms(segment[1])
    except (TypeError, ValueError):
        return Reject.of(number, "bad_time", "a segment time is not a number of seconds", video)
    if end < start:
        return Reject.of(number, "bad_time", "a segment ends before it starts", video)
    return Row(number, video, start, end, caption)


# An 11-symbol YouTube ID inside a longer name. Such IDs may contain '-' and '_' and start with
# '-', so names are never split on those characters: each reader anchors this pattern on its
# dataset's own fixed affixes ("<ID>_<6 digits>.mp4", "<ID>-Scene-001", "ytb_<ID>.mp4").
EMBEDDED_ID = "(?P<id>[A-Za-z0-9_-]{11})"


def described(read, stream, **options):
    """The VideoMetas of a METADATA reader's pass over stream, yielded as they are read."""
    found = []
    for _ in read(stream, on_meta=found.append, **options):
        yield from found
        found.clear()
    yield from found


def first_sightings(rows):
    """Rows with a video already yielded dropped, for files that list a video once per
    question, transcript or caption rather than once per clip (memory: one set of IDs)."""
    seen = set()
    for row in rows:
        if isinstance(row, Row):
            if row.video_id in seen:
                continue
            seen.add(row.video_id)
        yield row


def fixed_clip(line, video, start_text, seconds, text, caption=None):
    """Row for a clip given by its start (seconds) and a fixed length, or a bad_time Reject."""
    try:
        start = ms(start_text)
    except (TypeError, ValueError):
        return Reject.of(line, "bad_time", "the start is not a number of seconds", text)
    return Row(line, video, start, start + seconds * 1000, caption)
