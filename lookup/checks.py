"""Saved checks: a list of video IDs and the answer the index gave, kept under a short permalink.

A saved check lives in its own writable SQLite file (CHECKS_PATH), never in the index. It keeps
the answer itself (every membership with its clip spans, source file, sha256 and line) and the
index snapshot it came from, so reopening it shows exactly what was found then, even after the
index has grown, and an evidence report made from it never changes under its reader.
"""

import hashlib
import json
import re
import secrets
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from . import statefile
from .ids import VIDEO_ID, checked_id_to_int, int_to_id
from .index import Clip

SCHEMA = """
CREATE TABLE IF NOT EXISTS checks(
    id TEXT PRIMARY KEY,
    digest TEXT NOT NULL UNIQUE,  -- sha256 of everything below: one permalink per content
    created TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    kind TEXT NOT NULL,           -- "list", "video" or "channel"
    label TEXT NOT NULL,
    ref TEXT NOT NULL,            -- a channel's ref key; "" for lists
    count INTEGER NOT NULL,
    found INTEGER NOT NULL,
    ids BLOB NOT NULL,            -- zlib(big-endian int64 per video ID, input order)
    answer BLOB NOT NULL,         -- zlib(JSON: snapshot, datasets checked, memberships)
    rejected TEXT NOT NULL        -- JSON: {"count": n, "first": [[text, why], ...],
                                  --        "mapped": n, "mapped_first": [[as pasted, ID], ...]}
) WITHOUT ROWID;
"""
KINDS = frozenset({"list", "video", "channel"})
ID_LENGTH = 12  # 72 random bits: not guessable, short enough to read out
CHECK_ID = re.compile(r"[A-Za-z0-9_-]{%d}" % ID_LENGTH)


@dataclass(frozen=True)
class SourceFile:
    """The official file a membership was read from, as the index described it then."""

    dataset: str
    file_name: str
    sha256: str
    url: str
    size: int | None
    format: str
    finished: str  # when the file was read (ISO 8601)


@dataclass(frozen=True)
class Membership:
    """A video's membership in one dataset (the shape of lookup.index.Hit)."""

    dataset: str
    clip_count: int
    clips: tuple  # lookup.index.Clip, without captions
    source: SourceFile
    line: int  # 1-based line (record number for binary formats) in source

    def spans(self):
        """(start_ms, end_ms) per clip, in time order (as lookup.index.Hit.spans)."""
        return [(c.start_ms, c.end_ms) for c in self.clips]

    def captions(self):
        """None: a saved check keeps no captions (as lookup.index.Hit.captions)."""
        return None


@dataclass(frozen=True)
class Answer:
    """What the index said about a list of IDs: found memberships, as of one snapshot."""

    snapshot: str
    checked: tuple  # slugs of the datasets the index held
    hits: dict  # {video ID: tuple of Membership}, found videos only

    @property
    def found(self):
        return len(self.hits)


@dataclass(frozen=True)
class SavedCheck:
    """A stored check: its permalink ID, what was checked, and the answer."""

    id: str
    created: str
    kind: str
    label: str
    ref: str
    video_ids: tuple
    rejected: tuple  # (text, why) for the first few input pieces that were not videos
    rejected_count: int
    answer: Answer
    mapped: tuple = ()  # (as pasted, canonical ID) for the first few IDs in an old spelling
    mapped_count: int = 0

    @property
    def snapshot(self):
        return self.answer.snapshot


def answer(index, video_ids):
    """Ask an open lookup.index.Index about video_ids; returns a plain Answer."""
    found = index.lookup(list(video_ids))
    hits = {video: tuple(_membership(hit) for hit in found[video])
            for video in video_ids if video in found}
    checked = tuple(sorted(d.slug for d in index.datasets()))
    return Answer(index.meta("snapshot") or "", checked, hits)


def _membership(hit):
    s = hit.source
    source = SourceFile(s.dataset, s.file_name, s.sha256, s.url or "", s.size, s.format or "",
                        s.finished or "")
    clips = tuple(Clip(c.start_ms, c.end_ms) for c in hit.clips)
    return Membership(hit.dataset, hit.clip_count, clips, source, hit.line)


class CheckStore:
    """The saved checks file; every call opens its own short connection (safe across workers)."""

    def __init__(self, path):
        self.path = Path(path)

    def _connect(self):
        return statefile.connect(self.path, SCHEMA)

    def save(self, video_ids, found, kind="list", label="", ref="", rejected=(),
             rejected_count=0, mapped=(), mapped_count=0):
        """Store a check and return its ID; the same content saved twice keeps one ID."""
        if kind not in KINDS:
            raise ValueError(f"unknown kind of check: {kind!r}")
        ids = _pack_ids(video_ids)
        body = _pack_answer(found)
        notes = {"count": rejected_count, "first": [list(r) for r in rejected]}
        if mapped_count:
            notes.update(mapped=mapped_count, mapped_first=[list(m) for m in mapped])
        notes = json.dumps(notes)
        digest = hashlib.sha256(b"\0".join(
            [kind.encode(), label.encode(), ref.encode(), found.snapshot.encode(), ids, body,
             notes.encode()])).hexdigest()
        created = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        conn = self._connect()
        try:
            with conn:
                row = conn.execute("SELECT id FROM checks WHERE digest = ?", (digest,)).fetchone()
                if row:
                    return row[0]
                check_id = _new_id(conn)
                conn.execute("INSERT INTO checks VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                             (check_id, digest, created, found.snapshot, kind, label, ref,
                              len(video_ids), found.found, zlib.compress(ids),
                              zlib.compress(body), notes))
                return check_id
        finally:
            conn.close()

    def get(self, check_id):
        """The SavedCheck with this ID, or None (also for text that is no check ID at all)."""
        if not isinstance(check_id, str) or not CHECK_ID.fullmatch(check_id):
            return None
        if not self.path.is_file():
            return None
        conn = self._connect()
        try:
            row = conn.execute("SELECT id, created, kind, label, ref, ids, answer, rejected"
                               " FROM checks WHERE id = ?", (check_id,)).fetchone()
        finally:
            conn.close()
        if row is None:
            return None
        check_id, created, kind, label, ref, ids, body, notes = row
        notes = json.loads(notes)
        return SavedCheck(check_id, created, kind, label, ref,
                          _unpack_ids(zlib.decompress(ids)),
                          tuple(tuple(r) for r in notes["first"]), notes["count"],
                          _unpack_answer(zlib.decompress(body)),
                          tuple(tuple(m) for m in notes.get("mapped_first", ())),
                          notes.get("mapped", 0))


    def channel_video_ids(self):
        """The video IDs of every saved channel check, newest check first, streamed."""
        if not self.path.is_file():
            return
        conn = self._connect()
        try:
            for (ids,) in conn.execute("SELECT ids FROM checks WHERE kind = 'channel'"
                                       " ORDER BY created DESC"):
                yield from _unpack_ids(zlib.decompress(ids))
        finally:
            conn.close()


def _new_id(conn):
    while True:  # a clash of 72 random bits is astronomically rare, but cheap to rule out
        check_id = secrets.token_urlsafe(ID_LENGTH * 3 // 4)
        if not conn.execute("SELECT 1 FROM checks WHERE id = ?", (check_id,)).fetchone():
            return check_id


def _pack_ids(video_ids):
    if not all(VIDEO_ID.fullmatch(v) for v in video_ids):
        raise ValueError("a saved check holds only well-formed video IDs")
    return b"".join(checked_id_to_int(v).to_bytes(8, "big", signed=True) for v in video_ids)


def _unpack_ids(blob):
    return tuple(int_to_id(int.from_bytes(blob[i:i + 8], "big", signed=True))
                 for i in range(0, len(blob), 8))


def _pack_answer(found):
    sources, rows = {}, []
    for video, memberships in found.hits.items():
        for m in memberships:
            s = m.source
            key = sources.setdefault(s, len(sources))
            rows.append([video, m.dataset, m.clip_count,
                         [[c.start_ms, c.end_ms] for c in m.clips], key, m.line])
    order = sorted(sources, key=sources.get)
    return json.dumps({"snapshot": found.snapshot, "checked": list(found.checked),
                       "sources": [[s.dataset, s.file_name, s.sha256, s.url, s.size, s.format,
                                    s.finished] for s in order],
                       "hits": rows}, separators=(",", ":")).encode()


def _unpack_answer(body):
    data = json.loads(body)
    sources = [SourceFile(*s) for s in data["sources"]]
    hits = {}
    for video, dataset, count, spans, key, line in data["hits"]:
        clips = tuple(Clip(start, end) for start, end in spans)
        hits.setdefault(video, []).append(Membership(dataset, count, clips, sources[key], line))
    return Answer(data["snapshot"], tuple(data["checked"]),
                  {video: tuple(ms) for video, ms in hits.items()})
