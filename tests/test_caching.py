"""Answers that depend only on the snapshot carry an ETag from it and are revalidated with 304;
answers that change between requests (channels, errors) are never marked cacheable."""

import sqlite3

import pytest


@pytest.mark.parametrize("url", ["/v/dQw4w9WgXcQ", "/api/v1/videos/dQw4w9WgXcQ", "/datasets",
                                 "/api/v1/datasets/alpha", "/coverage", "/api/v1/coverage",
                                 "/bulk/result?ids=dQw4w9WgXcQ,aaaaaaaaaaA"])
def test_snapshot_answers_have_an_etag_and_revalidate(client, url):
    response = client.get(url)
    etag = response.headers["ETag"]
    assert response.status_code == 200 and etag.startswith('W/"')
    assert response.headers["Cache-Control"] == "public, max-age=300"
    again = client.get(url, headers={"If-None-Match": etag})
    assert (again.status_code, again.data, again.headers["ETag"]) == (304, b"", etag)
    assert client.get(url, headers={"If-None-Match": 'W/"other"'}).status_code == 200


def test_a_new_snapshot_changes_the_tag(app, index_path):
    client = app.test_client()
    before = client.get("/v/dQw4w9WgXcQ").headers["ETag"]
    copy = index_path.with_name("next.db")
    copy.write_bytes(index_path.read_bytes())
    conn = sqlite3.connect(copy)
    conn.execute("UPDATE meta SET value = '2031-01-01T00:00:00+00:00' WHERE key = 'snapshot'")
    conn.commit()
    conn.close()
    copy.replace(index_path)  # a rebuild swaps the file in
    response = client.get("/v/dQw4w9WgXcQ", headers={"If-None-Match": before})
    assert response.status_code == 200 and response.headers["ETag"] != before
    assert "2031-01-01" in response.headers["ETag"]


def test_errors_and_uncacheable_answers_have_no_etag(client, empty_app):
    assert "ETag" not in client.get("/v/not-an-id").headers
    assert "ETag" not in client.get("/c/handle:@one").headers
    assert "ETag" not in client.get("/api/v1/lookup?q=@one").headers
    assert "ETag" not in empty_app.test_client().get("/datasets").headers


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains"
