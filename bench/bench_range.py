"""Range-API benchmark: GET /api/v1/range/<prefix> on a SYNTHETIC index of tens of millions
of videos, beside a bare Flask app running the same SQLite query, in the same run.

Writes bench/out/range-synthetic-<N>.db with sqlite3 in the schema of lookup/index/schema.py
(seeded numpy random; every dataset and source is named "synthetic-..." so it can never be
mistaken for real data; each video in one to three datasets), then fills the hash ranges with
lookup.index.ranges.rebuild - what `scripts/index.py recount` runs - and prints its time and
bytes per video. It then asks for random prefixes, in rounds that alternate:

  app      the real app (create_app) through Flask's test client: routing, security headers,
           ETag, the catalogue's coverage, JSON
  flask    a bare Flask app whose one route runs the same SQL and returns its rows as JSON
  sqlite   the same SQL alone, rows fetched
  app-400  the real app answering a bad prefix: its fixed cost per request, with no query

and prints the median microseconds per request of each, with app/flask and app/sqlite ratios.

Examples:
  python bench/bench_range.py                          # 50M videos (~4 GB in bench/out)
  python bench/bench_range.py --videos 2000000 --requests 2000
  python bench/bench_range.py --only app --rounds 1     # one runner, for an outside timer
"""

import argparse
import random
import sqlite3
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lookup import cli  # noqa: E402
from lookup.index import ensure_shape, ranges  # noqa: E402
from lookup.index import spans as spanpack  # noqa: E402

OUT = ROOT / "bench" / "out"
DATASETS = {"synthetic-a": 0.6, "synthetic-b": 0.3, "synthetic-c": 0.2}
SQL = ranges.RANGE_SQL  # the query of lookup.index.ranges.members, without what surrounds it


def build(path, videos, seed=1):
    """Write the synthetic index (memberships in key order, so it takes minutes)."""
    rng = np.random.default_rng(seed)
    work = path.with_suffix(".work")
    work.unlink(missing_ok=True)
    conn = sqlite3.connect(work, isolation_level=None)
    for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -2000000"):
        conn.execute(f"PRAGMA {pragma}")
    ensure_shape(conn)
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    conn.execute("BEGIN")
    for i, slug in enumerate(DATASETS, 1):
        conn.execute("INSERT INTO datasets(id, slug) VALUES (?, ?)", (i, slug))
        conn.execute("INSERT INTO sources(id, dataset, file_name, sha256, started, finished)"
                     " VALUES (?, ?, ?, ?, ?, ?)", (i, i, f"{slug}-SYNTHETIC.csv", "0" * 64,
                                                    now, now))
    blob = spanpack.pack([(10_000, 20_000)])
    share = np.array(list(DATASETS.values()))
    started, per_bucket, total = time.time(), videos // 256, 0
    for bucket in range(256):
        high = np.int64(bucket - 128) << np.int64(56)
        keys = np.unique(rng.integers(0, 1 << 56, per_bucket, dtype=np.int64)) + high
        member = rng.random((len(keys), len(DATASETS))) < share
        member[~member.any(axis=1), 0] = True
        rows = [(int(keys[v]), int(d) + 1) for v, d in np.argwhere(member)]
        conn.executemany("INSERT INTO membership VALUES (?, ?)", rows)
        conn.executemany("INSERT INTO clips VALUES (?, ?, 1, ?, ?, ?)",
                         ((v, d, blob, d, 2) for v, d in rows))
        total += len(keys)
        if bucket % 32 == 31:
            print(f"  {bucket + 1}/256 buckets, {time.time() - started:.0f} s", flush=True)
    conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                     [("snapshot", now), ("generation", "1"), ("distinct_videos", str(total)),
                      ("synthetic", "benchmark index written by bench/bench_range.py")])
    conn.execute("COMMIT")
    conn.execute("BEGIN")
    before = _table_bytes(conn, "hash_prefix")
    clock = time.perf_counter()
    ranges.rebuild(conn)
    seconds = time.perf_counter() - clock
    conn.execute("COMMIT")
    size = _table_bytes(conn, "hash_prefix") - before
    conn.close()
    work.replace(path)
    return total, seconds, size


def _table_bytes(conn, table):
    """Bytes of a table's B-tree, from the dbstat virtual table when SQLite has it."""
    try:
        return conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name = ?",
                            (table,)).fetchone()[0] or 0
    except sqlite3.OperationalError:
        return 0


def floor_app(path):
    """A bare Flask app: one route, the same SQL, rows as JSON."""
    from flask import Flask, jsonify
    app = Flask("floor")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)

    @app.route("/api/v1/range/<prefix>")
    def hash_range(prefix):
        return jsonify(conn.execute(SQL, (int(prefix, 16),)).fetchall())
    return app


def real_app(path, tmp):
    from app import create_app
    return create_app({"INDEX_PATH": str(path), "CHANNEL_CACHE_PATH": str(tmp / "c.db"),
                       "METADATA_PATH": str(tmp / "m.db"), "NAMES_PATH": str(tmp / "n"),
                       "YOUTUBE_API_KEY": None, "YTDLP_ENABLED": False})


def per_request(run, prefixes):
    """Microseconds per request over the prefixes."""
    clock = time.perf_counter()
    for prefix in prefixes:
        run(prefix)
    return (time.perf_counter() - clock) / len(prefixes) * 1e6


def measure(path, requests, rounds, only=None, seed=2):
    import tempfile
    tmp = Path(tempfile.mkdtemp())
    app, floor = real_app(path, tmp).test_client(), floor_app(path).test_client()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rng = random.Random(seed)

    def get(client, bad=False, status=200):
        def run(prefix):
            response = client.get(f"/api/v1/range/{'zzzzz' if bad else prefix}")
            assert response.status_code == status, response.data[:200]
        return run

    runners = {"app": get(app), "flask": get(floor),
               "sqlite": lambda p: conn.execute(SQL, (int(p, 16),)).fetchall(),
               "app-400": get(app, bad=True, status=400)}
    if only:
        runners = {only: runners[only]}
    times = {name: [] for name in runners}
    sizes = []
    for number in range(rounds):
        prefixes = [f"{rng.randrange(1 << 20):05x}" for _ in range(requests)]
        # Every runner then finds these pages in the OS cache, whichever runs first; the
        # order also rotates from round to round.
        sizes += [len({row[0] for row in conn.execute(SQL, (int(p, 16),))}) for p in prefixes]
        names = list(runners)
        for name in names[number % len(names):] + names[:number % len(names)]:
            times[name].append(per_request(runners[name], prefixes))
    return {name: statistics.median(t) for name, t in times.items()}, sizes


def main(argv=None):
    p = cli.parser(__doc__, "bench_range.py")
    p.add_argument("--videos", type=int, default=50_000_000)
    p.add_argument("--requests", type=int, default=5000, help="per runner per round")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--only", choices=["app", "flask", "sqlite", "app-400"],
                   help="time one runner (to compare whole processes with an outside timer)")
    args = p.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"range-synthetic-{args.videos}.db"
    if path.exists():
        print(f"reusing {path.name} (SYNTHETIC)")
    else:
        print(f"writing {path.name}: {args.videos:,} SYNTHETIC videos", flush=True)
        total, seconds, size = build(path, args.videos)
        print(f"hash ranges rebuilt (ranges.rebuild, as recount does) for {total:,} videos "
              f"in {seconds:.0f} s ({total / seconds:,.0f} videos/s); "
              f"{size:,} bytes = {size / total:.1f} bytes per video")
    medians, sizes = measure(path, args.requests, args.rounds, args.only)
    print(f"\nvideos per range ({len(sizes):,} ranges): mean {statistics.mean(sizes):.1f}, "
          f"max {max(sizes)}")
    print(f"{'runner':8} {'us/request':>11} {'requests/s':>11}   (median of {args.rounds} rounds "
          f"of {args.requests:,} random prefixes, one thread)")
    for name, us in medians.items():
        print(f"{name:8} {us:11.1f} {1e6 / us:11,.0f}")
    if not args.only:
        print(f"app/flask {medians['app'] / medians['flask']:.2f}x   "
              f"app/sqlite {medians['app'] / medians['sqlite']:.2f}x")


if __name__ == "__main__":
    main()
