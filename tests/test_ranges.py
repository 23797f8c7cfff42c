"""Hash ranges of private lookups: each range holds exactly the indexed videos under it.

Files here are small and synthetic (real-shaped IDs, made-up memberships), labelled as such.
"""

import hashlib
import random
import sqlite3
from collections import defaultdict

import pytest

from lookup.errors import UserError
from lookup.ids import id_to_int, int_to_id
from lookup.index import maintain, ranges, store
from lookup.index.ingest import Input, ingest
from tests.helpers import write_csv


def synthetic_ids(seed, n):
    rng = random.Random(seed)
    return [int_to_id(rng.getrandbits(64) - 2**63) for _ in range(n)]


def prefix(video_id):
    return int(hashlib.sha256(video_id.encode()).hexdigest()[:5], 16)


def shared_prefix_ids(seed, n):
    """n synthetic IDs, most of them sharing a 5-hex-digit prefix with another one."""
    buckets = defaultdict(list)
    for video_id in synthetic_ids(seed, 20_000):
        buckets[prefix(video_id)].append(video_id)
    shared = [v for group in buckets.values() if len(group) > 1 for v in group]
    assert len(shared) >= n // 2
    return shared[: n // 2] + synthetic_ids(seed + 1, n - n // 2)


def full_scan(index):
    """{prefix: {video ID: [(slug, clips)]}} from every membership, hashing each ID here."""
    conn = sqlite3.connect(index)
    rows = conn.execute("SELECT c.video, d.slug, c.n FROM clips c JOIN membership m"
                        " USING (video, dataset) JOIN datasets d ON d.id = c.dataset")
    found = defaultdict(lambda: defaultdict(list))
    for video, slug, n in rows:
        video_id = int_to_id(video)
        found[prefix(video_id)][video_id].append((slug, n))
    conn.close()
    return found


def members(index, number):
    conn = sqlite3.connect(index)
    try:
        return {video_id: hits for video_id, _, hits in ranges.members(conn, number)}
    finally:
        conn.close()


IDS = shared_prefix_ids(7, 600)
# Five ingests into three datasets that share videos; IDS[450:500] are only partly used.
PLAN = [("alpha", IDS[:300]), ("beta", IDS[200:450]), ("alpha", IDS[250:400]),
        ("gamma", IDS[::4]), ("beta", IDS[500:])]
INDEXED = len({v for _, videos in PLAN for v in videos})


@pytest.fixture
def grown(tmp_path):
    """An index grown by the ingests of PLAN."""
    rng = random.Random(8)
    index = tmp_path / "index.db"
    for number, (slug, videos) in enumerate(PLAN):
        rows = [(v, s, s + 5) for v in videos for s in rng.sample(range(0, 300, 10), 2)]
        ingest(index, slug, [Input(write_csv(tmp_path / f"{slug}-{number}.csv", rows))],
               "plainlist")
    return index


def test_every_range_holds_exactly_its_videos_compared_with_a_full_scan(grown):
    expected = full_scan(grown)
    assert sum(len(videos) for videos in expected.values()) == INDEXED
    assert any(len(videos) > 1 for videos in expected.values())  # ranges of several videos
    empty = [n for n in random.Random(9).sample(range(1 << 20), 300) if n not in expected]
    for number in [*expected, *empty, 0, (1 << 20) - 1]:
        want = {v: sorted(hits) for v, hits in expected.get(number, {}).items()}
        assert members(grown, number) == want, f"range {number:05x}"


def test_a_range_lists_its_videos_by_hash_with_their_hashes(grown):
    number = next(n for n, videos in full_scan(grown).items() if len(videos) > 1)
    conn = sqlite3.connect(grown)
    rows = ranges.members(conn, number)
    conn.close()
    hashes = [h for _, h, _ in rows]
    assert hashes == sorted(hashes)
    assert all(hashlib.sha256(v.encode()).hexdigest() == h for v, h, _ in rows)
    assert all(h.startswith(f"{number:05x}") for h in hashes)


def test_the_merge_keeps_the_ranges_equal_to_a_full_count(grown):
    problems, differences = maintain.check(grown)
    assert (problems, differences) == ([], [])


def test_check_finds_a_damaged_range_and_recount_rebuilds_it(grown):
    conn = sqlite3.connect(grown)
    video = conn.execute("SELECT video FROM hash_prefix LIMIT 1").fetchone()[0]
    conn.execute("DELETE FROM hash_prefix WHERE video = ?", (video,))
    conn.execute("INSERT INTO hash_prefix VALUES (5, ?)", (id_to_int("dQw4w9WgXcQ"),))
    conn.commit()
    conn.close()
    _, differences = maintain.check(grown)
    assert differences == [("hash_prefix", f"{INDEXED} rows (1 under a wrong prefix, 1 of no"
                            f" indexed video)", f"{INDEXED} videos (1 without their row)")]
    assert maintain.recount(grown) == differences
    assert maintain.check(grown) == ([], [])


def test_an_index_from_before_the_ranges_gets_them_when_it_is_upgraded(grown, tmp_path):
    conn = sqlite3.connect(grown)
    conn.execute("DROP TABLE hash_prefix")
    conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    expected = full_scan(grown)
    source = write_csv(tmp_path / "more.csv", [("dQw4w9WgXcQ", 1, 2)])
    ingest(grown, "beta", [Input(source)], "plainlist")
    assert maintain.check(grown) == ([], [])
    number = prefix("dQw4w9WgXcQ")
    assert members(grown, number)["dQw4w9WgXcQ"] == [("beta", 1)]
    some = next(iter(expected))
    assert members(grown, some) == {v: sorted(h) for v, h in expected[some].items()}


def test_a_fresh_index_has_empty_ranges(tmp_path):
    conn, _ = store.connect(tmp_path / "index.db")
    assert ranges.available(conn) and ranges.differences(conn) == []
    conn.close()


def test_the_prefix_is_the_start_of_the_ids_sha256():
    # sha256("dQw4w9WgXcQ") computed by hand with `printf dQw4w9WgXcQ | sha256sum`.
    digest = hashlib.sha256(b"dQw4w9WgXcQ").hexdigest()
    assert ranges.sha256_hex("dQw4w9WgXcQ") == digest
    assert ranges.prefix_of(id_to_int("dQw4w9WgXcQ")) == int(digest[:5], 16)
    assert ranges.parse_prefix(digest[:5].upper()) == int(digest[:5], 16)


@pytest.mark.parametrize("text", ["", "abcd", "abcdef", "abcdg", "12 34", "0x123", "ａｂｃｄｅ"])
def test_anything_but_five_hex_digits_is_refused_with_a_reason(text):
    with pytest.raises(UserError) as caught:
        ranges.parse_prefix(text)
    assert caught.value.status == 400
    assert "exactly 5 hexadecimal digits" in caught.value.message
