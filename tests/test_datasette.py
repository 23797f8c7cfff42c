"""Datasette, run as a real process on loopback, serves the live index and a published
snapshot with readable video IDs and the described tables."""

import json
import socket
import subprocess
import sys
import textwrap
import time

import pytest
import requests

from lookup.index.publish import publish
from scripts import open_data
from tests.conftest import CATALOGUE, ROWS
from tests.helpers import build_index

EXPECTED = [("9bZkp7q19f0", "alpha", 1), ("dQw4w9WgXcQ", "alpha", 2),
            ("dQw4w9WgXcQ", "beta", 1), ("kJQP7kiw5Fk", "beta", 1)]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def datasette(tmp_path_factory):
    """`datasette serve index.db index-000002.db -m index-000002.datasette.json` on loopback,
    over the conftest rows (one process for the module: it takes a second or two to start)."""
    tmp_path = tmp_path_factory.mktemp("datasette")
    index_path = build_index(tmp_path, ROWS)
    catalogue_path = tmp_path / "datasets.toml"
    catalogue_path.write_text(textwrap.dedent(CATALOGUE), encoding="utf-8")
    out = tmp_path / "snapshots"
    publish(index_path, out)
    assert open_data.main(["--catalogue", str(catalogue_path), "export", "--out", str(out),
                           "--quiet"]) == 0
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(index_path), str(out / "index-000002.db"),
         "-m", str(out / "index-000002.datasette.json"), "-h", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # up to 30 s for a cold start on a busy machine
            try:
                requests.get(base + "/-/versions.json", timeout=1)
                break
            except requests.ConnectionError:
                assert process.poll() is None, process.stdout.read().decode()
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(10)


def rows(base, path):
    response = requests.get(base + path, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("database", ["index", "index-000002"])
def test_the_view_returns_readable_video_ids(datasette, database):
    got = rows(datasette, f"/{database}/readable_memberships.json?_shape=array")
    assert sorted((r["video_id"], r["dataset"], r["clip_count"]) for r in got) == EXPECTED


def test_the_canned_query_finds_a_video_by_its_id(datasette):
    got = rows(datasette, "/index-000002/video.json?video_id=dQw4w9WgXcQ&_shape=array")
    assert [(r["video_id"], r["dataset"], r["clip_count"]) for r in got] == EXPECTED[1:3]


def test_tables_are_described_and_datasets_carry_their_licences(datasette):
    meta = rows(datasette, "/-/metadata.json")
    assert meta["title"] == "Which YouTube videos are in public AI training datasets"
    page = requests.get(datasette + "/index-000002/datasets", timeout=10).text
    assert '<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>' in page
    page = requests.get(datasette + "/index-000002/readable_memberships", timeout=10).text
    assert "Every membership with its readable video ID" in page
    labelled = rows(datasette, "/index-000002/sources.json?_shape=array&_labels=on")
    assert {r["dataset"]["label"] for r in labelled} == {"alpha", "beta"}
    assert json.dumps(meta).count("hash_prefix") >= 1
