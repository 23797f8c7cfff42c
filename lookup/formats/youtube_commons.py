"""YouTube-Commons transcripts: the parquet files of HF PleIAs/YouTube-Commons.

Columns (the dataset card's dataset_info): video_id, video_link, title, text, channel,
channel_id, date, license, original_language, source_language, transcription_language,
word_count, character_count. A row is one transcript, original or machine-translated, so a
video has several rows; read() yields each video once per file (whole videos: no span).
read_metadata() yields the title, channel name, channel ID and date of each video, for the
offline metadata store (channel lookups and name search without the network).

Parquet is read with pyarrow one row group at a time and only the needed columns, so memory
holds one row group's IDs, never the file (or the transcripts, which are most of its bytes).
Parquet keeps its index at the end of the file, so a stream that cannot seek (the ingest's
hashing reader, a .gz) is first copied to a temporary file.
"""

import shutil
import tempfile
from contextlib import contextmanager

from ..ids import parse
from ._base import Reject, Row, VideoMeta, described

DOC = "https://huggingface.co/datasets/PleIAs/YouTube-Commons"
BINARY = True
OPTIONS = {}
METADATA = True

_METADATA = ("video_id", "title", "channel", "channel_id", "date")


def read(stream, on_meta=None):
    """One row per video (the first of its transcripts); row numbers count parquet rows.

    on_meta: given VideoMeta(video_id, title, channel_name, channel_id, date) per video, from
    the same pass over the file."""
    seen = set()
    columns = ("video_link", *_METADATA) if on_meta else ("video_id", "video_link")
    for number, record in _rows(stream, columns):
        video = record["video_id"] or _from_link(record["video_link"])
        if not video:
            yield Reject.of(number, "missing_field", "the row has no video_id or video_link",
                            {k: record[k] for k in ("video_id", "video_link")})
        elif video not in seen:
            seen.add(video)
            if on_meta:
                on_meta(VideoMeta(video, record["title"], record["channel"],
                                  record["channel_id"], record["date"]))
            yield Row(number, video)


def read_metadata(stream):
    """VideoMeta(video_id, title, channel_name, channel_id, date) per video, once."""
    return described(read, stream)


def _from_link(link):
    parsed = parse(link) if link else None
    return parsed.as_written if parsed is not None and parsed.kind == "video" else ""


def _rows(stream, columns):
    """(1-based row number, {column: stripped str}) for every row, one row group at a time."""
    import pyarrow  # imported here: only this reader needs pyarrow
    import pyarrow.parquet as pq

    with _seekable(stream) as source:
        try:
            parquet = pq.ParquetFile(source)
        except (pyarrow.ArrowException, OSError) as error:
            raise ValueError(f"not a parquet file: {error}") from None
        present = [c for c in columns if c in parquet.schema_arrow.names]
        if "video_id" not in present and "video_link" not in present:
            raise ValueError("the parquet file has no video_id column")
        number = 0
        for group in range(parquet.num_row_groups):
            table = parquet.read_row_group(group, columns=present)
            values = {c: table.column(c).to_pylist() for c in present}
            for i in range(table.num_rows):
                number += 1
                yield number, {c: _text(values[c][i]) if c in values else "" for c in columns}


def _text(value):
    return "" if value is None else str(value).strip()


@contextmanager
def _seekable(stream):
    """The stream itself if it can seek, else a temporary copy of it."""
    if getattr(stream, "seekable", lambda: False)():
        yield stream
        return
    with tempfile.TemporaryFile() as copy:
        shutil.copyfileobj(stream, copy, 1 << 20)
        copy.seek(0)
        yield copy
