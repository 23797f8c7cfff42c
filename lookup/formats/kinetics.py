"""Kinetics-400/600/700(-2020) annotation files: CSV, or the JSON that DeepMind also shipped.

CSV (the files under s3.amazonaws.com/kinetics/<version>/annotations/ and the copies in
activitynet/ActivityNet Crawler/Kinetics/data): `label,youtube_id,time_start,time_end,split`,
plus `is_cc` in Kinetics-400. The test files have no label column, so columns are found by
header name, never by position. Times are whole seconds into the YouTube video.

JSON (kinetics400.tar.gz from DeepMind: train.json, validate.json, test.json): one object
keyed by YouTube ID, each `{"annotations": {"label": ..., "segment": [start, end]},
"duration": ..., "subset": ..., "url": ...}`. The file is one line of tens of MB, so it is
walked entry by entry; line numbers are then entry numbers.
"""

from . import _csvrows, _jsonstream
from ._base import Reject, Row, ms

DOC = "https://github.com/cvdfoundation/kinetics-dataset#kinetics-400"
BINARY = False
OPTIONS = {}


def read(stream):
    """One row per clip, from the CSV or JSON form of a Kinetics annotation file."""
    first, stream = _csvrows.sniff(stream)
    if first == "{":
        yield from _read_json(stream)
    else:
        yield from _read_csv(stream)


def _read_csv(stream):
    rows = _csvrows.records(stream)
    header = _csvrows.header(rows)
    if header is None:
        return
    id_at = _csvrows.require(header, "youtube_id")
    start_at = _csvrows.require(header, "time_start")
    end_at = _csvrows.require(header, "time_end")
    for line, cells in rows:
        if isinstance(cells, Reject):
            yield cells
            continue
        video_id = _csvrows.cell(cells, id_at)
        if not video_id:
            yield Reject.of(line, "missing_field", "the row has no youtube_id", ",".join(cells))
            continue
        yield _clip(line, video_id, _csvrows.cell(cells, start_at),
                    _csvrows.cell(cells, end_at), ",".join(cells))


def _read_json(stream):
    for number, video_id, entry in _jsonstream.items(stream):
        annotations = entry.get("annotations") if isinstance(entry, dict) else None
        segment = annotations.get("segment") if isinstance(annotations, dict) else None
        if not isinstance(segment, list) or len(segment) != 2:
            yield Reject.of(number, "missing_field", "the entry has no annotations.segment "
                            "[start, end]", video_id)
            continue
        yield _clip(number, video_id, segment[0], segment[1], video_id)


def _clip(line, video_id, start, end, text):
    try:
        start, end = ms(start), ms(end)
    except (TypeError, ValueError):
        return Reject.of(line, "bad_time", "time_start or time_end is not a number of seconds",
                         text)
    if end < start:
        return Reject.of(line, "bad_time", "the clip ends before it starts", text)
    return Row(line, video_id, start, end)
