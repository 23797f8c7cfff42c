"""Watching in a real browser: a YouTuber watches a saved list and a channel with plain forms,
gets the secret feed address with a copy button, reads the feed, and stops the watch. Every
page passes axe-core at 1280 and 390 px, fits a phone and runs no inline script.

The index, the channel and its videos are SYNTHETIC (see tests/test_watch.py).
"""

import pytest

from app import create_app
from tests import atom
from tests.browser import MARKS, axe_problems, open_page, served, too_wide
from tests.conftest import MISSING, offline
from tests.test_watch import CHANNEL, CID, add_metadata

pytestmark = MARKS


@pytest.fixture
def live_url(index_path, catalogue_path, tmp_path):
    metadata = tmp_path / "metadata.db"
    add_metadata(metadata, CHANNEL)
    app = create_app({"INDEX_PATH": str(index_path), "CATALOGUE_PATH": str(catalogue_path),
                      **offline(tmp_path), "METADATA_PATH": str(metadata),
                      "WATCH_PATH": str(tmp_path / "watch.db")})
    with served(app) as url:
        yield url
    app.extensions["lookup.channels"].shutdown()


def fits_and_passes_axe(page):
    found = []
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        found += [f"{width} px {page.url}: {p}" for p in axe_problems(page)]
        if too_wide(page) > 0:
            found.append(f"{width} px {page.url}: {too_wide(page)} px wider than the screen")
    return found


def test_a_youtuber_watches_a_saved_list_copies_the_feed_and_stops_it(live_url, browser):
    page = open_page(browser)
    page.goto(live_url + "/bulk")
    page.get_by_label("Video links or IDs").fill(f"dQw4w9WgXcQ\n{MISSING}")
    page.get_by_role("button", name="Check these videos").click()
    page.get_by_role("button", name="Save this check and make the report").click()
    page.wait_for_url("**/s/*")
    problems = fits_and_passes_axe(page)
    page.get_by_role("button", name="Watch for new datasets").click()
    page.wait_for_url("**/watch/*")
    assert page.locator("h1").inner_text() == "You are watching your list of 2 videos"
    feed_url = page.get_by_label("The feed's address (Atom)").input_value()
    assert feed_url == page.url + "/feed.atom"
    assert page.get_by_role("button", name="Copy the address").is_visible()
    problems += fits_and_passes_axe(page)
    feed = page.request.get(feed_url)
    assert feed.headers["content-type"] == "application/atom+xml; charset=utf-8"
    assert atom.problems(feed.body()) == []
    assert [e.title for e in atom.entries(feed.body())] == [
        "Beta lists 1 video from your list of 2 videos",
        "Alpha-1M lists 1 video from your list of 2 videos"]
    page.get_by_role("button", name="Stop watching").click()
    assert page.locator("h1").inner_text() == "You no longer watch your list of 2 videos"
    problems += fits_and_passes_axe(page)
    assert page.request.get(feed_url).status == 410
    assert problems == [], "\n".join(problems)
    assert page.errors == []


def test_a_channel_is_watched_from_its_result_page(live_url, browser):
    page = open_page(browser)
    page.goto(f"{live_url}/c/id:{CID}")
    page.wait_for_selector("text=Watch for new datasets")
    problems = fits_and_passes_axe(page)
    page.get_by_role("button", name="Watch for new datasets").click()
    page.wait_for_url("**/watch/*")
    assert page.locator("h1").inner_text() == \
        "You are watching Synthetic Twenty-One (@twentyone)"
    problems += fits_and_passes_axe(page)
    assert problems == [], "\n".join(problems)
    assert page.errors == []


def test_the_copy_button_stays_hidden_without_javascript(live_url, browser):
    page = open_page(browser, java_script_enabled=False)
    page.goto(f"{live_url}/c/id:{CID}")
    page.get_by_role("button", name="Watch for new datasets").click()
    page.wait_for_url("**/watch/*")
    assert page.get_by_label("The feed's address (Atom)").input_value().endswith("/feed.atom")
    assert not page.locator("button.copy").is_visible()
