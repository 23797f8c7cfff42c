"""Build the name index (channel names, handles, video titles) from the metadata database:
YouTube's saved details (scripts/enrich.py) and the datasets' own descriptions (the ingest).

Examples:
  python scripts/build_names.py
  python scripts/build_names.py --metadata data/metadata.db --out data/names

The new index is written beside the old one and swapped in only when complete.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tqdm import tqdm  # noqa: E402

from lookup import cli, paths  # noqa: E402
from lookup.names import build, records_from_metadata  # noqa: E402
from lookup.youtube.metadata import Metadata  # noqa: E402


def parser():
    """The command's argument parser."""
    p = cli.parser(__doc__, "build_names.py")
    p.add_argument("--metadata", type=Path, default=paths.METADATA,
                   help="metadata database written by the ingest and scripts/enrich.py "
                        "(default: the project's data/metadata.db)")
    p.add_argument("--out", type=Path, default=paths.NAMES,
                   help="index folder (default: the project's data/names)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    return p


def main(argv=None):
    """Run the command; returns the exit code."""
    args = parser().parse_args(argv)
    if not args.metadata.is_file():
        print(f"build_names: {args.metadata} does not exist; ingest a dataset that names its "
              "videos (YouTube-Commons) or run scripts/enrich.py first",
              file=sys.stderr)
        return 1
    started, kinds = time.monotonic(), {"channel": 0, "video": 0}

    def counted(records):
        for record in tqdm(records, unit=" names", disable=args.quiet):
            kinds[record.kind] += 1
            yield record

    build(counted(records_from_metadata(Metadata(args.metadata))), args.out)
    print(f"channels  {kinds['channel']:,}\nvideos    {kinds['video']:,}\n"
          f"seconds   {time.monotonic() - started:.1f}\nindex     {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
