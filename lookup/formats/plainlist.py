"""A plain list of videos: one link or ID per line, or a CSV with a named ID column.

For datasets that publish nothing more than IDs. A CSV may also name start/end columns in
seconds (Kinetics' time_start/time_end, AudioSet's start_seconds/end_seconds), which become
clip spans. Lines starting with '#' are comments, but a '#' line that reads like a CSV header
is used as one: AudioSet's third comment line ("# YTID, start_seconds, ...") is its header.
"""

import csv
import itertools

from ..ids import VIDEO_ID, parse
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
    header, first = _find_header(lines)
    if header is None:
        yield from _read_list(itertools.chain(first, lines))
        return
    yield from _read_csv(lines, header, column, start_column, end_column)


def _find_header(lines):
    """The CSV header (as a list) and no pending lines, or None and the lines read so far."""
    seen = []
    for number, text in lines:
        stripped = text.strip()
        if not stripped:
            continue
        candidate = stripped.lstrip("#").strip()
        header = _split(candidate) if "," in candidate else None
        if header and _pick(header, _ID_COLUMNS, None) is not None:
            return header, []
        if stripped.startswith("#"):
            continue
        seen.append((number, text))
        return None, seen
    return None, seen


def _split(text):
    return [cell.strip() for cell in next(csv.reader([text], skipinitialspace=True))]


def _pick(header, names, wanted):
    lowered = [h.lower() for h in header]
    if wanted:
        return lowered.index(wanted.lower()) if wanted.lower() in lowered else None
    return next((lowered.index(n) for n in names if n in lowered), None)


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
    return Row(number, parsed.value, start, end)


def _read_csv(lines, header, column, start_column, end_column):
    id_at = _pick(header, _ID_COLUMNS, column)
    if id_at is None:
        raise ValueError(f"no column named {column!r} in the header: {', '.join(header)}")
    start_at = _pick(header, _START_COLUMNS, start_column)
    end_at = _pick(header, _END_COLUMNS, end_column)
    current = [0]

    def texts():
        for number, text in lines:
            current[0] = number
            yield text

    for cells in csv.reader(texts(), skipinitialspace=True):
        if cells and not cells[0].lstrip().startswith("#") and any(cells):
            yield _csv_row(current[0], cells, id_at, start_at, end_at)


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
