"""ACAV100M clip lists, as downloaded from acav100m.github.io (#downloads).

Format: the download section lists, per subset, a CSV of "the youtube ID, start time, and end
time" of each 10-second clip, in the columns videoID, start, end (seconds) — as described in
iejMac/video2dataset dataset_examples/ACAV100M.md, which reads those columns by name. The
curation code's own output (sangho-vision/acav100m README, "Output File Structure") is also
read: `# SHARD_NAME,FILENAME,YOUTUBE_ID,SEGMENT` with SEGMENT a JSON list "[292.33, 302.33]".
The released output files have no header line at all: four columns
`SHARD,FILENAME,YOUTUBE_ID,"[start, end]"`. A file without a header is told apart by its first
record: four or more cells with a "[" list in the fourth are that layout, anything else is
videoID,start,end by position.
"""

import json

from . import _csvrows
from ._base import Reject, Row, ms

DOC = "https://acav100m.github.io/#downloads"
BINARY = False
OPTIONS = {}

_ID_NAMES = ("videoid", "video_id", "youtube_id", "ytid", "# shard_name")


def read(stream):
    """One row per clip."""
    columns = None
    for line, cells in _csvrows.records(stream):
        if isinstance(cells, Reject):
            yield cells
            continue
        if columns is None:
            columns = _columns(cells)
            if columns is not None:
                continue
            columns = _headerless(cells)
        yield _clip(line, cells, *columns)


def _columns(header):
    """(id, start, end, segment) column indexes if this row is a header, else None."""
    if _csvrows.column(header, *_ID_NAMES) is None:
        return None
    id_at = _csvrows.require(header, "videoid", "video_id", "youtube_id", "ytid")
    segment_at = _csvrows.column(header, "segment")
    if segment_at is not None:
        return id_at, None, None, segment_at
    return (id_at, _csvrows.require(header, "start", "start_time"),
            _csvrows.require(header, "end", "end_time"), None)


def _headerless(first):
    """Columns of a file without a header, from its first record."""
    if len(first) >= 4 and first[3].strip().startswith("["):
        return 2, None, None, 3  # SHARD,FILENAME,YOUTUBE_ID,"[start, end]"
    return 0, 1, 2, None


def _clip(line, cells, id_at, start_at, end_at, segment_at):
    text = ",".join(cells)
    video_id = _csvrows.cell(cells, id_at)
    if not video_id:
        return Reject.of(line, "missing_field", "the row has no video ID", text)
    try:
        if segment_at is not None:
            start, end = json.loads(_csvrows.cell(cells, segment_at))
        else:
            start, end = _csvrows.cell(cells, start_at), _csvrows.cell(cells, end_at)
        start, end = ms(start), ms(end)
    except (TypeError, ValueError):
        return Reject.of(line, "bad_time", "start or end is not a number of seconds", text)
    if end < start:
        return Reject.of(line, "bad_time", "the clip ends before it starts", text)
    return Row(line, video_id, start, end)
