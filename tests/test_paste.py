"""The paste box and the lookup API answer what tests/test_links.py parses, in words for people."""

from urllib.parse import quote

from tests.conftest import main_text

OLD = "dQw4w9WgXcR"  # an old, non-canonical spelling of dQw4w9WgXcQ (in the test index)


def test_a_wrapped_decorated_link_goes_to_its_video(client):
    link = ("https://consent.youtube.com/m?continue=" + quote("https://www.youtube.com/watch?v="
                                                             "dQw4w9WgXcQ&t=30", safe="")
            + "&gl=DE")
    response = client.get("/lookup", query_string={"q": f"\u200b({link}).\u200b"})
    assert response.headers["Location"] == "/v/dQw4w9WgXcQ?t=30"


def test_a_truncated_id_is_called_truncated_not_a_name(client):
    response = client.get("/lookup?q=dQw4w9WgXc")
    assert response.status_code == 400
    assert ("“dQw4w9WgXc” looks like a truncated video ID: it has 10 characters, and a YouTube "
            "video ID has 11.") in main_text(response.data)
    body = client.get("/api/v1/lookup?q=dQw4w9WgXcQQ").get_json()
    assert body["kind"] == "invalid"
    assert body["error"]["message"].startswith("“dQw4w9WgXcQQ” is too long for a video ID")


def test_an_old_spelling_answers_for_the_canonical_video_and_says_so(client):
    response = client.get(f"/lookup?q={OLD}")
    assert response.headers["Location"] == f"/v/dQw4w9WgXcQ?from={OLD}"
    text = main_text(client.get(response.headers["Location"]).data)
    assert (f"You gave {OLD} , an older spelling of this ID (before 2020 YouTube accepted a last "
            "character with unused bits set). It names the same video, dQw4w9WgXcQ , and these "
            "results are for it.") in text
    assert "Found in 2 datasets" in text


def test_the_video_page_of_an_old_spelling_moves_to_the_canonical_one(client):
    response = client.get(f"/v/{OLD}?t=30&_external=1")
    assert response.status_code == 301
    assert response.headers["Location"] == f"/v/dQw4w9WgXcQ?from={OLD}&t=30"
    # ?from= that is not an old spelling of this video is ignored.
    assert "older spelling" not in main_text(client.get("/v/dQw4w9WgXcQ?from=9bZkp7q19f0").data)


def test_the_api_answers_an_old_spelling_with_mapped_from(client):
    for url in [f"/api/v1/lookup?q=https://youtu.be/{OLD}", f"/api/v1/videos/{OLD}"]:
        body = client.get(url).get_json()
        assert (body["video_id"], body["mapped_from"]) == ("dQw4w9WgXcQ", OLD), url
        assert body["videos"][0]["found"] is True
    assert client.get("/api/v1/videos/dQw4w9WgXcQ").get_json()["mapped_from"] is None
    body = client.post("/api/v1/lookup", json=[OLD, "dQw4w9WgXcQ"]).get_json()
    assert (body["count"], body["mapped"]) == (1, [{"input": OLD, "video_id": "dQw4w9WgXcQ"}])


def test_a_studio_link_and_a_channel_tab_are_understood(client):
    body = client.get("/api/v1/lookup?q=https://studio.youtube.com/video/dQw4w9WgXcQ/edit")
    assert body.get_json()["video_id"] == "dQw4w9WgXcQ"
    # Channel lookups are off in tests: the answer names the channel, not a bad video ID.
    body = client.get("/api/v1/lookup?q=https://www.youtube.com/embed/live_stream?channel="
                      "UC_x5XG1OV2P6uZZ5FSM9Ttw").get_json()
    assert (body["kind"], body["error"]["status"]) == ("channel", 501)
