"""Download a dataset's official files from the catalogue and ingest them into the index.

Examples:
  python scripts/fetch.py audioset                  # download the three CSVs, then ingest
  python scripts/fetch.py kinetics-700 --dry-run    # list what would be fetched, no network
  python scripts/fetch.py --all --dry-run           # the plan for every catalogue dataset
  python scripts/fetch.py --all -q                  # every dataset whose files are public
  python scripts/fetch.py panda-70m                 # gated: prints what you must do by hand
  python scripts/ingest.py panda-70m panda70m_training_2m.csv   # ...then ingest your file

Downloads go to data/downloads/<dataset>/ (an interrupted download resumes when run again);
each file gets a <file>.sha256 beside it, and a rerun refuses a file that no longer matches.
Archives (.zip, .tar.gz) are kept and the catalogue's member file is copied out of them.

Exit codes: 0 done (with --all: every public dataset that has a reader was fetched; gated
ones and ones without a reader yet are listed),
1 a download or ingest failed (the index keeps what it had), 2 bad usage,
3 the dataset needs you to act first (log in, accept terms, fill a form, use Google Drive).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lookup import catalogue, cli, paths  # noqa: E402
from lookup.errors import UserError  # noqa: E402
from lookup.fetch import Gated, plan, run, unreadable  # noqa: E402
from lookup.progress import factory  # noqa: E402

DEFAULT_INDEX = paths.INDEX
OK, FAILED, USAGE, GATED = 0, 1, 2, 3
NO_READER = "no reader"  # --all only: a status, not an exit code


def parser():
    """The command's argument parser."""
    p = cli.parser(__doc__, "fetch.py")
    p.add_argument("dataset", nargs="?", help="dataset slug from data/datasets.toml")
    p.add_argument("--all", action="store_true", help="every dataset with public files")
    p.add_argument("--index", type=Path, default=DEFAULT_INDEX,
                   help="index file to update (default data/index.db)")
    p.add_argument("--downloads", type=Path, help="folder for downloads "
                   "(default: downloads/ beside the index)")
    p.add_argument("--catalogue", type=Path, help="catalogue TOML (default data/datasets.toml)")
    p.add_argument("--rejects", type=Path, help="folder for rejects files "
                   "(default: rejects/ beside the index)")
    p.add_argument("--dry-run", action="store_true", help="list what would be fetched and stop")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    return p


def main(argv=None):
    """Run the command; returns the exit code."""
    args = parser().parse_args(argv)
    try:
        known = catalogue.load(args.catalogue)
    except (OSError, ValueError) as error:
        print(f"fetch: {error}", file=sys.stderr)
        return USAGE
    if args.all == bool(args.dataset):
        print("fetch: name one DATASET or give --all", file=sys.stderr)
        return USAGE
    if args.dataset and args.dataset not in known:
        print(f"fetch: unknown dataset {args.dataset!r}; known: {', '.join(known)}",
              file=sys.stderr)
        return USAGE
    chosen = list(known.values()) if args.all else [known[args.dataset]]
    downloads = args.downloads or args.index.parent / "downloads"
    if args.dry_run:
        return _dry_run(chosen, downloads, args)
    outcomes = {ds.slug: _one(ds, downloads, args) for ds in chosen}
    _summary(outcomes, args.index)
    codes = set(outcomes.values())
    if FAILED in codes:
        return FAILED
    return GATED if not args.all and GATED in codes else OK


def _one(dataset, downloads, args):
    """Fetch and ingest one dataset; prints its problem and returns its exit code."""
    the_plan = plan(dataset, _index_hint(args))
    if the_plan.gated:
        if not args.all:  # --all only lists them in the summary; it fetches what is public
            print(the_plan.manual, file=sys.stderr)
        return GATED
    if args.all and unreadable(the_plan):
        return NO_READER  # a missing reader is the project's gap, not a failed fetch
    try:
        results = run(dataset, args.index, downloads, factory(args.quiet), args.rejects)
    except Gated as error:
        print(str(error), file=sys.stderr)
        return GATED
    except (UserError, ValueError) as error:
        print(f"fetch: {dataset.slug}: {error}", file=sys.stderr)
        return FAILED
    except KeyboardInterrupt:
        print("fetch: interrupted; the index was left as it was; run again to resume",
              file=sys.stderr)
        raise SystemExit(FAILED)
    for r in results:
        print(f"{dataset.slug}: {r.file_name}{' (again)' if r.already_ingested else ''}: "
              f"{r.rows_read:,} rows, {r.videos:,} videos, {r.clips:,} clips, "
              f"{r.rows_rejected:,} rejected, sha256 {r.sha256[:12]}")
    return OK


def _dry_run(chosen, downloads, args):
    """Print each dataset's plan without touching the network."""
    gated = False
    for ds in chosen:
        the_plan = plan(ds, _index_hint(args))
        if the_plan.gated:
            gated = True
            print(the_plan.manual if not args.all else f"{ds.slug}: manual (see "
                  f"`fetch.py {ds.slug} --dry-run`)")
            continue
        missing = unreadable(the_plan)
        for item in the_plan.files:
            inside = f" -> {item.member}" if item.member else ""
            reader = f"{item.fmt}, no reader yet" if item.fmt in missing else item.fmt
            print(f"{ds.slug}: {item.url}{inside}  [{reader}] -> "
                  f"{downloads / ds.slug / item.name}")
    return GATED if gated and not args.all else OK


def _index_hint(args):
    """The --index to repeat in printed ingest commands; none for the default index."""
    return None if args.index == DEFAULT_INDEX else args.index


def _summary(outcomes, index):
    """A short table: which datasets were fetched, failed, or need the user."""
    words = {OK: "fetched", FAILED: "failed", GATED: "manual (needs you)",
             NO_READER: "skipped (no reader for its format yet)"}
    if len(outcomes) > 1:
        width = max(map(len, outcomes))
        for slug, code in outcomes.items():
            print(f"{slug.ljust(width)}  {words[code]}")
    done = sum(code == OK for code in outcomes.values())
    print(f"{done} of {len(outcomes)} dataset(s) fetched into {index.name}")


if __name__ == "__main__":
    sys.exit(main())
