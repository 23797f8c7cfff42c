"""Resolve a YouTube channel link, @handle or video to the channel's uploads.

Uses the Data API when YOUTUBE_API_KEY is set, yt-dlp otherwise, and the offline metadata
database when YouTube cannot be reached. Lists are cached in data/channels.db.

Examples:
  python scripts/channel.py @mkbhd
  python scripts/channel.py https://www.youtube.com/channel/UCBJycsmduvYEL83R_U4JriQ --ids
  YOUTUBE_API_KEY=... python scripts/channel.py youtube.com/c/SomeName --max-age 0

Exit codes: 0 listed (complete or partial), 1 the channel could not be resolved, 2 bad usage.
"""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tqdm import tqdm  # noqa: E402

from lookup import cli  # noqa: E402
from lookup.errors import UserError  # noqa: E402
from lookup.ids import parse  # noqa: E402
from lookup.youtube.channels import DEFAULT_MAX_AGE, Channels, config_from_env  # noqa: E402


def parser():
    """The command's argument parser."""
    p = cli.parser(__doc__, "channel.py")
    p.add_argument("link", help="channel link, @handle, channel ID or video link")
    p.add_argument("--ids", action="store_true", help="print every video ID, one a line")
    p.add_argument("--max-age", type=float, default=DEFAULT_MAX_AGE,
                   help="use a cached list younger than this many seconds (default one day)")
    p.add_argument("--cache",
                   help="channel cache file (default: the project's data/channels.db)")
    p.add_argument("--metadata",
                   help="metadata database (default: the project's data/metadata.db)")
    p.add_argument("-v", "--verbose", action="store_true", help="log calls and quota used")
    return p


def main(argv=None, config=None):
    """Run the command; returns the exit code."""
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING)
    ref = parse(args.link)
    if ref.kind not in {"channel", "video"}:
        print(f"channel: {ref.message or 'that is not a channel or video link'}", file=sys.stderr)
        return 2
    config = dict(config_from_env() if config is None else config)
    config["CHANNEL_MAX_AGE"] = args.max_age
    if args.cache:
        config["CHANNEL_CACHE_PATH"] = args.cache
    if args.metadata:
        config["METADATA_PATH"] = args.metadata
    bar = tqdm(desc="listing uploads", unit=" videos", file=sys.stderr, dynamic_ncols=True)

    def progress(listed, total=None):
        bar.total = total
        bar.update(listed - bar.n)

    try:
        found = Channels(config).resolve(ref, progress)
    except UserError as error:
        bar.close()
        print(f"channel: {error}", file=sys.stderr)
        return 1
    bar.close()
    if args.ids:
        print("\n".join(found.video_ids))
    print(f"{found.title or found.channel_id} ({found.channel_id}): {len(found.video_ids):,} "
          f"videos, from {found.source}", file=sys.stderr if args.ids else sys.stdout)
    if found.partial:
        print(f"partial: {found.reason}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
