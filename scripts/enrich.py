"""Fill video → channel, title, date and duration into the metadata database.

With YOUTUBE_API_KEY set, videos.list answers 50 videos a call (1 quota unit each; a project
gets 10,000 units a day unless Google granted more: --quota);
without it, oEmbed answers one video a call (title and channel name, no date or duration).
Only the gaps are filled: videos YouTube described already, and videos a dataset's files
described with their channel (YouTube-Commons, ingested), are skipped, so an interrupted run
resumes where it stopped. Before it starts, the run says how many videos it will ask for and
how long the quota makes that take. With --index, the videos of the channels people looked up
(the channel cache and the saved channel checks) go first, then the rest of the index.

Examples:
  python scripts/enrich.py --index data/index.db
  python scripts/enrich.py --list my_ids.txt --rate 2
  python scripts/enrich.py dQw4w9WgXcQ https://youtu.be/jNQXAC9IVRw
  YOUTUBE_API_KEY=... python scripts/enrich.py --index data/index.db --limit 100000

Exit codes: 0 done, 1 stopped early (quota or network; rerun to resume), 2 bad usage.
"""

import itertools
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tqdm import tqdm  # noqa: E402

from lookup import cli, paths  # noqa: E402
from lookup.errors import UserError  # noqa: E402
from lookup.ids import parse  # noqa: E402
from lookup.index import Index  # noqa: E402
from lookup.youtube.channels import config_from_env  # noqa: E402
from lookup.youtube.data_api import YouTubeAPI  # noqa: E402
from lookup.youtube.enrich import ApiFetcher, OEmbedFetcher, asked_for, enrich, plan  # noqa: E402


def parser():
    """The command's argument parser."""
    p = cli.parser(__doc__, "enrich.py")
    p.add_argument("videos", nargs="*", help="video IDs or links")
    p.add_argument("--index", type=Path, help="take every video in this dataset index")
    p.add_argument("--list", type=Path, help="file with one video ID or link a line")
    p.add_argument("--metadata", type=Path, default=paths.METADATA,
                   help="metadata database to fill (default: the project's data/metadata.db)")
    p.add_argument("--channels-cache", type=Path, default=paths.CHANNEL_CACHE,
                   help="channel cache whose upload lists go first with --index "
                        "(default: the project's data/channels.db)")
    p.add_argument("--checks", type=Path, default=paths.CHECKS,
                   help="saved checks whose channels go first with --index "
                        "(default: the project's data/checks.db)")
    p.add_argument("--quota", type=int, default=10_000,
                   help="Data API quota units a day (default 10,000, Google's default)")
    p.add_argument("--rate", type=float, default=5.0, help="most calls a second (default 5)")
    p.add_argument("--limit", type=int, help="stop after this many input videos")
    p.add_argument("--oembed", action="store_true", help="use oEmbed even when a key is set")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    return p


def video_ids(args, skip=frozenset()):
    """The requested IDs as one stream, in the order given, without those in skip."""
    streams = [iter(args.videos)]
    if args.list:
        streams.append(line.strip() for line in args.list.open(encoding="utf-8"))
    if args.index:
        streams.append(index_ids(args.index))
    for text in itertools.chain(*streams):
        parsed = parse(text) if text else None
        if parsed is not None and parsed.kind == "video" and parsed.value not in skip:
            yield parsed.value


def index_ids(path):
    """Every video in a dataset index, streamed; the index is closed at the end."""
    index = Index.open(path)
    try:
        yield from index.video_ids()
    finally:
        index.close()


def forecast(todo, fetcher, quota, rate):
    """What the run will ask for and how long the quota (or the rate) makes it take."""
    lines = [f"{todo.videos:,} videos to describe"
             + (f" ({todo.first:,} of channels people looked up, first)" if todo.first else "")
             + f"; {todo.skipped:,} described already (by YouTube or a dataset) are skipped."]
    calls = todo.calls(fetcher.batch)
    hours = calls / rate / 3600 if rate else 0.0
    if fetcher.batch > 1:
        days = calls / quota if quota else 0.0
        lines.append(f"videos.list: {calls:,} calls = {calls:,} quota units; at {quota:,} "
                     f"units a day that is {_days(days)}" + (
                         " (the run stops when the day's quota is spent: run it again the "
                         "next day to resume)." if days > 1 else "."))
    else:
        lines.append(f"oEmbed: {calls:,} calls" + (
            f" at most {rate:g} a second: about {_hours(hours)}." if rate else "."))
    return "\n".join(lines)


def _days(days):
    return "under a day" if days <= 1 else f"about {days:,.0f} days"


def _hours(hours):
    return "under a minute" if hours < 1 / 60 else f"{hours * 60:,.0f} minutes" \
        if hours < 2 else f"{hours:,.0f} hours"


def main(argv=None, config=None):
    """Run the command; returns the exit code."""
    args = parser().parse_args(argv)
    if not (args.videos or args.index or args.list):
        parser().error("give video IDs, --list or --index")
    logging.basicConfig(level=logging.WARNING)
    config = config_from_env() if config is None else config
    if config.get("YOUTUBE_API_KEY") and not args.oembed:
        fetcher = ApiFetcher(YouTubeAPI(config["YOUTUBE_API_KEY"], config.get("YOUTUBE_API_BASE")))
    else:
        fetcher = OEmbedFetcher(config.get("OEMBED_BASE"))
    first = list(asked_for(args.channels_cache, args.checks)) if args.index else []
    first = first[:args.limit]
    skip = frozenset(first)
    rest = None if args.limit is None else args.limit - len(first)
    todo = plan(args.metadata, first, itertools.islice(video_ids(args, skip), rest))
    print(forecast(todo, fetcher, args.quota, args.rate), file=sys.stderr, flush=True)
    ids = itertools.chain(first, itertools.islice(video_ids(args, skip), rest))
    bar = tqdm(unit=" videos", disable=args.quiet, file=sys.stderr)
    try:
        summary = enrich(args.metadata, ids, fetcher, args.rate, bar.update)
    except UserError as error:
        print(f"enrich: {error}", file=sys.stderr)
        return 1
    finally:
        bar.close()
    counts = summary.counts
    rows = [("ok", counts["ok"]), ("gone", counts["gone"]), ("errors", counts["errors"])]
    for name, value in rows:
        print(f"{name:<8}{value:>10,}")
    print(f"written to {args.metadata} via {'videos.list' if fetcher.batch > 1 else 'oEmbed'}")
    if summary.stopped:
        print(f"stopped early: {summary.stopped} Run again to resume.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
