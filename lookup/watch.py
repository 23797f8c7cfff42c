"""Watches: a channel or a saved list of videos followed through a feed, kept in WATCH_PATH.

A watch is reached only through its token, a capability: whoever holds the feed's address may
read it and stop it, and nobody can guess one (192 random bits). The file keeps the token's
SHA-256, never the token, so a copy of the file hands out no feed. A stopped watch keeps its
row (without its videos) so that its feed can answer "410 Gone" and feed readers drop it.
"""

import hashlib
import re
import secrets
import struct
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from . import statefile
from .ids import VIDEO_ID, checked_id_to_int, int_to_id

SCHEMA = """
CREATE TABLE IF NOT EXISTS watches(
    number INTEGER PRIMARY KEY,   -- public within its feed: the entries' Atom IDs use it
    token_sha256 TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,           -- "channel" or "list"
    target TEXT NOT NULL,         -- the channel ID (UC...) or the saved check's ID
    label TEXT NOT NULL,          -- the channel's title, or the saved check's title
    handle TEXT NOT NULL,         -- the channel's @handle; "" for lists
    ids BLOB NOT NULL,            -- zlib(big-endian int64 per video ID)
    created TEXT NOT NULL,
    stopped TEXT                  -- set when the watch was stopped
);
"""
KINDS = frozenset({"channel", "list"})
TOKEN_BYTES = 24  # 192 bits, written as 32 URL-safe characters
TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


@dataclass(frozen=True)
class Watch:
    """One watch: what it follows, the videos known when it was made, when it was stopped."""

    number: int
    kind: str
    target: str
    label: str
    handle: str
    video_ids: tuple
    created: str  # ISO 8601 UTC
    stopped: str | None = None


def _now():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


class WatchStore:
    """The watches file; every call opens its own short connection (safe across workers)."""

    def __init__(self, path):
        self.path = Path(path)

    def _connect(self):
        return statefile.connect(self.path, SCHEMA)

    def create(self, kind, target, label, video_ids, handle=""):
        """Store a new watch; returns (token, Watch). The token is shown once, never stored."""
        if kind not in KINDS:
            raise ValueError(f"unknown kind of watch: {kind!r}")
        blob = _pack(video_ids)
        token, created = secrets.token_urlsafe(TOKEN_BYTES), _now()
        conn = self._connect()
        try:
            with conn:
                number = conn.execute(
                    "INSERT INTO watches(token_sha256, kind, target, label, handle, ids, created)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (_digest(token), kind, target, label, handle, blob, created)).lastrowid
        finally:
            conn.close()
        return token, Watch(number, kind, target, label, handle, tuple(video_ids), created)

    def get(self, token):
        """The Watch this token opens (stopped ones too), or None for any other text."""
        if not isinstance(token, str) or not TOKEN.fullmatch(token) or not self.path.is_file():
            return None
        conn = self._connect()
        try:
            row = conn.execute(
                "SELECT number, kind, target, label, handle, ids, created, stopped FROM watches"
                " WHERE token_sha256 = ?", (_digest(token),)).fetchone()
        finally:
            conn.close()
        if row is None:
            return None
        number, kind, target, label, handle, blob, created, stopped = row
        return Watch(number, kind, target, label, handle, _unpack(blob), created, stopped)

    def add_videos(self, watch, video_ids):
        """Remember more videos of a watched channel (newer uploads); returns the new Watch."""
        known = set(watch.video_ids)
        added = tuple(v for v in dict.fromkeys(video_ids) if v not in known)
        if not added or watch.stopped:
            return watch
        ids = watch.video_ids + added
        conn = self._connect()
        try:
            with conn:
                conn.execute("UPDATE watches SET ids = ? WHERE number = ? AND stopped IS NULL",
                             (_pack(ids), watch.number))
        finally:
            conn.close()
        return Watch(watch.number, watch.kind, watch.target, watch.label, watch.handle, ids,
                     watch.created)

    def stop(self, token):
        """Stop the watch this token opens and forget its videos; False when there is none."""
        watch = self.get(token)
        if watch is None:
            return False
        conn = self._connect()
        try:
            with conn:
                conn.execute("UPDATE watches SET stopped = coalesce(stopped, ?), ids = ?"
                             " WHERE number = ?", (_now(), _pack(()), watch.number))
        finally:
            conn.close()
        return True


def _pack(video_ids):
    if not all(isinstance(v, str) and VIDEO_ID.fullmatch(v) for v in video_ids):
        raise ValueError("a watch holds only well-formed video IDs")
    numbers = [checked_id_to_int(v) for v in video_ids]
    return zlib.compress(struct.pack(f">{len(numbers)}q", *numbers))


def _unpack(blob):
    raw = zlib.decompress(blob)
    return tuple(int_to_id(n) for n in struct.unpack(f">{len(raw) // 8}q", raw))
