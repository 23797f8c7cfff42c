"""The open-data folder: published snapshots and, beside each, its exports and checksums.

`scripts/publish.py --out DIR` writes `index-<generation>.db`, its `.sha256` and
`manifest.json` (lookup/index/publish.py). `export` adds, for a snapshot:

  index-<generation>.memberships.csv.gz    every membership, readable IDs (export.py)
  index-<generation>.memberships.parquet   the same, as Parquet
  index-<generation>.datasette.json        Datasette metadata for the snapshot (datasette.py)

each with a `.sha256` in sha256sum's format, and removes the exports of snapshots that
publishing has since pruned. `listing` describes the folder for the download page.
"""

import functools
import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from ..index.sourcefile import sha256_of
from . import datasette, export
from ..i18n import N_

SNAPSHOT = re.compile(r"index-(\d+)\.db")
# kind -> (suffix after index-<generation>, what it is)
KINDS = {
    "snapshot": (".db", N_("SQLite index (open with sqlite3 or Datasette)")),
    "csv": (".memberships.csv.gz", N_("Memberships, CSV (gzip)")),
    "parquet": (".memberships.parquet", N_("Memberships, Parquet")),
    "datasette": (".datasette.json", N_("Datasette metadata")),
}
SERVABLE = re.compile(r"manifest\.json|index-\d+(?:" + "|".join(
    re.escape(suffix) for suffix, _ in KINDS.values()) + r")(?:\.sha256)?")


@dataclass(frozen=True)
class Download:
    """One file offered for download."""

    file: str
    kind: str
    label: str
    bytes: int
    sha256: str | None  # from the .sha256 beside it; None when that is missing


@dataclass(frozen=True)
class Snapshot:
    """A published snapshot and the files offered with it."""

    file: str
    generation: int
    snapshot: str  # time of the index's last commit in it (ISO 8601)
    published: str
    videos: int
    memberships: int
    datasets: int
    downloads: tuple  # of Download, the snapshot itself first


def listing(folder):
    """The snapshots in folder, newest first; [] when the folder does not exist."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("index-*.db"):
        match = SNAPSHOT.fullmatch(path.name)
        if match is None:
            continue
        stat = path.stat()
        facts = _facts(str(path), stat.st_size, stat.st_mtime_ns)
        if facts is not None:
            found.append(Snapshot(path.name, int(match.group(1)), *facts,
                                  downloads=_downloads(folder, path)))
    return sorted(found, key=lambda s: s.generation, reverse=True)


def servable(folder, name):
    """True when name is a file of the folder that is offered for download."""
    return SERVABLE.fullmatch(name) is not None and (Path(folder) / name).is_file()


def newest(folder):
    """Path of the snapshot manifest.json names (else the highest generation)."""
    folder = Path(folder)
    manifest = folder / "manifest.json"
    if manifest.is_file():
        name = json.loads(manifest.read_text())["file"]
        if (folder / name).is_file():
            return folder / name
    snapshots = listing(folder)
    if not snapshots:
        raise UserError(f"{folder.name}: no published snapshot (run scripts/publish.py --out)")
    return folder / snapshots[0].file


def export_all(snapshot_path, catalogue, force=False, progress=None):
    """Write the exports of the snapshot beside it; returns [(file, rows or None, written)].

    A kind already exported (its file and .sha256 present) is kept unless force. Raises
    UserError when an export's row count differs from the snapshot's memberships.
    """
    snapshot_path = Path(snapshot_path)
    stem = snapshot_path.name.removesuffix(".db")
    conn = export.open_snapshot(snapshot_path)
    try:
        expected = export.memberships(conn)
        done = []
        for kind, write in (("csv", export.write_csv), ("parquet", export.write_parquet),
                            ("datasette", None)):
            final = snapshot_path.with_name(stem + KINDS[kind][0])
            if not force and final.is_file() and _checksum_file(final).is_file():
                done.append((final.name, None, False))
                continue
            if write is None:
                rows = None
                text = json.dumps(datasette.metadata(conn, catalogue, stem), indent=2,
                                  ensure_ascii=False) + "\n"
                export.written_beside(final, lambda part: part.write_text(text))
            else:
                rows = export.written_beside(final, lambda part, w=write, k=kind: w(
                    conn, part, progress and (lambda n: progress(k, n, expected))))
                if rows != expected:
                    final.unlink()
                    raise UserError(f"{final.name}: wrote {rows:,} rows for {expected:,} "
                                    "memberships; the export was deleted")
            _checksum_file(final).write_text(f"{sha256_of(final)}  {final.name}\n")
            done.append((final.name, rows, True))
        return done
    finally:
        conn.close()


def prune(folder):
    """Remove exports whose snapshot is gone (publishing keeps only the newest few)."""
    folder = Path(folder)
    removed = []
    for path in folder.glob("index-*"):
        match = re.fullmatch(r"(index-\d+)(\..+)", path.name)
        if match and match.group(2) not in (".db", ".db.sha256") and \
                not (folder / f"{match.group(1)}.db").exists():
            path.unlink()
            removed.append(path.name)
    return removed


def _downloads(folder, snapshot):
    stem = snapshot.name.removesuffix(".db")
    out = []
    for kind, (suffix, label) in KINDS.items():
        path = folder / (stem + suffix)
        if path.is_file():
            out.append(Download(path.name, kind, label, path.stat().st_size,
                                _recorded_sha256(path)))
    return tuple(out)


def _checksum_file(path):
    return path.with_name(path.name + ".sha256")


def _recorded_sha256(path):
    try:
        digest = _checksum_file(path).read_text().split()[0]
    except (OSError, IndexError):
        return None
    return digest if re.fullmatch(r"[0-9a-f]{64}", digest) else None


@functools.lru_cache(maxsize=64)
def _facts(path, size, mtime_ns):
    """(snapshot, published, videos, memberships, datasets) of a snapshot file; None when it
    is not a readable index. Cached by size and mtime: a published file never changes."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta"))
            memberships, datasets = conn.execute(
                "SELECT coalesce(sum(videos), 0), count(*) FROM datasets").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None
    return (meta.get("snapshot", ""), meta.get("published", ""),
            int(meta.get("distinct_videos", 0)), memberships, datasets)
