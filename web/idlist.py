"""Pull video IDs out of a pasted list, a plain file, or a YouTube Takeout CSV."""

import csv
import io
import re
from dataclasses import dataclass

from lookup.errors import UserError
from lookup.ids import parse

# Takeout's "videos.csv" (YouTube and YouTube Music > videos) names the column "Video ID";
# other exports use video_id / videoId / youtube_id.
_ID_COLUMNS = {"video id", "video_id", "videoid", "youtube_id", "ytid", "id", "url", "link"}
_SPLIT = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class IdList:
    """Distinct video IDs in input order, and the pieces that were not video links."""

    video_ids: tuple
    rejected: tuple  # (text, message) for the first few pieces that were not videos
    rejected_count: int


def from_text(text, limit):
    """IDs from text: a CSV with an ID column, or links/IDs separated by lines/commas/spaces."""
    text = (text or "").lstrip("\ufeff")
    column = _csv_column(text)
    pieces = _csv_cells(text, column) if column is not None else _tokens(text)
    return _collect(pieces, limit)


def from_items(items, limit):
    """IDs from a list of strings (the JSON API's body)."""
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise UserError("Send a JSON list of video IDs or links, e.g. [\"dQw4w9WgXcQ\"].")
    if len(items) > limit:
        raise UserError(f"That is {len(items):,} items; the limit is {limit:,} per request.", 413)
    return _collect(items, limit)


def _csv_column(text):
    first = next((line for line in text.splitlines() if line.strip()), "")
    if "," not in first:
        return None
    header = [c.strip().lower() for c in next(csv.reader([first]))]
    return next((i for i, name in enumerate(header) if name in _ID_COLUMNS), None)


def _csv_cells(text, column):
    rows = (row for row in csv.reader(io.StringIO(text)) if any(c.strip() for c in row))
    next(rows, None)  # the header, found the same way _csv_column found it
    for row in rows:
        if column < len(row) and row[column].strip():
            yield row[column]


def _tokens(text):
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        # A whole line may be one link; otherwise split it (IDs and links never hold spaces).
        if parse(line).kind == "video":
            yield line
            continue
        pieces = [t for t in _SPLIT.split(line) if t]
        # A line with no video in it ("not a link") is reported once, not word by word.
        yield from pieces if any(parse(t).kind == "video" for t in pieces) else [line]


def _collect(pieces, limit):
    seen, rejected, rejected_count = {}, [], 0
    for piece in pieces:
        parsed = parse(piece)
        if parsed.kind == "video":
            seen.setdefault(parsed.value, None)
            if len(seen) > limit:
                raise UserError(f"That list holds more than {limit:,} distinct videos; the "
                                f"limit is {limit:,} per check. Split it and check each part.",
                                413)
            continue
        rejected_count += 1
        if len(rejected) < 20:
            why = parsed.message or f"a {parsed.kind}, not a video (only video links and IDs " \
                                    "are checked in a list)"
            rejected.append((piece[:80], why))
    return IdList(tuple(seen), tuple(rejected), rejected_count)
