"""The SQLite index: its schema, a read-only handle, and batch lookups of video IDs."""

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from . import spans as spanpack
from .errors import UserError
from .ids import VIDEO_ID, checked_id_to_int, id_to_int, int_to_id

SCHEMA_VERSION = "1"

# membership is the hot table: 8-byte video + 1-byte dataset per row, probed for every lookup.
# clips holds the details of each membership (kept apart so membership stays ~15 bytes/row).
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS datasets(
    id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE,
    videos INTEGER NOT NULL DEFAULT 0, clips INTEGER NOT NULL DEFAULT 0,
    span_seconds INTEGER, updated TEXT);
CREATE TABLE IF NOT EXISTS sources(
    id INTEGER PRIMARY KEY, dataset INTEGER NOT NULL REFERENCES datasets(id),
    url TEXT, file_name TEXT NOT NULL, size INTEGER, sha256 TEXT NOT NULL,
    format TEXT, rows_read INTEGER, rows_rejected INTEGER, rows_unresolved INTEGER,
    videos INTEGER, clips INTEGER, started TEXT, finished TEXT, tool_version TEXT,
    rejects_file TEXT, UNIQUE(dataset, sha256));
CREATE TABLE IF NOT EXISTS membership(
    video INTEGER NOT NULL, dataset INTEGER NOT NULL,
    PRIMARY KEY(video, dataset)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS clips(
    video INTEGER NOT NULL, dataset INTEGER NOT NULL, n INTEGER NOT NULL, spans BLOB,
    source INTEGER NOT NULL, line INTEGER NOT NULL,
    PRIMARY KEY(video, dataset)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS captions(
    video INTEGER NOT NULL, dataset INTEGER NOT NULL, start_ms INTEGER NOT NULL,
    end_ms INTEGER NOT NULL, text TEXT NOT NULL,
    PRIMARY KEY(video, dataset, start_ms, end_ms)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS overlap(
    a INTEGER NOT NULL, b INTEGER NOT NULL, videos INTEGER NOT NULL,
    PRIMARY KEY(a, b)) WITHOUT ROWID;
"""


def ensure_shape(conn):
    """Create any missing tables; safe to repeat."""
    conn.executescript(SCHEMA)
    conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))


@dataclass(frozen=True)
class Source:
    """Provenance of one ingested file."""

    id: int
    dataset: str
    url: str
    file_name: str
    size: int
    sha256: str
    format: str
    rows_read: int
    rows_rejected: int
    rows_unresolved: int
    videos: int
    clips: int
    started: str
    finished: str
    tool_version: str
    rejects_file: str


@dataclass(frozen=True)
class DatasetStats:
    """A dataset's figures in the index."""

    slug: str
    videos: int
    clips: int
    span_seconds: int | None
    updated: str
    sources: tuple


@dataclass(frozen=True)
class Clip:
    """One clip of a video in a dataset; end is None where the dataset gives no span."""

    start_ms: int | None
    end_ms: int | None
    caption: str | None = None


class Hit:
    """A video's membership in one dataset; its clips are unpacked when first asked for."""

    __slots__ = ("dataset", "clip_count", "source", "line", "_blob", "_clips")

    def __init__(self, dataset, clip_count, source, line, blob=None, clips=None):
        self.dataset, self.clip_count, self.source, self.line = dataset, clip_count, source, line
        self._blob, self._clips = blob, clips

    @property
    def clips(self):
        """Tuple of Clip, in time order."""
        if self._clips is None:
            self._clips = tuple(Clip(s, e) for s, e in spanpack.unpack(self._blob))
        return self._clips

    def spans(self):
        """(start_ms, end_ms) per clip, in time order, without Clip objects."""
        if self._clips is not None:
            return [(c.start_ms, c.end_ms) for c in self._clips]
        return spanpack.unpack(self._blob)

    def captions(self):
        """The caption of each clip (None where it has none), or None when none were read."""
        return None if self._clips is None else [c.caption for c in self._clips]

    def __eq__(self, other):
        return isinstance(other, Hit) and (self.dataset, self.clip_count, self.clips,
                                           self.source, self.line) == \
            (other.dataset, other.clip_count, other.clips, other.source, other.line)

    def __repr__(self):
        return f"Hit({self.dataset!r}, clips={self.clip_count}, line={self.line})"


class Index:
    """A read-only handle on an index file."""

    def __init__(self, conn):
        self.conn = conn
        self._slugs = dict(conn.execute("SELECT id, slug FROM datasets"))
        self._sources = {row[0]: Source(*row) for row in conn.execute(
            "SELECT s.id, d.slug, s.url, s.file_name, s.size, s.sha256, s.format, s.rows_read,"
            " s.rows_rejected, s.rows_unresolved, s.videos, s.clips, s.started, s.finished,"
            " s.tool_version, s.rejects_file FROM sources s JOIN datasets d ON d.id = s.dataset"
            " ORDER BY s.id")}
        # Most datasets publish no captions: then a lookup asking for them skips the query.
        self.has_captions = conn.execute("SELECT EXISTS (SELECT 1 FROM captions)").fetchone()[0]

    @classmethod
    def open(cls, path):
        """Open an index file read-only; UserError (503) when it is missing or not an index."""
        path = Path(path)
        if not path.is_file():
            raise UserError(f"The index file {path.name} has not been built yet.", 503)
        # immutable=1: the file is never written while served (rebuilds swap in a new file),
        # so SQLite can skip locking entirely.
        uri = f"file:{path.resolve()}?mode=ro&immutable=1"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        try:
            return cls(conn)
        except sqlite3.DatabaseError as error:
            conn.close()
            raise UserError(f"{path.name} is not a usable index ({error}).", 503) from error

    def close(self):
        """Close the connection."""
        self.conn.close()

    def meta(self, key, default=None):
        """A value from the meta table."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def sources(self, slug=None):
        """Provenance rows, all or one dataset's."""
        return [s for s in self._sources.values() if slug is None or s.dataset == slug]

    def datasets(self):
        """Figures for every dataset in the index, largest first."""
        rows = self.conn.execute(
            "SELECT slug, videos, clips, span_seconds, updated FROM datasets"
            " ORDER BY videos DESC, slug")
        return [DatasetStats(*row, tuple(self.sources(row[0]))) for row in rows]

    def dataset(self, slug):
        """One dataset's figures, or None when it is not in the index."""
        return next((d for d in self.datasets() if d.slug == slug), None)

    def totals(self):
        """Distinct videos, memberships and clips across the whole index."""
        datasets = self.datasets()
        return {"videos": int(self.meta("distinct_videos", 0)),
                "memberships": sum(d.videos for d in datasets),
                "clips": sum(d.clips for d in datasets),
                "datasets": len(self._slugs)}

    def overlap(self):
        """Shared-video counts as {(slug_a, slug_b): n}, both orders."""
        pairs = {}
        for a, b, n in self.conn.execute("SELECT a, b, videos FROM overlap"):
            pairs[self._slugs[a], self._slugs[b]] = pairs[self._slugs[b], self._slugs[a]] = n
        return pairs

    def video_ids(self):
        """Every distinct video ID in the index, in numeric order, streamed."""
        for (number,) in self.conn.execute("SELECT DISTINCT video FROM membership ORDER BY video"):
            yield int_to_id(number)

    def lookup(self, video_ids, captions=False):
        """Map each found video ID to its Hits; IDs in no dataset are left out."""
        valid = VIDEO_ID.fullmatch
        keys = {checked_id_to_int(v): v for v in video_ids if valid(v)}
        if not keys:
            return {}
        found = {}
        rows = self.conn.execute(
            "SELECT c.video, c.dataset, c.n, c.spans, c.source, c.line"
            " FROM membership m JOIN clips c ON c.video = m.video AND c.dataset = m.dataset"
            " WHERE m.video IN (SELECT value FROM json_each(?)) ORDER BY c.video, c.dataset",
            (json.dumps(list(keys)),))
        slugs, sources = self._slugs, self._sources
        for video, dataset, n, blob, source, line in rows:
            found.setdefault(keys[video], []).append(
                Hit(slugs[dataset], n, sources[source], line, blob))
        if captions and found and self.has_captions:
            found = self._with_captions(found)
        return found

    def _with_captions(self, found):
        texts = {}
        rows = self.conn.execute(
            "SELECT video, dataset, start_ms, end_ms, text FROM captions"
            " WHERE video IN (SELECT value FROM json_each(?))",
            (json.dumps([id_to_int(v) for v in found]),))
        for video, dataset, start, end, text in rows:
            texts[int_to_id(video), self._slugs[dataset], start, end] = text
        return {video: [_caption_hit(hit, video, texts) for hit in hits]
                for video, hits in found.items()}


def _caption_hit(hit, video, texts):
    clips = tuple(Clip(c.start_ms, c.end_ms, texts.get((video, hit.dataset, c.start_ms,
                                                        c.end_ms))) for c in hit.clips)
    return Hit(hit.dataset, hit.clip_count, hit.source, hit.line, clips=clips)
