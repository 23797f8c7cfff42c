"""The index under real processes: ingests at the same time, ingests killed at every phase,
I/O faults, and the site answering from gunicorn while an ingest commits.

Synthetic files are written here (real-shaped IDs, made-up memberships, labelled as such);
the concurrency test also reads the real Kinetics-600 and AudioSet lists when present.
"""

import json
import os
import random
import resource
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from lookup.ids import int_to_id
from lookup.index import Index
from tests.shared_data import shared_file

ROOT = Path(__file__).resolve().parent.parent
INGEST = [sys.executable, str(ROOT / "scripts" / "ingest.py")]


def ingest_command(dataset, path, index, *extra):
    return [*INGEST, dataset, str(path), "--format", "plainlist", "--index", str(index), "-q",
            *extra]


def run(dataset, path, index, *extra, **kwargs):
    return subprocess.run(ingest_command(dataset, path, index, *extra), capture_output=True,
                          text=True, cwd=ROOT, **kwargs)


def synthetic_csv(path, n, seed):
    """A Kinetics-style CSV of n synthetic videos, one 10-second clip each; their IDs."""
    rng = random.Random(seed)
    ids = [int_to_id(rng.getrandbits(64) - 2**63) for _ in range(n)]
    with open(path, "w") as out:
        out.write("youtube_id,time_start,time_end\n")
        out.writelines(f"{v},{i % 500},{i % 500 + 10}\n" for i, v in enumerate(ids))
    return ids


def state(index):
    """Everything a reader can see: figures, sources and every membership with its clips."""
    conn = sqlite3.connect(index)
    try:
        return {table: conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
                for table in ("datasets", "membership", "clips", "overlap", "sources")}
    finally:
        conn.close()


def integrity(index):
    with sqlite3.connect(index) as conn:
        return conn.execute("PRAGMA integrity_check").fetchall()


def leftovers(folder):
    return sorted(p.name for p in Path(folder).rglob("*")
                  if ".stage-" in p.name or ".part-" in p.name)


def test_two_ingests_started_together_both_land(tmp_path):
    kinetics = shared_file("kinetics-600_val.csv")
    audioset = shared_file("audioset_eval_segments.csv")
    index = tmp_path / "index.db"
    both = [subprocess.Popen([*INGEST, slug, str(path), "--index", str(index), "-q"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
            for slug, path in (("kinetics-600", kinetics), ("audioset", audioset))]
    outputs = [p.communicate(timeout=120) for p in both]
    assert [p.returncode for p in both] == [0, 0], outputs
    opened = Index.open(index)
    assert {d.slug: d.videos for d in opened.datasets()} == \
        {"kinetics-600": 29_994, "audioset": 20_371}
    shared = opened.overlap()[("kinetics-600", "audioset")]
    assert opened.totals()["videos"] == 29_994 + 20_371 - shared
    assert integrity(index) == [("ok",)]


def test_a_second_writer_waits_and_says_so(tmp_path):
    index = tmp_path / "index.db"
    synthetic_csv(tmp_path / "a.csv", 10, 1)
    assert run("kinetics-400", tmp_path / "a.csv", index).returncode == 0
    synthetic_csv(tmp_path / "b.csv", 10, 2)
    holder = sqlite3.connect(index, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer, mid-commit
    child = subprocess.Popen(ingest_command("kinetics-700", tmp_path / "b.csv", index),
                             stderr=subprocess.PIPE, text=True, cwd=ROOT)
    said = child.stderr.readline()
    assert "another ingest is committing to index.db; waiting" in said
    holder.execute("COMMIT")
    holder.close()
    assert child.wait(timeout=60) == 0
    assert Index.open(index).dataset("kinetics-700").videos == 10


@pytest.fixture
def killable(tmp_path):
    """An index holding one small dataset, and a large synthetic file to ingest into it."""
    index = tmp_path / "index.db"
    synthetic_csv(tmp_path / "small.csv", 50, 7)
    assert run("kinetics-400", tmp_path / "small.csv", index).returncode == 0
    big = tmp_path / "big.csv"
    synthetic_csv(big, 300_000, 8)
    return index, big


def _kill_when(child, ready, timeout=60):
    deadline = time.monotonic() + timeout
    while not ready():
        assert child.poll() is None, "the ingest ended before the point to kill it at"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    child.send_signal(signal.SIGKILL)
    child.wait()


def _wal_bytes(index):
    wal = index.with_name(index.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


PHASES = {
    "parsing": lambda index: any(p.stat().st_size > 1 << 20
                                 for p in index.parent.glob("index.db.stage-*")),
    "merging": lambda index: _wal_bytes(index) > 1 << 20,
}


@pytest.mark.parametrize("phase", sorted(PHASES))
def test_a_killed_ingest_leaves_the_last_commit(killable, phase):
    index, big = killable
    before = state(index)
    child = subprocess.Popen(ingest_command("kinetics-700", big, index), cwd=ROOT)
    _kill_when(child, lambda: PHASES[phase](index))
    assert integrity(index) == [("ok",)]
    after = state(index)
    # All or nothing: the kill either came before the commit, or after it.
    committed = {d[1] for d in after["datasets"]} == {"kinetics-400", "kinetics-700"} and \
        Index.open(index).dataset("kinetics-700").videos == 300_000
    assert after == before or committed
    if phase == "parsing":
        assert after == before and leftovers(index.parent)
    # The next ingest cleans up what the killed one left and lands whole.
    assert run("youcook2", index.parent / "small.csv", index).returncode == 0
    assert leftovers(index.parent) == []
    assert integrity(index) == [("ok",)]


def test_a_killed_ingest_waiting_for_the_lock_leaves_nothing(killable):
    index, big = killable
    before = state(index)
    holder = sqlite3.connect(index, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    child = subprocess.Popen(ingest_command("kinetics-700", big, index), stderr=subprocess.PIPE,
                             text=True, cwd=ROOT)
    assert "waiting" in child.stderr.readline()
    child.send_signal(signal.SIGKILL)
    child.wait()
    holder.execute("ROLLBACK")
    holder.close()
    assert state(index) == before and integrity(index) == [("ok",)]
    assert run("youcook2", index.parent / "small.csv", index).returncode == 0
    assert leftovers(index.parent) == []


def test_io_faults_end_in_one_line(tmp_path):
    index = tmp_path / "index.db"
    synthetic_csv(tmp_path / "a.csv", 20, 3)
    assert run("kinetics-400", tmp_path / "a.csv", index).returncode == 0
    before = state(index)
    fake = tmp_path / "list.csv.zst"
    fake.write_text("youtube_id\ndQw4w9WgXcQ\n")  # named .zst, but plain text
    result = run("kinetics-700", fake, index)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "list.csv.zst: could not be read to the end" in result.stderr
    # A full disk, as the kernel reports it to a process over its file-size limit.
    synthetic_csv(tmp_path / "big.csv", 60_000, 4)

    def small_disk():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (400_000, 400_000))

    result = run("kinetics-700", tmp_path / "big.csv", index, preexec_fn=small_disk)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "the index was not changed" in result.stderr
    assert state(index) == before and integrity(index) == [("ok",)]


def test_text_from_a_dataset_file_is_escaped_on_the_terminal(tmp_path):
    # A file name as a dataset archive might carry it: a terminal would clear the screen.
    evil = tmp_path / "list\x1b[2J\x07.csv"
    evil.write_text("youtube_id\nnot-an-id\n")
    result = run("kinetics-400", evil, tmp_path / "index.db")
    assert result.returncode == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "list\\x1b[2J\\x07.csv: its one row was rejected" in result.stderr


def test_the_site_answers_during_an_ingest_and_shows_it_after(tmp_path):
    index = tmp_path / "index.db"
    alpha = synthetic_csv(tmp_path / "a.csv", 20, 5)
    assert run("kinetics-400", tmp_path / "a.csv", index).returncode == 0
    beta = synthetic_csv(tmp_path / "b.csv", 200_000, 6)
    with gunicorn(tmp_path, index) as base:
        statuses, stop = [], threading.Event()

        def poll():
            while not stop.is_set():
                for path in (f"/api/v1/videos/{alpha[0]}", "/api/v1/datasets", f"/v/{alpha[1]}"):
                    statuses.append(_get(base + path)[0])

        pollers = [threading.Thread(target=poll) for _ in range(2)]
        for thread in pollers:
            thread.start()
        try:
            result = run("kinetics-700", tmp_path / "b.csv", index)
            assert result.returncode == 0, result.stderr
            status, body = _get(f"{base}/api/v1/videos/{beta[-1]}")
        finally:
            stop.set()
            for thread in pollers:
                thread.join()
    [video] = json.loads(body)["videos"]
    assert status == 200 and [h["dataset"] for h in video["datasets"]] == ["kinetics-700"]
    assert len(statuses) > 20 and max(statuses) < 500, sorted(set(statuses))


class gunicorn:
    """The app under gunicorn (2 workers) on a free loopback port."""

    def __init__(self, folder, index):
        self.folder, self.index = Path(folder), index

    def __enter__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        env = {**os.environ, "INDEX_PATH": str(self.index),
               "FLASK_CHANNEL_CACHE_PATH": str(self.folder / "channels.db"),
               "FLASK_METADATA_PATH": str(self.folder / "metadata.db"),
               "FLASK_NAMES_PATH": str(self.folder / "names")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}",
             "app:create_app()"], cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while _get(base + "/api/v1/datasets")[0] != 200:
            assert time.monotonic() < deadline and self.process.poll() is None
            time.sleep(0.1)
        return base

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(10)


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except (urllib.error.URLError, ConnectionError):
        return 0, ""
