"""The gunicorn worker the site runs under (deploy/gunicorn.conf.py): gunicorn's threaded
worker, noting when each request arrived so that web/shedding.py can refuse the ones that
waited too long for a thread, and sending each answer's headers and body in one go."""

import socket
import time

from gunicorn.workers.gthread import ThreadWorker

from .shedding import arrived


class Worker(ThreadWorker):
    """gthread, with the arrival time of each request handed to the thread that serves it."""

    def enqueue_req(self, conn):
        """A connection with a request to read goes into the thread pool's queue: note when."""
        conn.arrived = time.monotonic()
        super().enqueue_req(conn)

    def handle(self, conn):
        """Serve the connection's request, letting the app see how long it waited."""
        arrived.at = getattr(conn, "arrived", None)
        try:
            return super().handle(conn)
        finally:
            arrived.at = None

    def handle_request(self, req, conn):
        """Serve one request with the socket corked, so that gunicorn's separate writes of the
        headers and the body leave as one segment: a balancer that got the headers of an answer
        has its body too, and can retry on another host whenever it got nothing."""
        corked = _cork(conn.sock, True)
        try:
            return super().handle_request(req, conn)
        finally:
            if corked:
                _cork(conn.sock, False)


def _cork(sock, on):
    """Set TCP_CORK (Linux); False where it cannot be set."""
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, 1 if on else 0)
        return True
    except (OSError, AttributeError):  # closed, not TCP, or not Linux
        return False
