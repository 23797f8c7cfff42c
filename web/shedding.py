"""Load shedding: a request that waited too long in the server's queue, or that finds
MAX_ACTIVE_REQUESTS already at work in its process, is answered 503 at once; so is a channel
lookup or bulk check that finds HEAVY_MAX_ACTIVE of its kind at work, so that a flood of them
leaves the threads and the CPU to video lookups.

A server past its capacity that queues every request makes every answer late; one that
refuses the excess quickly keeps the answers it gives fast, and the client (or the balancer,
on another host) tries again. How long a request waited is known when the server says when it
arrived: deploy/gunicorn.conf.py runs web.server.Worker, which stamps it (`arrived`), and
behind nginx the X-Request-Start header does. Sizing: deploy/README.md.
"""

import threading
import time
from urllib.parse import parse_qs, unquote

import orjson

from lookup.ids import parse

MESSAGE = "The site is busy right now. Please try again in a moment."
_HTML = ("<!doctype html><title>Busy</title><p>" + MESSAGE + "</p>").encode()
_JSON = orjson.dumps({"error": {"status": 503, "message": MESSAGE}})

# When the request this thread is about to serve arrived (time.monotonic()), or None.
arrived = threading.local()


class Shedder:
    """WSGI middleware: sheds requests queued longer than max_queued s, past max_active, or
    heavy (see heavy()) past max_heavy; 0 turns a bound off."""

    def __init__(self, app, max_active, max_queued, max_heavy=0):
        self.app, self.max_queued = app, max_queued
        self.slots = threading.BoundedSemaphore(max_active) if max_active else None
        self.heavy = threading.BoundedSemaphore(max_heavy) if max_heavy else None

    def __call__(self, environ, start_response):
        since = getattr(arrived, "at", None)
        if since is not None and self.max_queued and \
                time.monotonic() - since > self.max_queued:
            return _busy(environ, start_response)
        held = []
        try:
            for slots in (self.heavy if heavy(environ) else None, self.slots):
                if slots is None:
                    continue
                if not slots.acquire(blocking=False):
                    return _busy(environ, start_response)
                held.append(slots)
            # The app's work is done when it returns (no view streams its body), so the slots
            # are free while the server writes the answer to a slow client.
            return self.app(environ, start_response)
        finally:
            for slots in held:
                slots.release()


HEAVY_PATHS = ("/c/", "/api/v1/channels/", "/bulk", "/export/ids.csv")


def heavy(environ):
    """True for channel lookups and bulk checks: the requests a flood is made of."""
    return _heavy(environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", ""),
                  environ.get("QUERY_STRING", ""))


def heavy_line(data):
    """heavy() for the raw start of a request ("GET /c/x HTTP/1.1\r\n..."); False when the
    line has not arrived whole."""
    line, found, _ = data.partition(b"\r\n")
    parts = line.split(b" ")
    if not found or len(parts) != 3:
        return False
    path, _, query = parts[1].decode("latin-1").partition("?")
    return _heavy(parts[0].decode("latin-1"), unquote(path), query)


def _heavy(method, path, query):
    if path.startswith(HEAVY_PATHS):
        return not path.startswith("/bulk") or method == "POST"
    if path == "/api/v1/lookup":
        if method == "POST":
            return True
        return parse(parse_qs(query).get("q", [""])[0]).kind == "channel"
    return False


def _busy(environ, start_response):
    api = environ.get("PATH_INFO", "").startswith("/api/")
    body, kind = (_JSON, "application/json") if api else (_HTML, "text/html; charset=utf-8")
    start_response("503 Service Unavailable", [
        ("Content-Type", kind), ("Content-Length", str(len(body))), ("Retry-After", "1"),
        ("Cache-Control", "no-store")])
    return [body]


def init_app(app):
    """Wrap the app: MAX_ACTIVE_REQUESTS, HEAVY_MAX_ACTIVE (0: no cap), SHED_QUEUED seconds
    (0: never)."""
    max_active = int(app.config.get("MAX_ACTIVE_REQUESTS") or 0)
    max_heavy = int(app.config.get("HEAVY_MAX_ACTIVE") or 0)
    max_queued = float(app.config.get("SHED_QUEUED") or 0)
    if max_active or max_heavy or max_queued:
        app.wsgi_app = Shedder(app.wsgi_app, max_active, max_queued, max_heavy)
