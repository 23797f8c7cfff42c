"""Benchmark: a watched list's Atom feed, built and answered 304, beside a bare batch lookup.

The index and the list are SYNTHETIC (seeded random.Random): real-shaped IDs, made-up
memberships, written to bench/out/ in the plainlist format and read by the real ingest.

Examples:
  python bench/bench_feeds.py                          # 300,000 videos, a 20,000-video list
  python bench/bench_feeds.py --videos 1000000 --watched 20000 --found 0.5
"""

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from lookup import cli  # noqa: E402
from lookup.index import Index  # noqa: E402
from lookup.index.ingest import Input, ingest  # noqa: E402

OUT = Path(__file__).resolve().parent / "out" / "feeds"
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
DATASETS = ("kinetics-400", "kinetics-600", "kinetics-700")


def synthetic_ids(count, seed):
    """SYNTHETIC, well-formed video IDs."""
    rng = random.Random(seed)
    return ["".join(rng.choice(ALPHABET) for _ in range(10)) + rng.choice("AEIMQUYcgkosw048")
            for _ in range(count)]


def build(folder, videos):
    """An index of `videos` IDs over three datasets that overlap by a third, one ingest each."""
    index = folder / f"index-{videos}.db"
    if index.exists():
        return index
    ids, third = synthetic_ids(videos, seed=1), videos // 3
    for n, slug in enumerate(DATASETS):
        part = folder / f"{slug}-{videos}.csv"
        rows = ids[n * third:(n + 1) * third + third // 2]
        part.write_text("youtube_id,time_start,time_end\n"
                        + "".join(f"{v},0,10\n" for v in rows))
        ingest(index, slug, [Input(part)], "plainlist")
    return index


def median_ms(call, runs=7):
    call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main(argv=None):
    p = cli.parser(__doc__)
    p.add_argument("--videos", type=int, default=300_000, help="videos in the index")
    p.add_argument("--watched", type=int, default=20_000, help="videos in the watched list")
    p.add_argument("--found", type=float, default=0.5, help="share of the list in the index")
    args = p.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    index_path = build(OUT, args.videos)
    found = int(args.watched * args.found)
    watched = synthetic_ids(args.videos, seed=1)[:found] + synthetic_ids(args.watched - found, 2)
    for name in ("checks.db", "watch.db"):
        (OUT / name).unlink(missing_ok=True)
    app = create_app({"INDEX_PATH": str(index_path), "CHECKS_PATH": str(OUT / "checks.db"),
                      "WATCH_PATH": str(OUT / "watch.db"), "YTDLP_ENABLED": False,
                      "METADATA_PATH": str(OUT / "none.db"),
                      "CHANNEL_CACHE_PATH": str(OUT / "channels.db"), "BULK_MAX_IDS": 10 ** 6})
    client = app.test_client()
    check = client.post("/checks", data={"ids": ",".join(watched)}).headers["Location"]
    feed = client.post("/watch", data={"check": check.rsplit("/", 1)[1]}).headers["Location"]
    feed += "/feed.atom"
    tag = client.get(feed).headers["ETag"]
    index = Index.open(index_path)
    rows = [("feed, built", median_ms(lambda: client.get(feed))),
            ("feed, 304 (If-None-Match)", median_ms(
                lambda: client.get(feed, headers={"If-None-Match": tag}))),
            ("floor: Index.lookup of the list", median_ms(lambda: index.lookup(watched)))]
    print(f"{args.videos:,} videos in the index; a list of {args.watched:,}, {found:,} found "
          f"(SYNTHETIC)\n")
    print(f"{'':34} {'median ms':>10} {'x floor':>8}")
    for label, ms in rows:
        print(f"{label:34} {ms:10.1f} {ms / rows[-1][1]:8.2f}")


if __name__ == "__main__":
    main()
