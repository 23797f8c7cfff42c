"""Ingest official dataset files into the index.

Examples:
  python scripts/ingest.py kinetics-400 ../kinetics-400_val.csv
  python scripts/ingest.py hd-vila-100m hdvila_part0.jsonl hdvila_part1.jsonl.gz
  python scripts/ingest.py internvid-10m-flt InternVid-10M-flt.jsonl.zst --captions
  python scripts/ingest.py youtube-8m train00.tfrecord -o cache=data/cache/yt8m.db
  python scripts/ingest.py youtube-8m --format yt8m_csv pseudo_to_youtube.csv
  python scripts/ingest.py panda-70m https://example.org/panda70m_training_2m.csv

The files are read into a private stage file beside the index, then merged in one
transaction: the site keeps answering from the last commit meanwhile and sees the new rows as
soon as they commit. Ingests may run at the same time; their merges take turns.

Exit codes: 0 done (rejected rows are listed in the summary and the rejects file),
1 the ingest failed and the index was left as it was (an empty file, a file whose every row
was rejected, an unreadable file, a full disk), 2 bad usage.
"""

import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lookup import catalogue, cli, formats, paths  # noqa: E402
from lookup.download import fetch  # noqa: E402
from lookup.errors import UserError  # noqa: E402
from lookup.index.ingest import Input, ingest  # noqa: E402
from lookup.progress import factory  # noqa: E402
from lookup.textsafe import printable  # noqa: E402

DEFAULT_INDEX = paths.INDEX


def parser():
    """The command's argument parser."""
    p = cli.parser(__doc__, "ingest.py")
    p.add_argument("dataset", help="dataset slug from data/datasets.toml, e.g. hd-vila-100m")
    p.add_argument("files", nargs="+", metavar="FILE_OR_URL",
                   help="local file (plain, .gz or .zst) or official http(s) URL; "
                        "use ./-name for a file whose name starts with '-'")
    p.add_argument("--index", type=Path, default=DEFAULT_INDEX, help="index file to update")
    p.add_argument("--format", help="reader to use (default: the dataset's format in the "
                   f"catalogue); one of: {', '.join(formats.names())}")
    p.add_argument("-o", "--option", action="append", default=[], metavar="KEY=VALUE",
                   help="reader option, e.g. -o column=youtube_id (repeatable)")
    p.add_argument("--captions", action="store_true",
                   help="also store dataset captions (they dominate the index size)")
    p.add_argument("--catalogue", type=Path, help="catalogue TOML (default data/datasets.toml)")
    p.add_argument("--downloads", type=Path, help="folder for downloaded files "
                   "(default: downloads/ beside the index)")
    p.add_argument("--rejects", type=Path, help="folder for rejects files "
                   "(default: rejects/ beside the index)")
    p.add_argument("--metadata", type=Path, metavar="PATH",
                   help="metadata database for the titles and channels a dataset's files carry "
                        "(YouTube-Commons, Vript, YT-Temporal; default: metadata.db beside the "
                        "index)")
    p.add_argument("--workers", type=int, metavar="N",
                   help="processes that parse line formats in parallel (default: one per core)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    return p


def main(argv=None):
    """Run the command; returns the exit code."""
    args = parser().parse_args(argv)
    try:
        fmt = _format(args)
        options = _options(args.option)
        inputs = _inputs(args)
        results = ingest(args.index, args.dataset, inputs, fmt, options, args.captions,
                         args.rejects, factory(args.quiet), _waiting(args.index),
                         args.workers, args.metadata)
    except (UserError, ValueError, OSError, sqlite3.Error) as error:
        # One line a person can act on; what the dataset file said is shown, never obeyed.
        print(f"ingest: {printable(error)}", file=sys.stderr)
        return 2 if isinstance(error, _Usage) else 1
    except KeyboardInterrupt:
        print("ingest: interrupted; the index was left as it was", file=sys.stderr)
        return 1
    _summary(args.dataset, results, args.index)
    return 0


def _waiting(index):
    def say():
        print(f"ingest: another ingest is committing to {index.name}; waiting for it to "
              "finish", file=sys.stderr, flush=True)
    return say


class _Usage(UserError):
    """A mistake in the command line itself."""


def _format(args):
    known = catalogue.load(args.catalogue)
    if args.dataset not in known:
        raise _Usage(f"unknown dataset {args.dataset!r}; known: {', '.join(known)}")
    fmt = args.format or known[args.dataset].format
    if fmt not in formats.names():
        raise _Usage(f"unknown format {fmt!r}; known: {', '.join(formats.names())}")
    return fmt


def _options(pairs):
    options = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise _Usage(f"option {pair!r} is not KEY=VALUE")
        options[key] = value
    return options


def _inputs(args):
    downloads = args.downloads or args.index.parent / "downloads"
    inputs = []
    for item in args.files:
        if item.startswith(("http://", "https://")):
            inputs.append(Input(fetch(item, downloads, factory(args.quiet)), item))
        else:
            inputs.append(Input(Path(item)))
    return inputs


def _summary(dataset, results, index):
    header = ("file", "rows", "videos", "clips", "rejected", "unresolved", "rows/s", "sha256")
    rows = [(printable(r.file_name) + (" (again)" if r.already_ingested else ""),
             f"{r.rows_read:,}", f"{r.videos:,}", f"{r.clips:,}", f"{r.rows_rejected:,}",
             f"{r.rows_unresolved:,}", f"{r.rows_read / max(r.seconds, 1e-9):,.0f}",
             r.sha256[:12]) for r in results]
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows)]
    for line in [header, *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(line, widths)))
    for r in results:
        name = printable(r.file_name)
        for code, n in sorted(r.rejected.items()):
            print(f"  {name}: {n:,} rows {code} (see rejects/{printable(r.rejects_file)})")
        if r.canonicalised:
            print(f"  {name}: {r.canonicalised:,} rows name a video by a non-canonical ID "
                  "(unused low bits set); they were read as the canonical ID")
    if results.described:
        print(f"  {results.described:,} videos described (title, channel) saved to "
              f"{printable(results.metadata_path.name)}")
    print(f"{dataset}: ingested into {index.name} as ingest {results.ingest_id}: "
          f"{results.new_memberships:,} new memberships, {results.new_videos:,} videos new "
          "to the index")


if __name__ == "__main__":
    sys.exit(main())
