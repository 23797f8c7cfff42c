"""Growing the index in place, on SYNTHETIC files written in the official formats.

1. Builds (once, cached in bench/out/) an index of --videos synthetic videos through the
   project's own ingest: a Kinetics-style CSV of one clip per video, plus a second dataset
   that shares a fifth of them, so overlap figures have work to do.
2. Adds fresh 1,000-row InternVid files (half of their videos already in the index) to that
   index and to an empty one, in turn, pair by pair, and prints the median seconds of each
   and their ratio; the peak extra disk during the add (index, log and stage files) as a
   multiple of the index; and the peak RSS of the same add run as a separate command.
3. Ingests --rows InternVid rows into a fresh index and prints rows/s beside a bare
   `orjson.loads` loop over the same file, measured in the same run, and the ratio.

Examples:
  python bench/bench_grow.py                          # 5M videos, 10M InternVid rows
  python bench/bench_grow.py --videos 200000 --rows 500000 --pairs 3    # a quick run
"""

import os
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_ingest import _ts, write_internvid  # noqa: E402

from lookup import cli  # noqa: E402
from lookup.ids import int_to_id  # noqa: E402
from lookup.index.ingest import Input, ingest  # noqa: E402

OUT = ROOT / "bench" / "out"


def base_index(videos, seed):
    """The cached base index of `videos` synthetic videos in two datasets; its path."""
    OUT.mkdir(exist_ok=True)
    index = OUT / f"grow-base-{videos}.db"
    if index.exists():
        return index
    rng = random.Random(seed)
    ids = [int_to_id(rng.getrandbits(64) - 2**63) for _ in range(videos)]
    first, second = OUT / f"grow-a-{videos}.csv", OUT / f"grow-b-{videos}.csv"
    _kinetics_csv(first, ids, rng)
    _kinetics_csv(second, ids[: videos // 5], rng)
    work = index.with_name(index.name + ".building")
    for path in work.parent.glob(work.name + "*"):
        path.unlink()
    ingest(work, "synthetic-a", [Input(first)], "plainlist")
    ingest(work, "synthetic-b", [Input(second)], "plainlist")
    work.rename(index)
    return index


def _kinetics_csv(path, ids, rng):
    with open(path, "w") as out:
        out.write("label,youtube_id,time_start,time_end,split\n")
        for video in ids:
            start = rng.randrange(0, 600)
            out.write(f"cooking,{video},{start},{start + 10},train\n")


def small_file(path, seed, known):
    """A 1,000-row InternVid file: 30 videos, half of them already in the index."""
    rng = random.Random(seed)
    videos = rng.sample(known, 15) + [int_to_id(rng.getrandbits(64) - 2**63) for _ in range(15)]
    with open(path, "w") as out:
        for row in range(1000):
            video, start = videos[row % 30], row * 5_000
            out.write(orjson.dumps({"YoutubeID": video, "Start_timestamp": _ts(start),
                                    "End_timestamp": _ts(start + 4_000), "Caption": "synthetic",
                                    "UMT_Score": 0.4}).decode() + "\n")
    return path


class DiskPeak:
    """Samples the bytes of index.db, its log and its stage files while an ingest runs."""

    def __init__(self, index):
        self.index, self.peak, self.running = Path(index), 0, True
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _bytes(self):
        total = 0
        for path in self.index.parent.glob(self.index.name + "*"):
            try:
                total += path.stat().st_size
            except FileNotFoundError:
                pass
        return total

    def _run(self):
        while self.running:
            self.peak = max(self.peak, self._bytes())
            time.sleep(0.002)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()
        self.peak = max(self.peak, self._bytes())


def timed_add(index, source):
    started = time.perf_counter()
    ingest(index, "synthetic-new", [Input(source)], "internvid", workers=1)
    return time.perf_counter() - started


def add_figures(base, pairs, seed):
    """Median seconds of a 1,000-row add to the base index and to an empty one, the ratio,
    peak extra disk as a multiple of the index, and the add's peak RSS as a command."""
    import sqlite3
    with sqlite3.connect(base) as conn:
        known = [int_to_id(v) for (v,) in conn.execute(
            "SELECT video FROM membership ORDER BY random() LIMIT 1000")]
    grown, empty, ratios, disk = [], [], [], 0.0
    for n in range(pairs):
        source = small_file(OUT / f"grow-small-{n}.jsonl", seed + n, known)
        size = base.stat().st_size
        with DiskPeak(base) as peak:
            grown.append(timed_add(base, source))
        disk = max(disk, (peak.peak - size) / size)
        fresh = OUT / "grow-empty.db"
        for path in OUT.glob("grow-empty.db*"):
            path.unlink()
        empty.append(timed_add(fresh, source))
        ratios.append(grown[-1] / empty[-1])
    rss = _command_rss(base, small_file(OUT / "grow-small-rss.jsonl", seed - 1, known))
    return {"add 1,000 rows to the big index, s": statistics.median(grown),
            "same file into an empty index, s": statistics.median(empty),
            "ratio (target <= 3)": statistics.median(ratios),
            "peak extra disk / index (target <= 1.2)": disk,
            "peak RSS of the add as a command, MB": rss}


# Reports its child's peak RSS. Run through it because a process forked from this one (which
# holds the base index's IDs) would carry this process's high-water mark in its own count.
_RSS_OF = ("import os, subprocess, sys; "
           "child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL); "
           "_, status, usage = os.wait4(child.pid, 0); "
           "print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)")


def _command_rss(index, source):
    command = [sys.executable, str(ROOT / "scripts" / "ingest.py"), "internvid", str(source),
               "--format", "internvid", "--index", str(index), "-q"]
    out = subprocess.run([sys.executable, "-c", _RSS_OF, *command], capture_output=True,
                         text=True, check=True).stdout.split()
    if out[0] != "0":
        raise SystemExit(f"the ingest command failed ({out[0]})")
    return int(out[1]) / 1024


def parse_figures(rows, seed):
    """rows/s of the ingest of `rows` InternVid rows and of a bare orjson loop over the file."""
    source = OUT / f"synthetic-internvid-{rows}-33-3000.jsonl"
    if not source.exists():
        write_internvid(source, rows, random.Random(seed))
    started = time.perf_counter()
    loads = orjson.loads
    with open(source, "rb") as handle:
        for line in handle:
            loads(line)
    floor = time.perf_counter() - started
    index = OUT / "grow-parse.db"
    for path in OUT.glob("grow-parse.db*"):
        path.unlink()
    started = time.perf_counter()
    [result] = ingest(index, "synthetic-internvid", [Input(source)], "internvid")
    seconds = time.perf_counter() - started
    return {f"ingest {result.rows_read:,} InternVid rows, rows/s": result.rows_read / seconds,
            "bare orjson.loads loop, rows/s": result.rows_read / floor,
            "ratio (target <= 3)": seconds / floor}


def main(argv=None):
    """Run the benchmark and print its figures."""
    p = cli.parser(__doc__)
    p.add_argument("--videos", type=int, default=5_000_000, help="videos in the base index")
    p.add_argument("--rows", type=int, default=10_000_000, help="InternVid rows to parse")
    p.add_argument("--pairs", type=int, default=5, help="1,000-row adds of each kind")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    started = time.perf_counter()
    base = base_index(args.videos, args.seed)
    print(f"base index: {args.videos:,} videos, {base.stat().st_size:,} bytes "
          f"(built or reused in {time.perf_counter() - started:,.0f} s); {os.cpu_count()} cores")
    for name, value in add_figures(base, args.pairs, args.seed).items():
        print(f"  {name:48} {value:>12,.3f}")
    for name, value in parse_figures(args.rows, args.seed).items():
        print(f"  {name:48} {value:>12,.3f}")
    shutil.rmtree(OUT / "rejects", ignore_errors=True)


if __name__ == "__main__":
    main()
