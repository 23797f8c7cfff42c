"""The index's figures: moved by each ingest's delta, or recounted from every row on demand.

Figures are what pages show without counting rows per request: per dataset its videos, clips
and summed clip time (`datasets`), the videos each pair of datasets shares (`overlap`), and
the distinct videos of the whole index (`meta.distinct_videos`). The coverage page's growth
bounds are arithmetic over these. `recount` and `differences` exist so an operator (and the
tests) can check that the incremental figures equal a full count.
"""

_DATASETS = "SELECT id, videos, clips, span_ms FROM datasets ORDER BY id"


def add(conn, dataset, memberships, videos, shared, before, after, when):
    """Move the figures by one merge's delta.

    memberships: (video, dataset) pairs added; videos: of those, videos in no dataset before;
    shared: [(other dataset, videos of the added ones it already held)]; before/after:
    (clips, span ms or None) of the dataset's rows for the staged videos.
    """
    clips = after[0] - before[0]
    spans = None if after[1] is None and before[1] is None else \
        (after[1] or 0) - (before[1] or 0)
    conn.execute(
        "UPDATE datasets SET videos = videos + ?, clips = clips + ?, span_ms = CASE"
        " WHEN ? IS NULL THEN span_ms ELSE coalesce(span_ms, 0) + ? END, updated = ?"
        " WHERE id = ?", (memberships, clips, spans, spans, when, dataset))
    conn.executemany(
        "INSERT INTO overlap VALUES (?, ?, ?)"
        " ON CONFLICT(a, b) DO UPDATE SET videos = videos + excluded.videos",
        [(min(dataset, other), max(dataset, other), n) for other, n in shared])
    distinct = int(_meta(conn, "distinct_videos", 0)) + videos
    generation = int(_meta(conn, "generation", 0)) + 1
    _set_meta(conn, distinct_videos=distinct, generation=generation, snapshot=when)


def recount(conn):
    """Recount every figure from the rows (the whole index: minutes at 10^8 memberships)."""
    counted = count(conn)
    conn.executemany("UPDATE datasets SET videos = ?, clips = ?, span_ms = ? WHERE id = ?",
                     [(v, c, s, i) for i, v, c, s in counted["datasets"]])
    conn.execute("DELETE FROM overlap")
    conn.executemany("INSERT INTO overlap VALUES (?, ?, ?)", counted["overlap"])
    # A corrected figure is a change readers must see: their caches follow the generation.
    generation = int(_meta(conn, "generation", 0)) + 1
    _set_meta(conn, distinct_videos=counted["distinct_videos"], generation=generation)


def count(conn):
    """Every figure counted from the rows, in the shape stored() returns."""
    per = {row[0]: row[1:] for row in conn.execute(
        "SELECT dataset, count(*), coalesce(sum(n), 0), sum(span_ms(spans)) FROM clips"
        " GROUP BY dataset")}
    datasets = [(i, *per.get(i, (0, 0, None)))
                for (i,) in conn.execute("SELECT id FROM datasets ORDER BY id")]
    # membership is keyed (video, dataset), so each video's datasets sit together and the
    # self-join is one ordered scan with a short range probe per row.
    overlap = conn.execute(
        "SELECT a.dataset, b.dataset, count(*) FROM membership a JOIN membership b"
        " ON b.video = a.video AND b.dataset > a.dataset GROUP BY 1, 2 ORDER BY 1, 2").fetchall()
    distinct = conn.execute("SELECT count(DISTINCT video) FROM membership").fetchone()[0]
    return {"datasets": datasets, "overlap": overlap, "distinct_videos": distinct}


def stored(conn):
    """The figures as the index holds them now."""
    return {"datasets": conn.execute(_DATASETS).fetchall(),
            "overlap": conn.execute(
                "SELECT a, b, videos FROM overlap WHERE videos > 0 ORDER BY a, b").fetchall(),
            "distinct_videos": int(_meta(conn, "distinct_videos", 0))}


def differences(conn):
    """Where the stored figures differ from a full count: [(figure, stored, counted)]."""
    have, want = stored(conn), count(conn)
    return [(key, have[key], want[key]) for key in want if have[key] != want[key]]


def _meta(conn, key, default):
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else default


def _set_meta(conn, **values):
    conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                     [(k, str(v)) for k, v in values.items()])
