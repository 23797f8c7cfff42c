"""Fill video → channel, title, date and duration into the metadata database.

With YOUTUBE_API_KEY set, videos.list answers 50 videos a call (1 quota unit each);
without it, oEmbed answers one video a call (title and channel name, no date or duration).
Videos already checked are skipped, so an interrupted run resumes where it stopped.

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
from lookup.youtube.enrich import ApiFetcher, OEmbedFetcher, enrich  # noqa: E402


def parser():
    """The command's argument parser."""
    p = cli.parser(__doc__, "enrich.py")
    p.add_argument("videos", nargs="*", help="video IDs or links")
    p.add_argument("--index", type=Path, help="take every video in this dataset index")
    p.add_argument("--list", type=Path, help="file with one video ID or link a line")
    p.add_argument("--metadata", type=Path, default=paths.METADATA,
                   help="metadata database to fill (default: the project's data/metadata.db)")
    p.add_argument("--rate", type=float, default=5.0, help="most calls a second (default 5)")
    p.add_argument("--limit", type=int, help="stop after this many input videos")
    p.add_argument("--oembed", action="store_true", help="use oEmbed even when a key is set")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    return p


def video_ids(args):
    """The requested IDs as one stream, in the order given."""
    streams = [iter(args.videos)]
    if args.list:
        streams.append(line.strip() for line in args.list.open(encoding="utf-8"))
    if args.index:
        streams.append(index_ids(args.index))
    for text in itertools.chain(*streams):
        parsed = parse(text) if text else None
        if parsed is not None and parsed.kind == "video":
            yield parsed.value


def index_ids(path):
    """Every video in a dataset index, streamed; the index is closed at the end."""
    index = Index.open(path)
    try:
        yield from index.video_ids()
    finally:
        index.close()


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
    ids = itertools.islice(video_ids(args), args.limit)
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
