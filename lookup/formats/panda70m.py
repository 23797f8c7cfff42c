"""Panda-70M clip lists: panda70m_training_full.csv, _10m, _2m, _validation, _testing.

Format (snap-research/Panda-70M dataset_dataloading/README.md, read with its fork of
video2dataset: --url_col url --clip_col timestamp --caption_col caption): one row per source
video, `videoID,url,timestamp,caption,matching_score`; the Oct 2024 files add
`desirable_filtering,shot_boundary_detection`. timestamp, caption and matching_score are
Python literals of lists, one item per clip: "[['0:00:00.000', '0:00:05.005'], …]" and
"['A man …', 'A dog …']". Python's repr switches to double quotes when a caption holds an
apostrophe, so the lists are not JSON. Columns are found by header name.

Speed, per video row of 21 clips: ast.literal_eval of the timestamp list costs ~107 µs, the
regex below ~10 µs (plus ~27 µs turning 42 times into milliseconds); the caption list is read
with ast.literal_eval (~27 µs, faster than any pure-Python scan since captions carry escapes).
Rows whose lists do not parse, or whose caption list is not as long as the timestamp list, are
rejected whole.
"""

import ast
import csv
import re

from . import _csvrows
from ._base import Reject, Row, timestamp_ms

DOC = "https://github.com/snap-research/Panda-70M/tree/main/dataset_dataloading"
BINARY = False
OPTIONS = {}

_TIME = r"['\"]([^'\"]*)['\"]"
_PAIR = re.compile(rf"\[\s*{_TIME}\s*,\s*{_TIME}\s*\]")
_PAIRS = re.compile(rf"\s*\[\s*(?:\[\s*{_TIME}\s*,\s*{_TIME}\s*\]\s*,?\s*)+\]\s*")


def read(stream):
    """One row per clip, with its caption."""
    # A video with hundreds of clips has a caption cell larger than csv's 128 KiB default.
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 27))
    rows = _csvrows.records(stream)
    header = _csvrows.header(rows)
    if header is None:
        return
    id_at = _csvrows.require(header, "videoid")
    time_at = _csvrows.require(header, "timestamp")
    caption_at = _csvrows.column(header, "caption")
    for line, cells in rows:
        if isinstance(cells, Reject):
            yield cells
        else:
            yield from _video(line, cells, id_at, time_at, caption_at)


def _video(line, cells, id_at, time_at, caption_at):
    text = ",".join(cells)
    video_id = _csvrows.cell(cells, id_at)
    if not video_id:
        yield Reject.of(line, "missing_field", "the row has no videoID", text)
        return
    try:
        spans = _spans(_csvrows.cell(cells, time_at))
    except ValueError as error:
        yield Reject.of(line, "bad_time", f"timestamp is not a list of [start, end]: {error}",
                        text)
        return
    captions = [None] * len(spans)
    if caption_at is not None:
        try:
            captions = _strings(_csvrows.cell(cells, caption_at))
        except ValueError as error:
            yield Reject.of(line, "bad_caption", f"caption is not a list of strings: {error}",
                            text)
            return
        if len(captions) != len(spans):
            yield Reject.of(line, "bad_caption", f"{len(captions)} captions for {len(spans)} "
                            "clips", text)
            return
    for (start, end), caption in zip(spans, captions):
        yield Row(line, video_id, start, end, caption)


def _spans(text):
    """[(start_ms, end_ms)] from "[['0:00:00.000', '0:00:05.005'], ...]"; ValueError if not."""
    if not _PAIRS.fullmatch(text):
        raise ValueError("expected a list of [start, end] pairs")
    spans = []
    for start, end in _PAIR.findall(text):
        start, end = timestamp_ms(start), timestamp_ms(end)
        if end < start:
            raise ValueError("a clip ends before it starts")
        spans.append((start, end))
    return spans


def _strings(text):
    """The list of strings in a Python list literal; ValueError if it is anything else."""
    try:
        values = ast.literal_eval(text.strip())
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        raise ValueError("not a Python list literal") from None
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValueError("not a list of strings")
    return values
