"""Published snapshots: compact, immutable, checksummed; replicas install them over loopback
HTTP and the site serves the new one without a restart. Synthetic rows, labelled as such."""

import functools
import hashlib
import http.server
import json
import threading

import pytest

from app import create_app
from lookup.errors import UserError
from lookup.index import Index
from lookup.index.ingest import Input, ingest
from lookup.index.publish import publish, replicate
from tests.helpers import write_csv


@pytest.fixture
def live(tmp_path):
    index = tmp_path / "live" / "index.db"
    index.parent.mkdir()
    ingest(index, "alpha", [Input(write_csv(tmp_path / "a.csv", [("dQw4w9WgXcQ", 1, 5)]))],
           "plainlist")
    return index


@pytest.fixture
def server(tmp_path):
    """A loopback web server over tmp_path/out, as any static file host would be."""
    folder = tmp_path / "out"
    folder.mkdir()
    handler = functools.partial(_Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_publish_writes_a_checksummed_immutable_snapshot(live, tmp_path):
    manifest = publish(live, tmp_path / "out")
    snapshot = tmp_path / "out" / manifest["file"]
    assert manifest["file"] == "index-000001.db" and manifest["generation"] == 1
    assert manifest["sha256"] == hashlib.sha256(snapshot.read_bytes()).hexdigest()
    assert (tmp_path / "out" / "index-000001.db.sha256").read_text() == \
        f"{manifest['sha256']}  index-000001.db\n"
    assert json.loads((tmp_path / "out" / "manifest.json").read_text()) == manifest
    assert snapshot.stat().st_mode & 0o222 == 0
    assert snapshot.read_bytes()[18] == 1  # rollback journal: readable without a -wal/-shm
    opened = Index.open(snapshot)
    assert opened.immutable and opened.meta("published") == manifest["published"]
    [[mapped]] = opened.conn.execute("PRAGMA mmap_size").fetchall()
    [[live_mapped]] = Index.open(live).conn.execute("PRAGMA mmap_size").fetchall()
    assert mapped > 0 and live_mapped == 0  # the live index is written in place: no map
    assert list(opened.lookup(["dQw4w9WgXcQ"])) == ["dQw4w9WgXcQ"]
    assert publish(live, tmp_path / "out") == manifest  # nothing new: nothing written


def test_publish_keeps_the_newest_snapshots(live, tmp_path):
    for n in range(4):
        ingest(live, f"d{n}", [Input(write_csv(tmp_path / f"{n}.csv", [("9bZkp7q19f0", n, 9)]))],
               "plainlist")
        publish(live, tmp_path / "out", keep=2)
    assert sorted(p.name for p in (tmp_path / "out").glob("index-*.db")) == \
        ["index-000004.db", "index-000005.db"]


def test_a_replica_installs_a_new_snapshot_and_the_site_serves_it(live, tmp_path, server):
    replica = tmp_path / "replica" / "index.db"
    publish(live, tmp_path / "out")
    manifest, installed = replicate(server, replica)
    assert installed and manifest["generation"] == 1
    assert replicate(server, replica) == (manifest, False)
    app = create_app({"INDEX_PATH": str(replica), "INDEX_RECHECK_SECONDS": 0,
                      "CHANNEL_CACHE_PATH": str(tmp_path / "c.db"),
                      "METADATA_PATH": str(tmp_path / "m.db"), "NAMES_PATH": str(tmp_path / "n")})
    client = app.test_client()
    assert client.get("/api/v1/videos/9bZkp7q19f0").get_json()["videos"][0]["found"] is False
    ingest(live, "beta", [Input(write_csv(tmp_path / "b.csv", [("9bZkp7q19f0", 0, 3)]))],
           "plainlist")
    publish(live, tmp_path / "out")
    assert replicate(server, replica)[1]
    answer = client.get("/api/v1/videos/9bZkp7q19f0").get_json()
    assert [d["dataset"] for d in answer["videos"][0]["datasets"]] == ["beta"]


def test_a_download_that_does_not_match_its_checksum_is_not_installed(live, tmp_path, server):
    replica = tmp_path / "replica" / "index.db"
    publish(live, tmp_path / "out")
    replicate(server, replica)
    before = replica.read_bytes()
    ingest(live, "beta", [Input(write_csv(tmp_path / "b.csv", [("9bZkp7q19f0", 0, 3)]))],
           "plainlist")
    manifest = publish(live, tmp_path / "out")
    manifest["sha256"] = "0" * 64  # as if the file had been damaged on the way
    (tmp_path / "out" / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(UserError, match="sha256 does not match"):
        replicate(server, replica)
    assert replica.read_bytes() == before
