"""Jobs kept in a SQLite table, so every worker process joins and polls the same ones."""

import logging
import os
import secrets
import socket
import sqlite3
import threading
import time
from pathlib import Path

from ..errors import UserError
from .jobs import CRASH, FAILED, FAILED_MESSAGE, QUEUED, RUNNING, Jobs, JobState

log = logging.getLogger(__name__)

# One row per run. A key's current job is its newest row (highest rowid); older rows stay
# pollable until they expire, so a page still watching a replaced run gets its answer.
# result is the finished job's value as encode() wrote it; owner names the process running it.
SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs(
    id TEXT PRIMARY KEY, key TEXT NOT NULL, state TEXT NOT NULL, listed INTEGER NOT NULL,
    total INTEGER, status INTEGER, kind TEXT NOT NULL, error TEXT NOT NULL, result TEXT,
    owner TEXT NOT NULL, started_at REAL NOT NULL, updated_at REAL NOT NULL, finished_at REAL);
CREATE INDEX IF NOT EXISTS jobs_by_key ON jobs(key);
"""
COLUMNS = ("id, key, state, listed, total, status, kind, error, result, updated_at, started_at,"
           " finished_at")


class _Claim:
    """A job this process runs: its id and the progress not yet written."""

    def __init__(self, key):
        # Unguessable, so one visitor cannot poll (or enumerate) another visitor's jobs.
        self.id = secrets.token_urlsafe(12)
        self.key, self.listed, self.total, self.written = key, 0, None, 0.0


class SharedJobs(Jobs):
    """Jobs shared by every process using the same SQLite file; this one's threads run its own.

    A process claims a key inside BEGIN IMMEDIATE, so of two workers asked for the same key at
    once, the second sees the first's row and joins it. The owner touches its unfinished rows
    every stale/4 seconds; a row untouched for `stale` seconds belonged to a process that died,
    so it reads as a crash and the next start runs the key again under a new id.
    """

    def __init__(self, path, encode, decode, max_running=4, ttl=900, max_queued=100,
                 keep_errors=False, stale=60.0, every=0.5):
        super().__init__(max_running, ttl, max_queued, keep_errors)
        self.path, self.encode, self.decode = Path(path), encode, decode
        self.stale, self.every = stale, every  # every: progress is written at most this often
        self._token = secrets.token_hex(4)
        self._mine = set()  # ids of the queued and running jobs in this process's pool
        self._stop = threading.Event()
        self._heart = None

    @property
    def owner(self):
        """This process, by host and pid (read each time: a preloaded app is forked)."""
        return f"{socket.gethostname()}:{os.getpid()}:{self._token}"

    def start(self, key, fn, fresh=False):
        """Start fn(progress) under key, or return its job; fresh=True reruns a finished one."""
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
            with self._lock:
                if len(self._mine) >= self.max_queued:
                    raise UserError("Too many channels are being looked up right now. "
                                    "Please try again in a minute.", 503)
            if job is not None and row[2] in {QUEUED, RUNNING}:
                log.warning("job %s for %s: no word from its worker for %.0f s; starting again",
                            job.id, key, now - row[9])
                conn.execute("UPDATE jobs SET state = ?, status = 500, kind = ?, error = ?,"
                             " finished_at = ? WHERE id = ?",
                             (FAILED, CRASH, FAILED_MESSAGE, now, job.id))
            claim = _Claim(key)
            conn.execute("INSERT INTO jobs VALUES (?, ?, ?, 0, NULL, NULL, '', '', NULL, ?, ?, ?,"
                         " NULL)", (claim.id, key, QUEUED, self.owner, now, now))
            conn.execute("COMMIT")
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            conn.close()
        with self._lock:
            self._mine.add(claim.id)
            if self._heart is None or not self._heart.is_alive():
                self._heart = threading.Thread(target=self._beat, name="job-heartbeat",
                                               daemon=True)
                self._heart.start()
        self._pool.submit(self._run, claim, fn)
        return self._state((claim.id, key, QUEUED, 0, None, None, "", "", None, now, now, None),
                           now)

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
        self._write(claim, "state = ?", RUNNING)

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
        """Touch this process's unfinished jobs, so other workers can tell slow from dead."""
        while not self._stop.wait(self.stale / 4):
            with self._lock:
                ids = list(self._mine)
            if not ids:
                continue
            try:
                conn = self._connect()
                try:
                    conn.executemany("UPDATE jobs SET updated_at = ? WHERE id = ?"
                                     " AND finished_at IS NULL", [(time.time(), i) for i in ids])
                finally:
                    conn.close()
            except sqlite3.Error:
                log.exception("job heartbeat failed")

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
        conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        conn.executescript(SCHEMA)
        return conn
