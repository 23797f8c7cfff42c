"""Fixtures: the app over a real small index (built by the real ingest) and a small catalogue."""

import sqlite3
import textwrap
from html.parser import HTMLParser

import pytest

from app import create_app
from lookup.ids import id_to_int
from lookup.youtube import worker
from tests.browser import chromium, served
from tests.helpers import build_index

# Synthetic rows, labelled as such: real-shaped IDs, made-up memberships.
ROWS = {
    "alpha": [("dQw4w9WgXcQ", 30, 40), ("dQw4w9WgXcQ", 95.5, 100), ("9bZkp7q19f0", 0, 10)],
    "beta": [("dQw4w9WgXcQ", 1, 5), ("kJQP7kiw5Fk", 3600, 3610)],
}
FOUND = ["dQw4w9WgXcQ", "9bZkp7q19f0", "kJQP7kiw5Fk"]
MISSING = "aaaaaaaaaaA"
CAPTION = "<script>alert('x')</script> a man & a dog"

CATALOGUE = '''
[datasets.alpha]
name = "Alpha-1M"
organisation = "Alpha Lab"
year = 2023
paper_title = "Alpha: a synthetic test dataset"
paper_url = "https://example.org/alpha"
bibtex = """
@article{alpha2023, title={Alpha}, year={2023}}
"""
licence = "CC BY 4.0"
licence_url = "https://creativecommons.org/licenses/by/4.0/"
terms = "Research use only."
restrictive_clauses = ["You may not redistribute the videos."]
removal_contact = "remove@alpha.example"
removal_note = "Answers within 30 days."
format = "plainlist"
id_kind = "youtube"
videos_reported = 1000000

[[datasets.alpha.sources]]
url = "https://example.org/alpha.csv"
file = "alpha.csv"
note = "The full list."

[[datasets.alpha.contacts]]
kind = "removal"
email = "remove@alpha.example"
source_url = "https://example.org/alpha#removal"
note = "Answers within 30 days."

[[datasets.alpha.reported_uses]]
who = "Example Corp"
what = "trained a video model"
date = "2024-01"
source_url = "https://example.org/report"

[datasets.beta]
name = "Beta"
licence = ""
paper_url = "https://example.org/beta-paper"
format = "plainlist"
id_kind = "youtube"

# No removal route: the next best is the authors' address, before the issue tracker.
[[datasets.beta.contacts]]
kind = "issue_tracker"
url = "https://example.org/beta/issues"
source_url = "https://example.org/beta"

[[datasets.beta.contacts]]
kind = "authors"
name = "B. Author"
email = "b.author@beta.example"
source_url = "https://example.org/beta-paper"

[datasets.alpha-sub]
name = "Alpha-Sub"
derived_from = ["alpha"]
format = "plainlist"
id_kind = "youtube"

# Like Panda-70M: built from a dataset the index holds, not loaded itself, with an opt-out.
[[datasets.alpha-sub.contacts]]
kind = "removal"
email = "optout@alpha-sub.example"
source_url = "https://example.org/alpha-sub#opt-out"

[datasets.gamma]
name = "Gamma"
format = "plainlist"
id_kind = "youtube"

[out_of_scope.webvid]
name = "WebVid-10M"
reason = "Stock footage, not YouTube."
'''


@pytest.fixture
def index_path(tmp_path):
    """A real index holding ROWS, plus one caption with HTML in it."""
    path = build_index(tmp_path, ROWS)
    conn = sqlite3.connect(path)
    # The plainlist reader has no captions; this one is written as a captioning reader would.
    conn.execute("INSERT INTO captions VALUES (?, (SELECT id FROM datasets WHERE slug='alpha'),"
                 " 30000, 40000, ?)", (id_to_int("dQw4w9WgXcQ"), CAPTION))
    conn.commit()
    conn.close()
    return path


@pytest.fixture
def catalogue_path(tmp_path):
    path = tmp_path / "datasets.toml"
    path.write_text(textwrap.dedent(CATALOGUE), encoding="utf-8")
    return path


def offline(tmp_path):
    """Channel settings that reach no network: no API key, no yt-dlp, no saved metadata; the
    channel worker runs in a thread of the app (no worker process to start)."""
    return {"YOUTUBE_API_KEY": None, "YTDLP_ENABLED": False, "CHANNEL_WORKER": "thread",
            "CHANNEL_CACHE_PATH": str(tmp_path / "channels.db"),
            "METADATA_PATH": str(tmp_path / "no-metadata.db"),
            "NAMES_PATH": str(tmp_path / "no-names"),
            "CHECKS_PATH": str(tmp_path / "checks.db")}


@pytest.fixture(autouse=True)
def _stop_channel_workers():
    """End the channel worker threads of the apps a test made (CHANNEL_WORKER "thread"):
    left running, each app's pair of threads polls its queue until the suite ends."""
    yield
    worker.stop_threads()


@pytest.fixture
def app(index_path, catalogue_path, tmp_path):
    # INDEX_RECHECK_SECONDS 0: tests swap index files and expect the next request to see it.
    return create_app({"TESTING": True, "INDEX_PATH": str(index_path), "INDEX_RECHECK_SECONDS": 0,
                       "CATALOGUE_PATH": str(catalogue_path), "PAGE_SIZE": 2,
                       **offline(tmp_path)})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def live_url(index_path, catalogue_path):
    """The real app served on a loopback port in a thread (browser tests; a module that needs
    other settings defines its own)."""
    app = create_app({"INDEX_PATH": str(index_path), "CATALOGUE_PATH": str(catalogue_path)})
    with served(app) as url:
        yield url


@pytest.fixture
def browser():
    """Debian's headless chromium, one per test."""
    with chromium() as launched:
        yield launched


@pytest.fixture
def empty_app(tmp_path, catalogue_path):
    """The app with no index file built yet."""
    return create_app({"TESTING": True, "INDEX_PATH": str(tmp_path / "missing.db"),
                       "CATALOGUE_PATH": str(catalogue_path), **offline(tmp_path)})



class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.depth, self.parts, self.skip = 0, [], 0

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1
        if tag in ("script", "style", "title") and self.depth:
            self.skip += 1

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1
        if tag in ("script", "style", "title") and self.depth:
            self.skip -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def main_text(html):
    """The visible text inside <main>, whitespace collapsed, for exact comparisons."""
    parser = _Text()
    parser.feed(html if isinstance(html, str) else html.decode())
    return " ".join(" ".join(parser.parts).split())
