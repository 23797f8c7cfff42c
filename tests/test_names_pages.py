"""Name search pages and API over a real name index built from saved video details.

The names are SYNTHETIC rows shaped like real ones (the same as tests/test_names.py).
"""

import pytest

from app import create_app
from lookup.names import build, records_from_metadata
from lookup.youtube.metadata import Metadata, connect, save
from tests.conftest import main_text
from tests.test_docs import documented, problems
from tests.test_names import META as NAME_ROWS
from tests.youtube_fake import channel_id
from web.names import NOT_BUILT

# The first four SYNTHETIC rows of the name-index tests: the channels and titles searched here.
META = NAME_ROWS[:4]
V = [row.video for row in META]


@pytest.fixture
def names_path(tmp_path):
    conn = connect(tmp_path / "metadata.db")
    save(conn, META)
    conn.close()
    build(records_from_metadata(Metadata(tmp_path / "metadata.db")), tmp_path / "names")
    return tmp_path / "names"


@pytest.fixture
def client(index_path, catalogue_path, tmp_path, names_path):
    app = create_app({"TESTING": True, "INDEX_PATH": str(index_path),
                      "CATALOGUE_PATH": str(catalogue_path), "YTDLP_ENABLED": False,
                      "CHANNEL_CACHE_PATH": str(tmp_path / "channels.db"),
                      "METADATA_PATH": str(tmp_path / "metadata.db"),
                      "NAMES_PATH": str(names_path)})
    return app.test_client()


def test_pasted_name_goes_to_name_search(client):
    response = client.get("/lookup", query_string={"q": "Marques  Brownly"})
    assert (response.status_code, response.headers["Location"]) == (
        302, "/names?q=Marques+Brownly")


def test_typo_finds_the_channel_and_suggests_the_spelling(client):
    response = client.get("/names?q=Marques+Brownly")
    assert response.status_code == 200
    text = main_text(response.data)
    # Ranking beyond the best match is lookup/names.py's business, so only that is pinned.
    assert "close to “Marques Brownly” Did you mean marques brownlee ?" in text
    assert "Channels Marques Brownlee @mkbhd · 2 videos in our saved details" in text
    html = response.get_data(as_text=True)
    assert f'<a href="/c/id:{channel_id(1)}">Marques Brownlee</a>' in html
    assert '<a href="/names?q=marques+brownlee">marques brownlee</a>' in html


def test_titles_link_to_the_video_and_handles_to_the_channel(client):
    text = main_text(client.get("/names?q=studio+tour").data)
    assert f"Videos Studio tour by Marques Brownlee {V[1]}" in text
    html = client.get("/names?q=brown+bread").get_data(as_text=True)
    assert '<a href="/c/handle:@brownbread">Brown Bread Bakery</a>' in html
    html = client.get("/names?q=sourdough").get_data(as_text=True)
    assert f'<a href="/v/{V[3]}">Sourdough basics</a>' in html


def test_nothing_close_says_so(client):
    text = main_text(client.get("/names?q=zzzz+qqqq").data)
    assert text.startswith("Search by name No channel or video title is close to “zzzz qqqq”")


def test_empty_query_shows_the_search_box(client):
    response = client.get("/names")
    assert response.status_code == 200
    assert main_text(response.data).startswith(
        "Search by name Search by channel name or video title Channel name, @handle or video title")


def test_api_names_and_lookup_kind_name(client):
    body = client.get("/api/v1/names?q=Marques+Brownly").get_json()
    assert problems(body, documented("/api/v1/names", "get", 200)) == []
    assert (body["query"], body["kind"], body["suggestions"]) == (
        "Marques Brownly", "name", ["marques brownlee"])
    assert body["matches"][0] == {
        "kind": "channel", "key": channel_id(1), "name": "Marques Brownlee", "handle": "@mkbhd",
        "channel_id": channel_id(1), "channel_name": None, "videos": 2,
        "score": body["matches"][0]["score"], "page": f"/c/id:{channel_id(1)}"}
    looked_up = client.get("/api/v1/lookup?q=Marques Brownly").get_json()
    assert problems(looked_up, documented("/api/v1/lookup", "get", 200)) == []
    assert looked_up["matches"] == body["matches"] and looked_up["kind"] == "name"
    video = client.get("/api/v1/names?q=sourdough").get_json()["matches"][0]
    assert (video["kind"], video["page"], video["videos"]) == ("video", f"/v/{V[3]}", None)
    assert client.get("/api/v1/names?q=%20").status_code == 400


def test_name_index_is_opened_once_per_app(client):
    holder = client.application.extensions["lookup.names"]
    client.get("/names?q=studio")
    first = holder.get()
    client.get("/names?q=server")
    assert holder.get() is first


def test_without_a_name_index_the_page_says_so(app):
    client = app.test_client()  # conftest's app: NAMES_PATH points at nothing
    response = client.get("/names?q=some+creator")
    assert response.status_code == 400
    text = main_text(response.data)
    assert text.startswith(f"Search by name {NOT_BUILT} Paste the channel's link or its "
                           "@handle instead")
    # Operator instructions go to the log and the README, never to the public page.
    assert "scripts/" not in text and "python" not in text
    body = client.get("/api/v1/names?q=some+creator")
    assert body.status_code == 400
    assert problems(body.get_json(), documented("/api/v1/names", "get", 400)) == []
