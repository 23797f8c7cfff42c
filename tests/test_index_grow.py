"""The index grows in place: figures from the delta, the change log, refusals, upgrades.

Files here are small and synthetic (real-shaped IDs, made-up memberships), labelled as such.
"""

import random
import sqlite3

import pytest

from lookup.errors import UserError
from lookup.ids import int_to_id
from lookup.index import SCHEMA_VERSION, Index, figures, store
from lookup.index.ingest import Input, ingest
from tests.helpers import write_csv


def synthetic_ids(seed, n):
    rng = random.Random(seed)
    return [int_to_id(rng.getrandbits(64) - 2**63) for _ in range(n)]


def differences(index):
    conn, _ = store.connect(index)
    try:
        return figures.differences(conn)
    finally:
        conn.close()


def test_incremental_figures_equal_a_full_recount(tmp_path):
    # A mix: three datasets sharing videos, a second file for a dataset (new videos and new
    # spans for old ones), a file read twice, a list without spans, a file with rejects.
    ids = synthetic_ids(1, 400)
    rng = random.Random(2)
    index = tmp_path / "index.db"
    plan = [("alpha", ids[:200], True), ("beta", ids[100:300], True), ("alpha", ids[150:250], True),
            ("gamma", ids[::3], False), ("beta", ids[100:300], True), ("alpha", ids[:200], True)]
    for number, (slug, videos, spans) in enumerate(plan):
        rows = [(v, s, s + rng.randrange(1, 30)) for v in videos
                for s in rng.sample(range(0, 600, 10), rng.randrange(1, 4))]
        if spans:
            path = write_csv(tmp_path / f"{slug}-{number}.csv", rows + [("not-an-id", 1, 2)])
        else:
            path = write_csv(tmp_path / f"{slug}-{number}.csv", [(v,) for v in videos],
                             header="youtube_id")
        if number == 4:  # read the very same file again
            path = tmp_path / "beta-1.csv"
        ingest(index, slug, [Input(path)], "plainlist")
        assert differences(index) == [], f"after ingest {number}"
    opened = Index.open(index)
    assert opened.totals()["videos"] == len(set(ids[:300]) | set(ids[::3]))
    assert opened.generation == len(plan)


def test_the_change_log_lists_exactly_the_new_memberships(tmp_path):
    ids = synthetic_ids(3, 30)
    index = tmp_path / "index.db"
    first = ingest(index, "alpha", [Input(write_csv(tmp_path / "a.csv",
                                                    [(v, 0, 10) for v in ids[:20]]))],
                   "plainlist")
    second = ingest(index, "beta", [Input(write_csv(tmp_path / "b.csv",
                                                    [(v, 0, 10) for v in ids[10:]]))],
                    "plainlist")
    third = ingest(index, "alpha", [Input(write_csv(tmp_path / "a2.csv",
                                                    [(v, 5, 9) for v in ids[15:25]]))],
                   "plainlist")
    opened = Index.open(index)
    added = {}
    for change in opened.changes(ids):
        added.setdefault(change.ingest, set()).add((change.video_id, change.dataset))
    assert added == {first.ingest_id: {(v, "alpha") for v in ids[:20]},
                     second.ingest_id: {(v, "beta") for v in ids[10:]},
                     third.ingest_id: {(v, "alpha") for v in ids[20:25]}}
    assert [(i.dataset, i.new_memberships, i.new_videos) for i in opened.ingests()] == \
        [("alpha", 20, 20), ("beta", 20, 10), ("alpha", 5, 0)]
    assert (third.new_memberships, third.new_videos) == (5, 0)
    # "What is new since the second ingest" is the third ingest's rows only.
    since = opened.ingests()[1].committed
    later = [c for c in opened.changes(ids, since) if c.ingest == third.ingest_id]
    assert {c.video_id for c in later} <= set(ids[20:25])


def test_a_reader_sees_a_commit_without_reopening(tmp_path):
    index = tmp_path / "index.db"
    ids = synthetic_ids(4, 2)
    ingest(index, "alpha", [Input(write_csv(tmp_path / "a.csv", [(ids[0], 0, 1)]))], "plainlist")
    reader = Index.open(index)
    assert not reader.changed()
    ingest(index, "beta", [Input(write_csv(tmp_path / "b.csv", [(ids[1], 0, 1)]))], "plainlist")
    assert reader.changed()
    assert list(reader.lookup([ids[1]])) == [ids[1]]  # the rows are there at once
    assert Index.open(index).dataset("beta").videos == 1


@pytest.mark.parametrize("text,why", [
    ("", "the file is empty"),
    ("youtube_id,time_start,time_end\n", "the file holds no rows"),
    ("youtube_id,time_start,time_end\nnot-an-id,1,2\nalso bad,3,4\n",
     "every one of its 2 rows was rejected (bad_id 2; line 2"),
])
def test_a_file_without_one_video_changes_nothing(tmp_path, text, why):
    index = tmp_path / "index.db"
    ingest(index, "alpha", [Input(write_csv(tmp_path / "a.csv", [("dQw4w9WgXcQ", 0, 1)]))],
           "plainlist")
    before = index.read_bytes()
    empty = tmp_path / "empty.csv"
    empty.write_text(text)
    with pytest.raises(UserError, match=why.replace("(", r"\(")):
        ingest(index, "kinetics-700", [Input(empty)], "plainlist")
    assert index.read_bytes() == before
    assert [d.slug for d in Index.open(index).datasets()] == ["alpha"]


def test_a_failed_ingest_keeps_the_last_good_rejects_file(tmp_path):
    index = tmp_path / "index.db"
    good = write_csv(tmp_path / "k.csv", [("dQw4w9WgXcQ", 0, 1), ("bad", 0, 1)])
    [result] = ingest(index, "alpha", [Input(good)], "plainlist")
    rejects = tmp_path / "rejects" / result.rejects_file
    kept = rejects.read_text()
    good.write_text("youtube_id,time_start,time_end\nbad,0,1\nworse,1,2\n")
    with pytest.raises(UserError, match="every one"):
        ingest(index, "alpha", [Input(good)], "plainlist")
    assert rejects.read_text() == kept
    assert not list((tmp_path / "rejects").glob("*.part-*"))


def test_a_noncanonical_id_is_read_as_the_canonical_one(tmp_path):
    # -sHIYAaJ7CK carries bits YouTube ignores: it is the same video as -sHIYAaJ7CI.
    path = tmp_path / "old.jsonl"
    path.write_text('{"YoutubeID": "-sHIYAaJ7CK", "Start_timestamp": "00:00:01.000", '
                    '"End_timestamp": "00:00:02.000"}\n'
                    '{"YoutubeID": "-sHIYAaJ7CI", "Start_timestamp": "00:00:05.000", '
                    '"End_timestamp": "00:00:06.000"}\n')
    [result] = ingest(tmp_path / "index.db", "internvid", [Input(path)], "internvid")
    assert (result.canonicalised, result.videos, result.clips, result.rejected) == (1, 1, 2, {})
    [hit] = Index.open(tmp_path / "index.db").lookup(["-sHIYAaJ7CI"])["-sHIYAaJ7CI"]
    assert hit.clip_count == 2
    assert Index.open(tmp_path / "index.db").sources()[0].ingest == 1


def test_a_published_snapshot_refuses_ingest(tmp_path):
    from lookup.index.publish import publish
    index = tmp_path / "index.db"
    source = write_csv(tmp_path / "a.csv", [("dQw4w9WgXcQ", 0, 1)])
    ingest(index, "alpha", [Input(source)], "plainlist")
    manifest = publish(index, tmp_path / "out")
    snapshot = tmp_path / "out" / manifest["file"]
    with pytest.raises(UserError, match="published snapshot"):
        ingest(snapshot, "beta", [Input(source)], "plainlist")
    assert Index.open(snapshot).immutable and not Index.open(index).immutable


def test_a_version_1_index_is_upgraded_and_recounted(tmp_path):
    index = tmp_path / "index.db"
    with sqlite3.connect(index) as conn:  # the version-1 layout, written by hand
        conn.executescript(V1)
    source = write_csv(tmp_path / "b.csv", [("dQw4w9WgXcQ", 0, 5), ("9bZkp7q19f0", 1, 2)])
    ingest(index, "beta", [Input(source)], "plainlist")
    opened = Index.open(index)
    assert opened.meta("schema_version") == SCHEMA_VERSION
    assert {d.slug: (d.videos, d.clips, d.span_seconds) for d in opened.datasets()} == \
        {"alpha": (1, 1, 10), "beta": (2, 2, 6)}
    assert opened.overlap() == {("alpha", "beta"): 1, ("beta", "alpha"): 1}
    assert differences(index) == []


# dQw4w9WgXcQ (stored as its int64) in alpha with one
# 10-second clip, in the version-1 schema.
V1 = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE datasets(id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE,
    videos INTEGER NOT NULL DEFAULT 0, clips INTEGER NOT NULL DEFAULT 0,
    span_seconds INTEGER, updated TEXT);
CREATE TABLE sources(id INTEGER PRIMARY KEY, dataset INTEGER NOT NULL REFERENCES datasets(id),
    url TEXT, file_name TEXT NOT NULL, size INTEGER, sha256 TEXT NOT NULL, format TEXT,
    rows_read INTEGER, rows_rejected INTEGER, rows_unresolved INTEGER, videos INTEGER,
    clips INTEGER, started TEXT, finished TEXT, tool_version TEXT, rejects_file TEXT,
    UNIQUE(dataset, sha256));
CREATE TABLE membership(video INTEGER NOT NULL, dataset INTEGER NOT NULL,
    PRIMARY KEY(video, dataset)) WITHOUT ROWID;
CREATE TABLE clips(video INTEGER NOT NULL, dataset INTEGER NOT NULL, n INTEGER NOT NULL,
    spans BLOB, source INTEGER NOT NULL, line INTEGER NOT NULL,
    PRIMARY KEY(video, dataset)) WITHOUT ROWID;
CREATE TABLE captions(video INTEGER NOT NULL, dataset INTEGER NOT NULL,
    start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL, text TEXT NOT NULL,
    PRIMARY KEY(video, dataset, start_ms, end_ms)) WITHOUT ROWID;
CREATE TABLE overlap(a INTEGER NOT NULL, b INTEGER NOT NULL, videos INTEGER NOT NULL,
    PRIMARY KEY(a, b)) WITHOUT ROWID;
INSERT INTO meta VALUES ('schema_version', '1'), ('distinct_videos', '1');
INSERT INTO datasets VALUES (1, 'alpha', 1, 1, 10, '2025-01-01T00:00:00+00:00');
INSERT INTO sources(id, dataset, file_name, sha256) VALUES (1, 1, 'alpha.csv', 'ab');
INSERT INTO membership VALUES (8434178615911931332, 1);
INSERT INTO clips VALUES (8434178615911931332, 1, 1, X'91000A', 1, 2);
"""


def test_a_noncanonical_id_in_a_link_is_counted_too(tmp_path):
    path = write_csv(tmp_path / "links.csv", [("https://youtu.be/-sHIYAaJ7CK", 1, 2),
                                              ("-sHIYAaJ7CI", 3, 4)], header="url,start,end")
    [result] = ingest(tmp_path / "index.db", "kinetics-400", [Input(path)], "plainlist",
                      {"column": "url", "start_column": "start", "end_column": "end"})
    assert (result.canonicalised, result.videos, result.clips) == (1, 1, 2)
