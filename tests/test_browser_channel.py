"""A real browser pastes a channel link, watches the listing's progress and reads the result.

The app is served on a loopback port with the loopback YouTube fake as its Data API, slowed
down so the progress page is seen. Channel and uploads are SYNTHETIC.
"""

import pytest

from app import create_app
from tests.browser import MARKS, axe_problems, open_page, served, too_wide
from tests.conftest import FOUND
from tests.youtube_fake import FakeYouTube, channel_id, video_ids

KEY = "fake-key-123"
UPLOADS = FOUND + video_ids(147, seed=21)  # 150 uploads: three playlist pages of 50

pytestmark = MARKS


@pytest.fixture
def fake():
    server = FakeYouTube(KEY)
    server.start()
    server.add_channel(channel_id(7), "Synthetic Seven", UPLOADS, handle="@seven")
    server.slow = 1.0  # per request: each of the three pages shows for a second (polls: 0.5 s)
    yield server
    server.stop()


@pytest.fixture
def live_url(index_path, catalogue_path, tmp_path, fake):
    """The real app on a loopback port, listing channels through the fake."""
    app = create_app({"INDEX_PATH": str(index_path), "CATALOGUE_PATH": str(catalogue_path),
                      "YOUTUBE_API_KEY": KEY, "YOUTUBE_API_BASE": fake.api_base,
                      "OEMBED_BASE": fake.root, "YTDLP_ENABLED": False, "CHANNEL_WAIT": 0,
                      "CHANNEL_WORKER": "thread",
                      "CHANNEL_CACHE_PATH": str(tmp_path / "channels.db"),
                      "METADATA_PATH": str(tmp_path / "no-metadata.db"),
                      "NAMES_PATH": str(tmp_path / "no-names"),
                      "CHECKS_PATH": str(tmp_path / "checks.db")})
    with served(app) as url:
        yield url
    app.extensions["lookup.channels"].shutdown()


def test_paste_a_channel_watch_progress_read_the_result(live_url, browser):
    page = open_page(browser)
    page.goto(live_url + "/")
    page.get_by_label("Paste a YouTube video or channel link, or an @handle").fill(
        "https://www.youtube.com/@Seven/videos")
    page.get_by_role("button", name="Check").click()
    page.wait_for_url(live_url + "/c/handle:@seven")
    assert page.locator("h1").inner_text() == "Listing this channel's uploads"
    page.evaluate("window.sameDocument = true")  # gone if the page were reloaded
    status = page.get_by_role("status")
    status.filter(has_text="Listing uploads… 50 of 150 videos").wait_for(timeout=10_000)
    bar = page.locator("progress")
    assert (bar.get_attribute("max"), bar.evaluate("b => b.value")) == ("150", 50)
    assert page.evaluate("window.sameDocument") is True  # moved in place, not reloaded
    # When the listing is done the script loads the result at the same address.
    page.locator("h1", has_text="3 of your 150 videos are in 2 datasets").wait_for(timeout=10_000)
    assert page.url == live_url + "/c/handle:@seven"
    assert "150 uploads of Synthetic Seven as of" in page.locator(".channel-source").inner_text()
    assert page.locator("svg.barchart rect.bar").count() == 2 + 2  # per dataset, and share
    rows = page.locator("table.results tbody tr")
    assert rows.count() == 3
    assert rows.first.locator("td").first.inner_text() == "dQw4w9WgXcQ"
    assert page.get_by_role("link", name="Download CSV").get_attribute("href") == \
        "/c/handle:@seven?format=csv"
    assert page.errors == []  # no CSP violations or script errors


def test_without_javascript_the_progress_page_reloads_itself(live_url, browser):
    page = open_page(browser, java_script_enabled=False)
    page.goto(live_url + "/lookup?q=%40seven")
    assert page.url == live_url + "/c/handle:@seven"
    assert page.locator("h1").inner_text() == "Listing this channel's uploads"
    page.locator("h1", has_text="3 of your 150 videos are in 2 datasets").wait_for(timeout=15_000)


def test_channel_pages_pass_axe_and_fit_a_phone(live_url, browser, fake):
    page = open_page(browser)
    page.goto(live_url + "/c/handle:@seven")
    problems = [f"progress: {p}" for p in axe_problems(page)]
    page.locator("h1", has_text="3 of your 150 videos are in 2 datasets").wait_for(timeout=15_000)
    page.get_by_role("button", name="Save this check and make the report").click()
    page.wait_for_url("**/s/*")
    saved = page.url
    fake.slow = 0
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for url in (live_url + "/c/handle:@seven", live_url + "/c/handle:@seven/removal", saved,
                    live_url + "/c/handle:@nobody"):
            page.goto(url)
            if url.endswith("@nobody"):
                # The listing may still be running: its progress page moves on to the error
                # by itself, and a goto racing that navigation is aborted. Check the error.
                page.locator("h1", has_text="No such channel").wait_for()
            problems += [f"{width} px {url}: {p}" for p in axe_problems(page)]
            if too_wide(page) > 0:
                problems.append(f"{width} px {url}: {too_wide(page)} px too wide")
    assert problems == [], "\n".join(problems)
    # Only the missing channel's own 404 shows in the console: no CSP or script errors.
    assert [e for e in page.errors if "404" not in e] == []
