"""scripts/fetch.py against a loopback server: downloads, archives, checksums, 404, gated.

Every file served here is synthetic (made-up IDs in the official column layouts) and no test
reaches the internet: the test catalogue points at 127.0.0.1.
"""

import hashlib
import http.server
import io
import subprocess
import sys
import tarfile
import threading
import zipfile
from pathlib import Path

import pytest

from lookup import catalogue
from lookup.fetch import plan
from lookup.formats import names as reader_names
from lookup.index import Index

ROOT = Path(__file__).resolve().parent.parent
KINETICS = "label,youtube_id,time_start,time_end,split\n"
TRAIN = KINETICS + "abseiling,aaaaaaaaaaA,10,20,train\nabseiling,bbbbbbbbbbE,0,10,train\n"
VAL = KINETICS + "juggling,ccccccccccI,5,15,val\n"
TEST = "youtube_id,time_start,time_end,split\nddddddddddM,30,40,test\nnot-an-id,1,2,test\n"
IDS = "eeeeeeeeeeQ\nhttps://www.youtube.com/watch?v=aaaaaaaaaaA\n"


def _zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return buffer.getvalue()


def _targz(members):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tf:
        for name, text in members.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


FILES = {
    "/k/train.csv": TRAIN.encode(),
    "/k/bundle.zip": _zip({"annotations/val.csv": VAL, "annotations/readme.txt": "hi"}),
    "/k/test.tar.gz": _targz({"kinetics/test.csv": TEST}),
    "/k/ids.txt": IDS.encode(),
}


class _Files(http.server.BaseHTTPRequestHandler):
    """Serves FILES (honouring Range), 401 under /gated/, 404 for anything else."""

    requests = []

    def do_GET(self):
        self.requests.append(self.path)
        if self.path.startswith("/gated/"):
            self.send_response(401)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = FILES.get(self.path)
        if body is None:
            self.send_error(404)
            return
        start = int(self.headers.get("Range", "bytes=0-")[6:].split("-")[0])
        self.send_response(206 if start else 200)
        self.send_header("Content-Length", str(len(body) - start))
        self.end_headers()
        self.wfile.write(body[start:])

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    _Files.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Files)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def write_catalogue(tmp_path, base, extra=""):
    """A test catalogue whose downloads point at the loopback server at base."""
    text = f'''
[datasets.kin]
name = "Kin"
format = "kinetics"
id_kind = "youtube"

[[datasets.kin.sources]]
url = "{base}/k/"
file = "train.csv"
download = "{base}/k/train.csv"

[[datasets.kin.sources]]
url = "{base}/k/"
download = "{base}/k/bundle.zip"
member = "annotations/val.csv"

[[datasets.kin.sources]]
url = "{base}/k/"
download = "{base}/k/test.tar.gz"
member = "test.csv"

[[datasets.kin.sources]]
url = "{base}/k/"
download = "{base}/k/ids.txt"
format = "plainlist"

[datasets.gatedset]
name = "Gated Set"
format = "plainlist"
id_kind = "youtube"
gated_note = "Fill in the authors' request form."

[[datasets.gatedset.sources]]
url = "https://drive.google.com/file/d/example/view"
file = "gated.csv"
note = "Synthetic entry for tests."
''' + extra
    path = tmp_path / "datasets.toml"
    path.write_text(text)
    return path


MISSING = '''
[datasets.missing]
name = "Missing"
format = "plainlist"
id_kind = "youtube"

[[datasets.missing.sources]]
download = "{base}/k/nope.csv"

[datasets.hfgated]
name = "HF gated"
format = "plainlist"
id_kind = "youtube"

[[datasets.hfgated.sources]]
url = "{base}/gated/"
download = "{base}/gated/list.csv"
'''


def run(tmp_path, *args):
    """scripts/fetch.py with the index and downloads in tmp_path, as a user runs it."""
    command = [sys.executable, str(ROOT / "scripts" / "fetch.py"), *map(str, args),
               "--index", tmp_path / "index.db", "--downloads", tmp_path / "dl", "-q"]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT)


def test_help_has_examples():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "fetch.py"), "--help"],
                            capture_output=True, text=True)
    assert result.returncode == 0
    assert "Examples:" in result.stdout and "Exit codes:" in result.stdout


def test_plan_names_files_members_and_readers(tmp_path):
    known = catalogue.load(write_catalogue(tmp_path, "http://127.0.0.1:9"))
    the_plan = plan(known["kin"])
    assert [(f.name, f.member, f.fmt) for f in the_plan.files] == [
        ("train.csv", "", "kinetics"), ("val.csv", "annotations/val.csv", "kinetics"),
        ("test.csv", "test.csv", "kinetics"), ("ids.txt", "", "plainlist")]
    assert not the_plan.gated and the_plan.manual == ""


def test_gated_plan_says_what_to_do(tmp_path):
    known = catalogue.load(write_catalogue(tmp_path, "http://127.0.0.1:9"))
    manual = plan(known["gatedset"], index="/x/index.db").manual
    assert "Fill in the authors' request form." in manual
    assert "Get gated.csv from https://drive.google.com/file/d/example/view" in manual
    assert "Google Drive: open the link in a browser" in manual
    assert "python scripts/ingest.py gatedset FILE... --index /x/index.db" in manual


def test_fetch_downloads_unpacks_checksums_and_ingests(tmp_path, server):
    cat = write_catalogue(tmp_path, server)
    result = run(tmp_path, "kin", "--catalogue", cat)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "dl" / "kin"
    assert (folder / "val.csv").read_text() == VAL  # copied out of annotations/ in the zip
    assert (folder / "test.csv").read_text() == TEST  # found by name inside kinetics/
    for name in ["train.csv", "bundle.zip", "test.tar.gz", "val.csv", "test.csv", "ids.txt"]:
        digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        assert (folder / f"{name}.sha256").read_text() == f"{digest}  {name}\n"
    sources = {s.file_name: s for s in Index.open(tmp_path / "index.db").sources()}
    assert {name: (s.url, s.rows_read) for name, s in sources.items()} == {
        "train.csv": (f"{server}/k/train.csv", 2),
        "val.csv": (f"{server}/k/bundle.zip#annotations/val.csv", 1),
        "test.csv": (f"{server}/k/test.tar.gz#test.csv", 2),
        "ids.txt": (f"{server}/k/ids.txt", 2)}
    assert sources["val.csv"].sha256 == hashlib.sha256(VAL.encode()).hexdigest()
    assert "kin: test.csv: 2 rows, 1 videos, 1 clips, 1 rejected" in result.stdout
    assert "1 of 1 dataset(s) fetched into index.db" in result.stdout


def test_rerun_downloads_nothing_and_changes_nothing(tmp_path, server):
    cat = write_catalogue(tmp_path, server)
    assert run(tmp_path, "kin", "--catalogue", cat).returncode == 0
    served = len(_Files.requests)
    again = run(tmp_path, "kin", "--catalogue", cat)
    assert again.returncode == 0, again.stderr
    assert len(_Files.requests) == served
    assert "kin: train.csv (again)" in again.stdout


def test_a_changed_download_is_refused(tmp_path, server):
    cat = write_catalogue(tmp_path, server)
    assert run(tmp_path, "kin", "--catalogue", cat).returncode == 0
    (tmp_path / "dl" / "kin" / "train.csv").write_text(TRAIN + "abseiling,ffffffffffU,1,2,x\n")
    result = run(tmp_path, "kin", "--catalogue", cat)
    assert result.returncode == 1
    assert "train.csv no longer matches its recorded sha256" in result.stderr


def test_http_404_is_a_clear_failure_and_leaves_no_index(tmp_path, server):
    cat = write_catalogue(tmp_path, server, MISSING.format(base=server))
    result = run(tmp_path, "missing", "--catalogue", cat)
    assert result.returncode == 1
    assert f"{server}/k/nope.csv answered HTTP 404" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "index.db").exists()


def test_gated_dataset_exits_3_with_instructions(tmp_path, server):
    cat = write_catalogue(tmp_path, server)
    result = run(tmp_path, "gatedset", "--catalogue", cat)
    assert result.returncode == 3
    assert "Fill in the authors' request form." in result.stderr
    assert f"python scripts/ingest.py gatedset FILE... --index {tmp_path / 'index.db'}" \
        in result.stderr
    assert _Files.requests == []


def test_http_401_is_reported_as_gated(tmp_path, server):
    cat = write_catalogue(tmp_path, server, MISSING.format(base=server))
    result = run(tmp_path, "hfgated", "--catalogue", cat)
    assert result.returncode == 3
    assert f"{server}/gated/list.csv answered HTTP 401: access needs a login" in result.stderr
    assert "python scripts/ingest.py hfgated FILE..." in result.stderr


def test_dry_run_lists_without_network(tmp_path):
    cat = write_catalogue(tmp_path, "http://127.0.0.1:9")
    result = run(tmp_path, "kin", "--catalogue", cat, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == (
        f"kin: http://127.0.0.1:9/k/bundle.zip -> annotations/val.csv  [kinetics] -> "
        f"{tmp_path / 'dl' / 'kin' / 'val.csv'}")
    assert not (tmp_path / "dl").exists()


def test_all_fetches_the_public_and_lists_the_gated(tmp_path, server):
    cat = write_catalogue(tmp_path, server)
    result = run(tmp_path, "--all", "--catalogue", cat)
    assert result.returncode == 0, result.stderr
    assert "kin       fetched" in result.stdout
    assert "gatedset  manual (needs you)" in result.stdout
    assert "1 of 2 dataset(s) fetched" in result.stdout


def test_all_fails_when_one_download_fails(tmp_path, server):
    cat = write_catalogue(tmp_path, server, MISSING.format(base=server))
    result = run(tmp_path, "--all", "--catalogue", cat)
    assert result.returncode == 1
    assert "kin       fetched" in result.stdout and "missing   failed" in result.stdout


def test_missing_member_names_what_the_archive_holds(tmp_path, server):
    extra = f'''
[datasets.badzip]
name = "Bad zip"
format = "kinetics"
id_kind = "youtube"

[[datasets.badzip.sources]]
download = "{server}/k/bundle.zip"
member = "annotations/train.csv"
'''
    result = run(tmp_path, "badzip", "--catalogue", write_catalogue(tmp_path, server, extra))
    assert result.returncode == 1
    assert "bundle.zip: has no single member 'annotations/train.csv'" in result.stderr
    assert "annotations/val.csv" in result.stderr


@pytest.mark.parametrize("args, message", [
    ([], "name one DATASET or give --all"),
    (["kin", "--all"], "name one DATASET or give --all"),
    (["nope"], "unknown dataset 'nope'"),
])
def test_usage_errors_exit_2(tmp_path, args, message):
    cat = write_catalogue(tmp_path, "http://127.0.0.1:9")
    result = run(tmp_path, *args, "--catalogue", cat)
    assert result.returncode == 2
    assert message in result.stderr


def test_real_catalogue_plans_every_dataset():
    real = catalogue.load()
    plans = {slug: plan(ds) for slug, ds in real.items()}
    assert [f.url.rsplit("/", 1)[1] for f in plans["audioset"].files] == [
        "eval_segments.csv", "balanced_train_segments.csv", "unbalanced_train_segments.csv"]
    assert plans["panda-70m"].gated and "ingest.py panda-70m" in plans["panda-70m"].manual
    for the_plan in plans.values():
        assert {f.fmt for f in the_plan.files} <= set(reader_names())
