"""The languages in a real browser: the switcher with scripts off, the scripts' own words in
the page's language, and the Chinese pages with no problem axe-core finds."""

import pytest

from tests.browser import MARKS, axe_problems, open_page

pytestmark = MARKS


def test_switcher_works_with_javascript_off_and_keeps_the_page(live_url, browser):
    page = open_page(browser, java_script_enabled=False, locale="en-GB")
    page.goto(live_url + "/v/dQw4w9WgXcQ")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Deutsch").click()
    assert page.url == live_url + "/v/dQw4w9WgXcQ?lang=de"
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("h1").inner_text() == "In 2 Datensätzen gefunden"
    # Remembered: a link without ?lang= leads to a German page too.
    page.get_by_role("link", name="Datensätze", exact=True).first.click()
    assert page.locator("h1").inner_text() == "Datensätze"
    page.get_by_role("link", name="中文").click()
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("h1").inner_text() == "数据集"
    assert page.errors == []


def test_private_check_speaks_the_page_language(live_url, browser):
    page = open_page(browser, locale="zh-CN")
    page.goto(live_url + "/bulk")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    page.locator("#ids").fill("dQw4w9WgXcQ\naaaaaaaaaaA")
    page.get_by_role("button", name="在此浏览器中私密查询").click()
    page.locator("#private-title").wait_for()
    assert page.locator("#private-title").inner_text() == "找到 1 / 2 个视频"
    assert axe_problems(page) == []
    assert page.errors == []


@pytest.mark.parametrize("path", ["/", "/v/dQw4w9WgXcQ", "/removal?ids=dQw4w9WgXcQ"])
def test_chinese_pages_have_no_serious_accessibility_problem(live_url, browser, path):
    page = open_page(browser, locale="zh-CN")
    page.goto(live_url + path)
    assert axe_problems(page) == []
