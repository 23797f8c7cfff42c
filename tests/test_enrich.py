"""Enrichment through videos.list and oEmbed on a loopback fake; resumable runs; the CLI."""

import sqlite3

import pytest

from lookup.ids import id_to_int, parse
from lookup.youtube.data_api import YouTubeAPI
from lookup.youtube.enrich import ApiFetcher, OEmbedFetcher, enrich, parse_duration
from lookup.youtube.metadata import Metadata, VideoMeta, connect, save
from scripts import enrich as cli
from tests.helpers import build_index
from tests.youtube_fake import FakeYouTube, channel_id, video_ids

KEY = "fake-key-123"
CID = channel_id(8)
IDS = video_ids(120, seed=8)


@pytest.fixture
def fake():
    server = FakeYouTube(KEY)
    server.start()
    server.add_channel(CID, "Synthetic Eight", IDS, handle="@eight")
    yield server
    server.stop()


def rows(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT video, channel_id, channel_name, handle, title, published,"
                            " duration_s, status FROM videos").fetchall()
    finally:
        conn.close()


def test_videos_list_fifty_a_call(fake, tmp_path):
    gone = video_ids(2, seed=80)
    api = YouTubeAPI(KEY, fake.api_base, backoff=0)
    summary = enrich(tmp_path / "m.db", IDS + gone, ApiFetcher(api), rate=0)
    assert (summary.counts["ok"], summary.counts["gone"], summary.stopped) == (120, 2, "")
    assert [len(q["id"].split(",")) for _, q, _ in fake.calls("videos")] == [50, 50, 22]
    assert api.quota_used == 3
    first = {r[0]: r for r in rows(tmp_path / "m.db")}[id_to_int(IDS[7])]
    assert first[1:] == (CID, "Synthetic Eight", None, "Synthetic video 7",
                         "2020-01-08T00:00:00Z", 2 * 60 + 7, "ok")
    assert {r[-1] for r in rows(tmp_path / "m.db") if r[0] in map(id_to_int, gone)} == {"gone"}


def test_oembed_without_a_key(fake, tmp_path):
    gone, private = video_ids(2, seed=81)
    fake.oembed_status[private] = 401
    summary = enrich(tmp_path / "m.db", [IDS[0], gone, private],
                     OEmbedFetcher(fake.root, retries=0), rate=0)
    assert (summary.counts["ok"], summary.counts["gone"]) == (1, 2)
    by_video = {r[0]: r for r in rows(tmp_path / "m.db")}
    assert by_video[id_to_int(IDS[0])][1:] == (None, "Synthetic Eight", "@eight",
                                                   "Synthetic video 0", None, None, "ok")
    (path, query, _), *_ = fake.calls("oembed")
    assert query == {"url": f"https://www.youtube.com/watch?v={IDS[0]}", "format": "json"}


def test_runs_resume_and_skip_checked_videos(fake, tmp_path):
    fetcher = OEmbedFetcher(fake.root, retries=0)
    enrich(tmp_path / "m.db", IDS[:3], fetcher, rate=0)
    before = len(fake.requests)
    summary = enrich(tmp_path / "m.db", IDS[:5] + ["not-an-id"], fetcher, rate=0)
    assert len(fake.requests) - before == 2 and summary.counts["ok"] == 2


def test_quota_stops_the_run_without_marking_videos(fake, tmp_path):
    fake.quota_exceeded = True
    summary = enrich(tmp_path / "m.db", IDS, ApiFetcher(YouTubeAPI(KEY, fake.api_base)), rate=0)
    assert "quota" in summary.stopped and rows(tmp_path / "m.db") == []


def test_bad_answers_are_counted_and_retried_next_time(fake, tmp_path):
    fake.malformed.add("oembed")
    summary = enrich(tmp_path / "m.db", IDS[:2], OEmbedFetcher(fake.root, retries=0), rate=0)
    assert summary.counts["errors"] == 2 and rows(tmp_path / "m.db") == []


def test_oembed_base_must_be_youtube():
    with pytest.raises(ValueError, match="refusing"):
        OEmbedFetcher("https://noembed.com")
    assert OEmbedFetcher().base == "https://www.youtube.com"


@pytest.mark.parametrize("text, seconds", [("PT1H2M3S", 3723), ("PT45S", 45), ("P1DT1S", 86401),
                                           ("PT0S", 0), ("P0D", 0), ("", None), ("PT", None)])
def test_durations(text, seconds):
    assert parse_duration(text) == seconds


def test_metadata_answers_for_a_channel(tmp_path):
    conn = connect(tmp_path / "m.db")
    save(conn, [VideoMeta(IDS[0], None, "Eight", "@eight", "a", checked_at="2024-01-01"),
                VideoMeta(IDS[1], CID, "Eight", None, "b", checked_at="2024-02-02")])
    conn.close()
    meta = Metadata(tmp_path / "m.db")
    by_handle = meta.channel(parse("@EIGHT"))
    assert by_handle.video_ids == (IDS[0],) and by_handle.handle == "@eight"
    assert meta.channel(parse(CID)).checked_at == "2024-02-02"
    assert meta.channel(parse("@nobody")) is None
    assert Metadata(tmp_path / "missing.db").channel(parse(CID)) is None


def test_metadata_publish_dates(tmp_path):
    conn = connect(tmp_path / "m.db")
    save(conn, [VideoMeta(IDS[0], CID, "Eight", published="2019-03-01T00:00:00Z"),
                VideoMeta(IDS[1], CID, "Eight"),
                VideoMeta(IDS[2], status="gone")])
    conn.close()
    meta = Metadata(tmp_path / "m.db")
    assert meta.published([IDS[0], IDS[1], IDS[3], "not-an-id"]) == {
        IDS[0]: "2019-03-01T00:00:00Z"}
    assert meta.published([]) == {}
    assert Metadata(tmp_path / "missing.db").published([IDS[0]]) == {}
    (tmp_path / "broken.db").write_bytes(b"not a database, half written" * 10)
    assert Metadata(tmp_path / "broken.db").published([IDS[0]]) == {}


def test_cli_help_has_examples(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "Examples:" in capsys.readouterr().out


def test_cli_reads_an_index_file(fake, tmp_path, capsys):
    index = build_index(tmp_path, {"kinetics-400": [(IDS[0], 1, 2), (IDS[1], 3, 4)]})
    code = cli.main(["--index", str(index), "--metadata", str(tmp_path / "m.db"), "-q",
                     "--rate", "0"], config={"OEMBED_BASE": fake.root})
    out = capsys.readouterr().out
    assert code == 0 and "ok               2" in out and "via oEmbed" in out


def test_cli_stops_early_on_quota(fake, tmp_path, capsys):
    fake.quota_exceeded = True
    code = cli.main([IDS[0], "--metadata", str(tmp_path / "m.db"), "-q"],
                    config={"YOUTUBE_API_KEY": KEY, "YOUTUBE_API_BASE": fake.api_base})
    assert code == 1 and "Run again to resume" in capsys.readouterr().err


def test_videos_described_by_a_dataset_with_their_channel_cost_nothing(fake, tmp_path):
    index = build_index(tmp_path, {"kinetics-400": [(v, 1, 2) for v in IDS[:4]]})
    conn = connect(tmp_path / "m.db")
    with conn:  # as an ingest of YouTube-Commons (channel) and Vript (title only) writes them
        conn.executemany("INSERT INTO described VALUES (?, ?, ?, ?, ?, NULL, '2024-04-18')", [
            (id_to_int(IDS[0]), "youtube-commons", "A", CID, "Eight"),
            (id_to_int(IDS[1]), "vript", "B", None, None)])
    conn.close()
    code = cli.main(["--index", str(index), "--metadata", str(tmp_path / "m.db"), "-q",
                     "--rate", "0", "--channels-cache", str(tmp_path / "none.db"),
                     "--checks", str(tmp_path / "none2.db")], config={"OEMBED_BASE": fake.root})
    assert code == 0
    asked = [q["url"][-11:] for _, q, _ in fake.calls("oembed")]
    assert sorted(asked) == sorted(IDS[1:4])  # a title alone leaves the channel to find


def test_channels_people_looked_up_go_first_and_the_forecast_says_how_long(fake, tmp_path,
                                                                           capsys):
    from lookup.checks import CheckStore
    from lookup.index import Index
    from lookup.youtube.cache import ChannelCache

    looked_up = video_ids(3, seed=83)
    saved = video_ids(1, seed=84)
    for video in looked_up + saved:
        fake.videos[video] = dict(fake.videos[IDS[0]])
    index = build_index(tmp_path, {"kinetics-400": [(v, 1, 2) for v in IDS[:5] + looked_up]})
    ChannelCache(tmp_path / "channels.db").put("id:" + CID, CID, "Eight", looked_up, 1.0)
    found = Index.open(index)
    CheckStore(tmp_path / "checks.db").save(saved, _answer(found, saved), kind="channel",
                                            label="Other", ref="id:UCother")
    code = cli.main(["--index", str(index), "--metadata", str(tmp_path / "m.db"), "-q",
                     "--rate", "0", "--channels-cache", str(tmp_path / "channels.db"),
                     "--checks", str(tmp_path / "checks.db")], config={"OEMBED_BASE": fake.root})
    assert code == 0
    asked = [q["url"][-11:] for _, q, _ in fake.calls("oembed")]
    assert asked[:4] == looked_up + saved and sorted(asked[4:]) == sorted(IDS[:5])
    err = capsys.readouterr().err
    assert "9 videos to describe (4 of channels people looked up, first); 0 described " \
           "already (by YouTube or a dataset) are skipped." in err
    assert "oEmbed: 9 calls." in err


def test_forecast_in_quota_days(tmp_path):
    from lookup.youtube.enrich import Plan

    text = cli.forecast(Plan(20_000, 49_980_000, 123), ApiFetcher(None), 10_000, 5.0)
    assert text == ("50,000,000 videos to describe (20,000 of channels people looked up, first);"
                    " 123 described already (by YouTube or a dataset) are skipped.\n"
                    "videos.list: 1,000,000 calls = 1,000,000 quota units; at 10,000 units a "
                    "day that is about 100 days (the run stops when the day's quota is spent: "
                    "run it again the next day to resume).")


def _answer(index, ids):
    from lookup.checks import answer

    return answer(index, ids)
