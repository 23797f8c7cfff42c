"""AudioCaps captions: dataset/train.csv, val.csv, test.csv of cdjkim/audiocaps.

Format (cdjkim/audiocaps dataset/README.md): four columns `audiocap_id,youtube_id,start_time,
caption`; "youtube_id: The youtube clip that the audio belongs to", start_time in whole seconds.
The clips are AudioSet's 10-second segments (the README points to AudioSet's features for
them), and the file gives no end time, so a clip is [start_time, start_time + 10 s]. A video
captioned several times (one row per caption) is one clip per distinct start.
"""

from . import _csvrows
from ._base import Reject, fixed_clip

DOC = "https://github.com/cdjkim/audiocaps/blob/master/dataset/README.md"
BINARY = False
OPTIONS = {}

SEGMENT_SECONDS = 10  # AudioSet segments


def read(stream):
    """One row per caption, as a 10-second clip from start_time."""
    rows = _csvrows.records(stream)
    header = _csvrows.header(rows)
    if header is None:
        return
    id_at = _csvrows.require(header, "youtube_id")
    start_at = _csvrows.require(header, "start_time")
    caption_at = _csvrows.column(header, "caption")
    for line, cells in rows:
        if isinstance(cells, Reject):
            yield cells
            continue
        text = ",".join(cells)
        video = _csvrows.cell(cells, id_at)
        if not video:
            yield Reject.of(line, "missing_field", "the row has no youtube_id", text)
            continue
        yield fixed_clip(line, video, _csvrows.cell(cells, start_at), SEGMENT_SECONDS, text,
                         _csvrows.cell(cells, caption_at) or None)
