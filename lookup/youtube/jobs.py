"""Background jobs on threads with progress, shared by every request that asks for the same key."""

import logging
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from ..errors import UserError
from ..i18n import N_

log = logging.getLogger(__name__)

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
CRASH = "Crash"  # the kind of a failure that was no UserError
FAILED_MESSAGE = N_("Something went wrong while listing the channel. Please try again later.")


@dataclass(frozen=True)
class JobState:
    """A snapshot of a job, safe to hand to a template or JSON."""

    id: str
    key: str
    state: str
    listed: int
    total: int | None
    error: str  # a failure's message, safe to show: a UserError's own, else FAILED_MESSAGE
    status: int | None  # a failure's HTTP status: the UserError's, else 500
    kind: str  # a failure's UserError subclass name, else CRASH; "" unless failed
    result: object
    started_at: float
    finished_at: float | None


class _Job:
    """A job's mutable record; only Jobs touches it, under its lock."""

    def __init__(self, key):
        # Unguessable, so one visitor cannot poll (or enumerate) another visitor's jobs.
        self.id = secrets.token_urlsafe(12)
        self.key, self.state, self.listed, self.total = key, QUEUED, 0, None
        self.error, self.status, self.kind, self.result = "", None, "", None
        self.started_at, self.finished_at = time.time(), None


class Jobs:
    """At most max_running jobs run at once; the rest wait, up to max_queued."""

    def __init__(self, max_running=4, ttl=900, max_queued=100, keep_errors=False):
        # A failed job runs again at the next start. keep_errors=True keeps one that failed
        # with a UserError like a finished one, until it expires or is started fresh: its
        # message is the answer, and asking again would only fail again. Crashes always rerun.
        self.ttl, self.max_queued, self.keep_errors = ttl, max_queued, keep_errors
        self._pool = ThreadPoolExecutor(max_running, thread_name_prefix="job")
        self._lock = threading.Lock()
        self._by_id, self._by_key = {}, {}

    def start(self, key, fn, fresh=False):
        """Start fn(progress) under key, or return its job; fresh=True reruns a finished one."""
        with self._lock:
            self._expire(time.time())
            job = self._by_key.get(key)
            if job is not None and not self._rerun(job, fresh):
                return self._snapshot(job)
            waiting = sum(j.state in {QUEUED, RUNNING} for j in self._by_id.values())
            if waiting >= self.max_queued:
                raise UserError(N_("Too many channels are being looked up right now. "
                                   "Please try again in a minute."), 503)
            job = _Job(key)
            self._by_id[job.id] = self._by_key[key] = job
            self._pool.submit(self._run, job, fn)
            return self._snapshot(job)

    def get(self, job_id):
        """The job's JobState, or None when unknown or expired."""
        with self._lock:
            self._expire(time.time())
            job = self._by_id.get(job_id)
            return None if job is None else self._snapshot(job)

    def wait(self, job_id, timeout=None, interval=0.02):
        """Poll until the job finishes (for scripts and tests); returns its JobState."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            state = self.get(job_id)
            if state is None or state.state in {DONE, FAILED}:
                return state
            if deadline is not None and time.monotonic() > deadline:
                return state
            time.sleep(interval)

    def shutdown(self):
        """Stop accepting jobs and wait for running ones."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _rerun(self, job, fresh):
        """True when start() should replace the key's job with a new run (caller holds the lock)."""
        if job.state in {QUEUED, RUNNING}:
            return False  # even a fresh start joins a running job: it is as fresh as it gets
        if fresh:
            return True
        return job.state == FAILED and (not self.keep_errors or job.kind == CRASH)

    def _run(self, job, fn):
        """Run one job, recording progress, result or a person-readable error."""
        self._running(job)
        try:
            result = fn(lambda listed, total=None: self._progress(job, listed, total))
        except UserError as error:
            self._finish(job, FAILED, error=(error.message, error.status, type(error).__name__))
        except Exception:  # never let a thread die silently; the page gets a generic message
            log.exception("job %s failed", job.key)
            self._finish(job, FAILED, error=(FAILED_MESSAGE, 500, CRASH))
        else:
            listed = len(getattr(result, "video_ids", ()) or ())
            self._finish(job, DONE, result=result, listed=listed or None)

    def _running(self, job):
        """Record that the job left the queue."""
        with self._lock:
            job.state = RUNNING

    def _progress(self, job, listed, total):
        """Record how far the job has got."""
        with self._lock:
            job.listed, job.total = listed, total

    def _finish(self, job, state, error=("", None, ""), result=None, listed=None):
        """Record how the job ended; error is (message, status, kind) when it failed."""
        with self._lock:
            job.state, job.result = state, result
            job.error, job.status, job.kind = error
            job.listed = job.listed if listed is None else listed
            job.finished_at = time.time()

    def _expire(self, now):
        """Forget finished jobs older than ttl (caller holds the lock)."""
        for job in [j for j in self._by_id.values()
                    if j.finished_at is not None and now - j.finished_at > self.ttl]:
            del self._by_id[job.id]
            if self._by_key.get(job.key) is job:
                del self._by_key[job.key]

    @staticmethod
    def _snapshot(job):
        return JobState(job.id, job.key, job.state, job.listed, job.total, job.error,
                        job.status, job.kind, job.result, job.started_at, job.finished_at)
