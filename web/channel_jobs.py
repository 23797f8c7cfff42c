"""Channel jobs as the site runs them: keys that round-trip through URLs, titled failures."""

import time
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

from lookup.youtube.channels import Channels
from lookup.ids import Parsed, is_video_id, parse
from lookup.youtube.jobs import CRASH, FAILED, QUEUED, RUNNING

# How each channel error is titled on its page; the message comes from the error itself.
TITLES = {
    "QuotaExhausted": "YouTube's daily quota is used up",
    "ChannelMissing": "No such channel",
    "VideoMissing": "No such video",
    "ChannelUnavailable": "This channel is private or terminated",
    "YouTubeError": "YouTube answered with an error",
    "NetworkUnreachable": "YouTube could not be reached",
    "UserError": "This channel cannot be looked up here",
    CRASH: "Something went wrong",
}
TRANSIENT = {"QuotaExhausted", "YouTubeError", "NetworkUnreachable", "UserError", CRASH}
_KEY_TEXT = {"id": "{}", "handle": "{}", "custom": "youtube.com/c/{}",
             "user": "youtube.com/user/{}"}


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


def parse_key(key):
    """The reference a ref key names ("handle:@name", "id:UC…", "video:…"), or None."""
    kind, _, value = (key or "").partition(":")
    if kind == "video":
        return Parsed("video", value) if is_video_id(value) else None
    if kind not in _KEY_TEXT or not value:
        return None
    # Round-trip through the real parser, so a key is exactly as strict as a pasted link.
    parsed = parse(_KEY_TEXT[kind].format(value))
    if parsed.kind != "channel" or parsed.channel_kind != kind:
        return None
    return parsed


def failure_of(job):
    """The Failure of a failed job (None while running or when it succeeded)."""
    return Failure(job.kind, job.status, job.error) if job.state == FAILED else None


def running(job):
    """True while the job has not finished."""
    return job.state in {QUEUED, RUNNING}


class ChannelJobs:
    """One per app: starts, joins and refreshes listings on the core's Channels."""

    def __init__(self, config):
        self.config = config
        self.channels = Channels(config)
        self.refresh_min_age = config.get("CHANNEL_REFRESH_MIN_AGE", 300)
        # Worked out once: every page asks (the video page offers the whole channel).
        self.online = bool(config.get("YOUTUBE_API_KEY") or (
            config.get("YTDLP_ENABLED", True) and find_spec("yt_dlp") is not None))

    @property
    def enabled(self):
        """True when at least one resolver can work: an API key, yt-dlp, or saved metadata."""
        # Saved metadata may be written after start-up, so only then is the file looked for.
        return self.online or Path(self.config.get("METADATA_PATH") or "").is_file()

    def start(self, ref, fresh=False):
        """Start (or join) the listing of ref; fresh=True lists again, bypassing the cache."""
        # A refresh replaces the key's job, so pages showing the old result switch to the new.
        return self.channels.start(ref, fresh)

    def may_refresh(self, job):
        """A finished listing may be redone once it is refresh_min_age old, or when incomplete."""
        if running(job):
            return False
        if job.state == FAILED or job.result.partial:
            return True
        return time.time() - job.result.fetched_at >= self.refresh_min_age

    def wait(self, job, seconds):
        """The job after up to `seconds` of waiting for it (a cached listing is instant)."""
        if seconds <= 0 or not running(job):
            return job
        return self.channels.jobs.wait(job.id, seconds) or job

    def poll(self, job_id):
        """The job's JobState, or None when unknown or expired."""
        return self.channels.poll(job_id)

    def shutdown(self):
        """Stop the job threads (tests)."""
        self.channels.jobs.shutdown()
