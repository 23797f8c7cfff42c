"""Watching a channel or a saved list: a secret Atom feed gains one entry per ingest that adds
any of its videos to a dataset; every dataset has a public feed of its ingests.

The channel, its videos and the memberships are SYNTHETIC (real-shaped IDs, made-up rows);
the index and the video details are real SQLite files written by the real ingest and
lookup.youtube.metadata, as scripts/ingest.py and scripts/enrich.py write them.
"""

import re
import sqlite3

import pytest

from app import create_app
from lookup.youtube.cache import ChannelCache
from lookup.feed import dataset_entries, watch_entries
from lookup.index import Index
from lookup.index.ingest import Input, ingest
from lookup.youtube.metadata import VideoMeta, connect, save
from lookup.watch import WatchStore
from tests import atom
from tests.conftest import MISSING, main_text, offline
from tests.helpers import build_index, write_csv
from tests.test_docs import documented, problems
from tests.youtube_fake import channel_id, video_ids

CID = channel_id(21)
# dQw4w9WgXcQ is in alpha and beta, 9bZkp7q19f0 in alpha (tests/conftest.py ROWS); the two
# others are in no dataset yet.
NEW = video_ids(6, seed=21)
CHANNEL = ["dQw4w9WgXcQ", "9bZkp7q19f0", NEW[0], NEW[1]]
STRANGERS = video_ids(3, seed=22)  # another channel's videos, in the same dataset files
TOKEN_PATH = re.compile(r"/watch/([A-Za-z0-9_-]{32})")


def add_metadata(path, videos, channel=CID, name="Synthetic Twenty-One", handle="@twentyone"):
    """Saved video details attributing videos to a channel, as scripts/enrich.py (and the
    ingest of a dataset that carries channel IDs) writes them."""
    conn = connect(path)
    save(conn, [VideoMeta(v, channel, name, handle, f"Video {v}", None, 60, "ok",
                          "2026-01-02T03:04:05Z") for v in videos])
    conn.close()


@pytest.fixture
def metadata_path(tmp_path):
    path = tmp_path / "metadata.db"
    add_metadata(path, CHANNEL)
    add_metadata(path, STRANGERS, channel_id(22), "Someone Else", "@someone")
    return path


@pytest.fixture
def app(index_path, catalogue_path, tmp_path, metadata_path):
    # Channels answered from offline metadata only: no API key, no yt-dlp, no network.
    app = create_app({"TESTING": True, "INDEX_PATH": str(index_path), "INDEX_RECHECK_SECONDS": 0,
                      "CATALOGUE_PATH": str(catalogue_path), **offline(tmp_path),
                      "METADATA_PATH": str(metadata_path),
                      "WATCH_PATH": str(tmp_path / "watch.db"),
                      "CHANNEL_WAIT": 5.0})  # a loaded machine lists slower than 0.5 s
    yield app
    app.extensions["lookup.channels"].shutdown()


def add_dataset(tmp_path, index_path, slug, videos, name=None):
    """Ingest a SYNTHETIC plainlist file of videos (one 1-second clip each) into the index."""
    rows = [(v, n, n + 1) for n, v in enumerate(videos)]
    path = write_csv(tmp_path / f"{name or slug}.csv", rows)
    ingest(index_path, slug, [Input(path)], "plainlist")


def feed_of(client, url):
    """The feed's entries after checking that it is valid Atom."""
    response = client.get(url)
    assert response.status_code == 200, response.data[:300]
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert atom.problems(response.data) == []
    return atom.entries(response.data)


def videos_in(entry):
    """The video IDs an entry's content lists, in order."""
    return re.findall(r'<li><a href="http://localhost/v/([A-Za-z0-9_-]{11})"',
                      entry.content[0].value)


def watch(client, **form):
    response = client.post("/watch", data=form)
    assert response.status_code == 303, response.data[:300]
    path = response.headers["Location"]
    assert TOKEN_PATH.fullmatch(path)
    return path


def save_check(client, ids):
    response = client.post("/checks", data={"ids": ",".join(ids)})
    assert response.status_code == 303
    return response.headers["Location"].rsplit("/", 1)[1]


def test_a_watched_channel_gains_one_entry_when_an_ingest_adds_its_videos(
        client, tmp_path, index_path, metadata_path):
    page = client.get(f"/c/id:{CID}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert (f'<input type="hidden" name="channel" value="id:{CID}">' in html
            and "Watch for new datasets" in html)
    path = watch(client, channel=f"id:{CID}")
    before = feed_of(client, f"{path}/feed.atom")
    # Videos are listed in the channel's order, which its source decides: compare sets.
    assert [(e.title, set(videos_in(e))) for e in before] == [
        ("Beta lists 1 video of Synthetic Twenty-One (@twentyone)", {"dQw4w9WgXcQ"}),
        ("Alpha-1M lists 2 videos of Synthetic Twenty-One (@twentyone)",
         {"dQw4w9WgXcQ", "9bZkp7q19f0"})]
    # Later, the channel's NEW[2] becomes known (the ingest of a dataset that carries channel
    # IDs writes it), and a dataset lists three of the channel's videos among others'.
    add_metadata(metadata_path, [NEW[2]])
    add_dataset(tmp_path, index_path, "gamma",
                [STRANGERS[0], NEW[0], "dQw4w9WgXcQ", STRANGERS[1], NEW[2], NEW[3]])
    after = feed_of(client, f"{path}/feed.atom")
    assert len(after) == len(before) + 1
    new = after[0]
    assert new.title == "Gamma lists 3 videos of Synthetic Twenty-One (@twentyone)"
    listed = videos_in(new)
    assert sorted(listed) == sorted(["dQw4w9WgXcQ", NEW[0], NEW[2]])
    assert [(e.id, e.updated) for e in after[1:]] == [(e.id, e.updated) for e in before]
    assert re.fullmatch(r"tag:localhost,\d{4}-\d\d-\d\d:watch-1/ingest-3", new.id)
    assert path not in new.id and path.rsplit("/", 1)[1] not in str(after)
    ingests = Index.open(index_path).ingests()
    assert new.updated == ingests[-1].committed
    assert new.link == f"http://localhost/bulk/result?ids={','.join(listed)}"
    assert {link.rel: link.href for link in new.links}["related"] == \
        "http://localhost/datasets/gamma"
    assert new.summary.startswith("Gamma lists 3 videos of Synthetic Twenty-One (@twentyone), "
                                  "found when this site read its files on ")
    assert "1 clip" in new.content[0].value


def test_a_watched_saved_list_gains_one_entry_listing_its_videos_with_clip_counts(
        client, tmp_path, index_path):
    ids = ["kJQP7kiw5Fk", NEW[4], MISSING, NEW[5]]
    check = save_check(client, ids)
    saved_page = client.get(f"/s/{check}").get_data(as_text=True)
    assert f'<input type="hidden" name="check" value="{check}">' in saved_page
    path = watch(client, check=check)
    before = feed_of(client, f"{path}/feed.atom")
    assert [e.title for e in before] == ["Beta lists 1 video from your list of 4 videos"]
    # Two clips for NEW[5], one for MISSING, and the unwatched STRANGERS.
    source = write_csv(tmp_path / "delta.csv", [(NEW[5], 0, 5), (STRANGERS[2], 1, 2),
                                                (NEW[5], 10, 15), (MISSING, 3, 4)])
    ingest(index_path, "alpha", [Input(source)], "plainlist")
    after = feed_of(client, f"{path}/feed.atom")
    assert len(after) == 2
    assert after[0].title == "Alpha-1M lists 2 videos from your list of 4 videos"
    assert videos_in(after[0]) == [MISSING, NEW[5]]  # in the list's order
    text = re.sub(r"<[^>]+>", "", after[0].content[0].value)
    assert f"{MISSING}: 1 clip" in text and f"{NEW[5]}: 2 clips" in text
    assert "Alpha-1M is published under CC BY 4.0. Its terms: Research use only." in text
    # Alpha-Sub is built from Alpha-1M: said, not claimed as a finding.
    assert "Datasets built from Alpha-1M likely list them too: Alpha-Sub." in text
    assert after[0].link == f"http://localhost/bulk/result?ids={MISSING},{NEW[5]}"
    assert f'href="http://localhost/removal?ids={MISSING},{NEW[5]}"' in after[0].content[0].value
    assert {link.rel: link.href for link in atom.feedparser.parse(
        client.get(f"{path}/feed.atom").data).feed.links} == {
        "self": f"http://localhost{path}/feed.atom", "alternate": f"http://localhost/s/{check}"}


def test_each_dataset_feed_gains_an_entry_per_ingest_that_adds_videos(
        client, tmp_path, index_path):
    assert [e.title for e in feed_of(client, "/datasets/alpha/feed.atom")] == [
        "Alpha-1M is now checked: 2 videos"]
    add_dataset(tmp_path, index_path, "alpha", [NEW[0], "dQw4w9WgXcQ"], name="alpha-2")
    add_dataset(tmp_path, index_path, "alpha", [NEW[0], "dQw4w9WgXcQ"], name="alpha-2")  # again
    add_dataset(tmp_path, index_path, "gamma", [NEW[1]])
    alpha = feed_of(client, "/datasets/alpha/feed.atom")
    assert [e.title for e in alpha] == ["Alpha-1M: 1 video added",
                                        "Alpha-1M is now checked: 2 videos"]
    assert alpha[0].link == "http://localhost/datasets/alpha"
    assert "alpha-2.csv" in alpha[0].content[0].value
    assert re.search(r"SHA-256 <code>[0-9a-f]{64}</code>", alpha[0].content[0].value)
    assert alpha[0].summary.endswith("1 of them was in no other dataset here before.")
    everything = feed_of(client, "/datasets/feed.atom")
    assert [e.title for e in everything] == [
        "Gamma is now checked: 1 video", "Alpha-1M: 1 video added",
        "Beta is now checked: 2 videos", "Alpha-1M is now checked: 2 videos"]
    # The same ingest is the same entry in both feeds.
    assert everything[1].id == alpha[0].id
    assert feed_of(client, "/datasets/beta/feed.atom")[0].title == "Beta is now checked: 2 videos"
    assert client.get("/datasets/nope/feed.atom").status_code == 404
    page = client.get("/datasets/alpha").get_data(as_text=True)
    assert ('<link rel="alternate" type="application/atom+xml" title="New in Alpha-1M" '
            'href="/datasets/alpha/feed.atom">') in page


def test_a_dataset_not_loaded_has_a_valid_empty_feed(client):
    assert feed_of(client, "/datasets/gamma/feed.atom") == []


def test_feeds_answer_conditional_gets_until_the_index_changes(client, tmp_path, index_path):
    path = watch(client, check=save_check(client, ["dQw4w9WgXcQ", NEW[3]]))
    for url in (f"{path}/feed.atom", "/datasets/alpha/feed.atom", "/datasets/feed.atom"):
        first = client.get(url)
        tag = first.headers["ETag"]
        assert tag.startswith('W/"') and first.headers["Last-Modified"]
        again = client.get(url, headers={"If-None-Match": tag})
        assert (again.status_code, again.data) == (304, b"")
        assert again.headers["Cache-Control"] == first.headers["Cache-Control"]
        assert client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]}
                          ).status_code == 304
    private = client.get(f"{path}/feed.atom")
    assert private.headers["Cache-Control"] == "private, max-age=300"
    assert client.get("/datasets/feed.atom").headers["Cache-Control"] == "public, max-age=300"
    add_dataset(tmp_path, index_path, "gamma", [NEW[3]])
    changed = client.get(f"{path}/feed.atom", headers={"If-None-Match": private.headers["ETag"]})
    assert changed.status_code == 200 and changed.headers["ETag"] != private.headers["ETag"]
    assert len(atom.entries(changed.data)) == 3


def test_a_feed_keeps_the_last_entries_and_links_to_the_rest_of_the_videos(
        app, client, tmp_path, index_path):
    app.config.update(WATCH_FEED_ENTRIES=2, WATCH_FEED_VIDEOS=2)
    path = watch(client, check=save_check(client, ["dQw4w9WgXcQ", *NEW]))
    add_dataset(tmp_path, index_path, "gamma", NEW)
    entries = feed_of(client, f"{path}/feed.atom")
    assert [e.title for e in entries] == ["Gamma lists 6 videos from your list of 7 videos",
                                          "Beta lists 1 video from your list of 7 videos"]
    assert videos_in(entries[0]) == NEW[:2]
    assert "And 4 more: " in entries[0].content[0].value
    app.config["SHAREABLE_MAX_IDS"] = 5  # too many for one address: the saved check instead
    entries = feed_of(client, f"{path}/feed.atom")
    assert entries[0].link.startswith("http://localhost/s/")
    assert "/removal?ids=" not in entries[0].content[0].value


def test_a_watch_page_shows_its_secret_feed_once_and_can_stop_it(client, tmp_path):
    check = save_check(client, ["dQw4w9WgXcQ", NEW[0]])
    response = client.post("/watch", data={"check": check})
    path = response.headers["Location"]
    token = path.rsplit("/", 1)[1]
    page = client.get(path)
    for r in (response, page, client.get(f"{path}/feed.atom")):
        # the page's own policy, and not the site-wide one beside it (web/security.py)
        assert r.headers.getlist("Referrer-Policy") == ["no-referrer"]
        assert r.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert page.headers["Cache-Control"] == "no-store"
    text = main_text(page.data)
    assert text.startswith("Watch for new datasets You are watching your list of 2 videos "
                           "The 2 videos of the saved check . Each time this site reads")
    assert f"The feed's address (Atom) http://localhost{path}/feed.atom Open the feed" in text
    assert (f'<textarea id="feed-url" class="feed-url" rows="3" readonly>http://localhost{path}'
            '/feed.atom</textarea>') in page.get_data(as_text=True)
    assert "Keep this address to yourself." in text and "feed reader" in text
    assert "What the feed says now" in text
    assert ": 1 video found in Alpha-1M ( dQw4w9WgXcQ )" in text
    # The file keeps the token's fingerprint only.
    assert token.encode() not in (tmp_path / "watch.db").read_bytes()
    stopped = client.post(f"{path}/stop")
    assert stopped.status_code == 200
    assert main_text(stopped.data).startswith("Watch for new datasets You no longer watch your "
                                              "list of 2 videos")
    assert client.get(f"{path}/feed.atom").status_code == 410
    assert client.get(path).status_code == 410
    assert WatchStore(tmp_path / "watch.db").get(token).video_ids == ()


def test_unknown_and_malformed_tokens_find_nothing(client):
    watch(client, check=save_check(client, ["dQw4w9WgXcQ"]))
    for token in ("A" * 32, "short", "A" * 31 + "!", "../" * 11):
        for url in (f"/watch/{token}", f"/watch/{token}/feed.atom"):
            assert client.get(url).status_code == 404, url
        assert client.post(f"/watch/{token}/stop").status_code == 404
    assert client.post("/watch", data={"check": "AAAAAAAAAAAA"}).status_code == 404
    assert client.post("/watch", data={}).status_code == 400


def test_a_channel_watch_learns_uploads_from_a_newer_listing(app, client, tmp_path):
    path = watch(client, channel=f"id:{CID}")
    token = path.rsplit("/", 1)[1]
    # The channel is listed again later and shows an upload the video details never had.
    ChannelCache(tmp_path / "channels.db").put(f"id:{CID}", CID, "Synthetic Twenty-One",
                                               CHANNEL + [NEW[5]], 1.0, "youtube-api")
    client.get(f"{path}/feed.atom")
    (tmp_path / "channels.db").unlink()  # the cache may forget it: the watch does not
    assert NEW[5] in WatchStore(tmp_path / "watch.db").get(token).video_ids
    assert client.get(f"/api/v1/watches/{token}").get_json()["videos"] == 5


def test_the_api_makes_reads_and_stops_a_watch(client, tmp_path, index_path):
    check = save_check(client, ["dQw4w9WgXcQ", NEW[0]])
    made = client.post("/api/v1/watches", json={"check": check})
    assert made.status_code == 201
    body = made.get_json()
    assert problems(body, documented("/api/v1/watches", "post", 201)) == []
    token = TOKEN_PATH.search(body["page"]).group(1)
    assert made.headers["Location"] == body["page"] == f"http://localhost/watch/{token}"
    assert body["feed"] == f"http://localhost/watch/{token}/feed.atom"
    assert (body["kind"], body["check"], body["videos"]) == ("list", check, 2)
    assert [(e["dataset"], e["videos"]) for e in body["entries"]] == [
        ("beta", [{"video_id": "dQw4w9WgXcQ", "clips": 1}]),
        ("alpha", [{"video_id": "dQw4w9WgXcQ", "clips": 2}])]
    add_dataset(tmp_path, index_path, "gamma", [NEW[0]])
    read = client.get(f"/api/v1/watches/{token}")
    assert problems(read.get_json(), documented("/api/v1/watches/{token}", "get", 200)) == []
    assert read.get_json()["entries"][0]["videos"] == [{"video_id": NEW[0], "clips": 1}]
    channel = client.post("/api/v1/watches", json={"channel": f"id:{CID}"}).get_json()
    assert (channel["kind"], channel["channel_id"], channel["videos"]) == ("channel", CID, 4)
    assert client.delete(f"/api/v1/watches/{token}").status_code == 204
    gone = client.get(f"/api/v1/watches/{token}")
    assert gone.status_code == 410
    assert problems(gone.get_json(), documented("/api/v1/watches/{token}", "get", 410)) == []
    bad = client.post("/api/v1/watches", json=["dQw4w9WgXcQ"])
    assert bad.status_code == 400
    assert problems(bad.get_json(), documented("/api/v1/watches", "post", 400)) == []
    assert client.delete(f"/api/v1/watches/{'B' * 32}").status_code == 404
    # A channel this server cannot list (no network, no video details for it) is no watch.
    unknown = client.post("/api/v1/watches", json={"channel": f"id:{channel_id(23)}"})
    assert unknown.status_code == 503
    assert problems(unknown.get_json(), documented("/api/v1/watches", "post", 503)) == []


def test_the_core_groups_changes_per_ingest_newest_first(tmp_path):
    """lookup.feed over a real index, without the web app."""
    index_path = build_index(tmp_path, {"alpha": [("dQw4w9WgXcQ", 0, 1), (NEW[0], 0, 1)]})
    add_dataset(tmp_path, index_path, "beta", [NEW[1], "dQw4w9WgXcQ", NEW[2]])
    add_dataset(tmp_path, index_path, "beta", [NEW[1]], name="beta-again")  # adds nothing
    index = Index.open(index_path)
    found = watch_entries(index, [NEW[1], "dQw4w9WgXcQ", NEW[3]], limit=10)
    assert [(e.ingest, e.dataset, e.videos) for e in found] == [
        (2, "beta", ((NEW[1], 1), ("dQw4w9WgXcQ", 1))), (1, "alpha", (("dQw4w9WgXcQ", 1),))]
    assert [e.ingest for e in watch_entries(index, [NEW[1], "dQw4w9WgXcQ"], limit=1)] == [2]
    # A feed counts the clips of the videos it shows, and no more.
    assert watch_entries(index, [NEW[1], "dQw4w9WgXcQ"], limit=1, counted=1)[0].videos == (
        (NEW[1], 1), ("dQw4w9WgXcQ", None))
    assert watch_entries(index, [NEW[4]], limit=10) == []
    assert [(e.ingest, e.first, e.new_memberships, e.new_videos,
             [f.file_name for f in e.files]) for e in dataset_entries(index, 10)] == [
        (2, True, 3, 2, ["beta.csv"]), (1, True, 2, 2, ["alpha-synthetic.csv"])]
    assert [e.ingest for e in dataset_entries(index, 10, "alpha")] == [1]


def test_the_store_hands_out_unguessable_tokens_and_keeps_only_their_hash(tmp_path):
    store = WatchStore(tmp_path / "watch.db")
    token, made = store.create("list", "AAAAAAAAAAAA", "your list", ["dQw4w9WgXcQ"])
    other, _ = store.create("list", "AAAAAAAAAAAA", "your list", ["dQw4w9WgXcQ"])
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", token) and token != other
    assert store.get(token) == made and store.get(other).number == made.number + 1
    assert store.get(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    rows = sqlite3.connect(tmp_path / "watch.db").execute("SELECT * FROM watches").fetchall()
    assert token not in repr(rows) and other not in repr(rows)
    with pytest.raises(ValueError):
        store.create("list", "x", "x", ["not an ID"])
    with pytest.raises(ValueError):
        store.create("playlist", "x", "x", [])
    assert store.stop(token) and store.get(token).stopped and not store.stop("A" * 32)
