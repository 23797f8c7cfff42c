"""Open data: export a published snapshot as CSV and Parquet, and write Datasette metadata.

`export` writes, beside the newest snapshot in the folder that `scripts/publish.py --out`
fills (or beside --snapshot), every membership with readable video IDs as
`index-<generation>.memberships.csv.gz` and `.memberships.parquet`, plus
`index-<generation>.datasette.json`, each with a `.sha256`; the site offers them on /data
(SNAPSHOTS_PATH). Exports of snapshots that publishing has pruned are removed. Columns and
schema: docs/open-data.md.

`metadata` prints Datasette metadata for an index, so that
`datasette data/index.db -m data/index.datasette.json` shows described tables, dataset
licences and sources, and views with readable IDs.

Examples:
  python scripts/publish.py --out /srv/snapshots && python scripts/open_data.py export --out /srv/snapshots
  python scripts/open_data.py export --snapshot /srv/snapshots/index-000012.db --force
  python scripts/open_data.py metadata -o data/index.datasette.json
  datasette data/index.db -m data/index.datasette.json

Exit codes: 0 done, 1 failed (a half-written export is never left under its name), 2 bad usage.
"""

import json
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tqdm import tqdm  # noqa: E402

from lookup import catalogue, cli, paths  # noqa: E402
from lookup.errors import UserError  # noqa: E402
from lookup.opendata import datasette, folder  # noqa: E402
from lookup.opendata.export import open_snapshot  # noqa: E402
from lookup.textsafe import printable  # noqa: E402


def parser():
    """The command's argument parser."""
    p = cli.parser(__doc__, "open_data.py")
    p.add_argument("--catalogue", type=Path, help="dataset catalogue (default: the bundled one)")
    commands = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    out = commands.add_parser("export", help="CSV, Parquet and Datasette metadata of a snapshot")
    where = out.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", type=Path, help="the folder publish.py --out writes")
    where.add_argument("--snapshot", type=Path, help="one snapshot file (exports go beside it)")
    out.add_argument("--force", action="store_true", help="write exports that already exist")
    out.add_argument("--quiet", action="store_true", help="no progress bars")
    meta = commands.add_parser("metadata", help="Datasette metadata (JSON) for an index")
    meta.add_argument("--index", type=Path, default=paths.INDEX, help="the index file")
    meta.add_argument("-o", "--output", type=Path, help="write here instead of stdout")
    return p


def main(argv=None):
    """Run the command; returns the exit code."""
    args = parser().parse_args(argv)
    try:
        cat = catalogue.load(args.catalogue)
        return _export(args, cat) if args.command == "export" else _metadata(args, cat)
    except (UserError, OSError, sqlite3.Error, ValueError) as error:
        print(f"open_data: {printable(error)}", file=sys.stderr)
        return 1


def _export(args, cat):
    snapshot = args.snapshot or folder.newest(args.out)
    bars = {}

    def progress(kind, rows, total):
        if kind not in bars:
            for bar in bars.values():
                bar.close()
            bars[kind] = tqdm(total=total, unit=" rows", unit_scale=True, desc=kind,
                              dynamic_ncols=True)
        bars[kind].update(rows - bars[kind].n)

    try:
        done = folder.export_all(snapshot, cat, args.force, None if args.quiet else progress)
    finally:
        for bar in bars.values():
            bar.close()
    for name in folder.prune(snapshot.parent):
        print(f"removed {name} (its snapshot was pruned)")
    for name, rows, written in done:
        size = (snapshot.parent / name).stat().st_size
        state = "written" if written else "kept (exists; --force rewrites it)"
        count = f"{rows:>12,} rows" if rows is not None else " " * 17
        print(f"{name:44} {count} {size:>15,} bytes  {state}")
    return 0


def _metadata(args, cat):
    conn = open_snapshot(args.index) if _is_snapshot_name(args.index) else \
        sqlite3.connect(f"file:{args.index.resolve()}?mode=ro", uri=True)
    try:
        text = json.dumps(datasette.metadata(conn, cat, args.index.name.removesuffix(".db")),
                          indent=2, ensure_ascii=False) + "\n"
    finally:
        conn.close()
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _is_snapshot_name(path):
    if not path.is_file():
        raise UserError(f"{path.name}: no such index")
    return folder.SNAPSHOT.fullmatch(path.name) is not None


if __name__ == "__main__":
    sys.exit(main())
