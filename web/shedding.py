"""Load shedding: a request that waited too long in the server's queue, or that finds
MAX_ACTIVE_REQUESTS already at work in its process, is answered 503 at once.

A server past its capacity that queues every request makes every answer late; one that
refuses the excess quickly keeps the answers it gives fast, and the client (or the balancer,
on another host) tries again. How long a request waited is known when the server says when it
arrived: deploy/gunicorn.conf.py runs web.server.Worker, which stamps it (`arrived`), and
behind nginx the X-Request-Start header does. Sizing: deploy/README.md.
"""

import threading
import time

import orjson

MESSAGE = "The site is busy right now. Please try again in a moment."
_HTML = ("<!doctype html><title>Busy</title><p>" + MESSAGE + "</p>").encode()
_JSON = orjson.dumps({"error": {"status": 503, "message": MESSAGE}})

# When the request this thread is about to serve arrived (time.monotonic()), or None.
arrived = threading.local()


class Shedder:
    """WSGI middleware: sheds requests queued longer than max_queued s, or past max_active."""

    def __init__(self, app, max_active, max_queued):
        self.app, self.max_queued = app, max_queued
        self.slots = threading.BoundedSemaphore(max_active) if max_active else None

    def __call__(self, environ, start_response):
        since = getattr(arrived, "at", None)
        if since is not None and self.max_queued and \
                time.monotonic() - since > self.max_queued:
            return _busy(environ, start_response)
        if self.slots is None:
            return self.app(environ, start_response)
        if not self.slots.acquire(blocking=False):
            return _busy(environ, start_response)
        try:
            # The app's work is done when it returns (no view streams its body), so the slot
            # is free while the server writes the answer to a slow client.
            return self.app(environ, start_response)
        finally:
            self.slots.release()


def _busy(environ, start_response):
    api = environ.get("PATH_INFO", "").startswith("/api/")
    body, kind = (_JSON, "application/json") if api else (_HTML, "text/html; charset=utf-8")
    start_response("503 Service Unavailable", [
        ("Content-Type", kind), ("Content-Length", str(len(body))), ("Retry-After", "1"),
        ("Cache-Control", "no-store")])
    return [body]


def init_app(app):
    """Wrap the app: MAX_ACTIVE_REQUESTS (0: no cap) and SHED_QUEUED seconds (0: never)."""
    max_active = int(app.config.get("MAX_ACTIVE_REQUESTS") or 0)
    max_queued = float(app.config.get("SHED_QUEUED") or 0)
    if max_active or max_queued:
        app.wsgi_app = Shedder(app.wsgi_app, max_active, max_queued)
