"""Per-client rate limits: channel lookups, refreshes and bulk checks get 429 with Retry-After
past their limit; video lookups never do; workers of one host share the counts."""

import pytest

from app import create_app
from tests.conftest import main_text, offline


@pytest.fixture
def limited(index_path, catalogue_path, tmp_path):
    def make(**config):
        return create_app({"TESTING": True, "INDEX_PATH": str(index_path),
                           "CATALOGUE_PATH": str(catalogue_path), **offline(tmp_path),
                           "RATELIMIT_CHANNEL": "3/minute", "RATELIMIT_BULK": "2/minute",
                           "RATELIMIT_REFRESH": "1/minute", **config})
    return make


def test_channel_lookups_past_the_limit_get_429_with_retry_after(limited):
    client = limited().test_client()
    assert [client.get("/c/handle:@one").status_code for _ in range(3)] == [503] * 3
    page = client.get("/c/handle:@one")
    assert page.status_code == 429 and 1 <= int(page.headers["Retry-After"]) <= 60
    assert main_text(page.data).startswith("Error 429 Too many requests You have sent more")
    api = client.get("/api/v1/channels/handle:@one")
    assert api.status_code == 429 and api.get_json()["error"]["status"] == 429
    assert client.get("/api/v1/lookup?q=@one").status_code == 429
    # Video lookups, through the same endpoint or their own, are never limited.
    for _ in range(10):
        assert client.get("/api/v1/lookup?q=dQw4w9WgXcQ").status_code == 200
        assert client.get("/api/v1/videos/dQw4w9WgXcQ").status_code == 200
        assert client.get("/v/dQw4w9WgXcQ").status_code == 200


def test_bulk_checks_and_refreshes_are_limited(limited):
    client = limited().test_client()
    # One bulk budget, whichever way the list comes in.
    assert client.post("/api/v1/lookup", json=["dQw4w9WgXcQ"]).status_code == 200
    assert client.post("/bulk", data={"ids": "dQw4w9WgXcQ"}).status_code == 303
    assert client.post("/bulk", data={"ids": "dQw4w9WgXcQ"}).status_code == 429
    assert client.post("/api/v1/lookup", json=["dQw4w9WgXcQ"]).status_code == 429
    assert client.post("/c/handle:@one/refresh").status_code == 503  # no resolver here
    assert client.post("/c/handle:@one/refresh").status_code == 429


def test_workers_share_counts_and_clients_are_counted_apart(limited):
    one, two = limited().test_client(), limited().test_client()  # two workers, one file
    assert one.get("/c/handle:@one").status_code == 503
    assert two.get("/c/handle:@one").status_code == 503
    assert one.get("/c/handle:@one").status_code == 503
    assert two.get("/c/handle:@one").status_code == 429
    other = {"REMOTE_ADDR": "192.0.2.7"}
    assert one.get("/c/handle:@one", environ_base=other).status_code == 503
    # An IPv6 client is counted by its /64: a new address in the same /64 is the same client.
    for n in range(3):
        assert one.get("/c/handle:@one", environ_base={
            "REMOTE_ADDR": f"2001:db8:1:2::{n + 1}"}).status_code == 503
    assert one.get("/c/handle:@one", environ_base={
        "REMOTE_ADDR": "2001:db8:1:2:ffff::9"}).status_code == 429
    assert one.get("/c/handle:@one", environ_base={
        "REMOTE_ADDR": "2001:db8:1:3::1"}).status_code == 503


def test_behind_a_proxy_the_forwarded_client_is_counted(limited):
    client = limited(PROXY_HOPS=1).test_client()
    for n in range(3):
        assert client.get("/c/handle:@one", headers={
            "X-Forwarded-For": "198.51.100.1"}).status_code == 503
    assert client.get("/c/handle:@one", headers={
        "X-Forwarded-For": "198.51.100.1"}).status_code == 429
    assert client.get("/c/handle:@one", headers={
        "X-Forwarded-For": "198.51.100.2"}).status_code == 503
