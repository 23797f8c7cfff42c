"""CSV and Parquet exports of a snapshot's memberships with readable video IDs, streamed.

One row per membership (a video listed by a dataset), in the index's key order, with the
columns of tables.EXPORT_COLUMNS (dataset, video_id, clip_count, spans in seconds,
source_file, source_sha256, line). Rows are read in batches and written as they come, so a 10^8-membership snapshot needs no
more memory than a batch. CSV is RFC 4180, UTF-8, gzip-compressed; Parquet is zstd-compressed,
one row group per BATCH rows (https://parquet.apache.org/docs/file-format/).
"""

import csv
import gzip
import os
import sqlite3
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import UserError
from ..ids import int_to_id
from ..index import spans as spanpack
from .tables import EXPORT_COLUMNS

COLUMNS = tuple(EXPORT_COLUMNS)
BATCH = 100_000
_SPAN = pa.struct([("start", pa.float64()), ("end", pa.float64())])
SCHEMA = pa.schema([("dataset", pa.string()), ("video_id", pa.string()),
                    ("clip_count", pa.int32()), ("spans", pa.list_(_SPAN)),
                    ("source_file", pa.string()), ("source_sha256", pa.string()),
                    ("line", pa.int64())])


def open_snapshot(path):
    """A read-only connection on a published snapshot (or any index file not being written)."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"{path.name}: no such snapshot")
    return sqlite3.connect(f"file:{path.resolve()}?mode=ro&immutable=1", uri=True)


def memberships(conn):
    """How many memberships the file holds: what every export must have as rows."""
    return conn.execute("SELECT count(*) FROM membership").fetchone()[0]


def batches(conn):
    """Lists of (dataset, video_id, clip_count, spans blob, source_file, source_sha256, line)."""
    slugs = dict(conn.execute("SELECT id, slug FROM datasets"))
    sources = {i: (name, sha) for i, name, sha in
               conn.execute("SELECT id, file_name, sha256 FROM sources")}
    cursor = conn.execute(
        "SELECT c.video, c.dataset, c.n, c.spans, c.source, c.line FROM membership m"
        " JOIN clips c ON c.video = m.video AND c.dataset = m.dataset")
    while rows := cursor.fetchmany(BATCH):
        yield [(slugs[dataset], int_to_id(video), n, blob, *sources[source], line)
               for video, dataset, n, blob, source, line in rows]


def seconds(ms):
    """Milliseconds as seconds text without trailing zeros: 95500 -> '95.5', 30000 -> '30'."""
    whole, frac = divmod(ms, 1000)
    return str(whole) if not frac else f"{whole}.{frac:03d}".rstrip("0")


def write_csv(conn, path, on_batch=None):
    """Write every membership to path (gzip CSV); returns the rows written."""
    written = 0
    with gzip.open(path, "wt", encoding="utf-8", newline="", compresslevel=6) as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for batch in batches(conn):
            writer.writerows(
                (slug, video_id, n, ";".join(f"{seconds(s)}-{seconds(e)}"
                                             for s, e in spanpack.unpack(blob)),
                 file_name, sha, line)
                for slug, video_id, n, blob, file_name, sha, line in batch)
            written += len(batch)
            if on_batch:
                on_batch(written)
    return written


def write_parquet(conn, path, on_batch=None):
    """Write every membership to path (Parquet); returns the rows written."""
    written = 0
    with pq.ParquetWriter(path, SCHEMA, compression="zstd") as writer:
        for batch in batches(conn):
            writer.write_table(_table(batch))
            written += len(batch)
            if on_batch:
                on_batch(written)
    return written


def _table(batch):
    columns = list(zip(*batch))
    offsets, starts, ends, nulls = [0], [], [], []
    for blob in columns[3]:
        spans = spanpack.unpack(blob)
        starts += [s / 1000 for s, _ in spans]
        ends += [e / 1000 for _, e in spans]
        offsets.append(len(starts))
        nulls.append(blob is None)
    values = pa.StructArray.from_arrays([pa.array(starts, pa.float64()),
                                         pa.array(ends, pa.float64())], fields=list(_SPAN))
    spans = pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), values,
                                     type=pa.list_(_SPAN), mask=pa.array(nulls, pa.bool_()))
    arrays = [pa.array(columns[0], pa.string()), pa.array(columns[1], pa.string()),
              pa.array(columns[2], pa.int32()), spans, pa.array(columns[4], pa.string()),
              pa.array(columns[5], pa.string()), pa.array(columns[6], pa.int64())]
    return pa.Table.from_arrays(arrays, schema=SCHEMA)


def written_beside(final, write):
    """Run write(part) on a hidden part file beside final, then rename it into place.

    A reader of the folder never sees half a file; a killed run leaves `.NAME.part-PID`,
    which the next publish or export removes (lookup/index/publish.py)."""
    final = Path(final)
    part = final.with_name(f".{final.name}.part-{os.getpid()}")
    try:
        result = write(part)
        os.replace(part, final)
    finally:
        part.unlink(missing_ok=True)
    return result
