"""web/bulkjson.py writes the bulk answer's videos as the generic path does (results.videos,
serialize.video per result, orjson), byte for byte, over a real index (synthetic rows)."""

import sqlite3
import textwrap

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app import create_app
from lookup import catalogue
from lookup.ids import Parsed, canonical_id, id_to_int, int_to_id
from lookup.index import Index
from lookup.index import spans as spanpack
from lookup.index.ingest import Input, ingest
from lookup.index.read import Hit
from tests.conftest import offline
from tests.helpers import write_csv
from web import bulkjson, idlist, results, serialize
from web.jsonfast import OPTIONS

# Quotes, a percent sign and non-ASCII text in names, as escaping and %-formatting meet them.
CATALOGUE = '''
[datasets.alpha]
name = "Alpha \\"100%\\" – clips"
licence = "CC BY 4.0"
licence_url = "https://creativecommons.org/licenses/by/4.0/"
format = "plainlist"
id_kind = "youtube"

[datasets.alpha-sub]
name = "Alpha-Sub"
derived_from = ["alpha"]
format = "plainlist"
id_kind = "youtube"

[datasets.beta]
name = "Beta"
licence = ""
format = "plainlist"
id_kind = "youtube"

[datasets.beta-sub]
name = "Beta-Sub"
derived_from = ["beta"]
format = "plainlist"
id_kind = "youtube"

[datasets.both]
name = "Both"
derived_from = ["alpha", "beta"]
format = "plainlist"
id_kind = "youtube"

[datasets.plain]
name = "Plain"
format = "plainlist"
id_kind = "youtube"
'''

# Synthetic rows: real-shaped IDs, made-up memberships. Seconds, as the CSVs give them.
SPANS = {
    "alpha": [("dQw4w9WgXcQ", 30, 40), ("dQw4w9WgXcQ", 95.5, 100), ("dQw4w9WgXcQ", 0.001, 0.25),
              ("9bZkp7q19f0", 0, 10), ("-sHIYAaJ7CI", 3599.999, 3600)],
    "beta": [("dQw4w9WgXcQ", 1, 5), ("kJQP7kiw5Fk", 3600, 3610)],
    "beta-sub": [("kJQP7kiw5Fk", 3600, 3610)],  # loaded: checked directly, never flagged
    "zeta": [("9bZkp7q19f0", 12.345, 67.891)],  # in no catalogue
}
IDS_ONLY = {"plain": ["dQw4w9WgXcQ", "kJQP7kiw5Fk"]}  # memberships without spans
SENT = ["https://youtu.be/dQw4w9WgXcQ", "9bZkp7q19f0", "aaaaaaaaaaA", "-sHIYAaJ7CK",
        "kJQP7kiw5Fk", "not a link", "bbbbbbbbbbA"]
IDS = ["dQw4w9WgXcQ", "9bZkp7q19f0", "aaaaaaaaaaA", "-sHIYAaJ7CI", "kJQP7kiw5Fk", "bbbbbbbbbbA"]


@pytest.fixture
def index_path(tmp_path):
    path = tmp_path / "index.db"
    for slug, rows in SPANS.items():
        source = write_csv(tmp_path / f"{slug} 100% \"synthetic\".csv", rows)
        ingest(path, slug, [Input(source, f"https://example.org/{slug}%20list?x=\"1\"")],
               "plainlist")
    for slug, ids in IDS_ONLY.items():
        source = write_csv(tmp_path / f"{slug}-synthetic.csv", [(i,) for i in ids], "youtube_id")
        ingest(path, slug, [Input(source)], "plainlist")
    return path


@pytest.fixture
def catalogue_path(tmp_path):
    path = tmp_path / "datasets.toml"
    path.write_text(textwrap.dedent(CATALOGUE), encoding="utf-8")
    return path


@pytest.fixture
def index(index_path):
    opened = Index.open(index_path)
    yield opened
    opened.close()


def test_videos_are_the_generic_answer_byte_for_byte(index, catalogue_path):
    known = catalogue.load(catalogue_path)
    found, videos = bulkjson.videos(index, known, IDS)
    generic = [serialize.video(r) for r in results.videos(index, known, IDS)]
    assert orjson.dumps(videos) == orjson.dumps(generic)
    assert found == 4
    # The rows above reach every part of the answer.
    by_id = {v["video_id"]: v for v in generic}
    assert [d["dataset"] for d in by_id["dQw4w9WgXcQ"]["datasets"]] == ["alpha", "beta", "plain"]
    assert by_id["dQw4w9WgXcQ"]["datasets"][2]["clips"] == []
    assert by_id["dQw4w9WgXcQ"]["derived"] == [
        {"dataset": "alpha-sub", "name": "Alpha-Sub", "derived_from": "alpha"},
        {"dataset": "both", "name": "Both", "derived_from": "alpha"}]
    assert by_id["9bZkp7q19f0"]["datasets"][1]["name"] == "zeta"
    assert by_id["aaaaaaaaaaA"]["found"] is False


def test_the_api_answer_is_the_generic_one(index_path, catalogue_path, tmp_path):
    app = create_app({"TESTING": True, "INDEX_PATH": str(index_path),
                      "CATALOGUE_PATH": str(catalogue_path), **offline(tmp_path)})
    response = app.test_client().post("/api/v1/lookup", json=SENT)
    ids = idlist.from_items(SENT, len(SENT))
    assert (list(ids.video_ids), ids.mapped) == (IDS, (("-sHIYAaJ7CK", "-sHIYAaJ7CI"),))
    known, index = catalogue.load(catalogue_path), Index.open(index_path)
    rejected = [{"input": text, "message": why} for text, why in ids.rejected]
    generic = serialize.bulk(ids.video_ids, rejected, results.coverage(index, known),
                             results.videos(index, known, IDS), ids.mapped)
    index.close()
    assert response.data == orjson.dumps(generic, option=OPTIONS)
    assert response.get_json()["rejected"] == [
        {"input": "not a link", "message": "no video link or ID in it"}]


def _generic_answer(index, known, query):
    canonical = canonical_id(query)
    parsed = Parsed("video", canonical, mapped_from="" if canonical == query else query)
    answer = serialize.lookup(query, parsed, results.coverage(index, known),
                              results.videos(index, known, [canonical], captions=True))
    return orjson.dumps(answer, option=OPTIONS)


def test_a_video_answer_is_the_generic_one_byte_for_byte(index, catalogue_path):
    known = catalogue.load(catalogue_path)
    # Found in several datasets (one without spans), in one not in the catalogue, not found;
    # asked for by the canonical ID and by a non-canonical spelling of it.
    for query in IDS + ["-sHIYAaJ7CK"]:
        body = bulkjson.video_answer(index, known, query, canonical_id(query))
        assert body == _generic_answer(index, known, query), query
    assert orjson.loads(body)["mapped_from"] == "-sHIYAaJ7CK"


def test_the_video_route_answers_as_a_pasted_id_does(index_path, catalogue_path, tmp_path):
    # /api/v1/videos/ID is written as text, /api/v1/lookup?q=ID by the generic path.
    client = create_app({"TESTING": True, "INDEX_PATH": str(index_path),
                         "CATALOGUE_PATH": str(catalogue_path), **offline(tmp_path)}).test_client()
    for video_id in ["kJQP7kiw5Fk", "-sHIYAaJ7CK", "bbbbbbbbbbA"]:
        assert client.get(f"/api/v1/videos/{video_id}").data == \
            client.get(f"/api/v1/lookup?q={video_id}").data, video_id


def test_a_video_with_captions_is_left_to_the_generic_path(index_path, catalogue_path, tmp_path):
    with sqlite3.connect(index_path) as conn:  # as a captioning reader writes one
        conn.execute("INSERT INTO captions VALUES (?, (SELECT id FROM datasets WHERE slug ="
                     " 'alpha'), 30000, 40000, 'a dog \"barks\"')", (id_to_int("dQw4w9WgXcQ"),))
    conn.close()
    known, index = catalogue.load(catalogue_path), Index.open(index_path)
    assert bulkjson.video_answer(index, known, "dQw4w9WgXcQ", "dQw4w9WgXcQ") is None
    body = bulkjson.video_answer(index, known, "9bZkp7q19f0", "9bZkp7q19f0")
    assert body == _generic_answer(index, known, "9bZkp7q19f0")
    index.close()
    app = create_app({"TESTING": True, "INDEX_PATH": str(index_path),
                      "CATALOGUE_PATH": str(catalogue_path), **offline(tmp_path)})
    video = app.test_client().get("/api/v1/videos/dQw4w9WgXcQ").get_json()["videos"][0]
    assert video["datasets"][0]["clips"][1]["caption"] == 'a dog "barks"'


def test_ill_formed_ids_are_refused(index, catalogue_path):
    with pytest.raises(ValueError):
        bulkjson.videos(index, catalogue.load(catalogue_path), ["dQw4w9WgXcQ", 'a"b'])


# Spans in ms, with and without whole seconds (stored in seconds, the 0x80 blobs), or none.
MS = st.lists(st.tuples(st.integers(0, 2**31), st.integers(0, 2**24)), max_size=12)
WHOLE = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**4)), max_size=12).map(
    lambda spans: [(s * 1000, d * 1000) for s, d in spans])
ROWS = st.lists(st.tuples(st.integers(-(2**63), 2**63 - 1).map(int_to_id), MS | WHOLE),
                max_size=8)


@settings(max_examples=300, deadline=None)
@given(ROWS)
def test_clips_are_orjson_of_the_generic_clip_dicts(rows):
    blobs = [spanpack.pack([(s, s + d) for s, d in spans]) for _, spans in rows]
    texts = bulkjson.clips([video_id for video_id, _ in rows], blobs)
    assert len(texts) == len(rows)
    for (video_id, _), blob, text in zip(rows, blobs, texts):
        view = results.DatasetHit("s", "S", "", "", "", "", spanpack.count(blob), None, 1,
                                  video_id, Hit("s", spanpack.count(blob), None, 1, blob))
        assert f"[{text}]".encode() == orjson.dumps(view.clip_json())


@settings(max_examples=200, deadline=None)
@given(ROWS)
def test_one_rows_clips_are_those_of_the_column_writer(rows):
    for video_id, spans in rows:
        blob = spanpack.pack([(s, s + d) for s, d in spans])
        assert bulkjson._row_clips(video_id, blob) == bulkjson.clips([video_id], [blob])[0]
