"""HTTP benchmark: the site beside a bare Flask floor, under gunicorn, on one SYNTHETIC index.

Writes bench/out/http-synthetic-<N>.db directly with sqlite3 in the schema of lookup/index/schema.py
(seeded numpy random; every dataset and source is named "synthetic-…" so it can never be
mistaken for real data), marked as a published snapshot, which is what app hosts serve (see
deploy/README.md): the site opens it immutable, as the floor does. Starts two gunicorns with
deploy/gunicorn.conf.py on loopback: the site (`app:create_app()`) and the floor
(bench/floor/app.py: the same SQLite lookups, nothing else), and drives them with wrk (Debian
package) on the same random IDs, half found and half not, in rounds: each round one run on
each side, back to back. Prints per path the floor, the site and the site's share of the
floor's requests/s (the machine is shared and noisy: the ratio is the figure, taken within
each round and the median over the rounds printed), with p50/p99 and the server's CPU µs per
answer (user + system of the gunicorn processes, from /proc); for a POST of 10,000 IDs (one
connection) the µs per ID; and an overload run (many connections) with the share of requests
the site shed with 503.

Examples:
  python bench/bench_http.py                          # 20M videos, 2 workers, 5 × 8 s
  python bench/bench_http.py --videos 2000000 --duration 5 --rounds 1
  python bench/bench_http.py --paths api bulk --workers 4
"""

import json
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
PATHS = {"api": "/api/v1/videos/", "page": "/v/", "bulk": "/api/v1/lookup",
         "overload": "/api/v1/videos/"}
SAMPLE = 20_000  # IDs the load generator picks from, half found, half not
BULK = 10_000  # IDs in one POST, half found, half not
FLOOR = "bench.floor.app:create_app()"
OVERLOAD_PAUSE_MS = 200  # each overload connection's pause between requests
SITE = "app:create_app()"


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
    _mark_published(conn, now)
    conn.execute("COMMIT")
    conn.close()
    os.replace(work, path)
    return found, missing


def _mark_published(conn, now):
    """Mark the index a published snapshot (lookup/index/publish.py), as app hosts serve one:
    the site then opens it immutable, as the floor does, and skips SQLite's locking."""
    conn.execute("INSERT OR IGNORE INTO meta VALUES ('published', ?)", (now,))


RESULT = ("done = function(summary, latency, requests)\n"
          "  local e, shed = summary.errors, 0\n"
          "  for _, t in ipairs(threads) do shed = shed + (t:get('shed') or 0) end\n"
          "  io.write(string.format('RESULT %d %d %.0f %.0f %.0f %d %d %d\\n', summary.requests,"
          " summary.duration, latency:percentile(50), latency:percentile(99), latency.max,"
          " e.status, e.connect + e.read + e.write + e.timeout, shed))\n"
          "end\n")


def lua_get(path, found, missing, prefix, pause_ms=0):
    """The wrk script for GETs of random found/not-found IDs.

    pause_ms > 0: each connection waits that long before its next request and 503s are
    counted. With many connections, that offers a nearly steady rate whatever the answers'
    latency, as real visitors do; a plain closed loop would slow down with the server.
    """
    ids = found + missing
    path.write_text(
        "local ids = {" + ",".join(f'"{i}"' for i in ids) + "}\n"
        "local n = #ids\n"
        "threads = {}\n"
        "setup = function(thread) table.insert(threads, thread); thread:set('seed', #threads) end\n"
        "init = function(args) math.randomseed(seed or 1); shed = 0 end\n"
        f"request = function() return wrk.format('GET', '{prefix}' .. ids[math.random(n)]) end\n"
        + ("response = function(status) if status == 503 then shed = shed + 1 end end\n"
           f"delay = function() return math.random({pause_ms // 2}, {pause_ms * 3 // 2}) end\n"
           if pause_ms else "") + RESULT)


def lua_post(path, found, missing, prefix):
    """The wrk script POSTing one JSON list of BULK IDs, half found and half not."""
    body = json.dumps(found[:BULK // 2] + missing[:BULK // 2])
    path.write_text(
        "threads = {}\n"
        "setup = function(thread) table.insert(threads, thread) end\n"
        f"wrk.method = 'POST'\nwrk.path = '{prefix}'\n"
        "wrk.headers['Content-Type'] = 'application/json'\n"
        f"wrk.body = {json.dumps(body)}\n" + RESULT)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(app, index, workers, env=None):
    """Start gunicorn with the deploy settings on a free loopback port; returns (process, URL)."""
    port = free_port()
    cmd = [str(Path(sys.executable).with_name("gunicorn")), "-c", "deploy/gunicorn.conf.py",
           "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning", app]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "INDEX_PATH": str(index),
                                                **(env or {})})
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("gunicorn did not start")


def run_wrk(url, script, duration, connections, threads):
    """Run wrk once; returns its RESULT numbers (latencies in milliseconds)."""
    out = subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d",
                          f"{duration}s", "-s", str(script), url],
                         capture_output=True, text=True, check=True).stdout
    match = re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", out)
    requests, micros, p50, p99, worst, status, socket_errors, shed = map(int, match.groups())
    return {"rps": requests / (micros / 1e6), "p50": p50 / 1000, "p99": p99 / 1000,
            "max": worst / 1000, "requests": requests, "non2xx": status,
            "socket_errors": socket_errors, "shed": shed}


def server_cpu(proc):
    """CPU seconds (user + system) a gunicorn has used so far: the master, its live workers,
    and the workers it has reaped (a worker recycled mid-run still counts)."""
    def times(pid, reaped=False):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # a worker that ended between the listing and the read
            return 0
        return sum(int(f) for f in fields[11:15 if reaped else 13])
    try:
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
    except OSError:
        children = []
    ticks = times(proc.pid, reaped=True) + sum(times(pid) for pid in children)
    return ticks / os.sysconf("SC_CLK_TCK")


def measured_run(proc, url, script, load):
    """run_wrk, with the server's CPU µs per answer ("cpu_us") over the run."""
    before = server_cpu(proc)
    result = run_wrk(url, script, *load)
    result["cpu_us"] = (server_cpu(proc) - before) / max(result["requests"], 1) * 1e6
    return result


def median_run(runs):
    """The run with the median requests/s (its latencies with it)."""
    return sorted(runs, key=lambda r: r["rps"])[len(runs) // 2]


def paired(runs, figure):
    """(median, lowest, highest) of site / floor `figure` over the rounds' pairs of runs
    ([(floor run, site run)]): each pair ran back to back, so a drift in the machine's speed
    moves both sides of a ratio alike."""
    ratios = sorted(site[figure] / floor[figure] for floor, site in runs)
    return ratios[len(ratios) // 2], ratios[0], ratios[-1]


def site_env(args):
    """The site's settings for the run: no network resolvers, limits out of the measurement."""
    return {"FLASK_YTDLP_ENABLED": "false",
            "CHANNEL_CACHE_PATH": str(OUT / "bench-channels.db"),
            "FLASK_RATELIMIT_ENABLED": "false", "FLASK_SHED_QUEUED": str(args.shed_queued)}


def measure(args, index, found, missing):
    """Each path on the floor and the site, in rounds; returns {path: (the floor's median run,
    the site's median run, every round's (floor run, site run))}."""
    floor, floor_url = serve(FLOOR, index, args.workers)
    site, site_url = serve(SITE, index, args.workers, site_env(args))
    rows = {}
    try:
        for name in args.paths:
            script = OUT / f"wrk-{name}.lua"
            if name == "bulk":
                lua_post(script, found, missing, PATHS[name])
                load = (args.duration, 1, 1)
            elif name == "overload":
                # Twice what the floor answered on the plain run, offered at a steady rate.
                rate = 2 * rows.get("api", [{"rps": 3000}])[0]["rps"]
                lua_get(script, found, missing, PATHS[name], OVERLOAD_PAUSE_MS)
                load = (args.duration, int(rate * OVERLOAD_PAUSE_MS / 1000), args.wrk_threads)
            else:
                lua_get(script, found, missing, PATHS[name])
                load = (args.duration, args.connections, args.wrk_threads)
            for url in (floor_url, site_url):
                run_wrk(url, script, 3, *load[1:])  # warm-up
            runs = [_pair(((floor, floor_url), (site, site_url)), script, load, turn)
                    for turn in range(args.rounds)]
            rows[name] = (*(median_run([r[side] for r in runs]) for side in (0, 1)), runs)
            rows[name][1]["connections"] = load[1]
    finally:
        for proc in (floor, site):
            proc.terminate()
            proc.wait(10)
    return rows


def _pair(sides, script, load, turn):
    """One round: (floor run, site run), back to back; which goes first alternates, so neither
    side always meets the machine as the other left it."""
    order = sides if turn % 2 == 0 else sides[::-1]
    runs = [measured_run(proc, url, script, load) for proc, url in order]
    return tuple(runs if turn % 2 == 0 else runs[::-1])


def report(args, index, rows):
    """Print the table."""
    print(f"\nSYNTHETIC index: {args.videos:,} videos, {index.stat().st_size / 1e9:.2f} GB; "
          f"gunicorn -c deploy/gunicorn.conf.py, {args.workers} workers; wrk "
          f"{args.connections} connections; {args.rounds} rounds of {args.duration} s per "
          f"side, back to back; {os.cpu_count()} CPUs")
    print(f"{'path':<22}{'floor req/s':>12}{'p50':>7}{'p99':>7}{'site req/s':>12}{'p50':>7}"
          f"{'p99':>7}{'ratio':>7}{'(pairs)':>12}{'shed':>6}{'errors':>7}"
          f"{'CPU µs floor/site':>19}")
    for name, (fl, st, runs) in rows.items():
        if name == "bulk":
            _report_bulk(fl, st, runs)
            continue
        ratio, low, high = paired(runs, "rps")
        shed = f"{st['shed'] / st['requests']:.0%}" if name == "overload" else ""
        errors = st["socket_errors"] + (st["non2xx"] - st["shed"])
        label = PATHS[name] + "<id>" + (" *" if name == "overload" else "")
        print(f"{label:<22}{fl['rps']:>12,.0f}{fl['p50']:>7.2f}{fl['p99']:>7.2f}"
              f"{st['rps']:>12,.0f}{st['p50']:>7.2f}{st['p99']:>7.2f}{ratio:>6.2f}×"
              f"{f'{low:.2f}–{high:.2f}':>12}{shed:>6}{errors:>7}"
              f"{fl['cpu_us']:>10,.0f}/{st['cpu_us']:<,.0f}")
    if "overload" in rows:
        print(f"* overload: {rows['overload'][1]['connections']} connections, each pausing "
              f"~{OVERLOAD_PAUSE_MS} ms between requests: twice the floor's plain-run rate on "
              "offer; p50/p99 over every answer, 503s included; shed = share answered 503")
    print("req/s, p50/p99 (ms) and CPU: each side's median run. ratio: site / floor req/s, the "
          "median over the rounds' pairs (lowest–highest in brackets)")
    print("CPU µs: user + system time of the gunicorn processes per answer over the run "
          "(wrk's own CPU not included)")


def _report_bulk(fl, st, runs):
    """The POST line: µs per ID, and the site's time as a multiple of the floor's."""
    per = {side: {q: r[q] * 1000 / BULK for q in ("p50", "p99")} for side, r in
           (("floor", fl), ("site", st))}
    times, low, high = paired(runs, "p50")
    print(f"POST {PATHS['bulk']:<17}µs/ID p50/p99: floor {per['floor']['p50']:.2f}/"
          f"{per['floor']['p99']:.2f}, site {per['site']['p50']:.2f}/{per['site']['p99']:.2f}; "
          f"site p50 = {times:.2f}× the floor's ({low:.2f}–{high:.2f}); {BULK:,} IDs, 1 "
          f"connection, {st['requests']} requests; server CPU µs/ID floor "
          f"{fl['cpu_us'] / BULK:.2f}, site {st['cpu_us'] / BULK:.2f}")


def need_wrk():
    """SystemExit unless wrk (the load generator) is installed."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")


def synthetic_index(videos, rebuild=False):
    """(index path, found IDs, missing IDs) of the SYNTHETIC index of `videos` videos under
    bench/out/, written on first use (or when rebuild) and reused after."""
    OUT.mkdir(parents=True, exist_ok=True)
    index = OUT / f"http-synthetic-{videos}.db"
    ids_file = index.with_suffix(".ids")
    if rebuild or not index.exists() or not ids_file.exists():
        print(f"Writing a SYNTHETIC index of {videos:,} videos to {index} …", flush=True)
        started = time.time()
        found, missing = build(index, videos)
        ids_file.write_text("\n".join(found) + "\n#\n" + "\n".join(missing) + "\n")
        print(f"  done in {time.time() - started:.0f} s, "
              f"{index.stat().st_size / 1e9:.2f} GB", flush=True)
    conn = sqlite3.connect(index)  # files written before the mark was added get it too
    with conn:
        _mark_published(conn, datetime.now(timezone.utc).isoformat(timespec="seconds"))
    conn.close()
    found, missing = (part.split() for part in ids_file.read_text().split("#"))
    return index, found, missing


def main(argv=None):
    """Build (or reuse) the synthetic index, serve floor and site, load them, print a table."""
    p = cli.parser(__doc__)
    p.add_argument("--videos", type=int, default=20_000_000, help="distinct synthetic videos")
    p.add_argument("--workers", type=int, default=2, choices=range(1, 9), help="gunicorn workers")
    p.add_argument("--duration", type=int, default=8, help="seconds of load per run")
    p.add_argument("--rounds", type=int, default=5,
                   help="pairs of runs, floor and site back to back; the median is shown")
    p.add_argument("--connections", type=int, default=8, help="open wrk connections")
    p.add_argument("--shed-queued", type=float, default=0.05,
                   help="SHED_QUEUED of the site: seconds a request may wait (0: no shedding)")
    p.add_argument("--wrk-threads", type=int, default=1, help="wrk threads (it shares the CPUs)")
    p.add_argument("--paths", nargs="+", default=list(PATHS), choices=PATHS)
    p.add_argument("--rebuild", action="store_true", help="rewrite the index even if present")
    args = p.parse_args(argv)
    need_wrk()
    index, found, missing = synthetic_index(args.videos, args.rebuild)
    with open(index, "rb") as handle:  # read once so the run measures the server, not the disk
        while handle.read(1 << 24):
            pass
    report(args, index, measure(args, index, found, missing))


if __name__ == "__main__":
    main()
