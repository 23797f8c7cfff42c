"""Parsing in worker processes gives exactly what one process gives: the same clips, first
lines, rejects (with their line numbers), counts and checksum, for a plain file (workers read
byte ranges) and a compressed one (blocks sent to them), cut into many small blocks.

The InternVid-format file here is SYNTHETIC: real-shaped IDs, made-up clips and captions.
"""

import gzip
import random
import sqlite3

import orjson
import pytest

from lookup.ids import int_to_id
from lookup.index import parallel
from lookup.index.ingest import Input, ingest


def internvid_lines(seed=5, videos=60):
    """JSON lines with a byte-order mark, good rows in runs, bad JSON, a missing field, a
    backwards clip, a non-canonical ID, blank lines and no final newline."""
    rng = random.Random(seed)
    ids = [int_to_id(rng.getrandbits(64) - 2**63) for _ in range(videos)]
    lines = []
    for n, video in enumerate(ids):
        for _ in range(rng.randrange(1, 6)):
            start = rng.randrange(0, 500)
            lines.append(orjson.dumps({
                "YoutubeID": video, "Start_timestamp": f"00:{start // 60:02d}:{start % 60:02d}.250",
                "End_timestamp": f"00:{(start + 9) // 60:02d}:{(start + 9) % 60:02d}.750",
                "Caption": f"clip {n}"}))
        if n % 13 == 0:
            lines.append(b'{"YoutubeID": "broken",')
        if n % 17 == 0:
            lines.append(orjson.dumps({"YoutubeID": video}))
        if n % 19 == 0:
            lines.append(b"")
    lines.append(orjson.dumps({"YoutubeID": "-sHIYAaJ7CK", "Start_timestamp": "00:00:05.000",
                               "End_timestamp": "00:00:01.000"}))
    lines.append(orjson.dumps({"YoutubeID": "-sHIYAaJ7CK", "Start_timestamp": "00:00:01.000",
                               "End_timestamp": "00:00:05.000"}))
    return b"\xef\xbb\xbf" + b"\n".join(lines)


def ingested(tmp_path, name, data, workers):
    folder = tmp_path / f"{name}-{workers}"
    folder.mkdir()
    source = folder / name
    # mtime fixed: gzip stamps the current second, which would change the file's checksum
    source.write_bytes(gzip.compress(data, mtime=0) if name.endswith(".gz") else data)
    [result] = ingest(folder / "index.db", "synthetic", [Input(source)], "internvid",
                      workers=workers, rejects_dir=folder / "rejects")
    with sqlite3.connect(folder / "index.db") as conn:
        clips = conn.execute("SELECT video, n, spans, line FROM clips ORDER BY video").fetchall()
    rejects = [p.read_text() for p in sorted((folder / "rejects").glob("*.tsv"))]
    counts = (result.rows_read, result.videos, result.clips, result.canonicalised,
              result.sha256, result.size, result.rows_rejected)
    return clips, rejects, counts


@pytest.mark.parametrize("name", ["internvid.jsonl", "internvid.jsonl.gz"])
def test_workers_parse_exactly_as_one_process(tmp_path, monkeypatch, name):
    data = internvid_lines()
    one = ingested(tmp_path, name, data, workers=1)
    monkeypatch.setattr(parallel, "BLOCK_BYTES", 1000)  # dozens of blocks, cut mid-run
    many = ingested(tmp_path, name, data, workers=2)
    assert many == one
    clips, rejects, counts = one
    assert len(clips) == 61 and counts[3] == 1  # the non-canonical ID mapped, counted
    assert rejects and "bad_json" in rejects[0] and "bad_time" in rejects[0]


def test_ranges_cut_a_file_at_line_ends_and_cover_it(tmp_path):
    from lookup.index.sourcefile import open_stream

    data = internvid_lines(seed=9)
    path = tmp_path / "f.jsonl"
    path.write_bytes(data)
    stream, hashing = open_stream(path, binary=True)
    cuts = list(parallel.ranges(hashing, size=777))
    stream.close()
    assert cuts[0][0] == 0 and cuts[-1][1] == len(data)
    assert all(a[1] == b[0] for a, b in zip(cuts, cuts[1:]))
    assert all(data[end - 1:end] == b"\n" for _, end in cuts[:-1])
    assert hashing.bytes_read == len(data)
