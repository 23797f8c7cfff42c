"""Shot2Story video list: 20k_meta.csv, 134k_meta.csv, 114k_meta.csv (data/annotations/).

Format (bytedance/Shot2Story DATA.md and data/annotations/20k_meta.csv in the repository):
`clip_id,categories,duration,youtube_id`, e.g. `R2-Usq--J3U.2,['News & Politics'],"['00:00:18.740',
'00:00:38.120']",R2-Usq--J3U`. Despite its name, duration holds the clip's start and end in the
YouTube video as a Python list of two H:MM:SS.mmm times. clip_id is an HD-VILA-100M clip
(<YouTube ID>.<n>), used when youtube_id is empty. The JSON annotation files name videos
only by file name, so the meta CSV is the file to ingest; it has no captions.
"""

import re

from . import _csvrows
from ._base import Reject, Row, timestamp_ms

DOC = "https://github.com/bytedance/Shot2Story/blob/master/DATA.md"
BINARY = False
OPTIONS = {}

_SPAN = re.compile(r"\s*\[\s*['\"]([^'\"]+)['\"]\s*,\s*['\"]([^'\"]+)['\"]\s*\]\s*")


def read(stream):
    """One row per multi-shot clip."""
    rows = _csvrows.records(stream)
    header = _csvrows.header(rows)
    if header is None:
        return
    id_at = _csvrows.column(header, "youtube_id")
    clip_at = _csvrows.require(header, "clip_id")
    span_at = _csvrows.require(header, "duration")
    for line, cells in rows:
        if isinstance(cells, Reject):
            yield cells
            continue
        text = ",".join(cells)
        video = _csvrows.cell(cells, id_at) or _csvrows.cell(cells, clip_at).rpartition(".")[0]
        if not video:
            yield Reject.of(line, "missing_field", "the row has no youtube_id or clip_id", text)
            continue
        match = _SPAN.fullmatch(_csvrows.cell(cells, span_at))
        try:
            start, end = timestamp_ms(match[1]), timestamp_ms(match[2])
        except (TypeError, ValueError):
            yield Reject.of(line, "bad_time", "duration is not ['start', 'end']", text)
            continue
        if end < start:
            yield Reject.of(line, "bad_time", "the clip ends before it starts", text)
            continue
        yield Row(line, video, start, end)
