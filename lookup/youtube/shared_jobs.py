"""Listing jobs queued in a SQLite table: web workers queue, join and poll them; a worker
process of its own (lookup/youtube/worker.py) runs them, so no web worker ever waits on YouTube.

Why a table and not Redis with RQ or Huey: the jobs already need what the table gives in one
transaction (one listing per channel however many ask, progress any web worker can read, the
finished list, a heartbeat to tell a slow worker from a dead one) and a queue is one more
state of a row; a broker would be a second store to keep in step, and one more service to
install, run and watch on every host. The queue is bounded: past max_queued waiting listings,
start() raises QueueFull (503 with Retry-After).
"""

import logging
import os
import secrets
import socket
import sqlite3
import threading
import time
from pathlib import Path

from ..errors import UserError
from .jobs import CRASH, DONE, FAILED, FAILED_MESSAGE, QUEUED, RUNNING, Jobs, JobState

log = logging.getLogger(__name__)

# One row per run. A key's current job is its newest row (highest rowid); older rows stay
# pollable until they expire, so a page still watching a replaced run gets its answer.
# result is the finished job's value as encode() wrote it; owner names the process running it.
SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs(
    id TEXT PRIMARY KEY, key TEXT NOT NULL, state TEXT NOT NULL, listed INTEGER NOT NULL,
    total INTEGER, status INTEGER, kind TEXT NOT NULL, error TEXT NOT NULL, result TEXT,
    owner TEXT NOT NULL, started_at REAL NOT NULL, updated_at REAL NOT NULL, finished_at REAL,
    fresh INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS jobs_by_key ON jobs(key);
CREATE INDEX IF NOT EXISTS jobs_by_state ON jobs(state);
CREATE TABLE IF NOT EXISTS workers(owner TEXT PRIMARY KEY, seen_at REAL NOT NULL);
"""
COLUMNS = ("id, key, state, listed, total, status, kind, error, result, updated_at, started_at,"
           " finished_at")
QUEUE_FULL = ("Too many channels are being looked up right now. Please try again in a minute.")
NO_WORKER = ("Channel lookups are paused on this server right now (its channel worker is not "
             "running). Please try again in a few minutes.")


class QueueFull(UserError):
    """The queue of listings is full; retry_after: seconds to suggest."""

    status = 503

    def __init__(self, message=QUEUE_FULL, retry_after=60):
        super().__init__(message)
        self.retry_after = retry_after


class _Claim:
    """A job this process runs: its id and the progress not yet written."""

    def __init__(self, job_id, key, fresh):
        self.id, self.key, self.fresh = job_id, key, bool(fresh)
        self.listed, self.total, self.written = 0, None, 0.0


class SharedJobs(Jobs):
    """Jobs shared by every process using the same SQLite file.

    start() queues a key inside BEGIN IMMEDIATE, so of two web workers asked for the same key
    at once, the second sees the first's row and joins it. work() claims queued rows for this
    process's threads (the worker process calls it). The owner touches its unfinished rows
    every stale/4 seconds, and the queued ones while it lives; a row untouched for `stale`
    seconds belonged to a process that died, so it reads as a crash and the next start runs
    the key again under a new id.
    """

    def __init__(self, path, encode, decode, max_running=4, ttl=900, max_queued=100,
                 keep_errors=False, stale=60.0, every=0.5):
        super().__init__(max_running, ttl, max_queued, keep_errors)
        self.max_running = max_running
        self.path, self.encode, self.decode = Path(path), encode, decode
        self.stale, self.every = stale, every  # every: progress is written at most this often
        self._token = secrets.token_hex(4)
        self._mine = set()  # ids of the jobs this process's threads run
        self._stop = threading.Event()
        self._heart = None
        self._shape()

    @property
    def owner(self):
        """This process, by host and pid (read each time: a preloaded app is forked)."""
        return f"{socket.gethostname()}:{os.getpid()}:{self._token}"

    def start(self, key, fresh=False, ready=None):
        """Queue a listing of key, or return its job; fresh=True reruns a finished one.

        ready: a callable giving the finished result without listing (a cached list), or
        None; it is called only when a new job is needed, and then no worker is involved.
        Raises QueueFull (503) when max_queued listings wait, or when no worker is alive.
        """
        # Most asks join a job that exists: a plain read answers them without the write lock.
        job = self._current(key)
        if job is not None and not self._rerun(job, fresh):
            return job
        result = ready() if ready is not None else None  # before the lock: it reads the cache
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")  # the write lock: one claim at a time, file-wide
            now = time.time()  # after the lock, which may have taken a while
            conn.execute("DELETE FROM jobs WHERE coalesce(finished_at, updated_at) < ?",
                         (now - self.ttl,))
            row = conn.execute(f"SELECT {COLUMNS} FROM jobs WHERE key = ? ORDER BY rowid DESC"
                               " LIMIT 1", (key,)).fetchone()
            job = None if row is None else self._state(row, now)
            if job is not None and not self._rerun(job, fresh):
                conn.execute("COMMIT")
                return job
            if job is not None and row[2] in {QUEUED, RUNNING}:
                log.warning("job %s for %s: no word from its worker for %.0f s; starting again",
                            job.id, key, now - row[9])
                conn.execute("UPDATE jobs SET state = ?, status = 500, kind = ?, error = ?,"
                             " finished_at = ? WHERE id = ?",
                             (FAILED, CRASH, FAILED_MESSAGE, now, job.id))
            # Unguessable, so one visitor cannot poll (or enumerate) another visitor's jobs.
            job_id = secrets.token_urlsafe(12)
            if result is None:
                self._check_room(conn, now)
                conn.execute("INSERT INTO jobs VALUES (?, ?, ?, 0, NULL, NULL, '', '', NULL, '',"
                             " ?, ?, NULL, ?)", (job_id, key, QUEUED, now, now, int(fresh)))
                row = (job_id, key, QUEUED, 0, None, None, "", "", None, now, now, None)
            else:
                encoded = self.encode(result)
                listed = len(getattr(result, "video_ids", ()) or ())
                conn.execute("INSERT INTO jobs VALUES (?, ?, ?, ?, ?, NULL, '', '', ?, ?, ?, ?,"
                             " ?, 0)", (job_id, key, DONE, listed, listed, encoded, self.owner,
                                        now, now, now))
                row = (job_id, key, DONE, listed, listed, None, "", "", encoded, now, now, now)
            conn.execute("COMMIT")
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            conn.close()
        return self._state(row, now)

    def _current(self, key):
        """The key's newest job, read without a lock (None when there is none)."""
        now = time.time()
        conn = self._connect()
        try:
            row = conn.execute(f"SELECT {COLUMNS} FROM jobs WHERE key = ?"
                               " AND coalesce(finished_at, updated_at) >= ?"
                               " ORDER BY rowid DESC LIMIT 1", (key, now - self.ttl)).fetchone()
        finally:
            conn.close()
        return None if row is None else self._state(row, now)

    def _check_room(self, conn, now):
        """Raise QueueFull unless a worker is alive and the queue has room (caller's txn)."""
        alive = conn.execute("SELECT count(*) FROM workers WHERE seen_at >= ?",
                             (now - self.stale,)).fetchone()[0]
        if not alive:
            log.warning("no channel worker has been seen for %.0f s", self.stale)
            raise QueueFull(NO_WORKER, 300)
        waiting = conn.execute("SELECT count(*) FROM jobs WHERE state = ?",
                               (QUEUED,)).fetchone()[0]
        if waiting >= self.max_queued:
            raise QueueFull()

    def work(self, fn):
        """Claim queued jobs for this process's free threads and run fn(key, fresh, progress)
        for each; returns how many were claimed. The worker process calls this in a loop."""
        with self._lock:
            free = self.max_running - len(self._mine)
        if free <= 0:
            return 0
        now = time.time()
        conn = self._connect()
        try:
            claimed = conn.execute(
                "UPDATE jobs SET state = ?, owner = ?, updated_at = ? WHERE id IN (SELECT id"
                " FROM jobs WHERE state = ? ORDER BY rowid LIMIT ?) RETURNING id, key, fresh",
                (RUNNING, self.owner, now, QUEUED, free)).fetchall()
        finally:
            conn.close()
        for job_id, key, fresh in claimed:
            claim = _Claim(job_id, key, fresh)
            with self._lock:
                self._mine.add(job_id)
            self._pool.submit(self._run, claim,
                              lambda progress, c=claim: fn(c.key, c.fresh, progress))
        return len(claimed)

    def serve(self):
        """Say this process runs jobs, and keep saying it (a heartbeat thread)."""
        self._touch_worker()
        with self._lock:
            if self._heart is None or not self._heart.is_alive():
                self._heart = threading.Thread(target=self._beat, name="job-heartbeat",
                                               daemon=True)
                self._heart.start()

    def get(self, job_id):
        """The job's JobState, or None when unknown or expired."""
        if not self.path.exists():
            return None
        now = time.time()
        conn = self._connect()
        try:
            row = conn.execute(f"SELECT {COLUMNS} FROM jobs WHERE id = ?"
                               " AND coalesce(finished_at, updated_at) >= ?",
                               (job_id, now - self.ttl)).fetchone()
        finally:
            conn.close()
        return None if row is None else self._state(row, now)

    def shutdown(self):
        """Stop accepting jobs, wait for running ones, stop the heartbeat."""
        super().shutdown()
        self._stop.set()

    def _run(self, claim, fn):
        try:
            super()._run(claim, fn)
        finally:
            with self._lock:
                self._mine.discard(claim.id)

    def _running(self, claim):
        """work() has marked the row running already."""

    def _progress(self, claim, listed, total):
        claim.listed, claim.total = listed, total
        if time.monotonic() - claim.written >= self.every:
            claim.written = time.monotonic()
            self._write(claim, "listed = ?, total = ?", listed, total)

    def _finish(self, claim, state, error=("", None, ""), result=None, listed=None):
        message, status, kind = error
        encoded = None if result is None else self.encode(result)
        self._write(claim, "state = ?, listed = ?, total = ?, status = ?, kind = ?, error = ?,"
                    " result = ?, finished_at = ?", state,
                    claim.listed if listed is None else listed, claim.total, status, kind,
                    message, encoded, time.time())

    def _write(self, claim, assignments, *values):
        """Update the claim's row, unless another worker has since taken it over."""
        try:
            conn = self._connect()
            try:
                conn.execute(f"UPDATE jobs SET {assignments}, updated_at = ?"
                             " WHERE id = ? AND finished_at IS NULL",
                             (*values, time.time(), claim.id))
            finally:
                conn.close()
        except sqlite3.Error:  # a busy file must not end the listing; the next write may land
            log.exception("job %s: could not record its state", claim.key)

    def _beat(self):
        """Touch this process's jobs and the queue, so web workers can tell slow from dead."""
        while not self._stop.wait(self.stale / 4):
            with self._lock:
                ids = list(self._mine)
            try:
                self._touch_worker(ids)
            except sqlite3.Error:
                log.exception("job heartbeat failed")

    def _touch_worker(self, ids=()):
        now = time.time()
        conn = self._connect()
        try:
            with conn:
                conn.execute("INSERT OR REPLACE INTO workers VALUES (?, ?)", (self.owner, now))
                conn.execute("DELETE FROM workers WHERE seen_at < ?", (now - 10 * self.stale,))
                # Queued rows wait for any live worker: while one lives, they are not stale.
                conn.execute("UPDATE jobs SET updated_at = ? WHERE state = ?", (now, QUEUED))
                conn.executemany("UPDATE jobs SET updated_at = ? WHERE id = ?"
                                 " AND finished_at IS NULL", [(now, i) for i in ids])
        finally:
            conn.close()

    def _state(self, row, now):
        """A row as a JobState; an unfinished row nobody touched for `stale` s reads as a crash."""
        (job_id, key, state, listed, total, status, kind, error, result, updated_at, started_at,
         finished_at) = row
        if state in {QUEUED, RUNNING} and now - updated_at > self.stale:
            state, status, kind, error, finished_at = FAILED, 500, CRASH, FAILED_MESSAGE, now
        return JobState(job_id, key, state, listed, total, error, status, kind,
                        None if result is None else self.decode(result), started_at, finished_at)

    def _connect(self):
        """A short-lived connection in autocommit mode: each thread and call opens its own."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return sqlite3.connect(self.path, timeout=10, isolation_level=None)

    def _shape(self):
        """Create the tables (once per process, before any thread uses them); WAL, so polls
        and the queue do not block each other."""
        conn = self._connect()
        try:
            try:
                conn.execute("PRAGMA journal_mode = WAL")
            except sqlite3.OperationalError:  # another process is switching it right now
                log.info("%s: journal mode left as it is", self.path.name)
            columns = {row[1] for row in conn.execute("PRAGMA table_info(jobs)")}
            if columns and "fresh" not in columns:
                conn.execute("DROP TABLE jobs")  # from before the queue; its rows expire anyway
            conn.executescript(SCHEMA)
        finally:
            conn.close()
