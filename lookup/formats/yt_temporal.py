"""YT-Temporal-180M (MERLOT) and YT-Temporal-1B (MERLOT Reserve) video ID lists.

What is published: the authors release metadata on request (rowanzellers.com/merlot; "we do
not plan to release the videos, just their metadata (like the video IDs, titles, and
descriptions)", rowanz/merlot data/README.md). The only format fixed in public code is the ID
list that rowanz/merlot_reserve data/download_youtube.py reads for both datasets: a CSV read
with csv.DictReader, taking row['video_id']. Best effort beyond that: a CSV with an `id` or
`youtube_id` column, JSON Lines whose objects carry `video_id` or `id` (as metadata dumps do),
or a bare list of IDs one per line are read too. No spans: the datasets use whole videos.
read_metadata() yields, from a JSON Lines metadata dump, the title, channel and upload date of
each video where the objects carry them: best effort, since the dump's keys are not published
(title; channel_name or channel; channel_id; upload_date or date).
"""

import json

from . import _csvrows
from ._base import Reject, Row, VideoMeta, described

DOC = "https://github.com/rowanz/merlot_reserve/blob/main/data/download_youtube.py"
BINARY = False
OPTIONS = {}
METADATA = True

_ID_NAMES = ("video_id", "youtube_id", "id", "ytid")


def read(stream, on_meta=None):
    """One row per video, without spans; on_meta gets a VideoMeta per JSON Lines object that
    names a video (an ID list describes nothing)."""
    first, stream = _csvrows.sniff(stream)
    if first == "{":
        yield from _read_jsonl(stream, on_meta)
        return
    id_at = None
    for line, cells in _csvrows.records(stream):
        if isinstance(cells, Reject):
            yield cells
            continue
        if id_at is None:
            id_at = _csvrows.column(cells, *_ID_NAMES)
            if id_at is not None:
                continue
            id_at = 0  # no header: a bare list of IDs
        video_id = _csvrows.cell(cells, id_at)
        if video_id:
            yield Row(line, video_id)
        else:
            yield Reject.of(line, "missing_field", "the row has no video ID", ",".join(cells))


def _read_jsonl(stream, on_meta):
    for line, text in enumerate(stream, 1):
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except ValueError:
            yield Reject.of(line, "bad_json", "the line is not a JSON object", text)
            continue
        video_id = _first(record, _ID_NAMES) if isinstance(record, dict) else ""
        if not video_id:
            yield Reject.of(line, "missing_field", "the object has no video_id or id", text)
            continue
        if on_meta:
            on_meta(VideoMeta(video_id, _first(record, ("title",)),
                              _first(record, ("channel_name", "channel")),
                              _first(record, ("channel_id",)),
                              _first(record, ("upload_date", "date"))))
        yield Row(line, video_id)


def read_metadata(stream):
    """VideoMeta per JSON Lines object that names a video; nothing for an ID list."""
    return described(read, stream)


def _first(record, keys):
    return next((record[k].strip() for k in keys if isinstance(record.get(k), str)
                 and record[k].strip()), "")
