"""The index's read side: a read-only handle, batch lookups, figures, the change log."""

import json
import sqlite3
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

import orjson

from ..errors import UserError
from ..ids import VIDEO_ID, checked_id_to_int, id_to_int, ids_to_ints, int_to_id
from . import spans as spanpack


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
    ingest: int | None = None  # the ingest that first read this file (change log)


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
class Ingest:
    """One committed ingest in the change log: which dataset it added to, when, how much."""

    id: int
    dataset: str
    started: str
    committed: str
    new_memberships: int
    new_videos: int


@dataclass(frozen=True)
class Change:
    """A membership an ingest added: this video joined this dataset at that commit."""

    video_id: str
    dataset: str
    ingest: int
    committed: str


@dataclass(frozen=True)
class Clip:
    """One clip of a video in a dataset; end is None where the dataset gives no span."""

    start_ms: int | None
    end_ms: int | None
    caption: str | None = None


# clips holds one row per membership (an ingest writes both in one transaction), so lookups
# read clips alone: probing membership as well for every row cost a quarter of a bulk query.
_SELECT_HITS = "SELECT video, dataset, n, spans, source, line FROM clips"
_LOOKUP_ONE = _SELECT_HITS + " WHERE video = ? ORDER BY dataset"
_LOOKUP_MANY = (_SELECT_HITS + " WHERE video IN (SELECT value FROM json_each(?))"
                " ORDER BY video, dataset")
_DATASET, _SOURCE = itemgetter(1), itemgetter(4)  # of a lookup row
_MMAP_BYTES = 1 << 40  # of a snapshot; SQLite caps it (2 GB unless built otherwise)
_DECODED_TOGETHER = 4  # IDs from which _keys() decodes a list in one pass


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
    """A read-only handle on an index file.

    The live index grows in place (WAL): this handle sees each commit at its next query, and
    changed() says when its cached small tables (datasets, sources) should be reread. A
    published snapshot never changes and is opened immutable, which skips locking.
    """

    def __init__(self, conn, path=None):
        self.conn, self.path, self.immutable = conn, path, False
        columns = {row[1] for row in conn.execute("PRAGMA table_info(datasets)")}
        # Version-1 files kept whole seconds; read them until an ingest upgrades the file.
        self._span = "span_ms / 1000" if "span_ms" in columns else "span_seconds"
        self._ingest = _col(conn, "sources", "ingest")
        self._load()

    def _load(self):
        """(Re)read the small tables this handle keeps in memory."""
        conn = self.conn
        self._remembered = {}
        self._version = conn.execute("PRAGMA data_version").fetchone()[0]
        self._slugs = dict(conn.execute("SELECT id, slug FROM datasets"))
        self._sources = {row[0]: Source(*row) for row in conn.execute(
            "SELECT s.id, d.slug, s.url, s.file_name, s.size, s.sha256, s.format, s.rows_read,"
            " s.rows_rejected, s.rows_unresolved, s.videos, s.clips, s.started, s.finished,"
            f" s.tool_version, s.rejects_file, {self._ingest}"
            " FROM sources s JOIN datasets d ON d.id = s.dataset ORDER BY s.id")}
        self.generation = int(self.meta("generation", 0))
        self.snapshot = self.meta("snapshot", "")
        # Most datasets publish no captions: then a lookup asking for them skips the query.
        self.has_captions = conn.execute("SELECT EXISTS (SELECT 1 FROM captions)").fetchone()[0]

    def refresh(self):
        """Reread the cached tables if another connection has committed; True if it had."""
        if self.changed():
            self._load()
            return True
        return False

    @classmethod
    def open(cls, path):
        """Open an index file read-only; UserError (503) when it is missing or not an index."""
        path = Path(path)
        if not path.is_file():
            raise UserError(f"The index file {path.name} has not been built yet.", 503)
        immutable = _is_snapshot(path)
        # immutable=1 only for a published snapshot: it is never written, so SQLite can skip
        # locking. The live index is written in place and must be read with locks (mode=ro).
        uri = f"file:{path.resolve()}?mode=ro" + ("&immutable=1" if immutable else "")
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        if immutable:
            # Pages read through a memory map rather than copied in by a read() call each:
            # ~10% off a bulk lookup's query. A snapshot is replaced whole, never truncated.
            conn.execute(f"PRAGMA mmap_size = {_MMAP_BYTES}")
        try:
            index = cls(conn, path)
        except sqlite3.DatabaseError as error:
            conn.close()
            raise UserError(f"{path.name} is not a usable index ({error}).", 503) from error
        index.immutable = immutable
        return index

    def remember(self, key, compute):
        """compute(), kept with this handle until it rereads its tables (after another
        connection's commit): for what the site derives from the index's small tables on every
        request (figures, the snapshot tag). key (hashable) names the value."""
        try:
            return self._remembered[key]
        except KeyError:
            value = self._remembered[key] = compute()
            return value

    def changed(self):
        """True when another connection has committed since this handle read its tables."""
        if self.immutable:  # a published snapshot is replaced whole, never committed to
            return False
        return self.conn.execute("PRAGMA data_version").fetchone()[0] != self._version

    def close(self):
        """Close the connection."""
        self.conn.close()

    def meta(self, key, default=None):
        """A value from the meta table."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def sources(self, slug=None):
        """Provenance rows, all or one dataset's."""
        self.refresh()
        return [s for s in self._sources.values() if slug is None or s.dataset == slug]

    def datasets(self):
        """Figures for every dataset in the index, largest first."""
        rows = self.conn.execute(
            f"SELECT slug, videos, clips, {self._span}, updated FROM datasets"
            " ORDER BY videos DESC, slug")
        return [DatasetStats(*row, tuple(self.sources(row[0]))) for row in rows]

    def dataset(self, slug):
        """One dataset's figures, or None when it is not in the index."""
        return next((d for d in self.datasets() if d.slug == slug), None)

    def totals(self):
        """Distinct videos, memberships and clips across the whole index."""
        self.refresh()
        datasets = self.datasets()
        return {"videos": int(self.meta("distinct_videos", 0)),
                "memberships": sum(d.videos for d in datasets),
                "clips": sum(d.clips for d in datasets),
                "datasets": len(self._slugs)}

    def overlap(self):
        """Shared-video counts as {(slug_a, slug_b): n}, both orders."""
        self.refresh()
        pairs = {}
        for a, b, n in self.conn.execute("SELECT a, b, videos FROM overlap"):
            pairs[self._slugs[a], self._slugs[b]] = pairs[self._slugs[b], self._slugs[a]] = n
        return pairs

    def ingests(self, since=""):
        """The change log's ingests committed after `since` (ISO time; "" for all), oldest
        first."""
        rows = self.conn.execute(
            "SELECT i.id, d.slug, i.started, i.committed, i.new_memberships, i.new_videos"
            " FROM ingests i JOIN datasets d ON d.id = i.dataset WHERE i.committed > ?"
            " ORDER BY i.id", (since,)) if self._has("ingests") else []
        return [Ingest(*row) for row in rows]

    def changes(self, video_ids, since=""):
        """Memberships of these videos added by ingests committed after `since`, as Changes
        in commit order. One indexed probe per video."""
        keys = {checked_id_to_int(v): v for v in video_ids if VIDEO_ID.fullmatch(v)}
        if not keys or not self._has("changes"):
            return []
        rows = self.conn.execute(
            "SELECT c.video, d.slug, i.id, i.committed FROM changes c"
            " JOIN ingests i ON i.id = c.ingest JOIN datasets d ON d.id = i.dataset"
            " WHERE c.video IN (SELECT value FROM json_each(?)) AND i.committed > ?"
            " ORDER BY i.id, c.video", (json.dumps(list(keys)), since))
        return [Change(keys[video], slug, ingest, committed)
                for video, slug, ingest, committed in rows]

    def _has(self, table):
        return self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?",
                                 (table,)).fetchone() is not None

    def video_ids(self):
        """Every distinct video ID in the index, in numeric order, streamed."""
        for (number,) in self.conn.execute("SELECT DISTINCT video FROM membership ORDER BY video"):
            yield int_to_id(number)

    def lookup(self, video_ids, captions=False):
        """Map each found video ID to its Hits; IDs in no dataset are left out."""
        keys, rows, slugs, sources = self.lookup_rows(video_ids)
        found = {}
        for video, dataset, n, blob, source, line in rows:
            found.setdefault(keys[video], []).append(
                Hit(slugs[dataset], n, sources[source], line, blob))
        if captions and found and self.has_captions:
            found = self._with_captions(found)
        return found

    def lookup_rows(self, video_ids):
        """The rows lookup() builds its Hits from: ({video number: ID} for the well-formed IDs,
        [(video number, dataset id, clip count, spans blob or None, source id, line)] ordered
        by video number then dataset id, {dataset id: slug}, {source id: Source}); the two maps
        hold every id the rows name."""
        keys = _keys(video_ids)
        if not keys:
            return keys, [], self._slugs, self._sources
        # One ID (every page and API lookup) as a point query: half the time of json_each.
        rows = (self.conn.execute(_LOOKUP_ONE, (next(iter(keys)),)) if len(keys) == 1 else
                self.conn.execute(_LOOKUP_MANY, (orjson.dumps(list(keys)).decode(),))).fetchall()
        if not (self._slugs.keys() >= set(map(_DATASET, rows)) and
                self._sources.keys() >= set(map(_SOURCE, rows))):
            self._load()  # a commit landed after this handle last looked
        return keys, rows, self._slugs, self._sources

    def captioned(self, video_number):
        """True when the index holds a caption of this video (a number, as lookup_rows' keys)."""
        return bool(self.has_captions) and self.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM captions WHERE video = ?)", (video_number,)).fetchone()[0]

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


def _keys(video_ids):
    """{video number: ID} for the well-formed IDs among video_ids (an iterable of str)."""
    video_ids = video_ids if isinstance(video_ids, (list, tuple)) else list(video_ids)
    # A list of well-formed IDs, the usual case, is decoded in one pass: ~0.1 µs per ID
    # instead of ~0.45, after ~1 µs of setup that one page's single ID is better without.
    if len(video_ids) >= _DECODED_TOGETHER:
        try:
            return dict(zip(ids_to_ints(video_ids), video_ids))
        except ValueError:
            pass
    valid = VIDEO_ID.fullmatch
    return {checked_id_to_int(v): v for v in video_ids if valid(v)}


def _caption_hit(hit, video, texts):
    clips = tuple(Clip(c.start_ms, c.end_ms, texts.get((video, hit.dataset, c.start_ms,
                                                        c.end_ms))) for c in hit.clips)
    return Hit(hit.dataset, hit.clip_count, hit.source, hit.line, clips=clips)


def _col(conn, table, column):
    """column, or NULL when a version-1 file does not have it yet."""
    have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
    return f"s.{column}" if column in have else "NULL"


def _is_snapshot(path):
    """True for a published snapshot: a rollback-journal file (header byte 18 is 1, where the
    live index's WAL mode writes 2) whose meta table says it was published."""
    with open(path, "rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or header[18] != 1:
        return False
    conn = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'published'").fetchone()
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()
    return row is not None
