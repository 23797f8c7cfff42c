"""AudioSet segment lists: eval_segments.csv, balanced_train_segments.csv, unbalanced_train….

Format (research.google.com/audioset/download.html, "Segments"): three comment lines starting
with '#' (creation date; counts; the column names `YTID, start_seconds, end_seconds,
positive_labels`), then one segment per line. Fields are separated by ", " (a comma and a
space), and the label list is quoted because it holds commas: `--4gqARaEJE, 0.000, 10.000,
"/m/068hy,/m/07q6cd_"`. Times are seconds with three decimals. Labels are ontology IDs, not
captions, so they are not kept.
"""

from . import _csvrows
from ._base import Reject, Row, ms

DOC = "https://research.google.com/audioset/download.html"
BINARY = False
OPTIONS = {}


def read(stream):
    """One row per 10-second segment."""
    for line, cells in _csvrows.records(stream, skipinitialspace=True):
        if isinstance(cells, Reject):
            yield cells
            continue
        if cells[0].lstrip().startswith("#"):
            continue
        text = ", ".join(cells)
        if len(cells) < 3 or not cells[0].strip():
            yield Reject.of(line, "missing_field", "expected YTID, start_seconds, end_seconds",
                            text)
            continue
        try:
            start, end = ms(cells[1]), ms(cells[2])
        except ValueError:
            yield Reject.of(line, "bad_time", "start_seconds or end_seconds is not a number",
                            text)
            continue
        if end < start:
            yield Reject.of(line, "bad_time", "the segment ends before it starts", text)
            continue
        yield Row(line, cells[0].strip(), start, end)
