"""Channel jobs as the site runs them: queued for the channel worker, titled failures."""

import threading
import time
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

from lookup.i18n import N_
from lookup.youtube.channels import Channels
from lookup.youtube.jobs import CRASH, FAILED, QUEUED, RUNNING
from lookup.youtube.worker import Worker

# How each channel error is titled on its page; the message comes from the error itself.
TITLES = {
    "QuotaExhausted": N_("YouTube's daily quota is used up"),
    "ChannelMissing": N_("No such channel"),
    "VideoMissing": N_("No such video"),
    "ChannelUnavailable": N_("This channel is private or terminated"),
    "YouTubeError": N_("YouTube answered with an error"),
    "NetworkUnreachable": N_("YouTube could not be reached"),
    "UserError": N_("This channel cannot be looked up here"),
    CRASH: N_("Something went wrong"),
}
# A failure's message comes from the channel worker as English text (lookup/youtube/errors.py).
# One without a value is translated as it is; one naming the channel or YouTube's answer is
# shown in another language as the sentence below (the page names the channel already).
IN_OTHER_WORDS = {
    "YouTubeError": N_("YouTube answered with an error, so the channel's uploads could not be "
                       "listed. Try again later."),
    "ChannelMissing": N_("YouTube has no such channel. Check the spelling; a channel that was "
                         "deleted or renamed can no longer be found under its old name."),
    "VideoMissing": N_("YouTube has no such public video, so its channel is unknown. It may be "
                       "private or deleted; paste the channel link instead."),
    "ChannelUnavailable": N_("The channel is private or has been terminated by YouTube, so its "
                             "uploads cannot be listed."),
}
TRANSIENT = {"QuotaExhausted", "YouTubeError", "NetworkUnreachable", "UserError", CRASH}


@dataclass(frozen=True)
class Failure:
    """Why a listing failed, as its page shows it."""

    kind: str  # the error's class name (a key of TITLES) or CRASH
    status: int
    message: str

    @property
    def title(self):
        return TITLES.get(self.kind, TITLES[CRASH])

    @property
    def transient(self):
        return self.kind in TRANSIENT


def failure_of(job):
    """The Failure of a failed job (None while running or when it succeeded)."""
    return Failure(job.kind, job.status, job.error) if job.state == FAILED else None


def running(job):
    """True while the job has not finished."""
    return job.state in {QUEUED, RUNNING}


class ChannelJobs:
    """One per app: queues, joins and refreshes listings on the core's Channels.

    The listings run in the channel worker (a process of its own, or a thread of this one when
    CHANNEL_WORKER is "thread"). A request may wait CHANNEL_WAIT seconds for a listing to
    finish, so a small or cached channel skips the progress page; at most CHANNEL_WAITERS
    requests of a process wait at once, and the others show the progress page at once, so a
    flood of channel lookups cannot hold the threads that answer video lookups.
    """

    def __init__(self, config):
        self.config = config
        self.channels = Channels(config)
        self.refresh_min_age = config.get("CHANNEL_REFRESH_MIN_AGE", 300)
        self.retry_min_age = config.get("CHANNEL_RETRY_MIN_AGE", 60)
        self.waiters = threading.BoundedSemaphore(config.get("CHANNEL_WAITERS", 2))
        # Worked out once: every page asks (the video page offers the whole channel).
        self.online = bool(config.get("YOUTUBE_API_KEY") or (
            config.get("YTDLP_ENABLED", True) and find_spec("yt_dlp") is not None))
        self.worker = None
        if config.get("CHANNEL_WORKER", "process") == "thread":
            self.worker = Worker(self.channels)
            self.worker.start_thread()

    @property
    def enabled(self):
        """True when at least one resolver can work: an API key, yt-dlp, or saved metadata."""
        # Saved metadata may be written after start-up, so only then is the file looked for.
        return self.online or Path(self.config.get("METADATA_PATH") or "").is_file()

    def start(self, ref, fresh=False):
        """Queue (or join) the listing of ref; fresh=True lists again, bypassing the cache.

        Raises QueueFull (503, with retry_after) when the queue is full or no worker runs."""
        # A refresh replaces the key's job, so pages showing the old result switch to the new.
        return self.channels.start(ref, fresh)

    def may_refresh(self, job):
        """A listing may be redone once refresh_min_age old; a failed or partial one, which
        spent quota too, once retry_min_age has passed since the attempt ended."""
        if running(job):
            return False
        if job.state != FAILED and job.result.source == "datasets":
            return True  # answered from the datasets' descriptions: no quota was spent
        if job.state == FAILED or job.result.partial:
            return time.time() - (job.finished_at or 0) >= self.retry_min_age
        return time.time() - job.result.fetched_at >= self.refresh_min_age

    def wait(self, job, seconds):
        """The job after up to `seconds` of waiting for it; at once when others already wait."""
        if seconds <= 0 or not running(job):
            return job
        if not self.waiters.acquire(blocking=False):
            return job
        try:
            return self.channels.jobs.wait(job.id, seconds) or job
        finally:
            self.waiters.release()

    def poll(self, job_id):
        """The job's JobState, or None when unknown or expired."""
        return self.channels.poll(job_id)

    def shutdown(self):
        """Stop the worker thread, if any, and the job threads (tests)."""
        if self.worker is not None:
            self.worker.stop.set()
        self.channels.jobs.shutdown()
