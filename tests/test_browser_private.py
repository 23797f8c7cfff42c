"""The bulk page's private check in a real browser: IDs are hashed on the page, only 5-digit
hash prefixes reach the server, and the result matches the ordinary check."""

import hashlib

from tests.browser import MARKS, open_page
from tests.conftest import MISSING

pytestmark = MARKS
PASTED = ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=30s\n"
          "kJQP7kiw5Fk, youtu.be/9bZkp7q19f0\n"
          f"{MISSING}\nDescription\nno-video")
IDS = ["dQw4w9WgXcQ", "kJQP7kiw5Fk", "9bZkp7q19f0", MISSING]


def test_the_private_check_sends_only_hash_prefixes_and_finds_the_videos(live_url, browser):
    page = open_page(browser)
    sent = []
    page.on("request", lambda r: sent.append((r.method, r.url, r.post_data or "")))
    page.goto(live_url + "/bulk")
    page.get_by_label("Video links or IDs").fill(PASTED)
    sent.clear()
    page.get_by_role("button", name="Check privately in this browser").click()
    page.locator("#private-title").wait_for()

    assert page.locator("#private-title").inner_text() == "3 of 4 videos found"
    rows = page.locator(".private-table tbody tr")
    assert rows.all_inner_texts() == ["dQw4w9WgXcQ\tAlpha-1M (2), Beta (1)",
                                      "kJQP7kiw5Fk\tBeta (1)", "9bZkp7q19f0\tAlpha-1M (1)"]
    assert page.get_by_role("link", name="dQw4w9WgXcQ").get_attribute("href") == "/v/dQw4w9WgXcQ"
    page.get_by_text("1 video not found").click()
    assert page.locator(".private-list code").first.inner_text() == MISSING
    assert "2 pieces not read as a video ID" in page.locator("#private-results").inner_text()

    # What left the page: GETs of the four ranges and the dataset names, nothing else.
    prefixes = sorted({hashlib.sha256(i.encode()).hexdigest()[:5] for i in IDS})
    assert sorted(url for _, url, _ in sent) == sorted(
        [f"{live_url}/api/v1/range/{p}" for p in prefixes] + [f"{live_url}/api/v1/datasets"])
    assert {method for method, _, _ in sent} == {"GET"}
    for _, url, body in sent:
        assert not any(video_id in url + body for video_id in IDS)
    assert page.errors == []


def test_without_javascript_the_bulk_page_has_only_the_ordinary_check(live_url, browser):
    page = open_page(browser, java_script_enabled=False)
    page.goto(live_url + "/bulk")
    assert not page.get_by_role("button", name="Check privately in this browser").is_visible()
    assert not page.locator("#private-check").is_visible()
    page.get_by_label("Video links or IDs").fill("dQw4w9WgXcQ")
    page.get_by_role("button", name="Check these videos").click()
    page.wait_for_url("**/bulk/result?ids=dQw4w9WgXcQ")


def test_a_failed_range_request_says_so(live_url, browser):
    page = open_page(browser)
    page.route("**/api/v1/range/**", lambda route: route.fulfill(status=503, body="{}"))
    page.goto(live_url + "/bulk")
    page.get_by_label("Video links or IDs").fill("dQw4w9WgXcQ")
    page.get_by_role("button", name="Check privately in this browser").click()
    status = page.locator("#private-status")
    status.get_by_text("could not finish").wait_for()
    assert "the site answered 503" in status.inner_text()
    assert page.get_by_role("button", name="Check privately in this browser").is_enabled()


def test_a_rate_limited_range_is_asked_again_after_the_wait(live_url, browser):
    page = open_page(browser)
    refused = []

    def once_busy(route):
        if not refused:
            refused.append(route.request.url)
            return route.fulfill(status=429, headers={"Retry-After": "1"}, body="{}")
        return route.continue_()
    page.route("**/api/v1/range/**", once_busy)
    page.goto(live_url + "/bulk")
    page.get_by_label("Video links or IDs").fill("dQw4w9WgXcQ")
    page.get_by_role("button", name="Check privately in this browser").click()
    page.locator("#private-title").wait_for()
    assert page.locator("#private-title").inner_text() == "1 of 1 video found"
    assert len(refused) == 1
