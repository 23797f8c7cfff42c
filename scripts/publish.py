"""Publish a snapshot of the live index for replicas, or install one on a replica.

A snapshot is a compact, read-only copy of the index's last commit (`index-<generation>.db`),
with `index-<generation>.db.sha256` and `manifest.json` beside it. Serve the folder with any
web server (or share it); each replica then runs `--replicate` from cron or a timer, which
downloads a newer snapshot (resuming), checks its sha256 and swaps it in under the served
name. The site notices the new file within a second; no restart is needed.

Examples:
  python scripts/publish.py --out /srv/snapshots                # on the ingest host
  python scripts/publish.py --out /srv/snapshots --keep 5
  python scripts/publish.py --replicate https://ingest.example/snapshots/ --index data/index.db
  python scripts/publish.py --replicate /mnt/snapshots --index data/index.db

Exit codes: 0 done (or already up to date), 1 failed (nothing served was changed), 2 bad usage.
"""

import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lookup import cli, paths  # noqa: E402
from lookup.errors import UserError  # noqa: E402
from lookup.index.publish import publish, replicate  # noqa: E402
from lookup.textsafe import printable  # noqa: E402


def parser():
    """The command's argument parser."""
    p = cli.parser(__doc__, "publish.py")
    p.add_argument("--index", type=Path, default=paths.INDEX,
                   help="the live index (publish) or the served file (replicate)")
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--out", type=Path, help="folder to publish the snapshot into")
    mode.add_argument("--replicate", metavar="URL_OR_FOLDER",
                      help="install the newest snapshot published there as --index")
    p.add_argument("--keep", type=int, default=3, help="snapshots kept in --out (default 3)")
    return p


def main(argv=None):
    """Run the command; returns the exit code."""
    args = parser().parse_args(argv)
    try:
        if args.out:
            if not args.index.is_file():
                raise UserError(f"{args.index.name}: no such index")
            m = publish(args.index, args.out, args.keep)
            print(f"published {m['file']}: generation {m['generation']}, {m['bytes']:,} bytes,"
                  f" sha256 {m['sha256']}")
        else:
            m, installed = replicate(args.replicate, args.index)
            print(f"installed {m['file']} (generation {m['generation']}) as {args.index.name}"
                  if installed else f"{args.index.name} is up to date ({m['file']})")
    except (UserError, OSError, sqlite3.Error) as error:
        print(f"publish: {printable(error)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
