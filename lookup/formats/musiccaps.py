"""MusicCaps: musiccaps-public.csv (Google; Kaggle googleai/musiccaps, HF google/MusicCaps).

Format (the dataset card's "Data Fields"): `ytid,start_s,end_s,audioset_positive_labels,
aspect_list,caption,author_id,is_balanced_subset,is_audioset_eval`. ytid is the YouTube ID
("You can listen to the segment by opening https://youtu.be/watch?v={ytid}&start={start_s}"),
start_s/end_s are seconds ("All clips are 10s long"). caption and aspect_list are quoted and
hold commas and line breaks, so records are read with the csv module and numbered by the line
they start on. The caption is kept.
"""

from . import _csvrows
from ._base import Reject, Row, ms

DOC = "https://huggingface.co/datasets/google/MusicCaps"
BINARY = False
OPTIONS = {}


def read(stream):
    """One row per 10-second music clip, with its caption."""
    rows = _csvrows.records(stream)
    header = _csvrows.header(rows)
    if header is None:
        return
    id_at = _csvrows.require(header, "ytid")
    start_at = _csvrows.require(header, "start_s")
    end_at = _csvrows.require(header, "end_s")
    caption_at = _csvrows.column(header, "caption")
    for line, cells in rows:
        if isinstance(cells, Reject):
            yield cells
            continue
        text = ",".join(cells)
        video = _csvrows.cell(cells, id_at)
        if not video:
            yield Reject.of(line, "missing_field", "the row has no ytid", text)
            continue
        try:
            start, end = ms(_csvrows.cell(cells, start_at)), ms(_csvrows.cell(cells, end_at))
        except ValueError:
            yield Reject.of(line, "bad_time", "start_s or end_s is not a number of seconds", text)
            continue
        if end < start:
            yield Reject.of(line, "bad_time", "the clip ends before it starts", text)
            continue
        yield Row(line, video, start, end, _csvrows.cell(cells, caption_at) or None)
