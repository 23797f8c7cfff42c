"""Merge a staged ingest into the live index in one transaction, with figures from the delta.

Everything here costs the size of the stage, not of the index: the new memberships are found
by probing the index for the staged videos, and the figures (dataset counts, distinct videos,
overlap pairs) are moved by what those probes find instead of being recounted.
"""

from datetime import datetime, timezone

from .. import __version__
from . import figures, ranges
from .store import MERGE_CLIPS, writing


def merge(conn, stage_path, slug, results, on_wait=None, recount=False):
    """Add the stage at stage_path to the index as one ingest of dataset slug.

    results: the FileResults of the staged files, in stage file-number order; their
    already_ingested flags are set here, and results.ingest_id / new_memberships /
    new_videos are filled in. recount: also recount every figure (after a schema upgrade).
    """
    conn.execute("ATTACH DATABASE ? AS stage", (str(stage_path),))
    try:
        with writing(conn, on_wait):
            _Merge(conn, slug, results).run()
            if recount:
                figures.recount(conn)
    finally:
        conn.execute("DETACH DATABASE stage")


def _now():
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class _Merge:
    """The steps of one merge, all inside the caller's write transaction."""

    def __init__(self, conn, slug, results):
        self.conn, self.slug, self.results = conn, slug, results
        self.now = _now()

    def run(self):
        """Write provenance, the change log, the memberships and clips, then the figures."""
        conn = self.conn
        conn.execute("INSERT OR IGNORE INTO datasets(slug) VALUES (?)", (self.slug,))
        self.dataset = conn.execute("SELECT id FROM datasets WHERE slug = ?",
                                    (self.slug,)).fetchone()[0]
        started = min(r.started for r in self.results)
        self.ingest = conn.execute(
            "INSERT INTO ingests(dataset, started, committed, tool_version) VALUES (?, ?, ?, ?)",
            (self.dataset, started, self.now, __version__)).lastrowid
        self._sources()
        new_memberships, new_videos, shared = self._log_new_memberships()
        before = self._clip_totals()
        self._write_rows()
        after = self._clip_totals()
        figures.add(conn, self.dataset, new_memberships, new_videos, shared, before, after,
                    self.now)
        conn.execute("UPDATE ingests SET new_memberships = ?, new_videos = ? WHERE id = ?",
                     (new_memberships, new_videos, self.ingest))
        self.results.ingest_id = self.ingest
        self.results.new_memberships, self.results.new_videos = new_memberships, new_videos

    def _sources(self):
        """A provenance row per file; a file read before (same sha256) keeps its first row."""
        conn = self.conn
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS file_source("
                     "file INTEGER PRIMARY KEY, source INTEGER NOT NULL)")
        conn.execute("DELETE FROM temp.file_source")
        for number, r in enumerate(self.results):
            earlier = conn.execute("SELECT id FROM sources WHERE dataset = ? AND sha256 = ?",
                                   (self.dataset, r.sha256)).fetchone()
            r.already_ingested = earlier is not None
            if earlier:
                source = earlier[0]
                conn.execute("UPDATE sources SET url = coalesce(nullif(?, ''), url) WHERE id = ?",
                             (r.url, source))
            else:
                source = conn.execute(
                    "INSERT INTO sources(dataset, url, file_name, size, sha256, format,"
                    " rows_read, rows_rejected, rows_unresolved, videos, clips, started,"
                    " finished, tool_version, rejects_file, ingest, ids_canonicalised)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (self.dataset, r.url, r.file_name, r.size, r.sha256, r.format, r.rows_read,
                     r.rows_rejected, r.rows_unresolved, r.videos, r.clips, r.started,
                     r.finished, __version__, r.rejects_file, self.ingest,
                     r.canonicalised)).lastrowid
            conn.execute("INSERT INTO temp.file_source VALUES (?, ?)", (number, source))

    def _log_new_memberships(self):
        """Find the staged videos this dataset did not hold and log them; count them, the
        videos no dataset held, and for each other dataset how many of them it holds."""
        conn = self.conn
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS added(video INTEGER PRIMARY KEY)")
        conn.execute("DELETE FROM temp.added")
        count = conn.execute(
            "INSERT INTO temp.added SELECT s.video FROM stage.clips s WHERE NOT EXISTS"
            " (SELECT 1 FROM membership m WHERE m.video = s.video AND m.dataset = ?)",
            (self.dataset,)).rowcount
        new_videos = conn.execute(
            "SELECT count(*) FROM temp.added a WHERE NOT EXISTS"
            " (SELECT 1 FROM membership m WHERE m.video = a.video)").fetchone()[0]
        shared = conn.execute(
            "SELECT m.dataset, count(*) FROM temp.added a CROSS JOIN membership m"
            " ON m.video = a.video GROUP BY m.dataset").fetchall()
        conn.execute("INSERT INTO changes SELECT video, ? FROM temp.added", (self.ingest,))
        return count, new_videos, shared

    def _clip_totals(self):
        """(clips, span ms) of this dataset's rows for the staged videos, as the index holds
        them now; before and after the write, their difference is what the ingest added."""
        # CROSS JOIN keeps the stage outside: the planner, knowing nothing of the attached
        # stage's size, would otherwise scan the whole clips table and probe the stage.
        return self.conn.execute(
            "SELECT coalesce(sum(c.n), 0), sum(span_ms(c.spans)) FROM stage.clips s"
            " CROSS JOIN clips c ON c.video = s.video AND c.dataset = ?",
            (self.dataset,)).fetchone()

    def _write_rows(self):
        conn, dataset = self.conn, self.dataset
        conn.execute("INSERT INTO membership SELECT video, ? FROM temp.added", (dataset,))
        ranges.add(conn, dataset)
        # A video the dataset already held keeps its first source and line. (WHERE true:
        # SQLite needs it to parse an upsert whose SELECT has a join.)
        conn.execute(
            "INSERT INTO clips SELECT s.video, ?, s.n, s.spans, f.source, s.line"
            " FROM stage.clips s JOIN temp.file_source f ON f.file = s.file WHERE true"
            f" ON CONFLICT(video, dataset) DO UPDATE SET {MERGE_CLIPS}", (dataset,))
        conn.execute("INSERT OR IGNORE INTO captions"
                     " SELECT video, ?, start_ms, end_ms, text FROM stage.captions", (dataset,))
