"""Flood benchmark: video lookups while channel lookups flood the site (bounded, loopback only).

Serves a SYNTHETIC index (bench/bench_http.py writes it) as ./serve.sh does (gunicorn with
deploy/gunicorn.conf.py, and the channel worker), with the Data API key pointed at the loopback
stand-in of tests/youtube_fake.py answering every call after --api-delay seconds (200 ms). wrk
first measures video lookups alone (the floor, same run), then for --seconds floods
/api/v1/lookup?q=@<a new handle every time> on --flood connections while the same video
lookups go on. The flood's requests come through a stand-in balancer address with
X-Forwarded-For naming one of --clients addresses, so both the per-client limits (429) and
the bounded queue (503) are met. Prints the video p50/p99 alone and during the flood, and how
the channel requests were answered.

Examples:
  python bench/bench_flood.py                     # 60 s flood, 128 connections, 256 clients
  python bench/bench_flood.py --seconds 20 --clients 1
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_http import OUT, free_port, lua_get, need_wrk, run_wrk, synthetic_index  # noqa: E402

from lookup import cli  # noqa: E402
from tests.youtube_fake import FakeYouTube  # noqa: E402

KEY = "bench-flood-key"
STATUSES = (200, 202, 404, 429, 503)


def flood_script(path, clients):
    """wrk script: GET /api/v1/lookup?q=@<new handle> as one of `clients` addresses; counts
    answers by status."""
    counters = "".join(f"s{code} = 0; " for code in STATUSES)
    sums = "".join(f"  local t{code} = 0; for _, t in ipairs(threads) do t{code} = t{code} + "
                   f"t:get('s{code}') end\n" for code in STATUSES)
    path.write_text(
        "threads = {}\n"
        "setup = function(thread) table.insert(threads, thread); thread:set('id', #threads) end\n"
        f"init = function(args) math.randomseed(id * 7919); n = 0; {counters}other = 0; "
        "busy = 0 end\n"
        "request = function()\n"
        "  n = n + 1\n"
        f"  local client = math.random({clients})\n"
        "  local headers = {['X-Forwarded-For'] = '198.18.' .. math.floor(client / 256) .. '.' .. "
        "(client % 256)}\n"
        "  return wrk.format('GET', '/api/v1/lookup?q=@flood' .. id .. 'x' .. n .. 'r' .. "
        "math.random(1e9), headers)\n"
        "end\n"
        "response = function(status, headers, body)\n"
        + "".join(f"  {'if' if i == 0 else 'elseif'} status == {code} then s{code} = s{code} + 1\n"
                  for i, code in enumerate(STATUSES))
        + "  else other = other + 1 end\n"
        "  if status == 503 and string.find(body, 'busy', 1, true) then busy = busy + 1 end\n"
        "end\n"
        "done = function(summary, latency, requests)\n" + sums +
        "  local o, b = 0, 0\n"
        "  for _, t in ipairs(threads) do o = o + t:get('other'); b = b + t:get('busy') end\n"
        "  io.write(string.format('FLOOD %d " + " ".join(["%d"] * len(STATUSES)) + " %d %d %.0f\\n',"
        " summary.requests, " + ", ".join(f"t{code}" for code in STATUSES) +
        ", o, b, latency:percentile(99)))\n"
        "end\n")


def start_site(index, folder, api_base):
    """gunicorn and the channel worker, as ./serve.sh starts them; returns (procs, URL)."""
    port = free_port()
    env = {**os.environ, "INDEX_PATH": str(index), "YOUTUBE_API_KEY": KEY,
           "YOUTUBE_API_BASE": api_base, "FLASK_YTDLP_ENABLED": "false",
           "FLASK_CHANNEL_CACHE_PATH": json.dumps(str(folder / "channels.db")),
           "FLASK_METADATA_PATH": json.dumps(str(folder / "none.db")),
           "FLASK_NAMES_PATH": json.dumps(str(folder / "names")), "FLASK_PROXY_HOPS": "1",
           "BIND": f"127.0.0.1:{port}", "LOG_LEVEL": "error"}
    python = Path(sys.executable)
    procs = [subprocess.Popen([python.with_name("gunicorn"), "-c", "deploy/gunicorn.conf.py"],
                              cwd=ROOT, env=env),
             subprocess.Popen([python, "scripts/channel_worker.py"], cwd=ROOT, env=env)]
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            subprocess.run(["curl", "-fsS", "-o", "/dev/null", url + "/api/v1/datasets"],
                           check=True, capture_output=True)
            return procs, url
        except subprocess.CalledProcessError:
            time.sleep(0.1)
    raise SystemExit("the site did not start")


def run_flood(url, script, seconds, connections, out):
    """wrk flood in the background; its parsed FLOOD line lands in out."""
    result = subprocess.run(["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s",
                             "-s", str(script), url], capture_output=True, text=True)
    match = re.search(r"FLOOD " + " ".join([r"(\d+)"] * (len(STATUSES) + 3)) + r" (\d+)",
                      result.stdout)
    if not match:
        raise SystemExit(f"wrk flood gave no result: {result.stdout}{result.stderr}")
    numbers = list(map(int, match.groups()))
    out.update(total=numbers[0], p99=numbers[-1] / 1000,
               **{str(code): n for code, n in zip(STATUSES, numbers[1:])},
               other=numbers[len(STATUSES) + 1], busy=numbers[len(STATUSES) + 2])


def main(argv=None):
    """Build or reuse the index, start the stand-in API and the site, measure, print."""
    p = cli.parser(__doc__)
    p.add_argument("--seconds", type=int, default=60, help="length of the flood")
    p.add_argument("--flood", type=int, default=128, help="connections flooding channels")
    p.add_argument("--clients", type=int, default=256, help="addresses the flood comes from")
    p.add_argument("--lookups", type=int, default=4, help="connections doing video lookups")
    p.add_argument("--api-delay", type=float, default=0.2, help="stand-in API's answer time, s")
    p.add_argument("--videos", type=int, default=2_000_000, help="videos in the SYNTHETIC index")
    args = p.parse_args(argv)
    need_wrk()
    index, found, missing = synthetic_index(args.videos)
    fake = FakeYouTube(KEY)
    fake.slow = args.api_delay
    api_base = fake.start()
    folder = Path(tempfile.mkdtemp(prefix="flood-", dir=OUT))
    procs, url = start_site(index, folder, api_base)
    try:
        videos = OUT / "wrk-flood-videos.lua"
        lua_get(videos, found, missing, "/api/v1/videos/")
        flood = OUT / "wrk-flood-channels.lua"
        flood_script(flood, args.clients)
        run_wrk(url, videos, 3, args.lookups, 1)  # warm-up
        alone = run_wrk(url, videos, 10, args.lookups, 1)
        answers = {}
        flooder = threading.Thread(target=run_flood,
                                   args=(url, flood, args.seconds, args.flood, answers))
        flooder.start()
        settle = min(5, args.seconds // 6)
        time.sleep(settle)  # let the queue fill
        during = run_wrk(url, videos, args.seconds - 2 * settle, args.lookups, 1)
        flooder.join()
        report(args, alone, during, answers, fake)
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(20)
        fake.stop()
        shutil.rmtree(folder, ignore_errors=True)


def report(args, alone, during, answers, fake):
    """Print the table."""
    total = answers["total"] or 1
    shed = answers["429"] + answers["503"]
    print(f"\nSYNTHETIC index {args.videos:,} videos; gunicorn -c deploy/gunicorn.conf.py + "
          f"channel worker; stand-in Data API answering in {args.api_delay * 1000:.0f} ms; "
          f"{os.cpu_count()} CPUs")
    print(f"{'video lookups (/api/v1/videos/<id>)':<40}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
          f"{'non-2xx':>9}")
    for label, r in (("alone (floor, same run)", alone),
                     (f"during the flood ({args.flood} conn.)", during)):
        print(f"{label:<40}{r['rps']:>9,.0f}{r['p50']:>9.2f}{r['p99']:>9.2f}"
              f"{r['non2xx'] + r['socket_errors']:>9}")
    print(f"\nchannel flood: {answers['total']:,} requests in {args.seconds} s from "
          f"{args.clients} client address(es), p99 {answers['p99']:.1f} ms")
    print(f"  shed: {shed / total:.1%}  (429 rate-limited {answers['429']:,}; 503 "
          f"{answers['503']:,}: {answers['busy']:,} past HEAVY_MAX_ACTIVE or SHED_QUEUED, "
          f"{answers['503'] - answers['busy']:,} queue full)")
    print(f"  queued (202) {answers['202']:,}, answered (200/404) "
          f"{answers['200'] + answers['404']:,}, other {answers['other']:,}")
    print(f"  Data API calls made: {len(fake.requests):,}")


if __name__ == "__main__":
    main()
