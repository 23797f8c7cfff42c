"""The channel worker: runs the listings the web workers queue, apart from them.

One per host (scripts/channel_worker.py, started by serve.sh), or a thread inside the app when
CHANNEL_WORKER is "thread" (the tests and the development server). It claims queued jobs from
the shared table for its JOBS_MAX_RUNNING threads, so however many channels are asked for, at
most that many listings spend YouTube quota and time at once.
"""

import logging
import threading
import weakref

log = logging.getLogger(__name__)
_in_threads = weakref.WeakSet()  # the workers running in a thread of this process


class Worker:
    """Polls the queue every `poll` seconds and runs what it claims on the Channels given."""

    def __init__(self, channels, poll=0.05):
        self.channels, self.poll = channels, poll
        self.stop = threading.Event()

    def run(self):
        """Work until stop is set, then let the running listings finish."""
        jobs = self.channels.jobs
        jobs.serve()
        log.info("channel worker %s: up to %d listings at once", jobs.owner, jobs.max_running)
        while not self.stop.is_set():
            try:
                jobs.work(self.channels.run)
            except Exception:  # a locked or damaged file must not end the worker
                log.exception("channel worker: could not claim jobs")
                self.stop.wait(1.0)
            self.stop.wait(self.poll)
        jobs.shutdown()

    def start_thread(self):
        """Run in a daemon thread of this process; returns the thread."""
        self.channels.jobs.serve()  # seen at once, before the first request can ask
        thread = threading.Thread(target=self.run, name="channel-worker", daemon=True)
        thread.start()
        _in_threads.add(self)
        return thread


def stop_threads():
    """Tell every worker running in a thread of this process to stop; each then lets its
    listings finish and stops its heartbeat. An app has no end of its own to hook, so the
    tests end the workers of the apps they made this way; each polls the queue 20 times a
    second until told."""
    for worker in list(_in_threads):
        worker.stop.set()
