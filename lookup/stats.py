"""Figures computed once at ingest time, so pages never count rows per request."""

from datetime import datetime, timezone

from . import spans as spanpack


def refresh(conn, dataset_ids):
    """Recount the given datasets, the overlap matrix and the index-wide totals."""
    conn.create_function("span_ms", 1, spanpack.total_ms, deterministic=True)
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    for dataset in dataset_ids:
        videos, clips, span_ms = conn.execute(
            "SELECT count(*), coalesce(sum(n), 0), sum(span_ms(spans)) FROM clips"
            " WHERE dataset = ?", (dataset,)).fetchone()
        conn.execute("UPDATE datasets SET videos = ?, clips = ?, span_seconds = ?, updated = ?"
                     " WHERE id = ?",
                     (videos, clips, None if span_ms is None else span_ms // 1000, now, dataset))
    _refresh_overlap(conn)
    distinct = conn.execute("SELECT count(DISTINCT video) FROM membership").fetchone()[0]
    conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                     [("distinct_videos", str(distinct)), ("snapshot", now)])


def _refresh_overlap(conn):
    conn.execute("DELETE FROM overlap")
    # membership is keyed (video, dataset), so each video's datasets sit together and the
    # self-join is one ordered scan with a short range probe per row.
    conn.execute("INSERT INTO overlap SELECT a.dataset, b.dataset, count(*)"
                 " FROM membership a JOIN membership b"
                 " ON b.video = a.video AND b.dataset > a.dataset GROUP BY 1, 2")
