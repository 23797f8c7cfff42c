"""Channel pages and their JSON twins over a real small index, with the loopback YouTube fake.

The channels, uploads and dates are SYNTHETIC; three of the uploads are the IDs the test
index holds (tests/conftest.py ROWS), so every count below can be worked out by hand.
"""

import csv
import io
import socket
import time

import pytest
from yt_dlp.utils import DownloadError

from app import create_app
from lookup.youtube.enrich import VideoMeta, connect, save
from web.export import COLUMNS
from tests.conftest import FOUND, main_text
from tests.test_docs import documented, problems
from tests.youtube_fake import FakeYouTube, channel_id, video_ids

KEY = "fake-key-123"
CID = channel_id(7)
# 3 uploads in the index (dQw4w9WgXcQ: alpha+beta, 9bZkp7q19f0: alpha, kJQP7kiw5Fk: beta)
# and 5 in no dataset: "3 of your 8 videos are in 2 datasets".
UPLOADS = FOUND + video_ids(5, seed=11)
BIG = channel_id(8)
BIG_UPLOADS = video_ids(120, seed=12)  # three pages of 50 from playlistItems.list
OTHER = channel_id(9)
# Upload years from the saved video details: 2019 holds the two alpha videos.
DATES = {UPLOADS[0]: "2019-03-01T00:00:00Z", UPLOADS[1]: "2019-07-01T00:00:00Z",
         UPLOADS[2]: "2021-01-01T00:00:00Z", UPLOADS[3]: "2021-02-01T00:00:00Z"}


@pytest.fixture
def fake():
    server = FakeYouTube(KEY)
    server.start()
    server.add_channel(CID, "Synthetic Seven", UPLOADS, handle="@seven")
    server.add_channel(BIG, "Synthetic Big", BIG_UPLOADS, handle="@big")
    server.add_channel(OTHER, "Synthetic Other", video_ids(2, seed=13), handle="@other")
    yield server
    server.stop()


@pytest.fixture
def metadata_path(tmp_path):
    """Saved video details for Synthetic Seven only, as scripts/enrich.py writes them."""
    path = tmp_path / "metadata.db"
    conn = connect(path)
    save(conn, [VideoMeta(v, CID, "Synthetic Seven", "@seven", f"Video {n}", DATES.get(v), 60,
                          "ok", "2024-05-06T07:08:09Z") for n, v in enumerate(UPLOADS)])
    conn.close()
    return path


def make_app(index_path, catalogue_path, tmp_path, **config):
    app = create_app({"TESTING": True, "INDEX_PATH": str(index_path),
                      "CATALOGUE_PATH": str(catalogue_path), "PAGE_SIZE": 2,
                      "YTDLP_ENABLED": False, "CHANNEL_CACHE_PATH": str(tmp_path / "channels.db"),
                      "METADATA_PATH": str(tmp_path / "no-metadata.db"),
                      "NAMES_PATH": str(tmp_path / "no-names"), "CHANNEL_WAIT": 5.0,
                      "CHECKS_PATH": str(tmp_path / "checks.db"),
                      "CHANNEL_WORKER": "thread",
                      "HTTP_CONNECT_TIMEOUT": 1.0, "HTTP_READ_TIMEOUT": 2.0, **config})
    return app


@pytest.fixture
def channel_app(index_path, catalogue_path, tmp_path, fake, metadata_path):
    app = make_app(index_path, catalogue_path, tmp_path, YOUTUBE_API_KEY=KEY,
                   YOUTUBE_API_BASE=fake.api_base, OEMBED_BASE=fake.root,
                   METADATA_PATH=str(metadata_path))
    yield app
    app.extensions["lookup.channels"].shutdown()


@pytest.fixture
def client(channel_app):
    return channel_app.test_client()


def wait_done(client, job_id, timeout=10):
    """Poll the job's JSON until it finishes; returns every answer seen."""
    seen, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(f"/api/v1/jobs/{job_id}").get_json()
        seen.append(body)
        if body["state"] in ("done", "failed"):
            return seen
        time.sleep(0.02)
    raise AssertionError(f"job {job_id} did not finish: {seen[-1]}")


def test_pasted_channel_links_redirect_to_one_stable_page(client):
    for pasted, location in [("https://www.youtube.com/@Seven/videos", "/c/handle:@seven"),
                             ("@seven", "/c/handle:@seven"),
                             (f"https://youtube.com/channel/{CID}", f"/c/id:{CID}"),
                             ("https://www.youtube.com/user/SevenOld", "/c/user:sevenold"),
                             ("youtube.com/c/SevenCustom", "/c/custom:sevencustom")]:
        response = client.get("/lookup", query_string={"q": pasted})
        assert (response.status_code, response.headers["Location"]) == (302, location), pasted
    # A pasted video still goes to the video's own result.
    assert client.get("/lookup?q=dQw4w9WgXcQ").headers["Location"] == "/v/dQw4w9WgXcQ"
    assert client.get("/c/handle:@SEVEN?page=2").headers["Location"] == "/c/handle:@seven?page=2"


def test_finished_channel_result_counts_chart_table_and_dashboard(client):
    response = client.get("/c/handle:@seven")
    assert response.status_code == 200
    text = main_text(response.data)
    assert text.startswith("Synthetic Seven (@seven) 3 of your 8 videos are in 2 datasets "
                           "8 uploads of Synthetic Seven as of ")
    assert (", listed through the YouTube Data API. Listed only minutes ago, so it cannot be "
            "refreshed yet.") in text
    assert "partial" not in text
    assert "Videos per dataset Alpha-1M 2 Beta 2 Your videos found in each dataset" in text
    # PAGE_SIZE is 2: page 1 of 2 of the three videos found, most datasets first.
    # Titles and upload dates from the saved video details stand beside the IDs.
    assert ("Video Datasets Clips First clip Video 0 uploaded 2019-03-01 · dQw4w9WgXcQ "
            "Alpha-1M , Beta 3 0:30 Video 1 uploaded 2019-07-01 · 9bZkp7q19f0 Alpha-1M 1 0:00 "
            "Page 1 of 2 Next →") in text
    assert ("Share of the channel in each dataset Alpha-1M 25.0% · 2 of 8 Beta 25.0% · 2 of 8 "
            "Share of the channel's uploads in each dataset") in text
    assert "Upload dates are known for 4 of 8 videos" in text
    assert ("Year Found Not found Uploads 2019 2 0 2 2020 0 0 0 2021 1 1 2") in text
    html = response.get_data(as_text=True)
    assert 'href="/c/handle:@seven?sort=datasets&amp;page=2" rel="next"' in html
    assert 'href="/c/handle:@seven/removal"' in html
    assert 'href="/api/v1/channels/handle:@seven"' in html
    assert 'class="bar-found"' in html and "style=" not in html and "<script>" not in html


def test_channel_table_sorts_and_pages(client):
    text = main_text(client.get("/c/handle:@seven?sort=clips&page=2").data)
    assert ("Video Datasets Clips First clip Video 2 uploaded 2021-01-01 · kJQP7kiw5Fk Beta 1 "
            "1:00:00 ← Previous Page 2 of 2") in text


def test_channel_csv_has_every_upload_and_the_evidence(client):
    response = client.get("/c/handle:@seven?format=csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == f'attachment; filename="channel-{CID}.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == COLUMNS
    assert [(r[0], r[4], r[9]) for r in rows[1:]] == [
        ("dQw4w9WgXcQ", "alpha", "30"), ("dQw4w9WgXcQ", "alpha", "95.5"),
        ("dQw4w9WgXcQ", "beta", "1"), ("dQw4w9WgXcQ", "alpha-sub", ""),
        ("9bZkp7q19f0", "alpha", "0"), ("9bZkp7q19f0", "alpha-sub", ""),
        ("kJQP7kiw5Fk", "beta", "3600")] + [(v, "", "") for v in UPLOADS[3:]]


def test_channel_removal_help_lists_the_found_videos(client):
    text = main_text(client.get("/c/handle:@seven/removal").data)
    assert "Alpha-1M 2 of your 8 videos are listed in its published files. Official removal " \
           "route: remove@alpha.example" in text
    assert "Beta publishes no removal contact. The next best channel is" in text
    assert "Alpha-Sub likely Alpha-Sub is built from Alpha-1M, which lists 2 of your videos." in text


def test_a_channel_check_is_saved_with_its_uploads_and_name(client):
    html = client.get("/c/handle:@seven").get_data(as_text=True)
    assert '<input type="hidden" name="channel" value="handle:@seven">' in html
    response = client.post("/checks", data={"channel": "handle:@seven"})
    assert response.status_code == 303
    path = response.headers["Location"]
    text = main_text(client.get(path).data)
    assert text.startswith("Synthetic Seven (@seven) 3 of your 8 videos are in 2 datasets "
                           "Saved check, answered from the index as of ")
    assert "(the uploads of Synthetic Seven (@seven) )" in text
    body = client.get(f"/api/v1/checks/{path[3:]}").get_json()
    assert (body["checked_as"], body["channel"], body["count"]) == ("channel", "handle:@seven", 8)
    assert body["not_found"] == UPLOADS[3:]


def test_api_lookup_of_a_channel_returns_the_collection(client):
    response = client.get("/api/v1/lookup?q=https://www.youtube.com/@seven")
    assert response.status_code == 200
    body = response.get_json()
    assert problems(body, documented("/api/v1/lookup", "get", 200)) == []
    assert body["kind"] == "channel" and body["job"]["state"] == "done"
    assert body["channel"] == {
        "ref": "handle:@seven", "channel_id": CID, "title": "Synthetic Seven", "handle": "@seven",
        "source": "youtube-api", "described_by": [],
        "fetched_at": body["channel"]["fetched_at"], "partial": False,
        "reason": None, "listed": 8, "reported": 8, "page": "/c/handle:@seven"}
    assert (body["count"], body["found"]) == (8, 3)
    assert body["datasets"] == [
        {"dataset": "alpha", "name": "Alpha-1M", "videos": 2, "clips": 3, "share": 0.25},
        {"dataset": "beta", "name": "Beta", "videos": 2, "clips": 2, "share": 0.25}]
    assert [(v["video_id"], [d["dataset"] for d in v["datasets"]]) for v in body["videos"]] == [
        ("dQw4w9WgXcQ", ["alpha", "beta"]), ("9bZkp7q19f0", ["alpha"]), ("kJQP7kiw5Fk", ["beta"])]
    twin = client.get("/api/v1/channels/handle:@seven").get_json()
    assert twin["count"] == 8 and twin["job"]["id"] == body["job"]["id"]


def test_progress_page_and_json_polling(channel_app, client, fake):
    channel_app.config["CHANNEL_WAIT"] = 0
    fake.slow = 0.1  # four calls (channels + three playlist pages): the listing takes a while
    response = client.get("/c/handle:@big")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert main_text(html).startswith(
        "Channel @big Listing this channel's uploads A channel link names a channel, not videos")
    assert "Listing uploads…" in main_text(html)
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in html
    assert '<script src="/static/channel.js" defer></script>' in html
    api = client.get("/api/v1/lookup?q=@big")
    assert api.status_code == 202
    job = api.get_json()["job"]
    assert problems(api.get_json(), documented("/api/v1/lookup", "get", 202)) == []
    assert api.headers["Location"] == job["poll_url"] == f"/api/v1/jobs/{job['id']}"
    assert (job["state"], job["page"], job["error"]) in {("queued", "/c/handle:@big", None),
                                                         ("running", "/c/handle:@big", None)}
    seen = wait_done(client, job["id"])
    listed = [s["listed"] for s in seen]
    assert listed == sorted(listed) and listed[-1] == 120
    assert {s["total"] for s in seen if s["listed"]} == {120}
    assert problems(seen[-1], documented("/api/v1/jobs/{job_id}", "get", 200)) == []
    assert main_text(client.get("/c/handle:@big").data).startswith(
        "Synthetic Big (@big) None of your 120 videos are in the datasets checked")


def test_progress_page_shows_listed_of_total(channel_app, client, fake):
    channel_app.config["CHANNEL_WAIT"] = 0
    fake.slow = 0.3  # each of the three playlist pages takes 0.3 s
    job = client.get("/api/v1/lookup?q=@big").get_json()["job"]
    deadline = time.monotonic() + 10
    while client.get(job["poll_url"]).get_json()["listed"] < 50 and time.monotonic() < deadline:
        time.sleep(0.01)
    html = client.get("/c/handle:@big").get_data(as_text=True)  # page two is still loading
    assert "Listing uploads… 50 of 120 videos" in main_text(html)
    assert '<progress aria-labelledby="progress-text" max="120" value="50">50 of 120</progress>' \
        in html
    wait_done(client, job["id"])


def test_missing_channel_is_a_404_page(client):
    response = client.get("/c/handle:@nobody")
    assert response.status_code == 404
    assert main_text(response.data).startswith(
        "Error 404 · channel @nobody No such channel YouTube has no channel @nobody. Check the "
        "spelling; a channel that was deleted or renamed can no longer be found under its old "
        "name.")
    body = client.get("/api/v1/lookup?q=@nobody").get_json()
    assert body["error"] == {"status": 404, "message": body["error"]["message"]}
    assert (body["kind"], body["job"]["state"]) == ("channel", "failed")
    assert problems(body, documented("/api/v1/lookup", "get", 404)) == []


def test_quota_exhausted_with_no_other_resolver_is_a_503_page(client, fake):
    fake.quota_exceeded = True
    response = client.get("/c/handle:@other")  # the saved details do not cover @other
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "3600"
    text = main_text(response.data)
    assert text.startswith("Error 503 · channel @other YouTube's daily quota is used up "
                           "YouTube's daily API quota for this site is used up")
    assert "Try again" in text
    assert KEY not in response.get_data(as_text=True)


def test_quota_exhausted_falls_back_to_saved_details_and_says_partial(channel_app, client,
                                                                     fake):
    fake.quota_exceeded = True
    text = main_text(client.get("/c/handle:@seven").data)
    assert text.startswith("Synthetic Seven (@seven) 3 of your 8 videos are in 2 datasets")
    # A partial listing spent quota too: it may be retried only CHANNEL_RETRY_MIN_AGE later.
    assert ("listed from our saved video details. Listed only minutes ago, so it cannot be "
            "refreshed yet.") in text
    channel_app.extensions["lookup.channels"].retry_min_age = 0
    text = main_text(client.get("/c/handle:@seven").data)
    assert "listed from our saved video details. Refresh the upload list" in text
    assert ("This is a partial list of the channel's uploads. YouTube could not be asked, so "
            "this list comes from our saved video details (checked up to 2024-05-06); newer "
            "uploads are missing. Videos missing from the list were not checked.") in text


def test_youtube_error_is_a_502_page(client, fake):
    fake.malformed.add("channels")
    response = client.get("/c/handle:@other")
    assert response.status_code == 502
    assert main_text(response.data).startswith(
        "Error 502 · channel @other YouTube answered with an error YouTube answered with an "
        "error, so the channel's uploads could not be listed (channels.list sent an answer "
        "that could not be read).")


def test_unreachable_youtube_is_a_503_page(index_path, catalogue_path, tmp_path):
    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = make_app(index_path, catalogue_path, tmp_path, YOUTUBE_API_KEY=KEY,
                   YOUTUBE_API_BASE=f"http://127.0.0.1:{port}/youtube/v3")
    response = app.test_client().get("/c/handle:@seven")
    app.extensions["lookup.channels"].shutdown()
    assert response.status_code == 503
    text = main_text(response.data)
    assert "YouTube could not be reached YouTube could not be reached just now" in text
    # Not a dead end: the Takeout list and the bulk check need no YouTube.
    assert "Your own uploads can be checked without asking YouTube: in Google Takeout" in text
    assert 'href="/bulk"' in response.get_data(as_text=True)


def test_a_video_s_whole_channel_when_youtube_is_unreachable_leads_on(
        index_path, catalogue_path, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = make_app(index_path, catalogue_path, tmp_path, YOUTUBE_API_KEY=KEY,
                   YOUTUBE_API_BASE=f"http://127.0.0.1:{port}/youtube/v3",
                   OEMBED_BASE=f"http://127.0.0.1:{port}")
    response = app.test_client().get("/c/video:dQw4w9WgXcQ")
    app.extensions["lookup.channels"].shutdown()
    assert response.status_code == 503
    text = main_text(response.data)
    assert "upload the export's videos.csv to the bulk check" in text
    assert "Or check this one video on its own." in text


def test_terminated_channel_is_a_410_page(index_path, catalogue_path, tmp_path):
    def extract(url):
        raise DownloadError("ERROR: [youtube:tab] This account has been terminated for a "
                            "violation of YouTube's Terms of Service.")
    app = make_app(index_path, catalogue_path, tmp_path, YTDLP_ENABLED=True,
                   YTDLP_EXTRACT_INFO=extract)
    response = app.test_client().get("/c/handle:@gone")
    app.extensions["lookup.channels"].shutdown()
    assert response.status_code == 410
    assert main_text(response.data).startswith(
        "Error 410 · channel @gone This channel is private or terminated The channel @gone is "
        "private or has been terminated by YouTube, so its uploads cannot be listed.")


def test_refresh_lists_again_once_the_listing_is_old_enough(channel_app, client, fake):
    assert "3 of your 8 videos" in main_text(client.get("/c/handle:@seven").data)
    newer = video_ids(1, seed=14)
    fake.channels[CID]["videos"] = newer + UPLOADS
    response = client.post("/c/handle:@seven/refresh")  # listed seconds ago: not redone
    assert (response.status_code, response.headers["Location"]) == (303, "/c/handle:@seven")
    assert "3 of your 8 videos" in main_text(client.get("/c/handle:@seven").data)
    channel_app.config["CHANNEL_REFRESH_MIN_AGE"] = 0
    channel_app.extensions["lookup.channels"].refresh_min_age = 0
    client.post("/c/handle:@seven/refresh")
    assert "3 of your 9 videos" in main_text(client.get("/c/handle:@seven").data)


def test_video_page_offers_the_whole_channel(client):
    html = client.get("/v/dQw4w9WgXcQ").get_data(as_text=True)
    assert ('<a class="button button-quiet" href="/c/video:dQw4w9WgXcQ">Check this video\'s '
            'whole channel</a>') in html
    text = main_text(client.get("/c/video:dQw4w9WgXcQ").data)
    assert text.startswith("Synthetic Seven (@seven) 3 of your 8 videos are in 2 datasets")


def test_no_resolver_means_the_honest_unavailable_page(app):
    client = app.test_client()  # conftest's app: no key, no yt-dlp, no saved details
    assert "whole channel" not in client.get("/v/dQw4w9WgXcQ").get_data(as_text=True)
    response = client.get("/c/handle:@seven")
    assert response.status_code == 503
    assert "Channel lookups are not available on this server yet." in main_text(response.data)


def test_bad_refs_and_unknown_jobs_are_404(client):
    for url in ["/c/nonsense", "/c/handle:@x", "/c/id:UCnot-an-id", "/c/video:tooshort"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "That is not a channel this site can look up." in main_text(response.data)
    response = client.get("/api/v1/jobs/not-a-job")
    assert response.status_code == 404
    assert problems(response.get_json(), documented("/api/v1/jobs/{job_id}", "get", 404)) == []
