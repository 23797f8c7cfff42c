"""The JSON API over a real small index: exact answers, errors, caps."""

from tests.conftest import CAPTION, MISSING
from web.names import NOT_BUILT


def sha(client, slug):
    return client.get(f"/api/v1/datasets/{slug}").get_json()["ingested_files"][0]["sha256"]


def test_lookup_of_a_link_says_what_it_understood(client):
    body = client.get("/api/v1/lookup?q=https://youtu.be/kJQP7kiw5Fk?t=90").get_json()
    snapshot = body.pop("snapshot")
    assert snapshot[:4].isdigit()
    video = body["videos"][0]
    ingested = video["datasets"][0]["source"].pop("ingested")
    assert ingested[:4].isdigit()
    assert body == {
        "query": "https://youtu.be/kJQP7kiw5Fk?t=90", "kind": "video", "video_id": "kJQP7kiw5Fk",
        "start": 90, "mapped_from": None, "checked": ["alpha", "beta"], "not_loaded": ["alpha-sub", "gamma"],
        "videos": [{
            "video_id": "kJQP7kiw5Fk", "url": "https://www.youtube.com/watch?v=kJQP7kiw5Fk",
            "found": True,
            "datasets": [{"dataset": "beta", "name": "Beta", "licence": None, "licence_url": None,
                          "clip_count": 1,
                          "clips": [{"start": 3600.0, "end": 3610.0, "caption": None,
                                     "url": "https://www.youtube.com/watch?v=kJQP7kiw5Fk&t=3600s"}],
                          "source": {"file_name": "beta-synthetic.csv",
                                     "sha256": sha(client, "beta"), "url": None, "line": 3}}],
            "derived": []}]}


def test_video_in_two_datasets_has_captions_and_derived(client):
    video = client.get("/api/v1/videos/dQw4w9WgXcQ").get_json()["videos"][0]
    assert [d["dataset"] for d in video["datasets"]] == ["alpha", "beta"]
    assert video["datasets"][0]["clips"] == [
        {"start": 30.0, "end": 40.0, "caption": CAPTION,
         "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=30s"},
        {"start": 95.5, "end": 100.0, "caption": None,
         "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=95s"}]
    assert video["datasets"][0]["source"]["line"] == 2
    # alpha-sub is built from alpha and not loaded, so it is flagged, not claimed.
    assert video["derived"] == [{"dataset": "alpha-sub", "name": "Alpha-Sub",
                                 "derived_from": "alpha"}]


def test_video_not_found_is_an_answer_not_an_error(client):
    response = client.get(f"/api/v1/videos/{MISSING}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["videos"] == [{"video_id": MISSING, "url": f"https://www.youtube.com/watch?v={MISSING}",
                               "found": False, "datasets": [], "derived": []}]
    assert body["checked"] == ["alpha", "beta"]


def test_channel_and_playlist_are_honestly_unavailable(client):
    # The test app has no API key, no yt-dlp and no saved metadata: nothing can list a channel.
    for q, kind, message in [
            ("@somebody", "channel", "Channel lookups are not available on this server yet."),
            ("https://www.youtube.com/playlist?list=PLabcdefghijk", "playlist",
             "Playlist lookups are not available on this server yet.")]:
        response = client.get("/api/v1/lookup", query_string={"q": q})
        assert response.status_code == 501
        assert response.get_json() == {"error": {"status": 501, "message": message},
                                       "query": q, "kind": kind}


def test_name_search_without_a_name_index_is_400(client):
    # Text that is not a link cannot be answered here: the person can paste a link instead.
    response = client.get("/api/v1/lookup", query_string={"q": "some creator"})
    assert response.status_code == 400
    assert response.get_json() == {"error": {"status": 400, "message": NOT_BUILT},
                                   "query": "some creator", "kind": "name"}


def test_invalid_input_is_400_with_kind_invalid(client):
    response = client.get("/api/v1/lookup?q=https://example.com/watch?v=x")
    assert response.status_code == 400
    assert response.get_json() == {
        "error": {"status": 400, "message": "That is not a YouTube video or channel link."},
        "query": "https://example.com/watch?v=x", "kind": "invalid"}


def test_bad_video_id_and_unknown_slug_are_404(client):
    assert client.get("/api/v1/videos/x' OR 1=1--").get_json() == {
        "error": {"status": 404, "message": "x' OR 1=1-- is not a valid YouTube video ID."}}
    assert client.get("/api/v1/datasets/nope").get_json() == {
        "error": {"status": 404, "message": "There is no page at this address."}}


def test_post_lookup_checks_a_list(client):
    body = client.post("/api/v1/lookup", json={"ids": [
        "https://youtu.be/dQw4w9WgXcQ", "dQw4w9WgXcQ", MISSING, "not a link"]}).get_json()
    assert (body["kind"], body["count"], body["found"]) == ("list", 2, 1)
    assert [v["video_id"] for v in body["videos"]] == ["dQw4w9WgXcQ", MISSING]
    assert body["rejected"] == [{"input": "not a link", "message": "no video link or ID in it"}]


def test_post_lookup_cap_is_413(app, client):
    app.config["API_MAX_IDS"] = 3
    response = client.post("/api/v1/lookup", json=["dQw4w9WgXcQ"] * 4)
    assert response.status_code == 413
    assert response.get_json() == {"error": {"status": 413, "message":
                                             "That is 4 items; the limit is 3 per request."}}


def test_post_lookup_needs_a_list(client):
    for body in [b"{not json", b'{"ids": "dQw4w9WgXcQ"}', b"[1, 2]"]:
        response = client.post("/api/v1/lookup", data=body, content_type="application/json")
        assert response.status_code == 400
        assert response.get_json()["error"]["message"].startswith("Send a JSON list")


def test_datasets_list_marks_what_is_loaded(client):
    body = client.get("/api/v1/datasets").get_json()
    assert [(d["slug"], d["loaded"]) for d in body["datasets"]] == [
        ("alpha", True), ("beta", True), ("alpha-sub", False), ("gamma", False)]
    alpha = body["datasets"][0]
    assert alpha["index"]["videos"] == 2 and alpha["index"]["clips"] == 3
    assert alpha["reported"] == {"videos": 1000000, "clips": None, "hours": None}


def test_coverage_counts_and_overlap(client):
    body = client.get("/api/v1/coverage").get_json()
    assert body["totals"] == {"videos": 3, "memberships": 4, "clips": 5, "datasets": 2}
    assert body["overlap"] == [{"a": "alpha", "b": "beta", "videos": 1}]


def test_missing_index_is_503_for_lookups(empty_app):
    client = empty_app.test_client()
    response = client.get("/api/v1/videos/dQw4w9WgXcQ")
    assert response.status_code == 503
    assert response.get_json()["error"]["message"].startswith("The index has not been built yet.")
    assert client.get("/api/v1/datasets").status_code == 200


def test_dataset_json_carries_licence_history_contacts_and_fact_sources(tmp_path):
    from app import create_app  # the real catalogue, no index
    client = create_app({"TESTING": True, "INDEX_PATH": str(tmp_path / "none.db")}).test_client()
    body = client.get("/api/v1/datasets/panda-70m").get_json()
    assert [(h["date"], h["licence"]) for h in body["licence_history"]] == [
        ("2024-02-29", "No licence granted (informational purposes only)"),
        ("2024-10-15", "Non-commercial research use only")]
    assert {"kind": "removal", "email": "tsaishienchen@gmail.com"}.items() <= \
        body["contacts"][0].items()
    assert {"field": "videos_reported",
            "url": "https://github.com/snap-research/Panda-70M/blob/main/README.md"} in \
        body["sources_of"]
    apple = next(u for u in body["reported_uses"] if u["who"] == "Apple")
    assert apple["what"].startswith("Allegation:")
    assert apple["licence_then"] == "Non-commercial research use only"
    listed = {d["slug"]: d for d in client.get("/api/v1/datasets").get_json()["datasets"]}
    assert listed["youtube-commons"]["licence"] == "CC BY 4.0"
    assert listed["youtube-commons"]["reported"]["videos"] == 3156703
    assert listed["youtube-commons"]["loaded"] is False
