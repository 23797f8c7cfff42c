"""Look after the live index: its status, checks, figures, compaction, change log, leftovers.

Examples:
  python scripts/index.py status
  python scripts/index.py check                  # integrity; figures, hash ranges vs a recount
  python scripts/index.py recount                # recount figures, rebuild the hash ranges
  python scripts/index.py compact                # rewrite into full pages (~15 B/membership)
  python scripts/index.py changes                # the ingests in the change log
  python scripts/index.py changes --since 2026-11-01 dQw4w9WgXcQ https://youtu.be/9bZkp7q19f0
  python scripts/index.py clean                  # remove what killed ingests left behind

`compact` needs free disk of about twice the index and makes ingests wait until it is done;
the site keeps answering. To give replicas a copy, use scripts/publish.py.

Exit codes: 0 done (for check: the index is sound), 1 failed or (check) problems found,
2 bad usage.
"""

import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lookup import cli, paths  # noqa: E402
from lookup.errors import UserError  # noqa: E402
from lookup.ids import parse  # noqa: E402
from lookup.index import Index, maintain  # noqa: E402
from lookup.textsafe import printable  # noqa: E402


def parser():
    """The command's argument parser."""
    p = cli.parser(__doc__, "index.py")
    p.add_argument("--index", type=Path, default=paths.INDEX, help="the live index file")
    commands = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("status", help="generation, last commit, sizes, totals")
    commands.add_parser("check", help="integrity check; figures and hash ranges against a "
                        "full recount")
    commands.add_parser("recount", help="recount every figure and rebuild the hash ranges "
                        "from the rows")
    commands.add_parser("compact", help="rewrite the index in key order into full pages")
    changes = commands.add_parser("changes", help="ingests, or new memberships of videos")
    changes.add_argument("videos", nargs="*", help="video IDs or links (none: list ingests)")
    changes.add_argument("--since", default="", help="ISO date or time; only later commits")
    clean = commands.add_parser("clean", help="remove leftovers of killed ingests")
    clean.add_argument("--rejects", type=Path, help="rejects folder (default: beside the index)")
    return p


def main(argv=None):
    """Run the command; returns the exit code."""
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (UserError, OSError, sqlite3.Error) as error:
        print(f"index: {printable(error)}", file=sys.stderr)
        return 1


def _waiting(args):
    return lambda: print(f"index: another writer holds {args.index.name}; waiting",
                         file=sys.stderr, flush=True)


def _status(args):
    for key, value in maintain.status(args.index).items():
        print(f"{key:15} {value}")
    return 0


def _check(args):
    problems, differences = maintain.check(args.index, _waiting(args))
    for problem in problems:
        print(f"integrity: {problem}")
    for figure, stored, counted in differences:
        print(f"figures: {figure} stored {stored}, counted {counted}")
    print("ok" if not problems and not differences else "problems found")
    return 1 if problems or differences else 0


def _recount(args):
    corrected = maintain.recount(args.index, _waiting(args))
    print(f"recounted; {len(corrected)} figure(s) corrected" if corrected else
          "recounted; every figure was already right")
    return 0


def _compact(args):
    before, after = maintain.compact(args.index, _waiting(args))
    print(f"compacted {args.index.name}: {before:,} -> {after:,} bytes")
    return 0


def _changes(args):
    index = Index.open(args.index)
    if not args.videos:
        for i in index.ingests(args.since):
            print(f"ingest {i.id}  {i.committed}  {i.dataset}: {i.new_memberships:,} new "
                  f"memberships, {i.new_videos:,} new videos")
        return 0
    ids = [p.value for p in map(parse, args.videos) if p.kind == "video"]
    for change in index.changes(ids, args.since):
        print(f"{change.committed}  {change.video_id}  joined {change.dataset} "
              f"(ingest {change.ingest})")
    return 0


def _clean(args):
    removed = maintain.clean(args.index, args.rejects)
    print("\n".join(f"removed {printable(name)}" for name in removed) or "nothing to clean")
    return 0


COMMANDS = {"status": _status, "check": _check, "recount": _recount, "compact": _compact,
            "changes": _changes, "clean": _clean}

if __name__ == "__main__":
    sys.exit(main())
