"""The index's views show readable video IDs in plain SQLite, with no plugin or extension."""

import random
import sqlite3

from lookup.ids import id_to_int, int_to_id
from lookup.index import Index
from lookup.index.views import video_id_sql, video_int_sql
from tests.conftest import CAPTION, FOUND


def test_the_sql_decoding_agrees_with_the_python_codec_across_the_whole_range():
    conn = sqlite3.connect(":memory:")
    rng = random.Random(4)
    numbers = [-2**63, -1, 0, 1, 2**63 - 1] + [rng.getrandbits(64) - 2**63 for _ in range(2000)]
    decoded = conn.execute(
        f"SELECT {video_id_sql('value')} FROM json_each(?)", (str(numbers),)).fetchall()
    assert [row[0] for row in decoded] == [int_to_id(n) for n in numbers]
    ids = [int_to_id(n) for n in numbers]
    encoded = conn.execute(
        f"SELECT {video_int_sql('value')} FROM json_each(?)", (str(ids).replace("'", '"'),))
    assert [row[0] for row in encoded] == numbers


def test_readable_memberships_match_the_lookup(index_path):
    conn = sqlite3.connect(index_path)  # a bare connection: no functions registered
    rows = conn.execute("SELECT video_id, dataset, clip_count, source_file, line, video"
                        " FROM readable_memberships ORDER BY video_id, dataset").fetchall()
    hits = Index.open(index_path).lookup(FOUND)
    assert rows == sorted((v, h.dataset, h.clip_count, h.source.file_name, h.line, id_to_int(v))
                          for v, found in hits.items() for h in found)


def test_readable_captions_and_changes(index_path):
    conn = sqlite3.connect(index_path)
    assert conn.execute("SELECT video_id, dataset, start_seconds, end_seconds, caption"
                        " FROM readable_captions").fetchall() == \
        [("dQw4w9WgXcQ", "alpha", 30.0, 40.0, CAPTION)]
    changes = conn.execute("SELECT video_id, dataset, ingest FROM readable_changes"
                           " ORDER BY ingest, video_id").fetchall()
    assert changes == [("9bZkp7q19f0", "alpha", 1), ("dQw4w9WgXcQ", "alpha", 1),
                       ("dQw4w9WgXcQ", "beta", 2), ("kJQP7kiw5Fk", "beta", 2)]


def test_a_filter_on_the_integer_key_uses_the_index(index_path):
    conn = sqlite3.connect(index_path)
    plan = " ".join(row[3] for row in conn.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM readable_memberships"
        f" WHERE video = {video_int_sql(':v')}", {"v": "dQw4w9WgXcQ"}))
    assert "SCAN m" not in plan and "SCAN c" not in plan, plan
