"""The gunicorn worker the site runs under (deploy/gunicorn.conf.py): gunicorn's threaded
worker, noting when each request arrived so that web/shedding.py can refuse the ones that
waited too long for a thread."""

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
