"""A plain list of videos: one link or ID per line (under a column name or not), or a CSV
with a named ID column.

For datasets that publish nothing more than IDs. A CSV may also name start/end columns in
seconds (Kinetics' time_start/time_end, AudioSet's start_seconds/end_seconds), which become
clip spans. Lines starting with '#' are comments, but a '#' line that reads like a CSV header
is used as one: AudioSet's third comment line ("# YTID, start_seconds, ...") is its header.
"""

import csv
import itertools

from ..ids import VIDEO_ID, parse
from . import _csvrows
from ._base import Reject, Row, ms

DOC = "https://research.google.com/audioset/download.html"
BINARY = False
OPTIONS = {
    "column": "name of the column holding the video ID or link (default: guessed from the header)",
    "start_column": "column with clip start in seconds (default: guessed)",
    "end_column": "column with clip end in seconds (default: guessed)",
}

_ID_COLUMNS = ("youtube_id", "ytid", "videoid", "video_id", "youtubeid", "id", "url", "link")
_START_COLUMNS = ("time_start", "start_seconds", "start", "start_time")
_END_COLUMNS = ("time_end", "end_seconds", "end", "end_time")


def read(stream, column=None, start_column=None, end_column=None):
    """Rows from a list of links/IDs or a CSV with an ID column."""
    lines = enumerate(stream, 1)
    header, found = _find_header(lines)
    if header is None:
        yield from _read_list(itertools.chain(found, lines))
    elif len(header) == 1:  # a list under a column name ("video_id"): lines, not CSV cells
        yield from _read_list(lines)
    else:
        yield from _read_csv(lines, found, header, column, start_column, end_column)


def _find_header(lines):
    """(CSV header as a list, its line number), or (None, the lines read so far)."""
    for number, text in lines:
        stripped = text.strip()
        if not stripped:
            continue
        candidate = stripped.lstrip("#").strip()
        header = _split(candidate) if "," in candidate else [candidate.strip('"')]
        if _csvrows.column(header, *_ID_COLUMNS) is not None:
            return header, number
        if not stripped.startswith("#"):
            return None, [(number, text)]
    return None, []


def _split(text):
    return [cell.strip() for cell in next(csv.reader([text], skipinitialspace=True))]


def _pick(header, names, wanted):
    """The column a reader option names, else the first of the usual names."""
    return _csvrows.column(header, *((wanted.lower(),) if wanted else names))


def _read_list(lines):
    for number, text in lines:
        text = text.strip()
        if not text or text.startswith("#"):
            continue
        yield _video_row(number, text)


def _video_row(number, text, start=None, end=None):
    if VIDEO_ID.fullmatch(text):  # the common case: a bare ID, no link to take apart
        return Row(number, text, start, end)
    parsed = parse(text)
    if parsed.kind != "video":
        return Reject.of(number, "bad_id", parsed.message or f"not a video ({parsed.kind})", text)
    return Row(number, parsed.as_written, start, end)


def _read_csv(lines, header_line, header, column, start_column, end_column):
    id_at = _pick(header, _ID_COLUMNS, column)
    if id_at is None:
        raise ValueError(f"no column named {column!r} in the header: {', '.join(header)}")
    start_at = _pick(header, _START_COLUMNS, start_column)
    end_at = _pick(header, _END_COLUMNS, end_column)
    # records() numbers lines from the one after the header.
    for line, cells in _csvrows.records((text for _, text in lines), skipinitialspace=True):
        if isinstance(cells, Reject):
            yield cells._replace(line=header_line + line)
        elif not cells[0].lstrip().startswith("#"):
            yield _csv_row(header_line + line, cells, id_at, start_at, end_at)


def _csv_row(number, cells, id_at, start_at, end_at):
    if id_at >= len(cells):
        return Reject.of(number, "missing_field", "the row has no video ID column", ",".join(cells))
    if start_at is None or end_at is None:
        return _video_row(number, cells[id_at].strip())
    try:
        start, end = ms(cells[start_at]), ms(cells[end_at])
    except (ValueError, IndexError):
        return Reject.of(number, "bad_time", "start or end is not a number of seconds",
                         ",".join(cells))
    if end < start:
        return Reject.of(number, "bad_time", "the clip ends before it starts", ",".join(cells))
    return _video_row(number, cells[id_at].strip(), start, end)
