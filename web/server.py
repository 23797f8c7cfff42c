"""The gunicorn worker the site runs under (deploy/gunicorn.conf.py): gunicorn's threaded
worker, noting when each request arrived so that web/shedding.py can refuse the ones that
waited too long for a thread, and writing each answer in one send."""

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
        """Serve one request, its answer written in one send: a balancer that received any of
        an answer receives all of it, so when a host is cut it gets either a whole answer or
        nothing, and nothing it can retry on another host."""
        real = conn.sock
        conn.sock = held = _Held(real)
        try:
            return super().handle_request(req, conn)
        finally:
            conn.sock = real
            held.flush()


class _Held:
    """A socket whose writes are held until flush(), up to LIMIT bytes (a large answer
    streams past it); anything else asked of it flushes first, then goes to the socket."""

    LIMIT = 256 * 1024

    def __init__(self, sock):
        self._sock, self._parts, self._size = sock, [], 0

    def sendall(self, data):
        if self._size + len(data) > self.LIMIT:
            self.flush()
            self._sock.sendall(data)
            return
        self._parts.append(bytes(data))
        self._size += len(data)

    def flush(self):
        if self._parts:
            data, self._parts, self._size = b"".join(self._parts), [], 0
            self._sock.sendall(data)

    def __getattr__(self, name):
        self.flush()
        return getattr(self._sock, name)
