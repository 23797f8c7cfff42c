"""Resolver order, fall-through, partial answers, the cache and jobs (all data synthetic)."""

import time

import pytest
from yt_dlp.utils import DownloadError

from lookup.ids import parse
from lookup.youtube.cache import ChannelCache, pack, unpack
from lookup.youtube.channels import Channels, Offline, config_from_env, resolve, resolvers_from
from lookup.youtube.data_api import YouTubeAPI
from lookup.youtube.errors import ChannelMissing, NetworkUnreachable
from lookup.youtube.jobs import DONE, FAILED
from lookup.youtube.metadata import Metadata, VideoMeta, connect, save
from lookup.youtube.uploads import Uploads, ref_key
from lookup.youtube.ytdlp import YtDlp
from tests.helpers import channel_worker
from tests.youtube_fake import FakeYouTube, channel_id, video_ids

KEY = "fake-key-123"
CID = channel_id(7)
IDS = video_ids(80, seed=7)


@pytest.fixture
def fake():
    server = FakeYouTube(KEY)
    server.start()
    server.add_channel(CID, "Synthetic Seven", IDS, handle="@seven")
    yield server
    server.stop()


def api(fake):
    return YouTubeAPI(KEY, fake.api_base, timeout=(1.0, 0.5), retries=0)


def ytdlp(videos=IDS, error=None):
    """A yt-dlp resolver fed a recorded-shape answer instead of youtube.com."""
    def extract(url):
        if error:
            raise DownloadError(error)
        return {"_type": "playlist", "id": CID, "channel_id": CID, "channel": "Synthetic Seven",
                "uploader_id": "@seven",
                "entries": iter([{"_type": "url", "ie_key": "Youtube", "id": v} for v in videos])}
    return YtDlp(extract)


OFFLINE_ERROR = "ERROR: Unable to download webpage: <urlopen error [Errno 101] Network is " \
                "unreachable>"


@pytest.fixture
def metadata(tmp_path):
    conn = connect(tmp_path / "metadata.db")
    save(conn, [VideoMeta(v, CID, "Synthetic Seven", "@seven", f"t{n}", f"2021-01-{n + 1:02d}",
                          60, "ok", "2024-05-06T07:08:09Z") for n, v in enumerate(IDS[:3])])
    conn.close()
    return Metadata(tmp_path / "metadata.db")


def test_api_answers_first(fake):
    found = resolve(parse("@seven"), [api(fake), ytdlp(error="not called")])
    assert (found.source, found.video_ids, found.partial) == ("youtube-api", tuple(IDS), False)


def test_quota_falls_through_to_ytdlp(fake):
    fake.quota_exceeded = True
    found = resolve(parse("@seven"), [api(fake), ytdlp()])
    assert found.source == "yt-dlp" and found.video_ids == tuple(IDS)


def test_missing_channel_is_final(fake):
    with pytest.raises(ChannelMissing):
        resolve(parse("@nobody"), [api(fake), ytdlp(error="must not be reached")])


def test_short_api_listing_is_completed_by_ytdlp(fake):
    fake.channels[CID]["videos"] = IDS[:50]  # the API stops at 50 of 80
    fake.channels[CID]["total"] = 80
    found = resolve(parse("@seven"), [api(fake), ytdlp()])
    assert found.source == "youtube-api+yt-dlp" and found.video_ids == tuple(IDS)
    assert not found.partial


def test_short_listing_without_help_is_partial(fake):
    fake.channels[CID]["videos"] = IDS[:50]
    fake.channels[CID]["total"] = 80
    found = resolve(parse("@seven"), [api(fake), ytdlp(error=OFFLINE_ERROR)])
    assert found.partial and found.reason == "YouTube listed 50 of 80 uploads."
    assert len(found.video_ids) == 50


def test_offline_metadata_when_youtube_is_unreachable(fake, metadata):
    fake.slow = 1.0
    found = resolve(parse("@Seven"), [api(fake), ytdlp(error=OFFLINE_ERROR), Offline(metadata)])
    assert found.source == "offline" and found.partial
    assert set(found.video_ids) == set(IDS[:3]) and found.channel_id == CID
    assert "2024-05-06" in found.reason
    by_video = resolve(parse(IDS[1]), [Offline(metadata)])
    assert by_video.channel_id == CID


def test_worst_failure_is_reported_when_nothing_works(fake, metadata):
    fake.quota_exceeded = True
    with pytest.raises(NetworkUnreachable):
        resolve(parse("@unknown"), [api(fake), ytdlp(error=OFFLINE_ERROR), Offline(metadata)])


def test_cache_serves_repeat_lookups(fake, tmp_path):
    cache = ChannelCache(tmp_path / "channels.db")
    first = resolve(parse("@seven"), [api(fake)], cache)
    calls = len(fake.requests)
    again = resolve(parse("@SEVEN"), [api(fake)], cache)
    by_id = resolve(parse(CID), [api(fake)], cache)
    assert len(fake.requests) == calls  # both answered from the cache
    assert again.video_ids == by_id.video_ids == first.video_ids
    assert again.source == "cache:youtube-api"
    resolve(parse("@seven"), [api(fake)], cache, max_age=0)
    assert len(fake.requests) > calls


def test_partial_answers_are_not_cached(metadata, tmp_path):
    cache = ChannelCache(tmp_path / "channels.db")
    resolve(parse("@seven"), [Offline(metadata)], cache)
    assert cache.get("handle:@seven", 3600) is None


def test_cache_packs_ids_as_int64(tmp_path):
    assert len(pack(IDS)) == 8 * len(IDS) and unpack(pack(IDS)) == tuple(IDS)
    cache = ChannelCache(tmp_path / "c.db")
    cache.put("id:" + CID, CID, "T", IDS[:2], 1000.0, source="yt-dlp")
    assert cache.get("id:" + CID, 10, now=1005.0).video_ids == tuple(IDS[:2])
    assert cache.get("id:" + CID, 10, now=1011.0) is None
    assert cache.forget(5, now=1011.0) == 1


def test_starting_channels_drops_lists_too_old_to_serve(tmp_path):
    cache = ChannelCache(tmp_path / "channels.db")
    cache.put("id:" + CID, CID, "Old", IDS[:2], time.time() - 2 * 3600)
    cache.put("handle:@new", CID, "New", IDS[:1], time.time())
    Channels({"CHANNEL_CACHE_PATH": str(cache.path), "CHANNEL_MAX_AGE": 3600,
              "YTDLP_ENABLED": False, "METADATA_PATH": str(tmp_path / "none.db")}).jobs.shutdown()
    assert cache.get("id:" + CID, 10 ** 9) is None
    assert cache.get("handle:@new", 3600).title == "New"


def test_channels_jobs_are_shared_and_polled(fake, tmp_path):
    config = {"YOUTUBE_API_KEY": KEY, "YOUTUBE_API_BASE": fake.api_base,
              "CHANNEL_CACHE_PATH": str(tmp_path / "channels.db"), "YTDLP_ENABLED": False,
              "METADATA_PATH": str(tmp_path / "none.db")}
    channels = Channels(config)
    with channel_worker(channels):
        first, second = channels.start(parse("@seven")), channels.start(parse("@Seven"))
        assert first.id == second.id
        done = channels.jobs.wait(first.id, 5)
        assert done.state == DONE and done.listed == 80 and isinstance(done.result, Uploads)
        assert channels.poll(first.id).result.channel_id == CID
        failed = channels.jobs.wait(channels.start(parse("@nobody")).id, 5)
        assert failed.state == FAILED and "@nobody" in failed.error


def test_a_failed_listing_is_shared_until_started_fresh(fake, tmp_path):
    channels = Channels({"YOUTUBE_API_KEY": KEY, "YOUTUBE_API_BASE": fake.api_base,
                         "YTDLP_ENABLED": False, "CHANNEL_CACHE_PATH": str(tmp_path / "c.db"),
                         "METADATA_PATH": str(tmp_path / "none.db")})
    with channel_worker(channels):
        failed = channels.jobs.wait(channels.start(parse("@nobody")).id, 5)
        assert (failed.state, failed.status, failed.kind) == (FAILED, 404, "ChannelMissing")
        assert channels.start(parse("@nobody")).id == failed.id  # YouTube is not asked again
        assert channels.start(parse("@nobody"), fresh=True).id != failed.id


def test_config_and_resolver_order(tmp_path):
    env = {"YOUTUBE_API_KEY": "k", "PATH": "/bin", "METADATA_PATH": str(tmp_path / "m.db")}
    config = config_from_env(env)
    assert config == {"YOUTUBE_API_KEY": "k", "METADATA_PATH": str(tmp_path / "m.db")}
    assert [r.name for r in resolvers_from(config)] == ["youtube-api", "yt-dlp", "offline"]
    assert [r.name for r in resolvers_from({})] == ["yt-dlp", "offline"]
    assert ref_key(parse("@Seven")) == "handle:@seven"
    assert ref_key(parse(CID)) == "id:" + CID


def test_uploads_short_flag():
    assert Uploads(CID, "", ("a",), "x", time.time(), total=2).short


def test_channel_cli_prints_the_count_and_ids(fake, tmp_path, capsys):
    from scripts import channel as cli

    config = {"YOUTUBE_API_KEY": KEY, "YOUTUBE_API_BASE": fake.api_base, "YTDLP_ENABLED": False,
              "CHANNEL_CACHE_PATH": str(tmp_path / "c.db"), "METADATA_PATH": str(tmp_path / "m")}
    assert cli.main(["@seven"], config) == 0
    assert "Synthetic Seven (" + CID + "): 80 videos, from youtube-api" in capsys.readouterr().out
    assert cli.main(["@seven", "--ids"], config) == 0
    assert capsys.readouterr().out.split() == IDS
    assert cli.main(["@nobody"], config) == 1
    assert "YouTube has no channel @nobody" in capsys.readouterr().err
    assert cli.main(["not a link at all"], config) == 2
