"""Koala-36M clip lists: Koala_36M_1.csv … Koala_36M_10.csv (HF Koala-36M/Koala-36M-v1).

Columns (the CSV header, as public loaders of the files read it): `videoID,url,timestamp,
caption,clarity_score,aesthetic_score,motion_score,video_training_stability_score`. videoID
names the clip, `<YouTube ID>_<n>`, and url the source video. The YouTube ID is taken from url
when it is a YouTube link, else from videoID by its own rule: the 11 symbols before the final
`_<digits>` (never a split on '_', which IDs contain). timestamp is read as a pair of times
(['00:00:18.740', '00:00:38.120'] or [18.74, 38.12]); doubtful: the card does not document it,
so a timestamp of another shape is a bad_time reject, counted in the rejects file.
"""

import re

from . import _csvrows
from ..ids import parse
from ._base import EMBEDDED_ID, Reject, Row, timestamp_ms

DOC = "https://huggingface.co/datasets/Koala-36M/Koala-36M-v1"
BINARY = False
OPTIONS = {}

_CLIP = re.compile(EMBEDDED_ID + r"_\d+")
_PAIR = re.compile(r"\s*[\[(]\s*['\"]?([^'\",\])]+?)['\"]?\s*,\s*['\"]?([^'\",\])]+?)['\"]?\s*[\])]\s*")


def read(stream):
    """One row per clip, with its caption."""
    rows = _csvrows.records(stream)
    header = _csvrows.header(rows)
    if header is None:
        return
    at = {name: _csvrows.column(header, name) for name in ("url", "timestamp", "caption")}
    at["videoid"] = _csvrows.require(header, "videoid")
    for line, cells in rows:
        yield cells if isinstance(cells, Reject) else _clip(line, cells, at)


def video_of(clip, url):
    """The YouTube ID of a Koala clip, from its url or else its `<ID>_<n>` name; None."""
    if url:
        parsed = parse(url)
        if parsed.kind == "video":
            return parsed.as_written
    match = _CLIP.fullmatch(clip)
    return match["id"] if match else None


def _clip(line, cells, at):
    text = ",".join(cells)
    value = {name: _csvrows.cell(cells, index) for name, index in at.items()}
    if not value["videoid"] and not value["url"]:
        return Reject.of(line, "missing_field", "the row has no videoID or url", text)
    video = video_of(value["videoid"], value["url"])
    if video is None:
        return Reject.of(line, "bad_id", "neither url nor videoID names a YouTube video", text)
    match = _PAIR.fullmatch(value["timestamp"])
    try:
        start, end = timestamp_ms(match[1]), timestamp_ms(match[2])
    except (TypeError, ValueError):
        return Reject.of(line, "bad_time", "timestamp is not a [start, end] pair", text)
    if end < start:
        return Reject.of(line, "bad_time", "the clip ends before it starts", text)
    return Row(line, video, start, end, value["caption"] or None)
