"""HowTo100M's video list, HowTo100M_v1.csv (inside HowTo100M.zip from the project page).

Format (antoine77340/howto100m README, "Original HowTo100M CSV file"): a header
`video_id,category_1,category_2,rank,task_id`, then one row per YouTube video. There are no
clip times in this file (the narrated clips come from the videos' ASR captions, published
separately), so each row is a whole video. Columns are found by header name.
"""

from . import _csvrows
from ._base import Reject, Row

DOC = "https://github.com/antoine77340/howto100m#training-embedding-from-scratch-on-howto100m"
BINARY = False
OPTIONS = {}


def read(stream):
    """One row per video, without spans."""
    rows = _csvrows.records(stream)
    header = _csvrows.header(rows)
    if header is None:
        return
    id_at = _csvrows.require(header, "video_id")
    for line, cells in rows:
        if isinstance(cells, Reject):
            yield cells
        elif not _csvrows.cell(cells, id_at):
            yield Reject.of(line, "missing_field", "the row has no video_id", ",".join(cells))
        else:
            yield Row(line, _csvrows.cell(cells, id_at))
