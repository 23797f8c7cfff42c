"""Ingest dataset files into the index: read them into a stage, then merge in one commit.

The cost of an ingest follows the files it reads, not the index it adds to: rows are parsed
into a private stage file (lookup/index/stage.py) with no lock on the index, and only the
merge (lookup/index/merge.py) takes the index's write lock. Any failure before the commit
leaves the index exactly as it was.

What a dataset's files say of each video (titles, channels: readers with METADATA) is staged
beside the rows in the same pass, and copied into the metadata database
(lookup/youtube/metadata.py) in one transaction of that file once the index has committed:
a failed ingest leaves both as they were. Should that copy fail after the index commit, the
error says so, and running the same ingest again (which changes nothing in the index) copies it.
"""

import gc
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import zstandard

from .. import formats
from ..errors import UserError
from ..ids import VIDEO_ID, canonical_id, checked_id_to_int
from ..youtube import metadata as metadata_store
from . import merge, parallel, store
from .rejects import RejectsFile
from .rows import collect
from .sourcefile import compressed, open_stream
from .stage import Stage, clean_leftovers

# What reading a damaged, truncated or mislabelled file raises, from the decompressors down.
READ_ERRORS = (OSError, EOFError, ValueError, zstandard.ZstdError, sqlite3.DataError)


@dataclass
class FileResult:
    """What one file's ingest read, kept and rejected."""

    file_name: str
    url: str = ""
    format: str = ""
    sha256: str = ""
    size: int = 0
    rows_read: int = 0
    rejected: dict = field(default_factory=dict)  # code -> count
    canonicalised: int = 0  # IDs read in a non-canonical spelling and mapped (lookup.ids)
    videos: int = 0
    clips: int = 0
    started: str = ""
    finished: str = ""
    seconds: float = 0.0
    rejects_file: str = ""
    already_ingested: bool = False
    file_date: str = ""  # the file's modification day (UTC), the date of its descriptions
    described: int = 0  # videos the file describes (title, channel) for the metadata store

    @property
    def rows_rejected(self):
        return sum(n for code, n in self.rejected.items() if code != "unresolved")

    @property
    def rows_unresolved(self):
        return self.rejected.get("unresolved", 0)


class Results(list):
    """The FileResults of one ingest, plus what its commit added to the index."""

    ingest_id = None  # the row in the index's `ingests` change log
    new_memberships = 0  # (video, dataset) pairs this ingest added
    new_videos = 0  # videos in no dataset before this ingest
    metadata_path = None  # the metadata database the descriptions went to (None: none did)
    described = 0  # video descriptions written there


@dataclass
class Input:
    """A local file to ingest and, when it was downloaded, the URL it came from."""

    path: Path
    url: str = ""


def ingest(index_path, slug, inputs, fmt, options=None, captions=False, rejects_dir=None,
           progress=None, on_wait=None, workers=None, metadata=None):
    """Ingest files of one dataset into the index at index_path; all or nothing.

    Returns Results (one FileResult per input, in order). Raises UserError when an input is
    missing, unreadable, or yields no valid row; the index is then unchanged. on_wait() is
    called once if another writer holds the index when this one is ready to commit.
    workers: processes that parse line formats in parallel (None: one per core).
    metadata: the metadata database that receives the files' video descriptions, if the
    format has any (None: metadata.db beside the index; False: none).
    """
    reader = formats.get(fmt)
    options = options or {}
    _check_options(reader, options)
    index_path = Path(index_path)
    rejects_dir = Path(rejects_dir or index_path.parent / "rejects")
    if metadata is None:
        metadata = index_path.parent / "metadata.db"
    if not getattr(reader, "METADATA", False):
        metadata = False
    for item in inputs:
        if not Path(item.path).is_file():
            raise UserError(f"{Path(item.path).name}: no such file")
    try:
        return _ingest(index_path, slug, inputs, reader, fmt, options, captions, rejects_dir,
                       progress, on_wait, workers, metadata)
    except sqlite3.Error as error:
        raise UserError(f"{index_path.name}: {error}; the index was not changed") from error
    except OSError as error:
        where = Path(error.filename).name if error.filename else index_path.name
        raise UserError(f"{where}: {error.strerror or error}; the index was not changed") \
            from error


def _ingest(index_path, slug, inputs, reader, fmt, options, captions, rejects_dir, progress,
            on_wait, workers, metadata):
    index_path.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(index_path, rejects_dir)
    stage, rejects = Stage(index_path), []
    try:
        results = Results()
        for number, item in enumerate(inputs):
            job = _FileIngest(stage, slug, number, item, reader, fmt, captions, workers,
                              bool(metadata))
            results.append(job.run(options, rejects_dir, progress, rejects))
        stage.finish_writing()
        conn, upgraded = store.connect(index_path, on_wait)
        try:
            merge.merge(conn, stage.path, slug, results, on_wait, recount=upgraded)
        finally:
            conn.close()
        for part in rejects:
            part.publish()
        if metadata and any(r.described for r in results):
            _describe(Path(metadata), stage.path, slug, results)
    finally:
        for part in rejects:
            part.discard()
        stage.close()
    return results


def _describe(path, stage_path, slug, results):
    """Copy the staged descriptions into the metadata database, after the index commit."""
    try:
        conn = metadata_store.connect(path)
        try:
            results.described = metadata_store.merge_described(conn, stage_path, slug)
        finally:
            conn.close()
    except (sqlite3.Error, OSError) as error:
        raise UserError(f"{path.name}: {error}; the index was updated (ingest "
                        f"{results.ingest_id}) but not the video details: run the same "
                        "command again to save them") from error
    results.metadata_path = path


def _check_options(reader, options):
    unknown = set(options) - set(getattr(reader, "OPTIONS", {}))
    if unknown:
        known = ", ".join(getattr(reader, "OPTIONS", {})) or "none"
        raise UserError(f"unknown option(s) {', '.join(sorted(unknown))}; "
                        f"this format takes: {known}")


def _now():
    return datetime.now(timezone.utc)


class _FileIngest:
    """One file's pass: rows in, chunks into the stage, figures into its FileResult."""

    def __init__(self, stage, slug, number, item, reader, fmt, captions, workers,
                 describing=False):
        self.stage, self.slug, self.number, self.item = stage, slug, number, item
        self.reader, self.captions, self.workers = reader, captions, workers
        self.result = FileResult(Path(item.path).name, item.url, fmt)
        self.descriptions = [] if describing else None

    def run(self, options, rejects_dir, progress, parts):
        """Read the whole file into the stage; returns its FileResult."""
        path = Path(self.item.path)
        started = _now()
        # Distinct videos of this file. A set of ints costs ~70 bytes a video (0.5 GB for
        # InternVid's 7M) and is several times faster than a temporary table.
        self.seen = set()
        bar = progress(path.name, path.stat().st_size) if progress else None
        self.result.file_date = datetime.fromtimestamp(path.stat().st_mtime,
                                                       timezone.utc).date().isoformat()
        # Readers that describe videos are not line formats: they always run in this process.
        in_parallel = (self.descriptions is None
                       and parallel.suits(self.reader, self.workers, path.stat().st_size))
        stream, hashing = open_stream(path, self.reader.BINARY or in_parallel,
                                      bar.bytes if bar else None)
        final = Path(rejects_dir) / f"{self.slug}--{path.name}.rejects.tsv"
        rejects = RejectsFile(final, self.stage.part_name(final))
        parts.append(rejects)
        # The chunk holds millions of small containers and none of them form cycles; the
        # cyclic collector would walk them all again and again while they pile up.
        collecting = gc.isenabled()
        gc.disable()
        try:
            if in_parallel and not compressed(path):
                parallel.load_file(self, path, hashing, options, rejects, bar)
            elif in_parallel:
                parallel.load(self, stream, options, rejects, bar)
            elif self.descriptions is not None:
                self._load(self.reader.read(stream, on_meta=self.describe, **options), rejects,
                           bar)
                self._flush_descriptions()
            else:
                self._load(self.reader.read(stream, **options), rejects, bar)
            hashing.drain()
        except READ_ERRORS as error:
            raise UserError(f"{path.name}: could not be read to the end ({error}); "
                            "the index was not changed") from error
        finally:
            if collecting:  # a caller that turned the collector off keeps it off
                gc.enable()
            stream.close()
            rejects.close()
            if bar:
                bar.close()
        return self._finish(rejects, hashing, started)

    def _finish(self, rejects, hashing, started):
        r = self.result
        r.rejected, r.rejects_file = rejects.counts, rejects.name if rejects.counts else ""
        r.sha256, r.size = hashing.sha256.hexdigest(), hashing.bytes_read
        r.videos = len(self.seen)
        finished = _now()
        r.started, r.finished = (t.isoformat(timespec="seconds") for t in (started, finished))
        r.seconds = (finished - started).total_seconds()
        if not r.videos:
            raise UserError(f"{r.file_name}: {_why_empty(r, rejects)}; the index was not "
                            "changed")
        return r

    def _load(self, rows, rejects, bar):
        def chunk(clip_rows, caption_rows, count):
            self.write(clip_rows, caption_rows)
            if bar:
                bar.rows(count)

        tally = collect(rows, rejects.write, chunk, self.captions)
        self.add(tally.rows, tally.canonicalised)

    def describe(self, meta):
        """Stage one VideoMeta (lookup.formats) for the metadata store; bad IDs are skipped
        (the row path rejects them already)."""
        video = meta.video_id if VIDEO_ID.fullmatch(meta.video_id or "") else \
            canonical_id(meta.video_id) if isinstance(meta.video_id, str) else None
        if video is None:
            return
        self.descriptions.append((checked_id_to_int(video), self.result.file_date,
                                  meta.title or None, meta.channel_id or None,
                                  meta.channel_name or None, metadata_store.iso_date(meta.date)))
        if len(self.descriptions) >= 50_000:
            self._flush_descriptions()

    def _flush_descriptions(self):
        # The first description of a video in this ingest stays, as the first clip row does.
        self.result.described += self.stage.conn.executemany(
            "INSERT OR IGNORE INTO described VALUES (?, ?, ?, ?, ?, ?)",
            self.descriptions).rowcount
        self.descriptions.clear()

    def add(self, rows, canonicalised):
        """Count rows read and IDs mapped to their canonical form."""
        self.result.rows_read += rows
        self.result.canonicalised += canonicalised

    def write(self, clip_rows, caption_rows):
        """Add (video, n, spans, line) and (video, start, end, text) rows to the stage."""
        self.seen.update(row[0] for row in clip_rows)
        self.result.clips += sum(row[1] for row in clip_rows)
        conn, number = self.stage.conn, self.number
        # A video already staged (from another chunk or file) keeps its first file and line.
        conn.executemany(
            f"INSERT INTO clips VALUES (?, ?, ?, {number}, ?)"
            f" ON CONFLICT(video) DO UPDATE SET {store.MERGE_CLIPS}", clip_rows)
        if caption_rows:
            conn.executemany("INSERT OR IGNORE INTO captions VALUES (?, ?, ?, ?)", caption_rows)


def _why_empty(result, rejects):
    if not result.size:
        return "the file is empty"
    if not result.rows_read:
        return "the file holds no rows (a header only?)"
    counts = ", ".join(f"{code} {n:,}" for code, n in sorted(result.rejected.items()))
    first = rejects.first
    where = f"; line {first.line}: {first.reason}" if first else ""
    rows = "its one row was" if result.rows_read == 1 else \
        f"every one of its {result.rows_read:,} rows was"
    return f"{rows} rejected ({counts}{where})"
