"""SQL views that show the index with readable 11-character video IDs.

The index keys videos by their 64-bit integer (lookup/ids.py). These views decode it in
plain SQL (shifts, masks and substr over the base64url alphabet), so they work in any SQLite
client - the sqlite3 shell, Datasette, pandas - without a plugin or extension. Filter on
their integer `video` column to use the index's keys; a filter on `video_id` reads every row.
"""

_B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def video_id_sql(column):
    """SQL text decoding an int64 video column into its 11-character ID (lookup.ids.int_to_id).

    Ten symbols of 6 bits from the top, then the last 4 bits shifted into the 11th symbol;
    SQLite's >> on a negative integer keeps the sign, which the & 63 masks away.
    """
    symbols = [f"substr('{_B64URL}', (({column} >> {58 - 6 * i}) & 63) + 1, 1)"
               for i in range(10)]
    symbols.append(f"substr('{_B64URL}', (({column} & 15) << 2) + 1, 1)")
    return " || ".join(symbols)


def video_int_sql(param):
    """SQL text encoding an 11-character ID (e.g. a :video_id parameter) into its int64 key."""
    parts = [f"((instr('{_B64URL}', substr({param}, {i + 1}, 1)) - 1) << {58 - 6 * i})"
             for i in range(10)]
    parts.append(f"((instr('{_B64URL}', substr({param}, 11, 1)) - 1) >> 2)")
    return " | ".join(parts)


# name -> SELECT; each view's columns are described in lookup/opendata/datasette.py.
VIEWS = {
    "readable_memberships": (
        f"SELECT {video_id_sql('c.video')} AS video_id, d.slug AS dataset, c.n AS clip_count,"
        " s.file_name AS source_file, s.sha256 AS source_sha256, c.line AS line,"
        " c.video AS video"
        " FROM membership m JOIN clips c ON c.video = m.video AND c.dataset = m.dataset"
        " JOIN datasets d ON d.id = m.dataset JOIN sources s ON s.id = c.source"),
    "readable_captions": (
        f"SELECT {video_id_sql('k.video')} AS video_id, d.slug AS dataset,"
        " k.start_ms / 1000.0 AS start_seconds, k.end_ms / 1000.0 AS end_seconds,"
        " k.text AS caption, k.video AS video"
        " FROM captions k JOIN datasets d ON d.id = k.dataset"),
    "readable_changes": (
        f"SELECT {video_id_sql('c.video')} AS video_id, d.slug AS dataset, i.id AS ingest,"
        " i.committed AS committed, c.video AS video"
        " FROM changes c JOIN ingests i ON i.id = c.ingest JOIN datasets d ON d.id = i.dataset"),
}


def create(conn):
    """(Re)create the views; repeatable, and cheap (views hold no rows)."""
    for name, select in VIEWS.items():
        conn.execute(f"DROP VIEW IF EXISTS {name}")
        conn.execute(f"CREATE VIEW {name} AS {select}")
