"""Resolve a channel link, @handle or video to its upload list, trying resolvers in turn."""

import logging
import os
import time
from dataclasses import replace

from .. import paths
from ..errors import UserError
from ..i18n import N_
from ..ids import Parsed
from .cache import ChannelCache
from .data_api import YouTubeAPI
from .errors import ChannelError, Unsupported
from .metadata import Metadata
from .shared_jobs import SharedJobs
from .uploads import Uploads, describe, dump_uploads, load_uploads, parse_key, ref_key
from .ytdlp import YtDlp

log = logging.getLogger(__name__)

DEFAULT_MAX_AGE = 24 * 3600
ENV_KEYS = ("YOUTUBE_API_KEY", "YOUTUBE_API_BASE", "OEMBED_BASE", "CHANNEL_CACHE_PATH",
            "METADATA_PATH", "NAMES_PATH")


def _ignore(listed, total=None):
    """A progress callback that does nothing."""


def cached(ref, cache, max_age=DEFAULT_MAX_AGE):
    """The channel's uploads from the cache if listed within max_age seconds, else None."""
    hit = cache.get(ref_key(ref), max_age) if cache is not None else None
    if hit is None:
        return None
    return Uploads(hit.channel_id, hit.title, hit.video_ids, "cache:" + hit.source,
                   hit.fetched_at)


def described(ref, metadata):
    """The channel's videos as the datasets describe them (source "datasets", partial), when
    a dataset's files attribute any to it; else None. Costs no call to YouTube."""
    rows = metadata.channel(ref) if metadata is not None else None
    if rows is None or not rows.described_by:
        return None
    return Uploads(rows.channel_id, rows.title, rows.video_ids, "datasets", time.time(),
                   partial=True, handle=rows.handle, described_by=rows.described_by)


def resolve(ref, resolvers, cache=None, max_age=DEFAULT_MAX_AGE, progress=None):
    """The channel's uploads from the cache or the first resolver that succeeds."""
    progress = progress or _ignore
    key = ref_key(ref)
    if (hit := cached(ref, cache, max_age)) is not None:
        return hit
    failures, short = [], None
    for resolver in resolvers:
        if short is not None and not getattr(resolver, "completes", False):
            continue
        try:
            found = resolver.uploads(_known(ref, short), progress)
        except ChannelError as error:
            log.info("channel %s: %s failed: %s", key, resolver.name, type(error).__name__)
            if error.final:
                raise
            if not isinstance(error, Unsupported):
                failures.append(error)
            continue
        if short is not None:
            found = _merge(short, found)
        if found.short and not found.partial and resolver is not resolvers[-1]:
            # The API's uploads playlist stops at about 20,000 items; let a later resolver finish.
            short = found
            continue
        return _remember(cache, key, found)
    if short is not None:
        reason = N_("YouTube listed %(listed)s of %(total)s uploads.",
                    listed=len(short.video_ids), total=short.total)
        return replace(short, partial=True, reason=reason)
    if failures:
        raise max(failures, key=lambda e: e.rank)
    raise UserError(f"The channel {describe(ref)} cannot be looked up without network access.", 503)


def _known(ref, short):
    """Once a resolver has found the channel ID, later resolvers start from it."""
    return ref if short is None else Parsed("channel", short.channel_id, "id")


def _merge(first, second):
    """Union of two listings of the same channel, in first-seen order."""
    seen = dict.fromkeys(first.video_ids)
    seen.update(dict.fromkeys(second.video_ids))
    return replace(first, video_ids=tuple(seen), source=f"{first.source}+{second.source}",
                   partial=second.partial, reason=second.reason,
                   total=max(first.total or 0, second.total or 0, len(seen)))


def _remember(cache, key, found):
    """Cache a complete listing under the reference and under the channel ID."""
    if cache is not None and not found.partial:
        for name in dict.fromkeys([key, f"id:{found.channel_id}"]):
            cache.put(name, found.channel_id, found.title, found.video_ids, found.fetched_at,
                      source=found.source)
    return found


class Offline:
    """Answers from the enrichment metadata database when YouTube cannot be reached."""

    name = "offline"

    def __init__(self, metadata):
        self.metadata = metadata

    def uploads(self, ref, progress):
        """Every video the metadata database attributes to the channel, marked partial."""
        rows = self.metadata.channel(ref)
        if rows is None:
            raise Unsupported(f"no offline metadata for {describe(ref)}")
        progress(len(rows.video_ids), None)
        reason = (N_("YouTube could not be asked, so this list comes from our saved video "
                     "details (checked up to %(date)s); newer uploads are missing.",
                     date=rows.checked_at[:10]) if rows.checked_at else
                  N_("YouTube could not be asked, so this list comes from our saved video "
                     "details; newer uploads are missing."))
        return Uploads(rows.channel_id, rows.title, rows.video_ids, self.name, time.time(),
                       partial=True, reason=reason, handle=rows.handle,
                       described_by=rows.described_by)


def config_from_env(environ=None):
    """The channel settings found in the environment, as a config dict."""
    environ = os.environ if environ is None else environ
    return {key: environ[key] for key in ENV_KEYS if environ.get(key)}


def resolvers_from(config):
    """The resolvers a config enables, in the order they are tried."""
    timeout = (config.get("HTTP_CONNECT_TIMEOUT", 5.0), config.get("HTTP_READ_TIMEOUT", 20.0))
    chain = []
    if config.get("YOUTUBE_API_KEY"):
        chain.append(YouTubeAPI(config["YOUTUBE_API_KEY"], config.get("YOUTUBE_API_BASE"),
                                timeout=timeout))
    if config.get("YTDLP_ENABLED", True):
        chain.append(YtDlp(config.get("YTDLP_EXTRACT_INFO"), timeout=timeout[1]))
    chain.append(Offline(Metadata(config.get("METADATA_PATH", paths.METADATA))))
    return chain


class Channels:
    """Channel resolution as the app uses it: configured resolvers, a cache and background jobs."""

    def __init__(self, config, resolvers=None, jobs=None):
        self.resolvers = resolvers if resolvers is not None else resolvers_from(config)
        self.metadata = Metadata(config.get("METADATA_PATH", paths.METADATA))
        self.cache = ChannelCache(config.get("CHANNEL_CACHE_PATH", paths.CHANNEL_CACHE))
        self.max_age = config.get("CHANNEL_MAX_AGE", DEFAULT_MAX_AGE)
        # A list older than max_age is never served again (it is listed anew), so it is only
        # weight in the file: drop such lists whenever a process starts.
        self.cache.forget(self.max_age)
        # The job table lives in the cache's file, which every worker process already shares:
        # two workers asked for one channel run one listing, and any worker answers its polls.
        # The finished Uploads is kept in the job row, not read back from the cache: partial
        # listings are never cached, and the cache does not keep handle, total or reason.
        # keep_errors: a channel that cannot be listed shows everyone the same answer until it
        # expires or is refreshed, rather than asking YouTube again on every page load.
        self.jobs = jobs or SharedJobs(
            self.cache.path, dump_uploads, load_uploads, config.get("JOBS_MAX_RUNNING", 4),
            config.get("JOBS_TTL", 900), max_queued=config.get("JOBS_MAX_QUEUED", 100),
            keep_errors=True, stale=config.get("JOBS_STALE", 60))

    def resolve(self, ref, progress=None, fresh=False):
        """Resolve now, in this thread; fresh=True bypasses the cache."""
        max_age = 0 if fresh else self.max_age
        return resolve(ref, self.resolvers, self.cache, max_age, progress)

    def start(self, ref, fresh=False):
        """Queue (or join) the job resolving ref; fresh=True lists again, bypassing the cache
        and the datasets' descriptions.

        A list in the cache, or else the channel's videos as datasets describe them, becomes
        a finished job at once, without the worker or YouTube."""
        ready = None if fresh else (lambda: cached(ref, self.cache, self.max_age)
                                    or described(ref, self.metadata))
        return self.jobs.start(ref_key(ref), fresh=fresh, ready=ready)

    def run(self, key, fresh, progress):
        """Resolve a queued job's key (the worker's side of start())."""
        ref = parse_key(key)
        if ref is None:
            raise UserError(f"{key[:80]} does not name a channel.", 404)
        return self.resolve(ref, progress, fresh)

    def poll(self, job_id):
        """The job's current JobState, or None when unknown or expired."""
        return self.jobs.get(job_id)
