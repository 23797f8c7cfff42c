"""MiraData meta files (miradata_v0.csv, and the v1 CSVs on Hugging Face TencentARC/MiraData).

Followed: assets/miradata_v0_100_samples.csv and download_data.py in mira-space/MiraData.
v0 columns: `index,video_id,start_frame,end_frame,main_object_caption,…,short_caption,
dense_caption,fps,start_timestep,end_timestep`; download_data.py fetches
youtube.com/watch?v=<video_id> and cuts start_frame/fps to end_frame/fps, so that is the span.
Later versions (README: clip_id, source, video_url, video_id, …) also take clips from sources
other than YouTube: a row whose `source` does not mention YouTube, or whose `video_url` is not
a YouTube link, is rejected as not_youtube. Where frames are missing, a `timestamp` column
holding ['start', 'end'] is used (doubtful: inferred, not seen in a published sample).
short_caption is kept as the caption.
"""

import re

from . import _csvrows
from ..ids import parse
from ._base import Reject, Row, ms, timestamp_ms

DOC = "https://github.com/mira-space/MiraData"
BINARY = False
OPTIONS = {}

_SPAN = re.compile(r"\s*\[\s*['\"]?([^'\",]+?)['\"]?\s*,\s*['\"]?([^'\",]+?)['\"]?\s*\]\s*")


def read(stream):
    """One row per YouTube clip, with its short caption."""
    csv_rows = _csvrows.records(stream)
    header = _csvrows.header(csv_rows)
    if header is None:
        return
    at = {name: _csvrows.column(header, name) for name in
          ("source", "video_url", "start_frame", "end_frame", "fps", "timestamp",
           "short_caption")}
    at["video_id"] = _csvrows.require(header, "video_id")
    for line, cells in csv_rows:
        yield cells if isinstance(cells, Reject) else _clip(line, cells, at)


def _clip(line, cells, at):
    text = ",".join(cells)
    value = {name: _csvrows.cell(cells, index) for name, index in at.items()}
    if not _from_youtube(value["source"], value["video_url"]):
        return Reject.of(line, "not_youtube", "the clip does not come from YouTube", text)
    if not value["video_id"]:
        return Reject.of(line, "missing_field", "the row has no video_id", text)
    try:
        start, end = _span(value)
    except (TypeError, ValueError, ZeroDivisionError):
        return Reject.of(line, "bad_time", "no readable start_frame/end_frame/fps or timestamp",
                         text)
    if end < start:
        return Reject.of(line, "bad_time", "the clip ends before it starts", text)
    return Row(line, value["video_id"], start, end, value["short_caption"] or None)


def _from_youtube(source, url):
    if source and "youtube" not in source.lower():
        return False
    return not url or parse(url).kind == "video"


def _span(value):
    if value["start_frame"] and value["end_frame"] and value["fps"]:
        fps = float(value["fps"])
        return ms(float(value["start_frame"]) / fps), ms(float(value["end_frame"]) / fps)
    match = _SPAN.fullmatch(value["timestamp"])
    return timestamp_ms(match[1]), timestamp_ms(match[2])
