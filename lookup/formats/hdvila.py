"""HD-VILA-100M metadata (hdvila_part*.jsonl): one JSON line per video, holding its clips.

The README (https://github.com/microsoft/XPretrain/tree/main/hd-vila-100m) gives each line as
    {"video_id": "QMi8x8o55Ns", "url": "https://www.youtube.com/watch?v=QMi8x8o55Ns",
     "clip": [{"clip_id": "QMi8x8o55Ns.1.mp4", "span": ["00:00:17.759", "00:00:23.279"]}, ...]}
(shown there with Python quotes; the files are JSON, read by the repo's own src/cut_videos.py
with jsonlines). video_id is the YouTube ID itself and url is the watch URL built from it, so
video_id is used and url is the fallback; a line where the two name different videos is
refused rather than guessed. One Row per clip; a bad clip is rejected alone, under its line.
"""

import orjson

from ..ids import is_video_id, parse
from ._base import Reject, Row, quoted, time_parser

DOC = "https://github.com/microsoft/XPretrain/blob/main/hd-vila-100m/README.md"
BINARY = False
LINES = True  # each line stands alone: blocks of lines parse in parallel
OPTIONS = {}

_WATCH = "https://www.youtube.com/watch?v="


def read(stream):
    """Rows of (line, YouTube ID, start ms, end ms), one per clip; bad lines/clips as Rejects."""
    loads, decode_error, parse_ms = orjson.loads, orjson.JSONDecodeError, time_parser()
    for number, text in enumerate(stream, 1):
        try:
            record = loads(text)
        except decode_error:
            if text.strip():
                yield _reject(number, "bad_json", "the line is not valid JSON", text)
            continue
        if not isinstance(record, dict):
            yield _reject(number, "bad_json", "the line is not a JSON object", text)
            continue
        video_id = _video_id(record)
        if video_id.__class__ is Reject:
            yield video_id._replace(line=number, text=quoted(text)[:200])
            continue
        clips = record.get("clip")
        if not isinstance(clips, list):
            yield _reject(number, "missing_field", "no clip list", text)
        elif not clips:
            yield Row(number, video_id)  # listed without clips: still a member, span unknown
        else:
            for clip in clips:
                yield _clip_row(number, video_id, clip, parse_ms)


def _video_id(record):
    """The line's YouTube ID, or a Reject (line and text filled in by the caller)."""
    video_id, url = record.get("video_id"), record.get("url")
    if isinstance(video_id, str) and is_video_id(video_id):
        if url == _WATCH + video_id:  # the usual line, without parsing the url
            return video_id
        from_url = _url_id(url)
        if from_url is None or from_url == video_id:
            return video_id
        return Reject(0, "bad_id", f"video_id {video_id} and url name different videos")
    from_url = _url_id(url)
    if from_url:
        return from_url
    if video_id is None and url is None:
        return Reject(0, "missing_field", "no video_id or url")
    return Reject(0, "bad_id", "neither video_id nor url names a YouTube video")


def _url_id(url):
    if not isinstance(url, str):
        return None
    parsed = parse(url)
    return parsed.as_written if parsed.kind == "video" else None


def _clip_row(number, video_id, clip, parse_ms):
    try:
        start_text, end_text = clip["span"]
        start, end = parse_ms(start_text), parse_ms(end_text)
    except (KeyError, TypeError, ValueError, AttributeError):
        return _reject(number, "bad_time", "a clip has no span [start, end] of times like "
                                           "00:00:17.759", _clip_text(clip))
    if end < start:
        return _reject(number, "bad_time", "a clip ends before it starts", _clip_text(clip))
    return Row(number, video_id, start, end)


def _clip_text(clip):
    return orjson.dumps(clip).decode()


def _reject(number, code, reason, line):
    """A Reject quoting the line without its line ending."""
    return Reject.of(number, code, reason, quoted(line))
