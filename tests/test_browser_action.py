"""From answer to action in a real browser: a YouTuber uploads a Takeout list, shares the
saved check, downloads the PDF and opens a removal letter; a journalist exports CSV and JSON.
Every page passes axe-core at 1280 and 390 px and is no wider than a phone.

The Takeout file and the index are SYNTHETIC: real-shaped IDs, made-up memberships.
"""

import csv
import json
import random

import pytest

from app import create_app
from tests.browser import MARKS, axe_problems, open_page, served, too_wide
from tests.conftest import FOUND, MISSING, offline

pytestmark = MARKS
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def synthetic_ids(count, seed):
    rng = random.Random(seed)
    return ["".join(rng.choice(ALPHABET) for _ in range(10)) + rng.choice("AEIMQUYcgkosw048")
            for _ in range(count)]


@pytest.fixture
def takeout(tmp_path):
    """A SYNTHETIC Takeout videos.csv of 300 uploads, three of them in the test index."""
    ids = FOUND + synthetic_ids(297, seed=10)
    path = tmp_path / "videos.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Video ID", "Approx Duration (ms)", "Video audio language",
                         "Video title (original)", "Privacy"])
        for n, video in enumerate(ids):
            writer.writerow([video, 60_000 + n, "en", f"Synthetic upload {n}, labelled", "Public"])
    return path


@pytest.fixture
def live_url(index_path, catalogue_path, tmp_path):
    app = create_app({"INDEX_PATH": str(index_path), "CATALOGUE_PATH": str(catalogue_path),
                      **offline(tmp_path)})
    with served(app) as url:
        yield url


def upload(page, live_url, takeout):
    page.goto(live_url + "/bulk")
    page.get_by_label("Or upload a file").set_input_files(str(takeout))
    page.get_by_role("button", name="Check these videos").click()
    page.wait_for_url("**/s/*")
    return page.url


def test_youtuber_uploads_takeout_shares_downloads_pdf_and_opens_a_derived_letter(
        live_url, browser, takeout):
    pypdf = pytest.importorskip("pypdf")
    page = open_page(browser, accept_downloads=True)
    permalink = upload(page, live_url, takeout)
    assert page.locator("h1").inner_text() == "3 of your 300 videos are in 2 datasets"
    assert page.get_by_text("Not found: 297 videos").is_visible()
    # The permalink, opened in a fresh browser context (no cookies, no history), shows the same.
    stranger = open_page(browser)
    stranger.goto(permalink)
    assert stranger.locator("h1").inner_text() == "3 of your 300 videos are in 2 datasets"
    assert stranger.get_by_role("link", name=permalink).is_visible()
    # The PDF evidence report downloads and holds the permalink.
    with page.expect_download() as event:
        page.get_by_role("link", name="Evidence report (PDF)").first.click()
    download = event.value
    assert download.suggested_filename == f"evidence-{permalink.rsplit('/', 1)[1]}.pdf"
    reader = pypdf.PdfReader(download.path())
    flat = "".join("".join(p.extract_text() for p in reader.pages).split())
    assert permalink in flat and "alpha-synthetic.csv" in flat
    # The removal letter for the derived dataset (like Panda-70M built from HD-VILA-100M).
    page.get_by_role("link", name="Ask for removal").first.click()
    page.wait_for_url("**/removal")
    section = page.locator("section.removal", has=page.locator("#rm-alpha-sub"))
    assert "Official removal route: optout@alpha-sub.example" in section.inner_text()
    letter = section.locator("textarea").input_value()
    assert "Alpha-Sub is built from Alpha-1M, whose published files list them" in letter \
        or "Alpha-Sub is built from Alpha-1M, whose published file lists them" in letter
    assert permalink in letter
    assert section.get_by_role("link", name="Open in your mail app").get_attribute(
        "href").startswith("mailto:optout@alpha-sub.example?subject=Removal%20request")
    assert page.errors == [] and stranger.errors == []


def test_journalist_exports_csv_and_json_with_line_sha256_and_snapshot(
        live_url, browser, takeout):
    page = open_page(browser, accept_downloads=True)
    permalink = upload(page, live_url, takeout)
    with page.expect_download() as event:
        page.get_by_role("link", name="Download CSV").click()
    with open(event.value.path(), encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    listed = [r for r in rows if r["membership"] == "listed"]
    assert {r["video_id"] for r in listed} == set(FOUND)
    for row in listed:
        assert row["line"].isdigit() and len(row["source_sha256"]) == 64
        assert row["snapshot"] and row["read_on"] and row["permalink"] == permalink
    assert len({r["video_id"] for r in rows}) == 300
    page.get_by_role("link", name="JSON", exact=True).click()
    body = json.loads(page.locator("body").inner_text())
    assert body["permalink"] == permalink and body["snapshot"] == listed[0]["snapshot"]
    hits = [h for v in body["videos"] for h in v["datasets"]]
    assert hits and all(h["source"]["line"] > 0 and len(h["source"]["sha256"]) == 64
                        for h in hits)
    assert MISSING not in body["not_found"] and len(body["not_found"]) == 297


def test_every_page_passes_axe_and_fits_a_phone(live_url, browser, takeout):
    page = open_page(browser)
    check = upload(page, live_url, takeout).removeprefix(live_url)
    pages = ["/", "/bulk", "/datasets", "/datasets/alpha", "/datasets/beta", "/coverage",
             "/methodology", "/api", "/v/dQw4w9WgXcQ", f"/v/{MISSING}",
             f"/bulk/result?ids=dQw4w9WgXcQ,kJQP7kiw5Fk,{MISSING}", "/removal?ids=dQw4w9WgXcQ",
             "/names?q=some+creator", "/lookup?q=@someone", "/no/such/page", check,
             f"{check}/removal", f"{check}/report", "/s/AAAAAAAAAAAA"]
    problems = []
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for path in pages:
            page.goto(live_url + path)
            problems += [f"{width} px {path}: {p}" for p in axe_problems(page)]
            if too_wide(page) > 0:
                problems.append(f"{width} px {path}: {too_wide(page)} px wider than the screen")
    assert problems == [], "\n".join(problems)


def test_copy_button_stays_hidden_without_javascript(live_url, browser):
    page = open_page(browser, java_script_enabled=False)
    page.goto(live_url + "/removal?ids=dQw4w9WgXcQ")
    assert page.locator("button.copy").count() == 3
    assert not page.locator("button.copy").first.is_visible()
    with_js = open_page(browser)
    with_js.goto(live_url + "/removal?ids=dQw4w9WgXcQ")
    with_js.wait_for_function("!document.querySelector('button.copy').hidden")
