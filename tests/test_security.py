"""Headers, escaping, and hostile input: always a 4xx page or JSON error, never a 500."""

import pytest

from tests.conftest import CAPTION

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'")


@pytest.mark.parametrize("url", ["/", "/v/dQw4w9WgXcQ", "/api/v1/datasets", "/nope",
                                 "/static/site.css", "/v/dQw4w9WgXcQ?format=csv"])
def test_security_headers_on_every_response(client, url):
    headers = client.get(url).headers
    assert headers["Content-Security-Policy"] == CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_dataset_captions_are_escaped(client):
    html = client.get("/v/dQw4w9WgXcQ").get_data(as_text=True)
    assert CAPTION not in html
    assert "<q>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; a man &amp; a dog</q>" in html


def test_no_inline_scripts_or_styles(client):
    for url in ["/", "/v/dQw4w9WgXcQ", "/bulk/result?ids=dQw4w9WgXcQ", "/removal?ids=dQw4w9WgXcQ",
                "/datasets/alpha", "/coverage"]:
        html = client.get(url).get_data(as_text=True)
        assert "<script>" not in html and " style=" not in html and "<style" not in html, url
        assert html.count("<script") == 1  # the one external, deferred enhancement file


HOSTILE = [
    "/lookup?q=%3Cscript%3Ealert(1)%3C/script%3E",
    "/lookup?q=' OR 1=1; DROP TABLE membership; --",
    "/lookup?q=" + "A" * 5000,
    "/lookup?q=%00%ff%fe",
    "/v/%3Cscript%3E",
    "/v/AAAAAAAAAAB",
    "/v/" + "x" * 3000,
    "/datasets/%3Cimg%20src=x%3E",
    "/removal?ids=",
    "/removal?ids=<b>",
    "/bulk/result?ids=zzz",
    "/bulk/result?ids=dQw4w9WgXcQ&sort=<x>&page=-5",
    "/bulk/result?ids=dQw4w9WgXcQ&page=abc",
    "/api/v1/lookup",
    "/api/v1/lookup?q=%3Csvg%20onload=alert(1)%3E",
    "/api/v1/videos/' OR 1=1 --",
    "/api/v1/datasets/' OR 1=1 --",
    "/export/ids.csv?ids=<script>",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_hostile_input_never_500s(client, url):
    response = client.get(url)
    assert response.status_code < 500, response.data[:300]
    body = response.get_data(as_text=True)
    if response.mimetype == "application/json":
        return  # JSON is never rendered as HTML (nosniff), so raw text in it is harmless
    assert "<script>alert" not in body and "<svg onload" not in body and "<img src=x" not in body
    assert "Traceback" not in body


def test_hostile_html_is_echoed_escaped(client):
    response = client.get("/lookup?q=https://evil.example/%3Cscript%3Ealert(1)%3C/script%3E")
    assert response.status_code == 400
    assert 'value="https://evil.example/&lt;script&gt;alert(1)&lt;/script&gt;"' in \
        response.get_data(as_text=True)


def test_five_megabyte_paste_is_a_friendly_413(client):
    response = client.post("/bulk", data={"ids": "dQw4w9WgXcQ\n" * 450_000})
    assert response.status_code == 413
    assert "larger than the 4 MB this site accepts" in response.get_data(as_text=True)
    response = client.post("/api/v1/lookup", data=b"[" + b'"x",' * 1_300_000 + b'"x"]',
                           content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["error"]["status"] == 413


def test_wrong_method_is_405_with_a_page(client):
    response = client.post("/datasets")
    assert response.status_code == 405
    assert "This address does not accept that kind of request." in response.get_data(as_text=True)
    assert client.delete("/api/v1/lookup").get_json() == {
        "error": {"status": 405, "message": "This address does not accept that kind of request."}}


def test_an_unexpected_crash_is_a_plain_500_page(app, client, monkeypatch):
    from web import results
    monkeypatch.setattr(results, "video", lambda *a: 1 / 0)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    app.testing = False
    response = client.get("/v/dQw4w9WgXcQ")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Something went wrong on our side." in body and "ZeroDivisionError" not in body
    assert response.headers["X-Frame-Options"] == "DENY"


def test_a_corrupt_index_file_is_a_503_not_a_traceback(tmp_path, catalogue_path):
    from app import create_app
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    client = create_app({"INDEX_PATH": str(bad), "CATALOGUE_PATH": str(catalogue_path)}).test_client()
    assert client.get("/api/v1/videos/dQw4w9WgXcQ").status_code == 503
    assert client.get("/").status_code == 200
