"""HTTP benchmark: gunicorn serving a SYNTHETIC index of tens of millions of videos, driven by wrk.

Writes bench/out/http-synthetic-<N>.db directly with sqlite3 in the schema of lookup/index/schema.py
(seeded numpy random; every dataset and source is named "synthetic-…" so it can never be
mistaken for real data), starts gunicorn on loopback, and drives it with wrk (Debian package)
through a small Lua script that requests random IDs, half found and half not. Prints requests/s
and latency percentiles per endpoint.

Examples:
  python bench/bench_http.py                          # 20M videos, 2 workers, 20 s per endpoint
  python bench/bench_http.py --videos 2000000 --duration 5
  python bench/bench_http.py --workers 4 --paths api page
"""

import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lookup import cli  # noqa: E402
from lookup.index import spans as spanpack  # noqa: E402
from lookup.ids import int_to_id  # noqa: E402
from lookup.index import ensure_shape  # noqa: E402

OUT = ROOT / "bench" / "out"
# Share of videos in each synthetic dataset; a video lands in each independently.
DATASETS = {"synthetic-a": 0.6, "synthetic-b": 0.3, "synthetic-c": 0.2, "synthetic-d": 0.1}
PATHS = {"api": "/api/v1/videos/", "page": "/v/"}
SAMPLE = 20_000  # IDs the load generator picks from, half found, half not


def build(path, videos, seed=1):
    """Write the synthetic index; returns (found IDs, not-found IDs) for the load generator."""
    rng = np.random.default_rng(seed)
    work = path.with_suffix(".work")
    work.unlink(missing_ok=True)
    conn = sqlite3.connect(work, isolation_level=None)
    for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -1000000"):
        conn.execute(f"PRAGMA {pragma}")
    ensure_shape(conn)
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    slugs = list(DATASETS)
    conn.execute("BEGIN")
    for i, slug in enumerate(slugs, 1):
        conn.execute("INSERT INTO datasets(id, slug) VALUES (?, ?)", (i, slug))
        conn.execute("INSERT INTO sources(id, dataset, url, file_name, size, sha256, format,"
                     " rows_read, rows_rejected, rows_unresolved, started, finished, tool_version)"
                     " VALUES (?, ?, '', ?, 0, ?, 'synthetic', 0, 0, 0, ?, ?, 'bench_http')",
                     (i, i, f"{slug}-SYNTHETIC.csv", f"synthetic-{i:064d}"[-64:], now, now))
    # A pool of packed span blobs (1-8 clips) so packing is not the build's bottleneck.
    pool = [spanpack.pack(sorted((int(s), int(s) + int(rng.integers(2000, 15000)))
                                 for s in rng.integers(0, 600_000, int(n))))
            for n in rng.integers(1, 9, 1000)]
    counts = {slug: [0, 0] for slug in slugs}
    found, missing, pair = [], [], np.zeros((len(slugs), len(slugs)), dtype=np.int64)
    per_bucket, started = videos // 256, time.time()
    # 256 buckets by top byte, each sorted: keys arrive in primary-key order, so every insert
    # appends to the B-tree and tens of millions of rows take minutes, not hours.
    for bucket in range(256):
        high = np.int64(bucket - 128) << np.int64(56)
        keys = np.unique(rng.integers(0, 1 << 56, per_bucket, dtype=np.int64)) + high
        member = rng.random((len(keys), len(slugs))) < np.array(list(DATASETS.values()))
        member[~member.any(axis=1), 0] = True
        pair += member.T.astype(np.int64) @ member.astype(np.int64)
        blob_at = rng.integers(0, len(pool), (len(keys), len(slugs)))
        rows = np.argwhere(member)
        conn.executemany("INSERT INTO membership VALUES (?, ?)",
                         ((int(keys[v]), int(d) + 1) for v, d in rows))
        clip_rows = [(int(keys[v]), int(d) + 1, spanpack.count(pool[blob_at[v, d]]),
                      pool[blob_at[v, d]], int(d) + 1, int(v) + 2) for v, d in rows]
        conn.executemany("INSERT INTO clips VALUES (?, ?, ?, ?, ?, ?)", clip_rows)
        for _, d, n, _, _, _ in clip_rows:
            counts[slugs[d - 1]][0] += 1
            counts[slugs[d - 1]][1] += n
        found += [int_to_id(int(k)) for k in rng.choice(keys, SAMPLE // 2 // 256)]
        other = rng.integers(0, 1 << 56, SAMPLE // 2 // 256, dtype=np.int64) + high
        missing += [int_to_id(int(k)) for k in other[~np.isin(other, keys)]]
        if bucket % 32 == 31:
            print(f"  {bucket + 1}/256 buckets, {time.time() - started:.0f} s", flush=True)
    for i, slug in enumerate(slugs, 1):
        videos_n, clips_n = counts[slug]
        conn.execute("UPDATE datasets SET videos = ?, clips = ?, updated = ? WHERE id = ?",
                     (videos_n, clips_n, now, i))
        conn.execute("UPDATE sources SET videos = ?, clips = ?, rows_read = ? WHERE id = ?",
                     (videos_n, clips_n, clips_n, i))
    conn.executemany("INSERT INTO overlap VALUES (?, ?, ?)",
                     [(a + 1, b + 1, int(pair[a, b])) for a in range(len(slugs))
                      for b in range(a + 1, len(slugs))])
    conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                     [("snapshot", now), ("distinct_videos", str(per_bucket * 256)),
                      ("synthetic", "benchmark index written by bench/bench_http.py")])
    conn.execute("COMMIT")
    conn.close()
    os.replace(work, path)
    return found, missing


def lua_script(path, found, missing, prefix):
    """The wrk script: random found/not-found IDs; prints percentiles at the end."""
    ids = found + missing
    path.write_text(
        "local ids = {" + ",".join(f'"{i}"' for i in ids) + "}\n"
        "local n = #ids\n"
        "local counter = 0\n"
        "setup = function(thread) counter = counter + 1; thread:set('seed', counter) end\n"
        "init = function(args) math.randomseed(seed or 1) end\n"
        f"request = function() return wrk.format('GET', '{prefix}' .. ids[math.random(n)]) end\n"
        "done = function(summary, latency, requests)\n"
        "  local e = summary.errors\n"
        "  io.write(string.format('RESULT %d %d %.0f %.0f %.0f %d %d\\n', summary.requests,"
        " summary.duration, latency:percentile(50), latency:percentile(99), latency.max,"
        " e.status, e.connect + e.read + e.write + e.timeout))\n"
        "end\n")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(index, workers, worker_class, threads):
    """Start gunicorn on a free loopback port; returns (process, base URL)."""
    port = free_port()
    cmd = [str(Path(sys.executable).with_name("gunicorn")), "-w", str(workers), "-k",
           worker_class, "--threads", str(threads), "-b", f"127.0.0.1:{port}",
           "--log-level", "warning", "app:create_app()"]
    env = {**os.environ, "INDEX_PATH": str(index)}
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("gunicorn did not start")


def run_wrk(url, script, duration, connections, threads):
    """Run wrk once; returns its RESULT numbers (latencies in microseconds)."""
    out = subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d",
                          f"{duration}s", "-s", str(script), url],
                         capture_output=True, text=True, check=True).stdout
    match = re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", out)
    requests, micros, p50, p99, worst, status, socket_errors = map(int, match.groups())
    return {"rps": requests / (micros / 1e6), "p50": p50 / 1000, "p99": p99 / 1000,
            "max": worst / 1000, "requests": requests, "non2xx": status,
            "socket_errors": socket_errors}


def main(argv=None):
    """Build (or reuse) the synthetic index, serve it, load it, print a table."""
    p = cli.parser(__doc__)
    p.add_argument("--videos", type=int, default=20_000_000, help="distinct synthetic videos")
    p.add_argument("--workers", type=int, default=2, choices=range(1, 9), help="gunicorn workers")
    p.add_argument("--worker-class", default="sync",
                   help="gunicorn worker class (sync: one request at a time, behind a proxy)")
    p.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    p.add_argument("--duration", type=int, default=20, help="seconds of load per endpoint")
    p.add_argument("--connections", type=int, default=8, help="open wrk connections")
    p.add_argument("--wrk-threads", type=int, default=1, help="wrk threads (it shares the CPUs)")
    p.add_argument("--paths", nargs="+", default=["api", "page"], choices=PATHS)
    p.add_argument("--rebuild", action="store_true", help="rewrite the index even if present")
    args = p.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    OUT.mkdir(parents=True, exist_ok=True)
    index = OUT / f"http-synthetic-{args.videos}.db"
    ids_file = index.with_suffix(".ids")
    if args.rebuild or not index.exists() or not ids_file.exists():
        print(f"Writing a SYNTHETIC index of {args.videos:,} videos to {index} …", flush=True)
        started = time.time()
        found, missing = build(index, args.videos)
        ids_file.write_text("\n".join(found) + "\n#\n" + "\n".join(missing) + "\n")
        print(f"  done in {time.time() - started:.0f} s, "
              f"{index.stat().st_size / 1e9:.2f} GB", flush=True)
    found, missing = (part.split() for part in ids_file.read_text().split("#"))
    with open(index, "rb") as handle:  # read once so the run measures the server, not the disk
        while handle.read(1 << 24):
            pass
    proc, url = serve(index, args.workers, args.worker_class, args.threads)
    rows = []
    try:
        for name in args.paths:
            script = OUT / f"wrk-{name}.lua"
            lua_script(script, found, missing, PATHS[name])
            run_wrk(url, script, 3, args.connections, args.wrk_threads)  # warm-up
            rows.append((name, run_wrk(url, script, args.duration, args.connections,
                                       args.wrk_threads)))
    finally:
        proc.terminate()
        proc.wait(10)
    print(f"\nSYNTHETIC index: {args.videos:,} videos, {index.stat().st_size / 1e9:.2f} GB; "
          f"gunicorn {args.workers} × {args.worker_class} ({args.threads} thread); "
          f"wrk {args.connections} connections, {args.duration} s; {os.cpu_count()} CPUs")
    print(f"{'endpoint':<24}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}"
          f"{'non-2xx':>9}{'sock err':>9}")
    for name, r in rows:
        print(f"{PATHS[name] + '<id>':<24}{r['rps']:>10,.0f}{r['p50']:>9.2f}{r['p99']:>9.2f}"
              f"{r['max']:>9.1f}{r['non2xx']:>9}{r['socket_errors']:>9}")


if __name__ == "__main__":
    main()
