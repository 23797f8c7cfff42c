"""A real browser pastes a link into the real app and reads the result page."""

import pytest

from tests.browser import MARKS, open_page

pytestmark = MARKS


@pytest.fixture
def page(browser):
    return open_page(browser)


def test_paste_a_link_and_read_the_result(live_url, page):
    page.goto(live_url + "/")
    page.get_by_label("Paste a YouTube video or channel link, or an @handle").fill(
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=30s")
    page.get_by_role("button", name="Check").click()
    page.wait_for_url(live_url + "/v/dQw4w9WgXcQ?t=30")
    assert page.locator("h1").inner_text() == "Found in 2 datasets"
    assert page.get_by_role("link", name="Alpha-1M").first.is_visible()
    assert page.get_by_role("link", name="Watch from 0:30 on YouTube").get_attribute("href") == \
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=30s"
    # The caption with HTML in it is shown as text, not run.
    assert "<script>alert('x')</script> a man & a dog" in page.locator("q").first.inner_text()
    assert page.errors == []  # no CSP violations or script errors


def test_bulk_paste_shows_the_collection_layout(live_url, page):
    page.goto(live_url + "/bulk")
    page.get_by_label("Video links or IDs").fill("dQw4w9WgXcQ\nkJQP7kiw5Fk\naaaaaaaaaaA")
    page.get_by_role("button", name="Check these videos").click()
    page.wait_for_url("**/bulk/result?ids=*")
    assert page.locator("h1").inner_text() == "2 of your 3 videos are in 2 datasets"
    assert page.locator("svg.barchart rect.bar").count() == 2
    assert page.errors == []
