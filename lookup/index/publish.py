"""Published snapshots: compact, immutable, checksummed copies of the index for replicas.

`publish` writes `index-<generation>.db` (read-only, rollback journal, meta `published` set),
`index-<generation>.db.sha256` (sha256sum format) and `manifest.json` into a folder that a web
server or a file share exposes. `replicate` is the other end: it reads the manifest from a URL
or folder, downloads the snapshot (resuming), checks its sha256 and swaps it in under the
served name, where the site's readers pick it up within a second without a restart.
"""

import json
import os
import shutil
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urljoin

import requests

from ..download import TIMEOUT, fetch
from ..errors import UserError
from .read import Index
from .sourcefile import sha256_of
from .stage import alive

MANIFEST = "manifest.json"


def publish(index_path, folder, keep=3):
    """Write a snapshot of the index's last commit into folder; returns its manifest (dict).

    Publishing the generation already published changes nothing. The `keep` newest
    snapshots stay; older ones are deleted.
    """
    index_path, folder = Path(index_path), Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    _remove_parts(folder)
    source = sqlite3.connect(f"file:{index_path.resolve()}?mode=ro", uri=True,
                             isolation_level=None)
    try:
        current = _read_manifest(folder)
        if current and current["generation"] == int(_meta(source, "generation") or 0) and \
                (folder / current["file"]).exists():
            return current
        part = folder / f".index.db.part-{os.getpid()}"
        # VACUUM INTO copies one consistent read of the live index, whatever commits meanwhile.
        source.execute("VACUUM INTO ?", (str(part),))
    finally:
        source.close()
    manifest = _seal(part, folder)
    _write_manifest(folder, manifest)
    _prune(folder, keep)
    return manifest


def _seal(part, folder):
    """Make the copy a read-only published snapshot named for its generation; describe it."""
    published = datetime.now(timezone.utc).isoformat(timespec="seconds")
    conn = sqlite3.connect(part, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('published', ?)", (published,))
        generation = int(_meta(conn, "generation") or 0)
    finally:
        conn.close()
    final = folder / f"index-{generation:06d}.db"
    _fsync(part)
    os.chmod(part, 0o444)
    os.replace(part, final)
    index = Index.open(final)
    try:
        facts = {"snapshot": index.snapshot, "schema_version": index.meta("schema_version"),
                 "totals": index.totals(),
                 "datasets": {d.slug: d.videos for d in index.datasets()}}
    finally:
        index.close()
    digest = sha256_of(final)
    final.with_name(final.name + ".sha256").write_text(f"{digest}  {final.name}\n")
    return {"file": final.name, "sha256": digest, "bytes": final.stat().st_size,
            "generation": generation, "published": published, **facts}


def replicate(source, index_path, downloads=None):
    """Install the newest published snapshot from source (an http(s) URL or a folder that
    holds manifest.json) as index_path; returns (manifest, installed: bool).

    Raises UserError when the manifest cannot be read or the download does not match its
    sha256; the served file is then left as it was.
    """
    index_path = Path(index_path)
    manifest = _fetch_manifest(source)
    mine = index_path.with_name(index_path.name + ".manifest.json")
    if mine.exists() and index_path.exists() and \
            json.loads(mine.read_text())["sha256"] == manifest["sha256"]:
        return manifest, False
    downloads = Path(downloads or index_path.parent / "downloads")
    local = _fetch_file(source, manifest["file"], downloads)
    if sha256_of(local) != manifest["sha256"]:
        local.unlink()
        raise UserError(f"{manifest['file']}: sha256 does not match the manifest; the "
                        "download was deleted and the served index left as it was")
    os.chmod(local, 0o444)
    os.replace(local, index_path)
    mine.write_text(json.dumps(manifest, indent=2))
    return manifest, True


def _fetch_manifest(source):
    try:
        if _is_url(source):
            response = requests.get(urljoin(_slash(source), MANIFEST), timeout=TIMEOUT)
            response.raise_for_status()
            return response.json()
        return json.loads((Path(source) / MANIFEST).read_text())
    except (OSError, ValueError, requests.RequestException) as error:
        raise UserError(f"cannot read the manifest at {source} ({error})") from error


def _fetch_file(source, name, downloads):
    if _is_url(source):
        (downloads / name).unlink(missing_ok=True)  # fetch() reuses a finished file of that name
        return fetch(urljoin(_slash(source), name), downloads)
    downloads.mkdir(parents=True, exist_ok=True)
    local = downloads / name
    shutil.copyfile(Path(source) / name, local)
    return local


def _is_url(source):
    return str(source).startswith(("http://", "https://"))


def _slash(url):
    return url if url.endswith("/") else url + "/"


def _meta(conn, key):
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _read_manifest(folder):
    path = folder / MANIFEST
    return json.loads(path.read_text()) if path.exists() else None


def _write_manifest(folder, manifest):
    # Written beside and renamed over, so a replica never reads half a manifest.
    part = folder / f".{MANIFEST}.part-{os.getpid()}"
    part.write_text(json.dumps(manifest, indent=2) + "\n")
    os.replace(part, folder / MANIFEST)


def _prune(folder, keep):
    snapshots = sorted(folder.glob("index-*.db"))
    for old in snapshots[:-keep] if keep > 0 else []:
        os.chmod(old, 0o644)
        old.unlink()
        old.with_name(old.name + ".sha256").unlink(missing_ok=True)


def _remove_parts(folder):
    """Parts of publishes that died (their process is gone)."""
    for part in folder.glob(".*.part-*"):
        pid = part.name.rpartition("-")[2]
        if pid.isdigit() and not alive(int(pid)):
            part.unlink()


def _fsync(path):
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())
