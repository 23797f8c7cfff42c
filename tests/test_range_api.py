"""GET /api/v1/range/<prefix>: exactly the indexed videos under a hash prefix, cacheable.

Indexes here are small and synthetic (real-shaped IDs, made-up memberships), labelled as such.
"""

import hashlib
import random
import sqlite3

import pytest

from app import create_app
from lookup.index.ingest import Input, ingest
from tests.conftest import offline
from tests.helpers import write_csv
from tests.test_ranges import INDEXED, PLAN, full_scan


def prefix(video_id):
    return hashlib.sha256(video_id.encode()).hexdigest()[:5]


def test_a_range_holds_the_video_with_its_datasets_and_clip_counts(client):
    response = client.get(f"/api/v1/range/{prefix('dQw4w9WgXcQ')}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["prefix"] == prefix("dQw4w9WgXcQ")
    assert body["checked"] == ["alpha", "beta"] and body["generation"] == 2
    assert body["videos"] == [{
        "video_id": "dQw4w9WgXcQ", "sha256": hashlib.sha256(b"dQw4w9WgXcQ").hexdigest(),
        "datasets": [{"dataset": "alpha", "clip_count": 2}, {"dataset": "beta", "clip_count": 1}]}]
    assert body["count"] == 1


def test_an_uppercase_prefix_names_the_same_range(client):
    lower = client.get(f"/api/v1/range/{prefix('kJQP7kiw5Fk')}").get_json()
    upper = client.get(f"/api/v1/range/{prefix('kJQP7kiw5Fk').upper()}").get_json()
    assert lower == upper and [v["video_id"] for v in lower["videos"]] == ["kJQP7kiw5Fk"]


@pytest.fixture
def grown_client(tmp_path, catalogue_path):
    rng = random.Random(8)
    index = tmp_path / "grown.db"
    for number, (slug, videos) in enumerate(PLAN):
        rows = [(v, s, s + 5) for v in videos for s in rng.sample(range(0, 300, 10), 2)]
        ingest(index, slug, [Input(write_csv(tmp_path / f"{slug}-{number}.csv", rows))],
               "plainlist")
    app = create_app({"TESTING": True, "INDEX_PATH": str(index),
                      "CATALOGUE_PATH": str(catalogue_path), **offline(tmp_path)})
    return app.test_client(), index


def test_every_range_answers_exactly_what_a_full_scan_finds(grown_client):
    client, index = grown_client
    expected = full_scan(index)
    empty = [n for n in random.Random(3).sample(range(1 << 20), 200) if n not in expected]
    seen = 0
    for number in [*expected, *empty]:
        body = client.get(f"/api/v1/range/{number:05x}").get_json()
        got = {v["video_id"]: sorted((d["dataset"], d["clip_count"]) for d in v["datasets"])
               for v in body["videos"]}
        assert got == {v: sorted(h) for v, h in expected.get(number, {}).items()}
        assert all(v["sha256"].startswith(f"{number:05x}") for v in body["videos"])
        assert body["count"] == len(body["videos"])
        seen += len(got)
    assert seen == INDEXED


@pytest.mark.parametrize("path", ["/api/v1/range/abcd", "/api/v1/range/abcdef",
                                  "/api/v1/range/abcdg", "/api/v1/range/", "/api/v1/range/%20abcd",
                                  "/api/v1/range/dQw4w9WgXcQ"])
def test_a_bad_prefix_is_a_400_that_says_what_a_prefix_is(client, path):
    response = client.get(path)
    assert response.status_code == 400
    message = response.get_json()["error"]["message"]
    assert "exactly 5 hexadecimal digits" in message


def test_answers_are_cacheable_until_the_next_commit(client, index_path, tmp_path):
    url = f"/api/v1/range/{prefix('9bZkp7q19f0')}"
    first = client.get(url)
    assert first.headers["Cache-Control"] == "public, max-age=300"
    etag = first.headers["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    source = write_csv(tmp_path / "gamma-synthetic.csv", [("9bZkp7q19f0", 0, 4)])
    ingest(index_path, "gamma", [Input(source)], "plainlist")
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    [video] = changed.get_json()["videos"]
    assert [d["dataset"] for d in video["datasets"]] == ["alpha", "gamma"]


def test_an_index_without_hash_ranges_says_how_to_add_them(client, index_path):
    conn = sqlite3.connect(index_path)
    conn.execute("DROP TABLE hash_prefix")
    conn.commit()
    conn.close()
    response = client.get("/api/v1/range/00000")
    assert response.status_code == 503
    assert "scripts/index.py recount" in response.get_json()["error"]["message"]


def test_no_index_is_a_503(empty_app):
    response = empty_app.test_client().get("/api/v1/range/00000")
    assert response.status_code == 503
