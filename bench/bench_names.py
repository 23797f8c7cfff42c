"""Benchmark: name index build and query times over synthetic channel names, and a channel check.

Every name and video here is SYNTHETIC (seeded random.Random), made up for timing only.

Examples:
  python bench/bench_names.py                       # 1,000,000 names, 500 queries
  python bench/bench_names.py --names 100000 --queries 200
  python bench/bench_names.py --index data/index.db # also time a 20,000-video channel check
  python bench/bench_names.py --synthetic-index     # ... against a synthetic 500,000-video index
"""

import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lookup import cli  # noqa: E402
from lookup.names import NameIndex, NameRecord, build  # noqa: E402

SYLLABLES = ("ka ri to mu ne sa lo vi an el or ba de ki po ru ta zen mar que brown lee "
             "tech play daily vlog art cook game math fit nova sky red blue gold").split()
ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def synthetic_word(rng):
    """A made-up word of 2-4 syllables."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def synthetic_names(count, seed=7, vocabulary=300_000):
    """SYNTHETIC channel NameRecords: 1-3 made-up words each, with a made-up channel ID."""
    rng = random.Random(seed)
    words = sorted({synthetic_word(rng) for _ in range(vocabulary)})
    rng.shuffle(words)
    # Word use in real names is Zipf-like: a few words are everywhere, most are rare.
    weights = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(len(words))))
    for _ in range(count):
        name = " ".join(rng.choices(words, cum_weights=weights, k=rng.randint(1, 3)))
        channel_id = "UC" + "".join(rng.choice(ID_CHARS) for _ in range(21)) + rng.choice("AQgw")
        yield NameRecord("channel", channel_id, name, "@" + name.replace(" ", "").lower()[:30],
                         channel_id, videos=rng.randint(1, 2000))


def typo(word, rng):
    """The word with one random edit past its first letter (as the fuzzy query allows)."""
    if len(word) < 5:
        return word
    i = rng.randint(1, len(word) - 1)
    return rng.choice([word[:i] + word[i + 1:], word[:i] + rng.choice("aeiou") + word[i + 1:],
                       word[:i] + word[i] + word[i:]])


def synthetic_video_ids(count, seed=11):
    """SYNTHETIC valid video IDs."""
    rng = random.Random(seed)
    return ["".join(rng.choice(ID_CHARS) for _ in range(10)) + rng.choice("AEIMQUYcgkosw048")
            for _ in range(count)]


def bench_names(count, queries, folder, reuse=False):
    """(build seconds, [query seconds], top-10 recall) over count synthetic names."""
    started = time.perf_counter()
    if not reuse:
        build(synthetic_names(count), folder, procs=os.cpu_count() or 1)
    build_s = time.perf_counter() - started
    rng = random.Random(3)
    sample = [r.name for r in synthetic_names(min(count, 20000))]
    index, times, found = NameIndex(folder), [], 0
    for _ in range(queries):
        name = rng.choice(sample)
        text = " ".join(typo(w, rng) for w in name.split())
        started = time.perf_counter()
        result = index.search(text, limit=10)
        times.append(time.perf_counter() - started)
        found += any(m.name == name for m in result.matches)
    index.close()
    return build_s, times, found / queries


def bench_channel_check(lookup, videos=20000, repeats=5):
    """Median seconds for one batch lookup of a resolved channel's videos via lookup(ids)."""
    ids = synthetic_video_ids(videos)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        lookup(ids)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def synthetic_index(folder, rows=500_000):
    """A SYNTHETIC dataset index holding half of the benchmark channel's videos among others."""
    from lookup.index.ingest import Input, ingest

    ids = synthetic_video_ids(20000)[::2] + synthetic_video_ids(rows - 10000, seed=12)
    source = Path(folder) / "kinetics-400-SYNTHETIC.csv"
    with source.open("w") as out:
        out.write("youtube_id,time_start,time_end\n")
        out.writelines(f"{v},0,10\n" for v in ids)
    ingest(Path(folder) / "index.db", "kinetics-400", [Input(source)], "plainlist")
    return Path(folder) / "index.db"


def index_lookup(path):
    """The batch-lookup callable of a built dataset index (lookup.index.Index)."""
    from lookup.index import Index

    return Index.open(path).lookup


def percentile(values, share):
    """The value below which `share` of the sorted values fall."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main(argv=None):
    """Run the benchmarks and print a table."""
    p = cli.parser(__doc__)
    p.add_argument("--names", type=int, default=1_000_000, help="synthetic channel names")
    p.add_argument("--queries", type=int, default=500, help="typo queries to time")
    p.add_argument("--index", type=Path, help="dataset index for the 20,000-video check")
    p.add_argument("--synthetic-index", action="store_true",
                   help="build a 500,000-video SYNTHETIC index for that check")
    p.add_argument("--folder", type=Path, help="build the name index here and keep it "
                   "(default: a temporary folder)")
    p.add_argument("--reuse", action="store_true", help="time queries on --folder as built")
    args = p.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder or Path(tmp) / "names"
        build_s, times, recall = bench_names(args.names, args.queries, folder, args.reuse)
        rows += [(f"build {args.names:,} names (synthetic)", f"{build_s:.1f} s", "< 90 s"),
                 ("query p50", f"{percentile(times, 0.5) * 1000:.1f} ms", ""),
                 ("query p95", f"{percentile(times, 0.95) * 1000:.1f} ms", "< 30 ms"),
                 ("typo query finds its name in top 10", f"{recall:.0%}", "")]
        if args.synthetic_index and not args.index:
            args.index = synthetic_index(tmp)
        if args.index:
            seconds = bench_channel_check(index_lookup(args.index))
            rows.append(("check 20,000-video channel", f"{seconds * 1000:.0f} ms", ""))
    width = max(len(r[0]) for r in rows)
    for name, value, target in rows:
        print(f"{name.ljust(width)}  {value:>10}  {target}")


if __name__ == "__main__":
    main()
