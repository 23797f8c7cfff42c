"""Hash ranges for private lookups: every video under the first 20 bits of its ID's SHA-256.

A client that wants to check a video without naming it hashes the 11-character ID (SHA-256
of its ASCII bytes), sends only the first 5 hex digits, and gets back every indexed video
under that prefix (k-anonymity, as in Have I Been Pwned's range API). The hash cannot be
computed by SQLite, and a prefix query must not scan the index, so `hash_prefix(prefix,
video)` holds each distinct video once, keyed by its prefix (an integer 0..2^20-1): a range
is one B-tree seek and a few dozen rows at 50M videos, about 20 bytes per video on disk.

The merge adds a row per new video; `rebuild` fills the table from `membership` (when a
schema upgrade creates it, and on `scripts/index.py recount`) and `differences` checks it
against a full count (`scripts/index.py check`).
"""

import binascii
import hashlib
import re

from ..errors import UserError
from ..ids import int_to_id

PREFIX_DIGITS = 5
PREFIX = re.compile(r"[0-9a-fA-F]{5}")
_BITS = 4 * PREFIX_DIGITS
_URLSAFE = bytes.maketrans(b"+/", b"-_")
RANGE_SQL = ("SELECT h.video, c.dataset, c.n FROM hash_prefix h"
             " JOIN clips c ON c.video = h.video WHERE h.prefix = ?")


def sha256_hex(video_id):
    """SHA-256 of an 11-character video ID's ASCII bytes, as 64 lowercase hex digits."""
    return hashlib.sha256(video_id.encode("ascii")).hexdigest()


def prefix_of(video):
    """The range of a video (its int64 key): the first 20 bits of its ID's SHA-256."""
    # int_to_id without the str round trip: the merge calls this once per new video.
    video_id = binascii.b2a_base64(video.to_bytes(8, "big", signed=True),
                                   newline=False)[:11].translate(_URLSAFE)
    return int.from_bytes(hashlib.sha256(video_id).digest()[:3], "big") >> (24 - _BITS)


def parse_prefix(text):
    """The integer range named by 5 hex digits (either case); UserError(400) otherwise."""
    if not PREFIX.fullmatch(text or ""):
        shown = (text or "")[:40]
        raise UserError(f"“{shown}” is not a range prefix. A prefix is exactly 5 hexadecimal "
                        "digits (0-9, a-f): the start of the SHA-256 of an 11-character video "
                        "ID, e.g. /api/v1/range/5e3a1.")
    return int(text, 16)


def register(conn):
    """The SQL function hash_prefix(video) these statements use; repeatable."""
    conn.create_function("hash_prefix", 1, prefix_of, deterministic=True)


def add(conn, dataset):
    """Give each video of the merge's temp.added (the videos it just added to dataset) that
    no other dataset holds its row; the others have theirs."""
    register(conn)
    # Sorted by key so that the inserts walk the B-tree in order rather than at random.
    conn.execute("INSERT OR IGNORE INTO hash_prefix SELECT hash_prefix(a.video), a.video"
                 " FROM temp.added a WHERE NOT EXISTS (SELECT 1 FROM membership m"
                 " WHERE m.video = a.video AND m.dataset != ?) ORDER BY 1, 2", (dataset,))


def rebuild(conn):
    """Refill the table from every video in membership (one pass; minutes at 50M videos)."""
    register(conn)
    conn.execute("DELETE FROM hash_prefix")
    conn.execute("INSERT INTO hash_prefix SELECT hash_prefix(video), video"
                 " FROM (SELECT DISTINCT video FROM membership) ORDER BY 1, 2")


def differences(conn):
    """[(figure, stored, counted)] where the table departs from membership; [] when sound."""
    register(conn)
    stored = conn.execute("SELECT count(*) FROM hash_prefix").fetchone()[0]
    wrong = conn.execute("SELECT count(*) FROM hash_prefix"
                         " WHERE prefix != hash_prefix(video)").fetchone()[0]
    orphans = conn.execute(
        "SELECT count(*) FROM hash_prefix h WHERE NOT EXISTS"
        " (SELECT 1 FROM membership m WHERE m.video = h.video)").fetchone()[0]
    videos = conn.execute("SELECT count(DISTINCT video) FROM membership").fetchone()[0]
    missing = conn.execute(
        "SELECT count(*) FROM (SELECT DISTINCT video FROM membership) m WHERE NOT EXISTS"
        " (SELECT 1 FROM hash_prefix h WHERE h.prefix = hash_prefix(m.video)"
        " AND h.video = m.video)").fetchone()[0]
    if not (wrong or orphans or missing or stored != videos):
        return []
    return [("hash_prefix",
             f"{stored} rows ({wrong} under a wrong prefix, {orphans} of no indexed video)",
             f"{videos} videos ({missing} without their row)")]


def members(conn, prefix):
    """Every indexed video in range `prefix` (an int), with its datasets and clip counts.

    Returns [(video ID, sha256 hex, [(dataset slug, clip count), ...])], ordered by hash and
    then slug.
    """
    # clips holds exactly one row per membership (the merge writes both for each new pair,
    # and `check` compares their counts), so one probe of it per video is the whole answer;
    # slugs and order come from Python, which spares SQLite a join and a sort per request.
    slugs = dict(conn.execute("SELECT id, slug FROM datasets"))
    found = {}
    for video, dataset, clips in conn.execute(RANGE_SQL, (prefix,)):
        found.setdefault(video, []).append((slugs[dataset], clips))
    rows = [(video_id, sha256_hex(video_id), sorted(hits))
            for video_id, hits in ((int_to_id(v), h) for v, h in found.items())]
    return sorted(rows, key=lambda row: row[1])


def available(conn):
    """True when the index has the range table (a version-3 file or later)."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'hash_prefix'"
                        ).fetchone() is not None
