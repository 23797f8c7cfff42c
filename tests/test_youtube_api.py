"""Data API client against a real loopback server shaped like the Data API (synthetic data)."""

import logging
import random
import socket

import pytest

from lookup.ids import parse
from lookup.youtube.data_api import YouTubeAPI, check_base
from lookup.youtube.errors import (ChannelMissing, NetworkUnreachable, QuotaExhausted,
                                   Unsupported, VideoMissing, YouTubeError)
from tests.youtube_fake import FakeYouTube, channel_id, video_ids

KEY = "fake-key-123"


@pytest.fixture
def fake():
    server = FakeYouTube(KEY)
    server.start()
    yield server
    server.stop()


def api(fake, **options):
    return YouTubeAPI(KEY, fake.api_base, **{"timeout": (1.0, 2.0), "backoff": 0, **options})


def ignore(*args):
    pass


def test_handle_pages_through_the_uploads_playlist(fake):
    ids = video_ids(120)
    fake.add_channel(channel_id(1), "Synthetic One", ids, handle="@synthone")
    seen = []
    client = api(fake)
    found = client.uploads(parse("@SynthOne"), lambda n, total: seen.append((n, total)))
    assert found.video_ids == tuple(ids)
    assert (found.channel_id, found.title, found.handle) == (channel_id(1), "Synthetic One",
                                                             "@synthone")
    assert seen == [(50, 120), (100, 120), (120, 120)]
    assert client.quota_used == 4  # channels.list + 3 pages of playlistItems.list
    pages = fake.calls("playlistItems")
    assert [q.get("pageToken") for _, q, _ in pages] == [None, "50", "100"]
    assert all(q["maxResults"] == "50" and q["fields"].startswith("nextPageToken")
               for _, q, _ in pages)
    (_, channels, _), = fake.calls("channels")
    assert channels["forHandle"] == "@SynthOne" and "fields" in channels


def test_channel_id_and_username(fake):
    fake.add_channel(channel_id(2), "Two", video_ids(3, seed=2), username="OldName")
    assert api(fake).uploads(parse(channel_id(2)), ignore).video_ids == tuple(video_ids(3, 2))
    found = api(fake).uploads(parse("youtube.com/user/OldName"), ignore)
    assert found.channel_id == channel_id(2)
    assert fake.calls("channels")[-1][1]["forUsername"] == "OldName"


def test_video_resolves_to_its_channel(fake):
    fake.add_channel(channel_id(3), "Three", video_ids(5, seed=3))
    found = api(fake).uploads(parse(f"https://youtu.be/{video_ids(5, 3)[4]}"), ignore)
    assert found.channel_id == channel_id(3) and len(found.video_ids) == 5
    with pytest.raises(VideoMissing):
        api(fake).uploads(parse(video_ids(1, seed=99)[0]), ignore)


def test_channel_without_uploads_is_an_empty_list(fake):
    fake.add_channel(channel_id(4), "Empty", [])
    assert api(fake).uploads(parse(channel_id(4)), ignore).video_ids == ()


def test_no_items_means_no_such_channel(fake):
    with pytest.raises(ChannelMissing) as caught:
        api(fake).uploads(parse("@nobodyhere"), ignore)
    assert caught.value.status == 404 and "@nobodyhere" in caught.value.message


def test_custom_names_are_left_to_other_resolvers(fake):
    with pytest.raises(Unsupported):
        api(fake).uploads(parse("youtube.com/c/Custom"), ignore)
    assert fake.requests == []


def test_quota_exceeded(fake):
    fake.quota_exceeded = True
    with pytest.raises(QuotaExhausted) as caught:
        api(fake).uploads(parse("@anyone"), ignore)
    assert "quota" in caught.value.message


def test_server_errors_are_retried(fake):
    fake.add_channel(channel_id(5), "Five", video_ids(2, seed=5))
    fake.fail_5xx = 2
    client = api(fake, retries=2)
    assert len(client.uploads(parse(channel_id(5)), ignore).video_ids) == 2
    assert client.quota_used == 4  # the two failed answers were charged too
    fake.fail_5xx = 5
    with pytest.raises(YouTubeError, match="HTTP 503"):
        api(fake, retries=1).uploads(parse(channel_id(5)), ignore)


def test_slow_answer_times_out(fake):
    fake.slow = 1.0
    with pytest.raises(NetworkUnreachable):
        api(fake, timeout=(1.0, 0.2), retries=0).uploads(parse("@slowpoke"), ignore)


def test_unreachable_host():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again before the call: connection refused
    client = YouTubeAPI(KEY, f"http://127.0.0.1:{port}/youtube/v3", retries=1, backoff=0)
    with pytest.raises(NetworkUnreachable):
        client.uploads(parse("@nobody"), ignore)


def test_malformed_json(fake):
    fake.malformed.add("channels")
    with pytest.raises(YouTubeError, match="could not be read"):
        api(fake).uploads(parse("@garbled"), ignore)


def test_refused_key(fake):
    client = YouTubeAPI("wrong-key-456", fake.api_base, backoff=0)
    with pytest.raises(YouTubeError, match="refused") as caught:
        client.uploads(parse("@anyone"), ignore)
    assert "wrong-key-456" not in caught.value.message


def test_videos_list_takes_fifty_at_most(fake):
    with pytest.raises(ValueError):
        api(fake).videos(video_ids(51))


def test_key_never_appears_in_urls_logs_reprs_or_errors(fake, caplog):
    caplog.set_level(logging.DEBUG)
    fake.add_channel(channel_id(6), "Six", video_ids(60, seed=6), handle="@six")
    client = api(fake, retries=1)
    texts = [repr(client)]
    client.uploads(parse("@six"), ignore)
    for setup in [lambda: setattr(fake, "quota_exceeded", True),
                  lambda: fake.malformed.add("channels"), lambda: setattr(fake, "fail_5xx", 9),
                  lambda: setattr(fake, "slow", 0.5)]:
        setup()
        with pytest.raises(Exception) as caught:
            api(fake, timeout=(1.0, 0.2), retries=1).uploads(parse("@six"), ignore)
        texts += [str(caught.value), repr(caught.value)]
    texts += [caplog.text] + [path + repr(query) for path, query, _ in fake.requests]
    assert all(KEY not in text for text in texts)
    assert all(headers.get("X-Goog-Api-Key") == KEY for *_, headers in fake.requests)


@pytest.mark.parametrize("base", ["https://evil.example/youtube/v3",
                                  "http://www.googleapis.com/youtube/v3",
                                  "https://www.googleapis.com.evil.example/youtube/v3",
                                  "file:///etc/passwd"])
def test_only_google_api_hosts_or_loopback(base):
    with pytest.raises(ValueError, match="refusing"):
        check_base(base, {"www.googleapis.com"})
    assert check_base("http://127.0.0.1:8000/v3/", set()) == "http://127.0.0.1:8000/v3"
    assert YouTubeAPI(KEY).base == "https://www.googleapis.com/youtube/v3"


def test_synthetic_ids_are_valid():
    assert len(set(video_ids(500, seed=random.randint(0, 9)))) == 500
