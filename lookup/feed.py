"""What a feed shows, read from the index's change log: one entry per ingest that added
watched videos to a dataset (a watch's feed), or that added any videos at all (a dataset's).

Entries are plain data, newest first; lookup.watch keeps what is watched, web/feeds.py
writes the Atom.
"""

import logging
import sqlite3
from dataclasses import dataclass

from .ids import Parsed

log = logging.getLogger(__name__)
# A channel's upload list in the cache is worth reading however old it is: a video once
# listed as the channel's stays the channel's.
ANY_AGE = 100 * 365 * 24 * 3600


@dataclass(frozen=True)
class WatchEntry:
    """The videos of a watch that one ingest added to one dataset."""

    ingest: int
    dataset: str
    committed: str  # ISO 8601, the ingest's commit time
    videos: tuple  # (video ID, clip count or None where not asked for), in the watch's order


@dataclass(frozen=True)
class DatasetEntry:
    """One ingest that added videos to a dataset, and the files it read."""

    ingest: int
    dataset: str
    committed: str
    new_memberships: int
    new_videos: int  # videos new to the whole index
    files: tuple  # lookup.index.Source, the files this ingest read first
    first: bool  # the first ingest that added videos to this dataset: it is newly checked


def watch_entries(index, video_ids, limit, counted=None):
    """The last `limit` ingests that added any of video_ids to a dataset, newest first.

    One indexed probe per video (Index.changes). Clip counts are the index's now, for the
    first `counted` videos of each entry (None: all of them), since a feed shows no more.
    """
    order = {video: n for n, video in enumerate(dict.fromkeys(video_ids))}
    groups = {}
    for change in index.changes(list(order)):  # in commit order
        groups.setdefault((change.ingest, change.dataset, change.committed),
                          []).append(change.video_id)
    chosen = [(key, sorted(videos, key=order.get))
              for key, videos in (list(groups.items())[-limit:] if limit > 0 else [])]
    hits = index.lookup(sorted({v for _, videos in chosen for v in videos[:counted]}))
    entries = []
    for (ingest, dataset, committed), videos in reversed(chosen):
        entries.append(WatchEntry(ingest, dataset, committed, tuple(
            (v, next((h.clip_count for h in hits[v] if h.dataset == dataset), 0)
             if v in hits else None) for v in videos)))
    return entries


def dataset_entries(index, limit, slug=None):
    """The last `limit` ingests that added memberships to dataset `slug` (None: to any),
    newest first. An ingest that added nothing (a file read again) is no news."""
    ingests = [i for i in index.ingests() if i.new_memberships > 0]
    firsts = {}
    for i in ingests:
        firsts.setdefault(i.dataset, i.id)
    ingests = [i for i in ingests if slug is None or i.dataset == slug]
    chosen = ingests[-limit:] if limit > 0 else []
    files = {}
    for source in index.sources():
        files.setdefault(source.ingest, []).append(source)
    return [DatasetEntry(i.id, i.dataset, i.committed, i.new_memberships, i.new_videos,
                         tuple(files.get(i.id, ())), firsts[i.dataset] == i.id)
            for i in reversed(chosen)]


def channel_videos(channel_id, metadata=None, cache=None, handle=""):
    """Every video this site knows as the channel's now: from the saved video details
    (lookup.youtube.metadata.Metadata, which datasets such as YouTube-Commons fill) and from the
    last upload list it fetched (lookup.youtube.cache.ChannelCache). Either may be None; an
    unreadable file counts as knowing nothing, and is logged. A channel known only by its
    @handle (oEmbed gives no channel ID) is found in the video details by the handle."""
    found = []
    ref = (Parsed("channel", channel_id, "id") if channel_id else
           Parsed("channel", handle, "handle") if handle else None)
    if metadata is not None and ref is not None:
        try:
            rows = metadata.channel(ref)
        except sqlite3.DatabaseError as error:
            log.warning("metadata %s unreadable for a watch: %s", metadata.path, error)
            rows = None
        found += rows.video_ids if rows else ()
    if cache is not None and channel_id:
        try:
            listed = cache.get(f"id:{channel_id}", ANY_AGE)
        except sqlite3.DatabaseError as error:
            log.warning("channel cache %s unreadable for a watch: %s", cache.path, error)
            listed = None
        found += listed.video_ids if listed else ()
    return tuple(dict.fromkeys(found))
