"""A creator found offline: the YouTube-Commons fixture (SYNTHETIC, in the official parquet
layout) is ingested; its channels then answer at once from the datasets' descriptions, with
titles, on the page and in JSON, and a name with a typo finds them. YouTube is the loopback
fake: it is asked only when a visitor asks for the full, current list."""

import os
import shutil
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from app import create_app
from lookup.index.ingest import Input, ingest
from scripts import build_names
from tests.conftest import main_text, offline
from tests.test_docs import documented, problems
from tests.youtube_fake import FakeYouTube

ROOT = Path(__file__).resolve().parent.parent
PARQUET = ROOT / "tests" / "fixtures" / "youtube_commons" / "youtube_commons-synthetic.parquet"
WOOD = "UCaaaaaaaaaaaaaaaaaaaaaA"
CHAIR = "-a_b-c_d-eI"
KEY = "fake-key-123"
DAY = datetime(2024, 4, 18, 12, tzinfo=timezone.utc).timestamp()


@pytest.fixture
def data(tmp_path):
    """index.db and metadata.db from the fixture's ingest, and the name index built from it."""
    source = tmp_path / "cctube_0.parquet"
    shutil.copy(PARQUET, source)
    os.utime(source, (DAY, DAY))
    ingest(tmp_path / "index.db", "youtube-commons", [Input(source)], "youtube_commons")
    assert build_names.main(["--metadata", str(tmp_path / "metadata.db"),
                             "--out", str(tmp_path / "names"), "-q"]) == 0
    return tmp_path


@pytest.fixture
def fake():
    server = FakeYouTube(KEY)
    server.start()
    server.add_channel(WOOD, "Wood Shop", [CHAIR, "dQw4w9WgXcQ"], handle="@woodshop")
    yield server
    server.stop()


@pytest.fixture
def client(data, fake):
    app = create_app({"TESTING": True, "INDEX_PATH": str(data / "index.db"),
                      "CATALOGUE_PATH": str(ROOT / "data" / "datasets.toml"),
                      **offline(data), "METADATA_PATH": str(data / "metadata.db"),
                      "NAMES_PATH": str(data / "names"), "YOUTUBE_API_KEY": KEY,
                      "YOUTUBE_API_BASE": fake.api_base, "CHANNEL_WAIT": 5.0})
    yield app.test_client()
    app.extensions["lookup.channels"].shutdown()


def test_a_described_channel_answers_at_once_with_titles(client, fake):
    response = client.get(f"/c/id:{WOOD}")
    assert response.status_code == 200
    text = main_text(response.data)
    assert text.startswith("Wood Shop Your video is in 1 dataset 1 video of Wood Shop as "
                           "described by YouTube-Commons on 2024-04-18 . Ask YouTube for the "
                           "full, current list "
                           "These are only the videos that datasets attribute to this channel.")
    assert f"How to make a chair uploaded 2023-01-05 · {CHAIR} YouTube-Commons" in text
    assert fake.requests == []  # answered without YouTube


def test_the_json_twin_names_the_dataset_and_the_titles(client, fake):
    body = client.get(f"/api/v1/channels/id:{WOOD}").get_json()
    assert problems(body, documented("/api/v1/lookup", "get", 200)) == []
    assert (body["channel"]["source"], body["channel"]["partial"]) == ("datasets", True)
    assert body["channel"]["described_by"] == [
        {"dataset": "youtube-commons", "name": "YouTube-Commons", "date": "2024-04-18"}]
    assert [(v["video_id"], v["title"], v["published"]) for v in body["videos"]] == [
        (CHAIR, "How to make a chair", "2023-01-05")]
    assert fake.requests == []


def test_asking_youtube_queues_a_real_listing(client, fake):
    client.get(f"/c/id:{WOOD}")
    response = client.post(f"/c/id:{WOOD}/refresh")
    assert response.status_code == 303
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        text = main_text(client.get(f"/c/id:{WOOD}").data)
        if "listed through the YouTube Data API" in text:
            break
        time.sleep(0.05)
    assert "2 uploads of Wood Shop as of" in text and "described by" not in text
    assert fake.calls("channels") and fake.calls("playlistItems")


def test_a_name_with_a_typo_finds_the_channel(client):
    text = main_text(client.get("/names?q=Wod+Shop").data)
    assert "Channels Wood Shop · 1 video in our saved details" in text
    html = client.get("/names?q=Wod+Shop").get_data(as_text=True)
    assert f'<a href="/c/id:{WOOD}">Wood Shop</a>' in html
    body = client.get("/api/v1/names?q=wood shpo").get_json()
    assert body["matches"][0]["channel_id"] == WOOD
    video = client.get("/api/v1/names?q=piano lessno").get_json()["matches"]
    assert [(m["kind"], m["name"]) for m in video] == [("video", "Piano lesson")]
