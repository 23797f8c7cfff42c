"""The streaming ingest: provenance, rejects, idempotence, all-or-nothing swaps."""

import gzip
import hashlib
import sqlite3

import pytest
import zstandard

from lookup.errors import UserError
from lookup.index import Index
from lookup.index.ingest import Input, ingest

# Synthetic Kinetics-style rows; the dashed IDs are shaped like real ones that start with '-'.
GOOD = ("youtube_id,time_start,time_end\n"
        "--4A5B6C7Dk,10,20\n"
        "-0CJOlOtNWs,0,10\n"
        "--4A5B6C7Dk,30,40\n"
        "--4A5B6C7Dk,10,20\n")
BAD = ("youtube_id,time_start,time_end\n"
       "dQw4w9WgXcQ,1,2\n"
       "dQw4w9WgX!Q,1,2\n"
       "abc,1,2\n"
       "dQw4w9WgXcQ,5,oops\n"
       "dQw4w9WgXcQ,9,3\n")


def rows(index_path, sql):
    with sqlite3.connect(index_path) as conn:
        return conn.execute(sql).fetchall()


def test_ingest_counts_and_spans(tmp_path):
    source = tmp_path / "k.csv"
    source.write_text(GOOD)
    [result] = ingest(tmp_path / "index.db", "kinetics-400", [Input(source)], "plainlist")
    assert (result.rows_read, result.videos, result.clips, result.rejected) == (4, 2, 3, {})
    hits = Index.open(tmp_path / "index.db").lookup(["--4A5B6C7Dk", "-0CJOlOtNWs", "dQw4w9WgXcQ"])
    assert sorted(hits) == ["--4A5B6C7Dk", "-0CJOlOtNWs"]
    [hit] = hits["--4A5B6C7Dk"]
    assert (hit.dataset, hit.clip_count, hit.line) == ("kinetics-400", 2, 2)
    assert [(c.start_ms, c.end_ms) for c in hit.clips] == [(10_000, 20_000), (30_000, 40_000)]


def test_lookup_skips_ill_formed_ids_whatever_it_is_given(tmp_path):
    source = tmp_path / "k.csv"
    source.write_text(GOOD)
    ingest(tmp_path / "index.db", "kinetics-400", [Input(source)], "plainlist")
    index = Index.open(tmp_path / "index.db")
    found, missing = ["--4A5B6C7Dk", "-0CJOlOtNWs"], ["dQw4w9WgXcQ", "AAAAAAAAAAA"] * 5
    # Short lists and long ones (read.py decodes those together) alike.
    for absent in (missing[:1], missing):
        assert sorted(index.lookup(found + absent)) == found
        # One ill-formed ID does not cost the others their answer, nor shift them.
        for ill_formed in ("dQw4w9WgXcR", "dQw4w9WgX!Q", "abc", "", "--4A5B6C7DkA\n-0CJOlOt"):
            assert sorted(index.lookup([ill_formed, *found, *absent])) == found
        assert sorted(index.lookup(iter(found + absent))) == found
        keys, rows, _, _ = index.lookup_rows(("abc", *found, *absent))
        assert sorted(keys.values()) == sorted({*found, *absent}) and len(rows) == 2


def test_provenance_row(tmp_path):
    source = tmp_path / "k.csv"
    source.write_text(GOOD)
    ingest(tmp_path / "index.db", "kinetics-400", [Input(source, "https://example.org/k.csv")],
           "plainlist")
    [src] = Index.open(tmp_path / "index.db").sources("kinetics-400")
    assert (src.file_name, src.url, src.size, src.format) == \
        ("k.csv", "https://example.org/k.csv", len(GOOD), "plainlist")
    assert src.sha256 == hashlib.sha256(GOOD.encode()).hexdigest()
    assert (src.rows_read, src.rows_rejected, src.videos, src.clips) == (4, 0, 2, 3)
    assert src.started <= src.finished and src.tool_version


def test_rejects_are_counted_and_written(tmp_path):
    source = tmp_path / "bad.csv"
    source.write_text(BAD)
    [result] = ingest(tmp_path / "index.db", "kinetics-400", [Input(source)], "plainlist")
    assert result.rejected == {"bad_id": 2, "bad_time": 2}
    assert result.videos == 1
    lines = (tmp_path / "rejects" / result.rejects_file).read_text().splitlines()
    assert [line.split("\t")[:2] for line in lines] == [
        ["line", "code"], ["3", "bad_id"], ["4", "bad_id"], ["5", "bad_time"], ["6", "bad_time"]]
    [src] = Index.open(tmp_path / "index.db").sources()
    assert (src.rows_rejected, src.rejects_file) == (4, result.rejects_file)


def test_reingest_is_idempotent(tmp_path):
    source = tmp_path / "k.csv"
    source.write_text(GOOD)
    index = tmp_path / "index.db"
    ingest(index, "kinetics-400", [Input(source)], "plainlist")
    before = [rows(index, f"SELECT * FROM {t} ORDER BY 1, 2") for t in ("membership", "clips")]
    [again] = ingest(index, "kinetics-400", [Input(source)], "plainlist")
    after = [rows(index, f"SELECT * FROM {t} ORDER BY 1, 2") for t in ("membership", "clips")]
    assert again.already_ingested
    assert before == after
    assert rows(index, "SELECT count(*) FROM sources") == [(1,)]
    assert rows(index, "SELECT videos, clips FROM datasets") == [(2, 3)]


def test_second_file_merges_spans(tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(GOOD)
    second.write_text("youtube_id,time_start,time_end\n--4A5B6C7Dk,50,60\n--4A5B6C7Dk,10,20\n")
    index = tmp_path / "index.db"
    ingest(index, "kinetics-400", [Input(first), Input(second)], "plainlist")
    [hit] = Index.open(index).lookup(["--4A5B6C7Dk"])["--4A5B6C7Dk"]
    assert hit.clip_count == 3
    assert hit.source.file_name == "a.csv"
    assert rows(index, "SELECT videos, clips FROM datasets") == [(2, 4)]


def test_compressed_inputs(tmp_path):
    (tmp_path / "k.csv.gz").write_bytes(gzip.compress(GOOD.encode()))
    (tmp_path / "k.csv.zst").write_bytes(zstandard.ZstdCompressor().compress(GOOD.encode()))
    for name in ("k.csv.gz", "k.csv.zst"):
        [result] = ingest(tmp_path / f"{name}.db", "kinetics-400", [Input(tmp_path / name)],
                          "plainlist")
        assert (result.rows_read, result.videos, result.clips) == (4, 2, 3)
        assert result.sha256 == hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()


def two_datasets(tmp_path):
    """An index of GOOD as kinetics-400 and two videos as howto100m, one of them shared."""
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text(GOOD)
    b.write_text("youtube_id\n--4A5B6C7Dk\ndQw4w9WgXcQ\n")
    index = tmp_path / "index.db"
    ingest(index, "kinetics-400", [Input(a)], "plainlist")
    ingest(index, "howto100m", [Input(b)], "plainlist")
    return index


def test_overlap_and_totals(tmp_path):
    opened = Index.open(two_datasets(tmp_path))
    assert opened.overlap() == {("kinetics-400", "howto100m"): 1,
                                ("howto100m", "kinetics-400"): 1}
    assert opened.totals() == {"videos": 3, "memberships": 4, "clips": 5, "datasets": 2}


def test_video_ids_lists_each_video_once(tmp_path):
    index = Index.open(two_datasets(tmp_path))
    # In the order of the packed integers, which is not the order of the text.
    assert list(index.video_ids()) == ["-0CJOlOtNWs", "--4A5B6C7Dk", "dQw4w9WgXcQ"]


def test_failed_ingest_leaves_old_index_intact(tmp_path):
    good, broken = tmp_path / "k.csv", tmp_path / "broken.csv.gz"
    good.write_text(GOOD)
    broken.write_bytes(gzip.compress(GOOD.encode() * 50)[:-40])  # truncated gzip stream
    index = tmp_path / "index.db"
    ingest(index, "kinetics-400", [Input(good)], "plainlist")
    before = index.read_bytes()
    with pytest.raises(UserError, match="could not be read to the end"):
        ingest(index, "audioset", [Input(good), Input(broken)], "plainlist")
    assert index.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.csv.gz", "index.db", "k.csv"]


def test_interrupted_ingest_leaves_old_index_intact(tmp_path):
    good = tmp_path / "k.csv"
    good.write_text(GOOD * 1000)
    index = tmp_path / "index.db"
    ingest(index, "kinetics-400", [Input(good)], "plainlist")
    before = index.read_bytes()

    class Interrupting:
        def __init__(self, name, total):
            pass

        def bytes(self, count):
            raise KeyboardInterrupt

        def rows(self, count):
            pass

        def close(self):
            pass

    with pytest.raises(KeyboardInterrupt):
        ingest(index, "audioset", [Input(good)], "plainlist", progress=Interrupting)
    assert index.read_bytes() == before
    assert not list(tmp_path.glob("index.db.*"))


def test_missing_file_and_unknown_option(tmp_path):
    with pytest.raises(UserError, match="no such file"):
        ingest(tmp_path / "index.db", "x", [Input(tmp_path / "nope.csv")], "plainlist")
    with pytest.raises(UserError, match="unknown option"):
        ingest(tmp_path / "index.db", "x", [Input(tmp_path / "nope.csv")], "plainlist",
               {"colour": "red"})
    assert not (tmp_path / "index.db").exists()
