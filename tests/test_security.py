"""Headers, escaping, and hostile input: always a 4xx page or JSON error, never a 500."""

import io
import re
from urllib.parse import quote

import pytest

from tests.conftest import CAPTION

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'")


@pytest.mark.parametrize("url", ["/", "/v/dQw4w9WgXcQ", "/nope", "/static/site.css",
                                 "/v/dQw4w9WgXcQ?format=csv"])
def test_security_headers_on_every_response(client, url):
    headers = client.get(url).headers
    assert headers["Content-Security-Policy"] == CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Permissions-Policy"] == "camera=(), microphone=(), geolocation=()"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("url", ["/api/v1/datasets", "/api/v1/videos/dQw4w9WgXcQ",
                                 "/api/v1/videos/nope", "/api/v1/nope"])
def test_api_answers_carry_the_headers_owasp_asks_of_json(client, url):
    headers = client.get(url).headers
    # Nothing may load from a JSON answer, nor frame it; it is not sniffed, any site may read it.
    assert headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Access-Control-Allow-Origin"] == "*"
    # The HTML-only ones are left off: each is read by the server character by character.
    for name in ("Referrer-Policy", "Permissions-Policy", "Cross-Origin-Opener-Policy"):
        assert name not in headers


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


# Every route of the app, fuzzed three ways: hostile path arguments, hostile query strings
# (url_for's own keywords, the routes' argument names, huge, broken or odd values) and hostile
# bodies, under a forged Host header. None may answer 5xx, show a traceback, echo a script
# unescaped in HTML, or send the forged host back in a Location header.
EVIL_HOST = "evil.example"
SEGMENTS = ["<script>alert(1)</script>", "' OR 1=1; --", "../../etc/passwd", "%00", "\x00",
            "A" * 3000, "\u202e\u200b\ufeff", "😀", "dQw4w9WgXcR", "-sHIYAaJ7CK", "dQw4w9WgXc",
            "handle:@seven", "handle:@Seven.", "id:UC_x5XG1OV2P6uZZ5FSM9Ttw", "video:dQw4w9WgXcQ",
            "video:x", "custom:" + "x" * 200, "alpha", ":", "..", "%ff%fe"]
QUERIES = [
    "ref=x&key=y&_method=DELETE&_external=1&_anchor=x&_scheme=javascript",
    "_external=1&_scheme=https&format=json",
    "_external=1&format=csv&sort=clips&page=2",
    "video_id=x&slug=y&job_id=z&filename=../x&ref=handle:@x&q=x&ids=x&from=x",
    "q=%3Cscript%3Ealert(1)%3C/script%3E&ids=%3Cscript%3Ealert(1)%3C/script%3E&sort=%3Cx%3E"
    "&page=-5&t=abc&limit=-1&from=%3Cscript%3E",
    "page=99999999999999999999999&t=99999999999999999999&limit=99999999999999&format=html",
    "q=" + "A" * 5000 + "&ids=" + ",".join(["dQw4w9WgXcQ", "-sHIYAaJ7CK"] * 150),
    "%ff%fe=%ff&%00=%00&format=%ff&q=%ED%A0%80",
    "q=https://consent.youtube.com/m?continue%3D" + "https%253A%252F%252F" * 50,
    "lang=%3Cscript%3Ealert(1)%3C/script%3E&lang=de&lang=",
    "lang=" + "z" * 5000 + "&format=html",
    "lang=%ff%fe%00&format=json",
    "lang=zh-Hant-TW&format=csv",
]
# The language a page is in comes from ?lang=, the lang cookie or Accept-Language: each
# request carries one of these odd headers (web/i18n.py must shrug them all off).
LANGUAGE_HEADERS = [
    {"Accept-Language": "de;q=abc, zh-Hans-CN;q=1.5, *;q=-1, ;q=0.1"},
    {"Accept-Language": "x" * 4000, "Cookie": "lang=" + "y" * 3000},
    {"Accept-Language": "zh-TW, de-AT;q=0.9, en;q=0", "Cookie": "lang=%3Cscript%3E"},
    {"Accept-Language": "\u00e9\u00e8, \u4e2d\u6587", "Cookie": "lang=zh; lang=de"},
    {"Accept-Language": ",,,;;;===", "Cookie": "lang"},
]
DEEP_JSON = b"[" * 1000 + b"]" * 1000


def _bodies():
    """Fresh hostile bodies (file objects are read once, so they are made per request)."""
    utf16 = ("Video-ID,Titel\n-sHIYAaJ7CK,x\n<script>alert(1)</script>,y\n").encode("utf-16")
    return [
        {"data": DEEP_JSON, "content_type": "application/json"},
        {"data": b"{" * 100_000, "content_type": "application/json"},
        {"data": b'{"ids": {"a": [1, [2, {"b": null}]]}}', "content_type": "application/json"},
        {"data": b'[null, 1, ["x"], "' + b"\\ud800" + b'"]', "content_type": "application/json"},
        {"data": b"\xff\xfe\x00garbage\x00", "content_type": "application/json"},
        {"data": {"ids": "<script>alert(1)</script>\ndQw4w9WgXcR\n" + "A" * 3000,
                  "ref": "x", "_external": "1", "_method": "DELETE"}},
        {"data": {"ids": "", "file": (io.BytesIO(utf16), "export.csv")},
         "content_type": "multipart/form-data"},
        {"data": {"file": (io.BytesIO(b"\x00\xff" * 5000), "binary.csv")},
         "content_type": "multipart/form-data"},
        {"data": b"ids=%ff%fe%00&file=%00", "content_type": "application/x-www-form-urlencoded"},
    ]


@pytest.fixture
def fuzz_app(index_path, catalogue_path, tmp_path):
    """The app with every feature on: channels from the loopback YouTube fake, name search,
    saved checks and watches."""
    from app import create_app
    from lookup.youtube.metadata import Metadata, connect, save
    from lookup.names import build, records_from_metadata
    from tests.test_names import META
    from tests.youtube_fake import FakeYouTube, channel_id, video_ids

    conn = connect(tmp_path / "metadata.db")
    save(conn, META[:4])
    conn.close()
    build(records_from_metadata(Metadata(tmp_path / "metadata.db")), tmp_path / "names")
    fake = FakeYouTube("fuzz-key")
    fake.start()
    fake.add_channel(channel_id(7), "Synthetic Seven", video_ids(3, seed=7), handle="@seven")
    app = create_app({"TESTING": True, "INDEX_PATH": str(index_path),
                      "CATALOGUE_PATH": str(catalogue_path), "YTDLP_ENABLED": False,
                      "YOUTUBE_API_KEY": "fuzz-key", "YOUTUBE_API_BASE": fake.api_base,
                      "OEMBED_BASE": fake.root, "CHANNEL_CACHE_PATH": str(tmp_path / "ch.db"),
                      "METADATA_PATH": str(tmp_path / "metadata.db"),
                      "NAMES_PATH": str(tmp_path / "names"), "CHANNEL_WAIT": 2.0,
                      "HTTP_CONNECT_TIMEOUT": 1.0, "HTTP_READ_TIMEOUT": 2.0,
                      # The deepest code, not the guards in front of it: listings run in a
                      # thread, and no rate limit answers 429 before a view is reached.
                      "CHANNEL_WORKER": "thread", "RATELIMIT_ENABLED": False,
                      "CHECKS_PATH": str(tmp_path / "checks.db"),
                      "WATCH_PATH": str(tmp_path / "watch.db")})
    yield app
    app.extensions["lookup.channels"].shutdown()
    fake.stop()


def _routes(app):
    """(rule, methods) for every route, static files included."""
    return [(rule, sorted(rule.methods - {"HEAD", "OPTIONS"})) for rule in app.url_map.iter_rules()]


# Arguments that reach the deepest code: a ref in a spelling that redirects, a real dataset.
BENIGN = {"video_id": "dQw4w9WgXcQ", "ref": "handle:@Seven", "slug": "alpha", "job_id": "x",
          "filename": "site.css"}


def _path(rule, value=None):
    """The rule's path with every argument set to value (percent-encoded), or to a benign one."""
    safe = "/" if "path:" in rule.rule else ""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>",
                  lambda m: quote(BENIGN.get(m.group(1), "x") if value is None else value,
                                  safe=safe), rule.rule)


def _check(response, what):
    assert response.status_code < 500, (what, response.status_code, response.data[:300])
    body = response.get_data(as_text=True)
    assert "Traceback" not in body, what
    if response.mimetype == "text/html":
        assert "<script>alert" not in body, what
    assert EVIL_HOST not in response.headers.get("Location", ""), what


def test_every_route_survives_hostile_paths_queries_and_bodies(fuzz_app):
    client = fuzz_app.test_client()
    requests = 0

    def headers():
        return {"Host": EVIL_HOST, **LANGUAGE_HEADERS[requests % len(LANGUAGE_HEADERS)]}

    for rule, methods in _routes(fuzz_app):
        benign = _path(rule)
        for method in methods + ["DELETE"]:
            call = getattr(client, method.lower())
            for value in SEGMENTS:
                url = _path(rule, value)
                _check(call(url, headers=headers()), (method, url[:120]))
                requests += 1
            for query in QUERIES:
                _check(call(f"{benign}?{query}", headers=headers()),
                       (method, rule.rule, query[:80]))
                requests += 1
            for number, body in enumerate(_bodies()):
                _check(call(benign, headers=headers(), **body), (method, rule.rule, number))
                requests += 1
    assert requests > 1000  # every route, every method, every variant


def test_url_for_keywords_in_a_redirect_query_are_dropped(fuzz_app):
    client = fuzz_app.test_client()
    response = client.get("/c/handle:@Seven?ref=x&key=y&_external=1&_scheme=javascript"
                          "&_anchor=x&_method=DELETE&sort=clips&page=2&format=csv",
                          headers={"Host": EVIL_HOST})
    assert response.status_code == 301
    assert response.headers["Location"] == "/c/handle:@seven?sort=clips&page=2&format=csv"


def test_a_deeply_nested_json_body_is_a_400_that_says_why(client):
    for depth in (1_000, 100_000):
        response = client.post("/api/v1/lookup", data=b"[" * depth + b"]" * depth,
                               content_type="application/json")
        assert response.status_code == 400
        assert response.get_json()["error"]["message"].startswith(
            "That JSON is nested too deeply to be a list of video IDs.")
