"""scripts/ingest.py as a user runs it: exit codes, summary, downloads over loopback."""

import http.server
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CSV = "youtube_id,time_start,time_end\n-0CJOlOtNWs,0,10\n--4A5B6C7Dk,5,15\nnot-an-id,1,2\n"


def run(*args):
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "ingest.py"), *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT)


def test_help_has_examples():
    result = run("--help")
    assert result.returncode == 0
    assert "Examples:" in result.stdout and "Exit codes:" in result.stdout


def test_ingest_local_file_prints_summary(tmp_path):
    source = tmp_path / "-dash-first.csv"
    source.write_text(CSV)
    result = run("kinetics-400", "--format", "plainlist", "--index", tmp_path / "index.db", "-q",
                 "--", source)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:6] == ["file", "rows", "videos", "clips", "rejected", "unresolved"]
    assert lines[1].split()[:6] == ["-dash-first.csv", "3", "2", "2", "1", "0"]
    assert "1 rows bad_id" in result.stdout


@pytest.mark.parametrize("args,code,message", [
    (["no-such-dataset", "x.csv"], 2, "unknown dataset"),
    (["kinetics-400", "--format", "nope", "x.csv"], 2, "unknown format"),
    (["kinetics-400", "--format", "plainlist", "-o", "novalue", "x.csv"], 2, "is not KEY=VALUE"),
    (["kinetics-400", "--format", "plainlist", "missing.csv"], 1, "no such file"),
])
def test_bad_usage_exit_codes(tmp_path, args, code, message):
    result = run(*args, "--index", tmp_path / "index.db", "-q")
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "index.db").exists()


class _Ranged(http.server.SimpleHTTPRequestHandler):
    """Serves one file, honouring Range so a partial download resumes."""

    body = CSV.encode()

    def do_GET(self):
        start = int(self.headers.get("Range", "bytes=0-")[6:].split("-")[0])
        self.send_response(206 if start else 200)
        self.send_header("Content-Length", str(len(self.body) - start))
        self.end_headers()
        self.wfile.write(self.body[start:])

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Ranged)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_download_resumes_and_records_url(tmp_path, server):
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    (downloads / "k.csv.part").write_bytes(CSV.encode()[:20])  # an earlier, cut-off run
    url = f"{server}/files/k.csv"
    result = run("kinetics-400", url, "--format", "plainlist", "--index", tmp_path / "index.db", "--downloads", downloads,
                 "-q")
    assert result.returncode == 0, result.stderr
    assert (downloads / "k.csv").read_text() == CSV
    from lookup.index import Index
    [source] = Index.open(tmp_path / "index.db").sources()
    assert (source.url, source.file_name, source.rows_read) == (url, "k.csv", 3)


def test_download_http_error_is_a_clear_failure(tmp_path, server):
    result = run("kinetics-400", "http://127.0.0.1:9/unreachable.csv", "--format", "plainlist",
                 "--index",
                 tmp_path / "index.db", "--downloads", tmp_path, "-q")
    assert result.returncode == 1
    assert "download of http://127.0.0.1:9/unreachable.csv failed" in result.stderr
