"""Channel lookups past the queue, without a worker, and refreshes of failed listings: the
site answers 503 with Retry-After, and never asks YouTube more than the throttle allows.
All channels are SYNTHETIC (tests/youtube_fake.py)."""

import time

import pytest

from tests.conftest import main_text
from tests.test_channel_pages import KEY, make_app
from tests.youtube_fake import FakeYouTube, channel_id, video_ids


@pytest.fixture
def fake():
    server = FakeYouTube(KEY)
    server.start()
    server.add_channel(channel_id(1), "Synthetic One", video_ids(3, seed=1), handle="@one")
    yield server
    server.stop()


def app_with(index_path, catalogue_path, tmp_path, fake, **config):
    return make_app(index_path, catalogue_path, tmp_path, **{
        "YOUTUBE_API_KEY": KEY, "YOUTUBE_API_BASE": fake.api_base, "CHANNEL_WAIT": 0, **config})


def test_past_the_queue_channels_get_503_with_retry_after(index_path, catalogue_path,
                                                          tmp_path, fake):
    fake.slow = 1.0  # the one listing thread stays busy: the rest wait in the queue
    app = app_with(index_path, catalogue_path, tmp_path, fake, JOBS_MAX_QUEUED=2,
                   JOBS_MAX_RUNNING=1)
    client = app.test_client()
    first = client.get("/api/v1/lookup?q=@flood0").get_json()["job"]
    deadline = time.monotonic() + 5
    while client.get(first["poll_url"]).get_json()["state"] != "running":
        assert time.monotonic() < deadline
        time.sleep(0.02)
    statuses = [client.get(f"/api/v1/lookup?q=@flood{n}").status_code for n in range(1, 6)]
    assert statuses == [202, 202, 503, 503, 503]  # one running, two queued, the rest refused
    refused = client.get("/api/v1/lookup?q=@another")
    assert (refused.status_code, refused.headers["Retry-After"]) == (503, "60")
    assert refused.get_json()["error"]["message"].startswith("Too many channels are being")
    page = client.get("/c/handle:@another2")
    assert (page.status_code, page.headers["Retry-After"]) == (503, "60")
    assert "Too many channels are being looked up right now." in main_text(page.data)
    # video lookups do not queue behind channels
    assert client.get("/api/v1/videos/dQw4w9WgXcQ").status_code == 200
    app.extensions["lookup.channels"].shutdown()


def test_without_the_worker_channels_pause_and_videos_carry_on(index_path, catalogue_path,
                                                               tmp_path, fake):
    app = app_with(index_path, catalogue_path, tmp_path, fake, CHANNEL_WORKER="process")
    client = app.test_client()
    page = client.get("/c/handle:@one")
    assert (page.status_code, page.headers["Retry-After"]) == (503, "300")
    assert "Channel lookups are paused on this server right now" in main_text(page.data)
    assert client.get("/v/dQw4w9WgXcQ").status_code == 200
    assert fake.requests == []


def test_a_failed_listing_is_not_retried_before_the_retry_age(index_path, catalogue_path,
                                                              tmp_path, fake):
    app = app_with(index_path, catalogue_path, tmp_path, fake, CHANNEL_WAIT=5.0)
    client = app.test_client()
    fake.fail_5xx = 100  # YouTube answers 503 to everything
    assert client.get("/c/handle:@one").status_code == 502
    asked = len(fake.requests)
    for _ in range(3):  # each refresh would spend quota: the throttle holds for failures too
        assert client.post("/c/handle:@one/refresh").status_code == 303
    assert client.get("/c/handle:@one").status_code == 502
    time.sleep(0.3)
    assert len(fake.requests) == asked
    fake.fail_5xx = 0
    app.extensions["lookup.channels"].retry_min_age = 0
    client.post("/c/handle:@one/refresh")
    assert "3 uploads of Synthetic One" in main_text(client.get("/c/handle:@one").data)
    app.extensions["lookup.channels"].shutdown()
