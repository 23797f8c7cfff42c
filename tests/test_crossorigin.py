"""Cross-site requests: every state-changing request from another site is refused, app-wide;
the JSON lookup API (a read) answers any site and any client."""

import pytest

from tests.conftest import main_text

CROSS = [{"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"},
         {"Origin": "https://evil.example"}, {"Origin": "null"},
         {"Origin": "http://localhost.evil.example"}]
SAME = [{"Sec-Fetch-Site": "same-origin"}, {"Sec-Fetch-Site": "none"},
        {"Origin": "http://localhost"}, {}]


@pytest.mark.parametrize("headers", CROSS)
def test_cross_site_posts_are_refused(client, headers):
    # Every kind of state change: a listing's refresh, a check, an export, a saved check and
    # its re-run, a watch made and stopped.
    for url, data in [("/c/handle:@one/refresh", {}), ("/bulk", {"ids": "dQw4w9WgXcQ"}),
                      ("/export/ids.csv", {"ids": "dQw4w9WgXcQ"}),
                      ("/checks", {"ids": "dQw4w9WgXcQ"}), ("/s/abc123/again", {}),
                      ("/watch", {"check": "abc123"}), ("/watch/abc123/stop", {})]:
        response = client.post(url, data=data, headers=headers)
        assert response.status_code == 403, (url, headers)
        assert "This request came from another site, so it was not carried out." in \
            main_text(response.data)


@pytest.mark.parametrize("headers", SAME)
def test_same_site_and_non_browser_posts_pass(client, headers):
    assert client.post("/bulk", data={"ids": "dQw4w9WgXcQ"}, headers=headers).status_code == 303
    # no resolver is configured here, so a refresh that gets through answers 503
    assert client.post("/c/handle:@one/refresh", headers=headers).status_code == 503


@pytest.mark.parametrize("headers", CROSS + SAME)
def test_the_json_lookup_api_answers_any_site(client, headers):
    response = client.post("/api/v1/lookup", json=["dQw4w9WgXcQ"], headers=headers)
    assert response.status_code == 200 and response.get_json()["found"] == 1


def test_a_form_added_later_is_covered_without_extra_work(app):
    @app.post("/saved-checks")  # e.g. a new feature's form handler
    def save():
        return "saved", 201
    client = app.test_client()
    assert client.post("/saved-checks", headers={"Sec-Fetch-Site": "cross-site"}).status_code \
        == 403
    assert client.post("/saved-checks", headers={"Sec-Fetch-Site": "same-origin"}).status_code \
        == 201


def test_trusted_origins_may_post(app):
    app.config["TRUSTED_ORIGINS"] = ["https://partner.example"]
    response = app.test_client().post("/bulk", data={"ids": "dQw4w9WgXcQ"},
                                      headers={"Origin": "https://partner.example"})
    assert response.status_code == 303
