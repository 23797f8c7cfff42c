"""Stream dataset files into the index: validate IDs, dedupe clips, record provenance, rejects."""

import gc
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from . import __version__, formats
from . import spans as spanpack
from .build import building
from .errors import UserError
from .formats import Reject
from .ids import VIDEO_ID, checked_id_to_int
from .sourcefile import open_stream
from .stats import refresh

CHUNK_ROWS = 1_000_000  # rows held in memory before they are written; bounds memory use


@dataclass
class FileResult:
    """What one file's ingest read, kept and rejected."""

    file_name: str
    sha256: str = ""
    size: int = 0
    rows_read: int = 0
    rejected: dict = field(default_factory=dict)  # code -> count
    videos: int = 0
    clips: int = 0
    seconds: float = 0.0
    rejects_file: str = ""
    already_ingested: bool = False

    @property
    def rows_rejected(self):
        return sum(n for code, n in self.rejected.items() if code != "unresolved")

    @property
    def rows_unresolved(self):
        return self.rejected.get("unresolved", 0)


@dataclass
class Input:
    """A local file to ingest and, when it was downloaded, the URL it came from."""

    path: Path
    url: str = ""


def ingest(index_path, slug, inputs, fmt, options=None, captions=False, rejects_dir=None,
           progress=None):
    """Ingest files of one dataset into the index at index_path; all or nothing."""
    reader = formats.get(fmt)
    _check_options(reader, options or {})
    rejects_dir = Path(rejects_dir or Path(index_path).parent / "rejects")
    results = []
    with building(index_path) as conn:
        _register_functions(conn)
        dataset = _dataset_id(conn, slug)
        for item in inputs:
            job = _FileIngest(conn, dataset, slug, item, reader, fmt, captions)
            results.append(job.run(options or {}, rejects_dir, progress))
        refresh(conn, [dataset])
    return results


def _check_options(reader, options):
    unknown = set(options) - set(getattr(reader, "OPTIONS", {}))
    if unknown:
        known = ", ".join(getattr(reader, "OPTIONS", {})) or "none"
        raise UserError(f"unknown option(s) {', '.join(sorted(unknown))}; "
                        f"this format takes: {known}")


def _register_functions(conn):
    conn.create_function("merge_spans", 2, spanpack.merge, deterministic=True)
    conn.create_function("span_count", 1, spanpack.count, deterministic=True)


def _dataset_id(conn, slug):
    conn.execute("INSERT OR IGNORE INTO datasets(slug) VALUES (?)", (slug,))
    return conn.execute("SELECT id FROM datasets WHERE slug = ?", (slug,)).fetchone()[0]


def _now():
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class _FileIngest:
    """One file's pass: rows in, chunks out, provenance row at the end."""

    def __init__(self, conn, dataset, slug, item, reader, fmt, captions):
        self.conn, self.dataset, self.slug, self.item = conn, dataset, slug, item
        self.reader, self.fmt, self.captions = reader, fmt, captions
        self.result = FileResult(Path(item.path).name)

    def run(self, options, rejects_dir, progress):
        """Read the whole file and write what it holds; returns its FileResult."""
        path = Path(self.item.path)
        if not path.is_file():
            raise UserError(f"{path.name}: no such file")
        started = datetime.now(timezone.utc)
        self.source = self._placeholder_source(started)
        # Distinct videos of this file. A set of ints costs ~70 bytes a video (0.5 GB for
        # InternVid's 7M) and is several times faster than a temporary table.
        self.seen = set()
        bar = progress(path.name, path.stat().st_size) if progress else None
        stream, hashing = open_stream(path, self.reader.BINARY, bar.bytes if bar else None)
        with _RejectsFile(rejects_dir, self.slug, path.name) as rejects:
            # The chunk holds millions of small containers and none of them form cycles; the
            # cyclic collector would walk them all again and again while they pile up.
            collecting = gc.isenabled()
            gc.disable()
            try:
                rows = self.reader.read(stream, **options)
                self._load(rows, rejects, bar)
                hashing.drain()
            except (OSError, EOFError, ValueError) as error:
                raise UserError(f"{path.name}: could not be read to the end ({error}); "
                                "the index was not changed") from error
            finally:
                if collecting:  # a caller that turned the collector off keeps it off
                    gc.enable()
                stream.close()
                if bar:
                    bar.close()
        self.result.rejected = rejects.counts
        self.result.rejects_file = rejects.name if rejects.counts else ""
        self.result.sha256, self.result.size = hashing.sha256.hexdigest(), hashing.bytes_read
        self.result.videos = len(self.seen)
        self.result.seconds = (datetime.now(timezone.utc) - started).total_seconds()
        self._finish_source(started)
        return self.result

    def _load(self, rows, rejects, bar):
        # The per-row loop of files with 10^8 rows: names are bound locally, counts kept in
        # locals, and the ID of a run of rows from one video is checked and packed once.
        chunk, pending, last_id, entry, read = {}, 0, None, None, 0
        valid, to_int, reject_type, get = VIDEO_ID.fullmatch, checked_id_to_int, Reject, chunk.get
        for read, row in enumerate(rows, 1):
            if row.__class__ is reject_type:
                rejects.write(row)
                continue
            video_id = row[1]
            if video_id != last_id:
                if valid(video_id) is None:
                    rejects.write(Reject.of(row[0], "bad_id", "not a valid YouTube video ID",
                                            video_id))
                    last_id = None
                    continue
                key = to_int(video_id)
                entry = get(key)
                if entry is None:
                    entry = chunk[key] = [row[0]]
                last_id = video_id
            entry.append(row)
            pending += 1
            if pending >= CHUNK_ROWS:
                self._flush(chunk)
                if bar:
                    bar.rows(pending)
                chunk, pending, last_id = {}, 0, None
                get = chunk.get
        self._flush(chunk)
        self.result.rows_read = read
        if bar:
            bar.rows(pending)

    def _flush(self, chunk):
        dataset, source = self.dataset, self.source
        clip_rows, caption_rows = [], []
        # Key order turns random B-tree inserts into near-appends: several times faster.
        for key in sorted(chunk):
            entry = chunk[key]
            rows = entry[1:]
            spans = {(r[2], r[3]) for r in rows if r[2] is not None}
            clip_rows.append((key, dataset, len(spans) or len(rows), spanpack.pack(spans),
                              source, entry[0]))
            if self.captions:
                caption_rows += [(key, dataset, r[2], r[3], r[4]) for r in rows
                                 if r[4] and r[2] is not None]
        self.result.clips += sum(row[2] for row in clip_rows)
        self._write(clip_rows, caption_rows)

    def _write(self, clip_rows, caption_rows):
        execute = self.conn.executemany
        execute("INSERT OR IGNORE INTO membership VALUES (?, ?)",
                [(row[0], row[1]) for row in clip_rows])
        self.seen.update(row[0] for row in clip_rows)
        # A video already indexed for this dataset (another file, or this file again) keeps
        # its first source and line; its spans become the union, so re-ingest is idempotent.
        execute("INSERT INTO clips VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(video, dataset) DO UPDATE SET"
                " spans = merge_spans(clips.spans, excluded.spans),"
                " n = CASE WHEN clips.spans IS NULL AND excluded.spans IS NULL"
                " THEN max(clips.n, excluded.n)"
                " ELSE span_count(merge_spans(clips.spans, excluded.spans)) END", clip_rows)
        execute("INSERT OR IGNORE INTO captions VALUES (?, ?, ?, ?, ?)", caption_rows)

    def _placeholder_source(self, started):
        # The checksum is known only after the last byte, so the row starts with a unique
        # placeholder and is completed (or merged into an earlier identical file) at the end.
        cursor = self.conn.execute(
            "INSERT INTO sources(dataset, url, file_name, sha256, format, started, tool_version)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (self.dataset, self.item.url, self.result.file_name, f"pending-{uuid.uuid4()}",
             self.fmt, started.isoformat(timespec="seconds"), __version__))
        return cursor.lastrowid

    def _finish_source(self, started):
        r = self.result
        earlier = self.conn.execute("SELECT id FROM sources WHERE dataset = ? AND sha256 = ?",
                                    (self.dataset, r.sha256)).fetchone()
        if earlier:
            r.already_ingested = True
            self.conn.execute("UPDATE clips SET source = ? WHERE source = ?",
                              (earlier[0], self.source))
            self.conn.execute("DELETE FROM sources WHERE id = ?", (self.source,))
            self.source = earlier[0]
        self.conn.execute(
            "UPDATE sources SET url = coalesce(nullif(?, ''), url), file_name = ?, size = ?,"
            " sha256 = ?, rows_read = ?, rows_rejected = ?, rows_unresolved = ?, videos = ?,"
            " clips = ?, started = ?, finished = ?, rejects_file = ? WHERE id = ?",
            (self.item.url, r.file_name, r.size, r.sha256, r.rows_read, r.rows_rejected,
             r.rows_unresolved, r.videos, r.clips, started.isoformat(timespec="seconds"),
             _now(), r.rejects_file, self.source))


class _RejectsFile:
    """Tab-separated rejects (line, code, reason, text), created only when there are any."""

    def __init__(self, folder, slug, file_name):
        self.path = Path(folder) / f"{slug}--{file_name}.rejects.tsv"
        self.name = self.path.name
        self.counts, self.handle = {}, None

    def __enter__(self):
        self.path.unlink(missing_ok=True)
        return self

    def write(self, reject):
        """Record one rejected row."""
        if self.handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.handle = open(self.path, "w", encoding="utf-8")
            self.handle.write("line\tcode\treason\ttext\n")
        self.counts[reject.code] = self.counts.get(reject.code, 0) + 1
        text = reject.text.replace("\t", " ").replace("\n", " ")
        self.handle.write(f"{reject.line}\t{reject.code}\t{reject.reason}\t{text}\n")

    def __exit__(self, *exc):
        if self.handle:
            self.handle.close()
