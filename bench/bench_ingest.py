"""Ingest and lookup benchmark on SYNTHETIC files written in each official format.

Generates files (seeded, so every run is the same) in bench/out/, ingests each into a fresh
index, and prints a table: rows/s for ingest, bytes per distinct video in the membership table,
bytes per clip for spans, and microseconds per ID for batch lookups of 10,000 IDs (half found).

Examples:
  python bench/bench_ingest.py                       # 10M InternVid rows, 1M for the others
  python bench/bench_ingest.py --rows 200000         # a quick run
  python bench/bench_ingest.py --formats internvid hdvila --rows 10000000
"""

import random
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lookup import cli, formats  # noqa: E402
from lookup.ids import int_to_id  # noqa: E402
from lookup.index import Index  # noqa: E402
from lookup.index.ingest import Input, ingest  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
# The InternVid paper: 234M clips from 7.1M videos, about 33 clips a video, cut at scene
# changes, so one clip mostly starts soon after the last ends. --clips-per-video and --gap-ms
# model sparser datasets.
SHAPE = {"clips_per_video": 33, "gap_ms": 3_000}


def _ts(ms):
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def _videos(rng, rows):
    """(video_id, clip spans) with CLIPS_PER_VIDEO clips on average, until rows clips."""
    made = 0
    while made < rows:
        n = min(rng.randint(1, 2 * SHAPE['clips_per_video'] - 1), rows - made)
        start, spans = rng.randrange(0, 60_000), []
        for _ in range(n):
            length = rng.randrange(2_000, 15_000)
            spans.append((start, start + length))
            start += length + rng.randrange(0, SHAPE['gap_ms'] + 1)
        made += n
        yield int_to_id(rng.getrandbits(64) - 2**63), spans


def write_internvid(path, rows, rng):
    """JSON lines as in InternVid-10M-FLT.jsonl (one clip per line)."""
    with open(path, "w") as out:
        for vid, spans in _videos(rng, rows):
            for s, e in spans:
                out.write(f'{{"YoutubeID": "{vid}", "Start_timestamp": "{_ts(s)}", '
                          f'"End_timestamp": "{_ts(e)}", "Caption": "a person is cooking '
                          f'in a kitchen", "Aesthetic_Score": 4.53, "UMT_Score": 0.42}}\n')


def write_hdvila(path, rows, rng):
    """JSON lines as in hdvila_part*.jsonl (one video per line, its clips nested)."""
    with open(path, "w") as out:
        for vid, spans in _videos(rng, rows):
            clips = ", ".join(f'{{"clip_id": "{vid}.{i}.mp4", "span": ["{_ts(s)}", "{_ts(e)}"]}}'
                              for i, (s, e) in enumerate(spans, 1))
            out.write(f'{{"video_id": "{vid}", "url": "https://www.youtube.com/watch?v={vid}", '
                      f'"clip": [{clips}]}}\n')


def write_plainlist(path, rows, rng):
    """A Kinetics-style CSV: one clip per row."""
    with open(path, "w") as out:
        out.write("label,youtube_id,time_start,time_end,split\n")
        for vid, spans in _videos(rng, rows):
            for s, _ in spans:
                out.write(f"cooking,{vid},{s // 1000},{s // 1000 + 10},train\n")


WRITERS = {"internvid": write_internvid, "hdvila": write_hdvila, "plainlist": write_plainlist}


def table_bytes(index, table):
    """Bytes the table's pages take on disk (SQLite's dbstat)."""
    with sqlite3.connect(index) as conn:
        return conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name = ?", (table,)).fetchone()[0]


def bench_lookup(index, rng, found_ids):
    """Microseconds per ID for batch lookups of 10,000 IDs, half of them in the index."""
    opened = Index.open(index)
    timings = []
    for _ in range(5):
        batch = rng.sample(found_ids, 5000) + \
            [int_to_id(rng.getrandbits(64) - 2**63) for _ in range(5000)]
        started = time.perf_counter()
        hits = opened.lookup(batch)
        timings.append((time.perf_counter() - started) / len(batch) * 1e6)
        assert len(hits) >= 5000
    return sorted(timings)[len(timings) // 2]


def run(fmt, rows, seed):
    """One format's figures as a dict."""
    OUT.mkdir(exist_ok=True)
    rng = random.Random(seed)
    shape = f"{rows}-{SHAPE['clips_per_video']}-{SHAPE['gap_ms']}"
    source = OUT / f"synthetic-{fmt}-{shape}.{'csv' if fmt == 'plainlist' else 'jsonl'}"
    if not source.exists():
        WRITERS[fmt](source, rows, random.Random(seed))
    index = OUT / f"bench-{fmt}.db"
    index.unlink(missing_ok=True)
    started = time.perf_counter()
    [result] = ingest(index, f"bench-{fmt}", [Input(source)], fmt)
    seconds = time.perf_counter() - started
    with sqlite3.connect(index) as conn:
        found = [int_to_id(v) for (v,) in conn.execute(
            "SELECT video FROM membership ORDER BY random() LIMIT 20000")]
    return {"format": fmt, "rows": result.rows_read, "videos": result.videos,
            "clips": result.clips, "seconds": seconds, "rows/s": result.rows_read / seconds,
            "membership B/video": table_bytes(index, "membership") / result.videos,
            "spans B/clip": table_bytes(index, "clips") / result.clips,
            "index B/clip": index.stat().st_size / result.clips,
            "lookup µs/ID": bench_lookup(index, rng, found)}


def main(argv=None):
    """Run the benchmark and print the table."""
    p = cli.parser(__doc__)
    p.add_argument("--rows", type=int, default=10_000_000, help="clip rows per file")
    p.add_argument("--formats", nargs="+", default=["internvid", "hdvila", "plainlist"])
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--clips-per-video", type=int, default=SHAPE["clips_per_video"])
    p.add_argument("--gap-ms", type=int, default=SHAPE["gap_ms"], help="largest gap between clips")
    args = p.parse_args(argv)
    SHAPE.update(clips_per_video=args.clips_per_video, gap_ms=args.gap_ms)
    missing = [f for f in args.formats if f not in formats.names()]
    if missing:
        p.error(f"no reader for {', '.join(missing)}")
    results = [run(fmt, args.rows, args.seed) for fmt in args.formats]
    header = list(results[0])
    print("  ".join(f"{h:>18}" for h in header))
    for r in results:
        print("  ".join(f"{v:>18,.1f}" if isinstance(v, float) else f"{v:>18,}"
                        if isinstance(v, int) else f"{v:>18}" for v in r.values()))


if __name__ == "__main__":
    main()
