"""The human pages over a real small index: exact text, links, status codes."""

from tests.conftest import MISSING, main_text

COVERAGE = ("Checks 2 datasets as of {day} : Alpha-1M , Beta . "
            "2 more in the catalogue are not loaded yet : Alpha-Sub , Gamma .")


def day(client):
    return client.get("/api/v1/coverage").get_json()["snapshot"][:10]


def test_home_has_the_paste_box_and_coverage(client):
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<label for="q">Paste a YouTube video or channel link, or an @handle</label>' in html
    assert COVERAGE.format(day=day(client)) in main_text(html)
    assert 'href="/datasets"' in html and 'href="/methodology"' in html


def test_pasted_link_redirects_to_the_video_page(client):
    response = client.get("/lookup?q=https://www.youtube.com/watch?v%3DdQw4w9WgXcQ%26t%3D95")
    assert response.status_code == 302
    assert response.headers["Location"] == "/v/dQw4w9WgXcQ?t=95"


def test_video_page_shows_datasets_clips_and_evidence(client):
    html = client.get("/v/dQw4w9WgXcQ").get_data(as_text=True)
    text = main_text(html)
    assert "Found in 2 datasets This video is listed in Alpha-1M , Beta , 3 clips in all." in text
    assert ("Alpha-1M 2 clips Licence CC BY 4.0 Terms Research use only. Full terms") in text
    assert '<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=95s"' in html
    assert "1:35.5 1:40" in text
    assert "Source file alpha-synthetic.csv SHA-256 " in text and "Line 2 Read on" in text
    assert ("Alpha-Sub : derived from Alpha-1M — likely also contains this video "
            "(not loaded here, so not checked)") in text
    assert 'href="/removal?ids=dQw4w9WgXcQ"' in html


def test_video_not_found_says_what_was_checked(client):
    text = main_text(client.get(f"/v/{MISSING}").data)
    assert (f"Not found in the datasets checked This video is not listed in any of the 2 "
            f"datasets loaded here, as of {day(client)}. That does not mean it was never used: "
            "private or unpublished training sets cannot be checked, and datasets not loaded "
            "yet were not searched.") in text


def test_channel_and_playlist_get_an_honest_page(client):
    # The test app has no API key, no yt-dlp and no saved metadata: nothing can list a channel.
    for q, heading in [("https://www.youtube.com/@somebody", "Channel lookups are not available"),
                       ("https://www.youtube.com/playlist?list=PLabcdefghijk",
                        "Playlist lookups are not available")]:
        response = client.get("/lookup", query_string={"q": q})
        assert response.status_code == 200
        assert heading in main_text(response.data)


def test_a_name_goes_to_name_search(client):
    response = client.get("/lookup", query_string={"q": "my  favourite creator"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/names?q=my+favourite+creator"


def test_invalid_input_shows_the_box_again_with_the_reason(client):
    response = client.get("/lookup?q=https://vimeo.com/123")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'aria-invalid="true"' in html
    assert "That is not a YouTube video or channel link." in main_text(html)


def test_bulk_post_redirects_to_a_shareable_result(client):
    response = client.post("/bulk", data={"ids": f"https://youtu.be/dQw4w9WgXcQ\n{MISSING}, "
                                                 "kJQP7kiw5Fk"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/bulk/result?ids=dQw4w9WgXcQ,{MISSING},kJQP7kiw5Fk"


def test_bulk_result_layout_summary_chart_and_table(client):
    text = main_text(client.get(f"/bulk/result?ids=dQw4w9WgXcQ,9bZkp7q19f0,kJQP7kiw5Fk,{MISSING}").data)
    assert text.startswith("Your list of 4 videos 3 of your 4 videos are in 2 datasets")
    assert "Videos per dataset Alpha-1M 2 Beta 2 Your videos found in each dataset" in text
    # PAGE_SIZE is 2 in tests: page 1 of 2, sorted by number of datasets.
    assert ("Video Datasets Clips First clip dQw4w9WgXcQ Alpha-1M , Beta 3 0:30 "
            "9bZkp7q19f0 Alpha-1M 1 0:00 Page 1 of 2 Next →") in text


def test_a_bulk_result_of_one_video_is_titled_in_the_singular(client):
    assert main_text(client.get("/bulk/result?ids=dQw4w9WgXcQ").data).startswith(
        "Your list of 1 video Your video is in 2 datasets")
    german = main_text(client.get("/bulk/result?ids=dQw4w9WgXcQ,9bZkp7q19f0&lang=de").data)
    assert german.startswith("Ihre Liste mit 2 Videos")


def test_bulk_result_sorts_and_pages_by_query(client):
    url = "/bulk/result?ids=dQw4w9WgXcQ,9bZkp7q19f0,kJQP7kiw5Fk&sort=clips&page=2"
    text = main_text(client.get(url).data)
    assert "Video Datasets Clips First clip kJQP7kiw5Fk Beta 1 1:00:00 ← Previous Page 2 of 2" in text


def test_bulk_upload_reads_a_takeout_csv(client):
    import io
    takeout = ("Video ID,Approx Duration (ms),Video title (original)\n"
               "kJQP7kiw5Fk,1000,My video\n9bZkp7q19f0,2000,\"Another, with comma\"\n")
    response = client.post("/bulk", data={"ids": "", "file": (io.BytesIO(takeout.encode()),
                                                              "videos.csv")},
                           content_type="multipart/form-data")
    assert response.headers["Location"] == "/bulk/result?ids=kJQP7kiw5Fk,9bZkp7q19f0"


def test_bulk_with_nothing_usable_is_400(client):
    response = client.post("/bulk", data={"ids": "hello world"})
    assert response.status_code == 400
    assert "No YouTube video links or IDs were found in that input." in main_text(response.data)


def test_bulk_cap_is_a_friendly_413(app, client):
    app.config["BULK_MAX_IDS"] = 2
    response = client.post("/bulk", data={"ids": "dQw4w9WgXcQ 9bZkp7q19f0 kJQP7kiw5Fk"})
    assert response.status_code == 413
    assert ("That list holds more than 2 distinct videos; the limit is 2 per check. "
            "Split it and check each part.") in main_text(response.data)


def test_datasets_list_shows_sizes_and_not_loaded(client):
    text = main_text(client.get("/datasets").data)
    assert ("Alpha-1M Alpha Lab 2023 CC BY 4.0 2 3 0.0 Beta — — not confirmed 2 2 0.0 "
            "Alpha-Sub — — not confirmed not loaded yet — — Gamma — — not confirmed not loaded "
            "yet — —") in text
    assert "WebVid-10M : Stock footage, not YouTube." in text


def test_dataset_page_facts_terms_removal_bibtex(client):
    html = client.get("/datasets/alpha").get_data(as_text=True)
    text = main_text(html)
    assert "Restrictive clauses, quoted You may not redistribute the videos." in text
    assert ("Requesting removal Official removal route: remove@alpha.example · where it is "
            "published . Answers within 30 days.") in text
    beta = main_text(client.get("/datasets/beta").data)
    assert ("Beta publishes no removal contact. These are the closest real channels to the "
            "people behind it; none is an official removal route. The project's issue tracker "
            "(public): https://example.org/beta/issues") in beta
    assert "Reported uses Example Corp : trained a video model (2024-01) — source" in text
    assert '<pre class="bibtex" tabindex="0">@article{alpha2023, title={Alpha}, year={2023}}</pre>' in html
    assert "alpha-synthetic.csv " in text and " 3 0 2 " in text


def test_unknown_dataset_is_a_friendly_404(client):
    response = client.get("/datasets/../../etc/passwd")
    assert response.status_code == 404
    response = client.get("/datasets/nope")
    assert response.status_code == 404
    assert "Error 404 Not found There is no page at this address." in main_text(response.data)


def test_methodology_and_coverage_pages(client):
    text = main_text(client.get("/methodology").data)
    assert "python scripts/ingest.py DATASET FILE" in text
    assert "WebVid-10M : Stock footage, not YouTube." in text
    text = main_text(client.get("/coverage").data)
    assert "Distinct videos 3 Memberships 4 Clips 5 Datasets loaded 2" in text
    assert "Alpha-1M Beta 1" in text


def test_json_and_csv_twins(client):
    assert client.get("/v/dQw4w9WgXcQ?format=json").headers["Location"] == "/api/v1/videos/dQw4w9WgXcQ"
    assert client.get("/datasets?format=json").headers["Location"] == "/api/v1/datasets"
    assert client.get("/v/dQw4w9WgXcQ?format=csv").mimetype == "text/csv"


def test_pages_render_without_an_index(empty_app):
    client = empty_app.test_client()
    for url in ["/", "/datasets", "/datasets/alpha", "/coverage", "/methodology", "/bulk", "/api"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "The index has not been built yet." in main_text(response.data), url
    response = client.get("/v/dQw4w9WgXcQ")
    assert response.status_code == 503
    assert "The index has not been built yet." in main_text(response.data)


def test_index_path_comes_from_the_environment(monkeypatch, catalogue_path):
    from app import create_app
    monkeypatch.setenv("INDEX_PATH", "/srv/a.db")
    assert create_app({"CATALOGUE_PATH": str(catalogue_path)}).config["INDEX_PATH"] == "/srv/a.db"
    monkeypatch.setenv("FLASK_INDEX_PATH", "/srv/b.db")
    assert create_app({"CATALOGUE_PATH": str(catalogue_path)}).config["INDEX_PATH"] == "/srv/b.db"
