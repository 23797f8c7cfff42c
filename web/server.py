"""The gunicorn worker the site runs under (deploy/gunicorn.conf.py): gunicorn's threaded
worker, with three changes.

- Channel lookups and bulk checks get threads of their own (HEAVY_THREADS), so a flood of
  them queues behind itself, not in front of video lookups. A request is sorted by a peek at
  its first line before any thread reads it.
- It notes when each request arrived, so that web/shedding.py can refuse the ones that waited
  too long for a thread.
- It writes each answer in one send.

And each worker keeps the memory its requests free for the next (keep_freed_memory).
"""

import ctypes
import os
import socket
import time
from concurrent.futures import ThreadPoolExecutor

from gunicorn.workers.gthread import ThreadWorker

from .shedding import arrived, heavy_line


class Worker(ThreadWorker):
    """gthread, with the arrival time of each request handed to the thread that serves it."""

    def init_process(self):
        keep_freed_memory()
        self.heavy_pool = ThreadPoolExecutor(int(os.environ.get("HEAVY_THREADS", "2")),
                                             thread_name_prefix="heavy")
        super().init_process()

    def enqueue_req(self, conn):
        """A connection with a request to read goes into its pool's queue: note when."""
        conn.arrived = time.monotonic()
        pool = self.heavy_pool if heavy_line(_peek(conn.sock)) else self.tpool
        future = pool.submit(self.handle, conn)
        future.add_done_callback(
            lambda fut: self.method_queue.defer(self.finish_request, conn, fut))

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


# glibc's mallopt() parameters (malloc.h) and the values set.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
KEPT_BYTES = 256 << 20  # freed memory a process keeps before handing any back
MAPPED_FROM = 32 << 20  # allocations from this size get pages of their own (glibc's cap)


def keep_freed_memory():
    """Have glibc's malloc keep memory that is freed, up to KEPT_BYTES, for the next request
    instead of handing it back to the kernel; returns False where malloc is not glibc's.

    By default glibc maps big allocations afresh and trims the heap past 128 KiB free, so a
    10,000-ID bulk answer (megabytes of text, built and freed in each request) met some 5,000
    page faults each time, ~10% of its time on the 2-core VM it was measured on; with this,
    ~300. The cost: a worker's resident memory stays near the most one request has needed (a
    bulk answer of API_MAX_IDS, ~25 MB at 10,000 IDs).
    Parameters: https://man7.org/linux/man-pages/man3/mallopt.3.html
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # another C library (musl, macOS)
        return False
    # Setting either threshold also ends glibc's own adjusting of both.
    return bool(mallopt(_M_MMAP_THRESHOLD, MAPPED_FROM) and mallopt(_M_TRIM_THRESHOLD, KEPT_BYTES))


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


def _peek(sock):
    """The first bytes waiting on the socket, without taking them (b"" when none yet)."""
    try:
        return sock.recv(512, socket.MSG_PEEK | socket.MSG_DONTWAIT)
    except (OSError, ValueError):
        return b""
