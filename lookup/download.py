"""Download an official dataset file, resuming a partial download where it stopped."""

import os
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import requests

from .errors import UserError

TIMEOUT = (10, 60)  # connect, read (seconds)


def file_name_for(url):
    """The file name a URL's last path segment gives."""
    name = Path(unquote(urlsplit(url).path)).name
    if not name or name in {".", ".."}:
        raise UserError(f"cannot tell a file name from {url}")
    return name


def fetch(url, folder, progress=None, session=None):
    """Path of the downloaded file in folder; a '.part' file from an earlier run is resumed."""
    if urlsplit(url).scheme not in {"http", "https"}:
        raise UserError(f"only http(s) URLs can be downloaded: {url}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / file_name_for(url)
    if target.exists():
        return target
    part = target.with_name(target.name + ".part")
    session = session or requests.Session()
    try:
        modified = _download(session, url, part, progress)
    except requests.RequestException as error:
        raise UserError(f"download of {url} failed ({type(error).__name__}); "
                        "run the same command again to resume") from error
    part.replace(target)
    if modified is not None:
        # As wget and curl -R do: the file keeps the server's date, which the ingest records
        # as the date of the descriptions (titles, channels) a dataset file carries.
        os.utime(target, (modified, modified))
    return target


def _download(session, url, part, progress):
    have = part.stat().st_size if part.exists() else 0
    headers = {"Range": f"bytes={have}-"} if have else {}
    with session.get(url, headers=headers, stream=True, timeout=TIMEOUT) as response:
        if response.status_code == 416:  # the part file is already complete
            return None
        if response.status_code >= 400:
            raise UserError(f"{url} answered HTTP {response.status_code}")
        if response.status_code != 206:
            have = 0  # the server ignored the range: start over
        total = int(response.headers.get("Content-Length", 0)) + have or None
        bar = progress(part.name.removesuffix(".part"), total) if progress else None
        if bar and have:
            bar.bytes(have)
        with open(part, "ab" if have else "wb") as out:
            for block in response.iter_content(1 << 20):
                out.write(block)
                if bar:
                    bar.bytes(len(block))
        if bar:
            bar.close()
        return _last_modified(response.headers.get("Last-Modified"))


def _last_modified(header):
    """A Last-Modified header as a Unix time, or None."""
    try:
        return parsedate_to_datetime(header).timestamp() if header else None
    except (TypeError, ValueError):
        return None
