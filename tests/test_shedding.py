"""Load shedding (web/shedding.py) and the gunicorn worker's helpers (web/server.py): requests
that waited too long or find no free slot get a quick 503; channel lookups and bulk checks
have slots of their own; answers are written in one send."""

import platform
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app import create_app
from tests.conftest import offline
from web import server, shedding


@pytest.fixture
def gate():
    return threading.Event()


@pytest.fixture
def make(index_path, catalogue_path, tmp_path, gate):
    def make(**config):
        app = create_app({"TESTING": True, "INDEX_PATH": str(index_path),
                          "CATALOGUE_PATH": str(catalogue_path), **offline(tmp_path), **config})

        @app.get("/slow")
        def slow():
            gate.wait(5)
            return "slow"

        @app.get("/c/slow")
        def slow_channel():
            gate.wait(5)
            return "slow channel"
        return app
    return make


def hold(client, url):
    """Start a request that blocks until the gate opens; returns its thread and answer list."""
    answers = []
    thread = threading.Thread(target=lambda: answers.append(client.get(url).status_code))
    thread.start()
    return thread, answers


def wait_busy(app, attr):
    slots = getattr(app.wsgi_app, attr)
    while slots._value:  # until the held request has its slot
        threading.Event().wait(0.01)


def test_past_max_active_requests_answer_503_at_once(make, gate):
    app = make(MAX_ACTIVE_REQUESTS=1)
    client = app.test_client()
    thread, answers = hold(client, "/slow")
    wait_busy(app, "slots")
    busy = client.get("/api/v1/videos/dQw4w9WgXcQ")
    assert (busy.status_code, busy.headers["Retry-After"]) == (503, "1")
    assert busy.get_json()["error"]["message"].startswith("The site is busy right now.")
    assert "The site is busy right now." in client.get("/v/dQw4w9WgXcQ").get_data(as_text=True)
    gate.set()
    thread.join(5)
    assert answers == [200] and client.get("/v/dQw4w9WgXcQ").status_code == 200


def test_heavy_requests_have_slots_of_their_own(make, gate):
    app = make(HEAVY_MAX_ACTIVE=1)
    client = app.test_client()
    thread, answers = hold(client, "/c/slow")
    wait_busy(app, "heavy")
    assert client.get("/c/handle:@other").status_code == 503
    assert client.get("/api/v1/lookup?q=@other").status_code == 503
    assert client.post("/api/v1/lookup", json=["dQw4w9WgXcQ"]).status_code == 503
    # video lookups, by any route, are not held up by channels
    assert client.get("/api/v1/lookup?q=dQw4w9WgXcQ").status_code == 200
    assert client.get("/api/v1/videos/dQw4w9WgXcQ").status_code == 200
    gate.set()
    thread.join(5)
    assert answers == [200]


def test_a_request_that_waited_too_long_is_shed(make):
    app = make(SHED_QUEUED=0.05)
    client = app.test_client()
    shedding.arrived.at = shedding.time.monotonic() - 0.2  # as web.server.Worker notes it
    try:
        assert client.get("/api/v1/videos/dQw4w9WgXcQ").status_code == 503
        shedding.arrived.at = shedding.time.monotonic()
        assert client.get("/api/v1/videos/dQw4w9WgXcQ").status_code == 200
    finally:
        shedding.arrived.at = None
    assert client.get("/api/v1/videos/dQw4w9WgXcQ").status_code == 200  # no stamp: no shed


@pytest.mark.parametrize("line, heavy", [
    (b"GET /c/handle:@x HTTP/1.1\r\nHost: a\r\n", True),
    (b"GET /api/v1/channels/handle:@x HTTP/1.1\r\n", True),
    (b"GET /api/v1/lookup?q=%40someone HTTP/1.1\r\n", True),
    (b"GET /api/v1/lookup?q=https%3A%2F%2Fwww.youtube.com%2F%40someone HTTP/1.1\r\n", True),
    (b"GET /api/v1/lookup?q=dQw4w9WgXcQ HTTP/1.1\r\n", False),
    (b"POST /api/v1/lookup HTTP/1.1\r\n", True),
    (b"POST /bulk HTTP/1.1\r\n", True),
    (b"GET /bulk HTTP/1.1\r\n", False),
    (b"GET /api/v1/videos/dQw4w9WgXcQ HTTP/1.1\r\n", False),
    (b"GET /v/dQw4w9WgXcQ HTTP/1.1\r\n", False),
    (b"GET /c/handle:@x HTT", False),  # not arrived whole: a thread of the ordinary pool
    (b"", False),
    (b"\xff\xfe garbage\r\n", False),
])
def test_requests_are_sorted_by_their_first_line(line, heavy):
    assert shedding.heavy_line(line) is heavy


class Socket:
    def __init__(self):
        self.sent = []

    def sendall(self, data):
        self.sent.append(bytes(data))

    def fileno(self):
        return 7


def test_an_answer_leaves_in_one_send():
    sock = Socket()
    held = server._Held(sock)
    held.sendall(b"HTTP/1.1 200 OK\r\n\r\n")
    held.sendall(b'{"found": true}')
    assert sock.sent == []
    held.flush()
    assert sock.sent == [b'HTTP/1.1 200 OK\r\n\r\n{"found": true}']
    held.sendall(b"head")
    held.sendall(b"x" * (server._Held.LIMIT + 1))  # a large answer streams past the limit
    assert sock.sent[1:] == [b"head", b"x" * (server._Held.LIMIT + 1)]
    held.sendall(b"tail")
    assert held.fileno() == 7 and sock.sent[-1] == b"tail"  # anything else flushes first


# Megabytes of text built, joined, encoded and freed, as each bulk answer is; prints the page
# faults of ten rounds, after three to warm up.
_BULK_LIKE = """
import resource, sys
from web import server
if sys.argv[1] == "kept":
    assert server.keep_freed_memory()

def answer():
    parts = [("x" * 1000 + str(i)) * 3000 for i in range(8)]
    return "".join(parts).encode()

for _ in range(3):
    answer()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(10):
    answer()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt() is glibc's")
def test_a_worker_keeps_the_memory_its_requests_free():
    root = Path(__file__).resolve().parent.parent
    faults = {how: int(subprocess.run([sys.executable, "-c", _BULK_LIKE, how], cwd=root,
                                      capture_output=True, text=True, check=True).stdout)
              for how in ("default", "kept")}
    assert faults["default"] > 1000  # memory handed back and mapped anew each time
    assert faults["kept"] < faults["default"] / 10
