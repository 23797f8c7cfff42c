"""OpenVid-1M clip lists: data/train/OpenVid-1M.csv and OpenVidHD.csv (HF nkp37/OpenVid-1M).

Columns: `video,caption,aesthetic score,motion score,temporal consistency score,camera motion,
frame,fps,seconds`. The CSV has no YouTube ID column: clips are traced by file name only.
OpenVid-1M mixes sources (Panda-70M, CelebV-HQ, Mixkit/Pexels/Pixabay stock, MagicTime); only
the Panda-70M-derived clips, named `<YouTube ID>_<clip>_<first>to<last>.mp4` (about 63% of
rows, per public code that selects them by this pattern), name a YouTube video. Every other
row is rejected as not_youtube, so the rejects file says how much was left out. The frame
range counts frames of the Panda clip, not of the source video, so no span is kept.
Doubtful: the name pattern is inferred from file names, not documented by the authors.
"""

import re

from . import _csvrows
from ._base import Reject, Row

DOC = "https://huggingface.co/datasets/nkp37/OpenVid-1M"
BINARY = False
OPTIONS = {}

_PANDA_NAME = re.compile(r"([A-Za-z0-9_-]{11})_\d+_\d+to\d+\.mp4")


def read(stream):
    """One row per clip cut from a YouTube video, without spans."""
    rows = _csvrows.records(stream)
    header = _csvrows.header(rows)
    if header is None:
        return
    video_at = _csvrows.require(header, "video")
    for line, cells in rows:
        if isinstance(cells, Reject):
            yield cells
            continue
        name = _csvrows.cell(cells, video_at)
        match = _PANDA_NAME.fullmatch(name)
        if not name:
            yield Reject.of(line, "missing_field", "the row has no video file name",
                            ",".join(cells))
        elif match is None:
            yield Reject.of(line, "not_youtube", "the file name names no YouTube video", name)
        else:
            yield Row(line, match[1])
