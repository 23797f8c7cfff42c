"""AVSpeech segment lists: avspeech_train.csv and avspeech_test.csv (Google, looking-to-listen).

Format (looking-to-listen.github.io/avspeech/download.html): CSV without a header, one speech
segment per line, `YouTube ID, start segment, end segment, X coordinate, Y coordinate`, times
in seconds and (X, Y) the speaker's face centre as fractions of the frame. The face position is
not kept.
"""

from . import _csvrows
from ._base import Reject, Row, ms

DOC = "https://looking-to-listen.github.io/avspeech/download.html"
BINARY = False
OPTIONS = {}


def read(stream):
    """One row per speech segment."""
    for line, cells in _csvrows.records(stream, skipinitialspace=True):
        if isinstance(cells, Reject):
            yield cells
            continue
        text = ",".join(cells)
        video = _csvrows.cell(cells, 0)
        if len(cells) < 3 or not video:
            yield Reject.of(line, "missing_field", "expected ytid,start,end,x,y", text)
            continue
        try:
            start, end = ms(cells[1]), ms(cells[2])
        except ValueError:
            yield Reject.of(line, "bad_time", "start or end is not a number of seconds", text)
            continue
        if end < start:
            yield Reject.of(line, "bad_time", "the segment ends before it starts", text)
            continue
        yield Row(line, video, start, end)
