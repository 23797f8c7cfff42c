"""Turn a reader's rows into stage rows: IDs checked and packed, clips grouped per video.

Shared by the one-process ingest and the parallel workers (lookup/index/parallel.py), so both
check IDs, map non-canonical ones and group clips exactly alike.
"""

from operator import itemgetter

from ..formats import Reject
from ..ids import VIDEO_ID, canonical_id, checked_id_to_int
from . import spans as spanpack

CHUNK_ROWS = 1_000_000  # rows held in memory before they are written; bounds memory use
_SPAN, _NO_SPAN = itemgetter(2, 3), (None, None)  # a Row's (start, end)


class Tally:
    """What a pass over rows counted."""

    __slots__ = ("rows", "canonicalised")

    def __init__(self):
        self.rows = self.canonicalised = 0


def collect(rows, on_reject, on_chunk, captions, offset=0, chunk_rows=CHUNK_ROWS):
    """Group rows (lookup.formats Row/Reject) by video and hand them on; returns a Tally.

    on_reject(Reject) gets every rejected row; on_chunk(clip_rows, caption_rows, rows) gets
    the grouped rows of each chunk (see grouped()) and how many rows it held. offset is
    added to every line number (a block's place in its file).
    """
    # The per-row loop of files with 10^8 rows: names are bound locally, counts kept in
    # locals, and the ID of a run of rows from one video is checked and packed once.
    chunk, pending, last_id, entry, read, mapped = {}, 0, None, None, 0, 0
    valid, to_int, reject_type, get = VIDEO_ID.fullmatch, checked_id_to_int, Reject, chunk.get
    last_mapped = False
    for read, row in enumerate(rows, 1):
        if row.__class__ is reject_type:
            on_reject(row._replace(line=row.line + offset) if offset else row)
            continue
        video_id = row[1]
        if video_id != last_id:
            last_mapped = valid(video_id) is None
            if last_mapped:
                fixed = canonical_id(video_id) if video_id.__class__ is str else None
                if fixed is None:
                    on_reject(Reject.of(row[0] + offset, "bad_id",
                                        "not a valid YouTube video ID", video_id))
                    last_id = None
                    continue
                key = to_int(fixed)
            else:
                key = to_int(video_id)
            entry = get(key)
            if entry is None:
                entry = chunk[key] = [row[0] + offset]
            last_id = video_id
        mapped += last_mapped
        entry.append(row)
        pending += 1
        if pending >= chunk_rows:
            on_chunk(*grouped(chunk, captions), pending)
            chunk, pending, last_id = {}, 0, None
            get = chunk.get
    on_chunk(*grouped(chunk, captions), pending)
    tally = Tally()
    tally.rows, tally.canonicalised = read, mapped
    return tally


def grouped(chunk, captions):
    """Stage rows for {video int: [first line, Row, ...]}: ([(video, n, spans blob, line)],
    [(video, start ms, end ms, caption)] when captions are kept)."""
    clip_rows, caption_rows = [], []
    # Key order turns random B-tree inserts into near-appends: several times faster.
    for key in sorted(chunk):
        entry = chunk[key]
        rows = entry[1:]
        spans = set(map(_SPAN, rows))
        spans.discard(_NO_SPAN)  # a row without a span (a list of IDs) adds no clip time
        clip_rows.append((key, len(spans) or len(rows), spanpack.pack(spans), entry[0]))
        if captions:
            caption_rows += [(key, r[2], r[3], r[4]) for r in rows
                             if r[4] and r[2] is not None]
    return clip_rows, caption_rows
