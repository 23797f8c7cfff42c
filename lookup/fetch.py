"""Fetch a dataset's official files from the catalogue's direct URLs, then ingest them."""

import shutil
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import requests

from . import formats
from .catalogue import ARCHIVES
from .download import fetch, file_name_for
from .errors import UserError
from .index.ingest import Input, ingest
from .index.sourcefile import sha256_of

# A host answering these for a file the catalogue lists means "log in / accept terms first"
# (Hugging Face answers 401 for gated repositories, S3 and Azure answer 403).
GATED_STATUS = {401, 403}


@dataclass(frozen=True)
class Planned:
    """One file to download and, for an archive, the member inside it to read."""

    url: str
    member: str
    fmt: str

    @property
    def name(self):
        """The local name of the file that is ingested."""
        return PurePosixPath(self.member).name if self.member else file_name_for(self.url)


@dataclass(frozen=True)
class Plan:
    """What fetch would do for one dataset: files to download, or what the user must do."""

    slug: str
    files: tuple[Planned, ...]
    manual: str = ""  # the instructions, when nothing can be downloaded directly

    @property
    def gated(self):
        return not self.files


class Gated(UserError):
    """The files exist but need the user to act (log in, accept terms, fill a form)."""


def plan(dataset, index=None) -> Plan:
    """The files fetch would download for dataset, or instructions when there are none."""
    files = tuple(Planned(s.download, s.member, s.format or dataset.format)
                  for s in dataset.sources if s.download)
    names = [f.name for f in files]
    if len(set(names)) != len(names):
        raise UserError(f"{dataset.slug}: two downloads would both be saved as one file name")
    return Plan(dataset.slug, files, "" if files else instructions(dataset, index))


def instructions(dataset, index=None) -> str:
    """Exactly what a user must do to get a dataset's files by hand, and the ingest command."""
    lines = [f"{dataset.name or dataset.slug}: the files cannot be downloaded directly."]
    if dataset.gated_note:
        lines.append(f"  What to do: {dataset.gated_note}")
    for source in dataset.sources:
        what = f" {source.file}" if source.file else " the file"
        lines.append(f"  Get{what} from {source.url}")
        lines.append(f"      {_how(source.url)}")
        if source.note:
            lines.append(f"      Note: {source.note}")
    if not dataset.sources:
        lines.append("  No official source is confirmed in the catalogue yet"
                     + (f"; see {dataset.homepage}" if dataset.homepage else "") + ".")
    index_opt = f" --index {index}" if index else ""
    lines.append("  Then ingest the file(s) you downloaded:")
    lines.append(f"    python scripts/ingest.py {dataset.slug} FILE...{index_opt}")
    return "\n".join(lines)


def unreadable(the_plan):
    """Formats the plan needs that have no reader module yet, sorted."""
    return sorted({f.fmt for f in the_plan.files} - set(formats.names()))


# What a person does at each kind of host the catalogue links to instead of a file.
_HOSTS = (
    ("drive.google.com", "Google Drive: open the link in a browser and download it (for large "
     "files, confirm Drive's 'cannot scan for viruses' page); unzip if it is a .zip."),
    ("docs.google.com/forms", "Fill in the request form; the authors send the download link."),
    ("huggingface.co", "Hugging Face: log in, accept the dataset's access conditions if asked, "
     "then download the file from the 'Files and versions' tab."),
    ("blob.core.windows.net", "Azure container: copy the blobs with azcopy or Azure Storage "
     "Explorer using this exact link (it carries the read token)."),
)


def _how(url):
    """The manual step for a source page, by host."""
    return next((how for host, how in _HOSTS if host in url),
                "Open the page and download the file it names.")


def run(dataset, index_path, downloads, progress=None, rejects_dir=None, session=None):
    """Download, check, unpack and ingest every planned file; returns ingest's FileResults."""
    the_plan = plan(dataset, index_path)
    if the_plan.gated:
        raise Gated(the_plan.manual)
    missing = unreadable(the_plan)
    if missing:  # checked before downloading: some of these files are gigabytes
        raise UserError(f"{dataset.slug}: no reader for format {', '.join(missing)} yet; "
                        "nothing was downloaded")
    folder = Path(downloads) / dataset.slug
    by_format = {}
    for item in the_plan.files:
        path = _download(item, folder, progress, session, dataset)
        if item.member:
            path = _extract(path, item.member, folder)
        url = f"{item.url}#{item.member}" if item.member else item.url
        by_format.setdefault(item.fmt, []).append(Input(path, url))
    results = []
    for fmt, inputs in by_format.items():
        results += ingest(index_path, dataset.slug, inputs, fmt, rejects_dir=rejects_dir,
                          progress=progress)
    return results


def _download(item, folder, progress, session, dataset):
    """The checked local copy of item's URL, downloaded (or resumed) when needed."""
    session = session or requests.Session()
    statuses = []

    def record(response, **_):
        statuses.append(response.status_code)

    session.hooks["response"].append(record)
    try:
        path = fetch(item.url, folder, progress, session)
    except UserError as error:
        if statuses and statuses[-1] in GATED_STATUS:
            raise Gated(f"{item.url} answered HTTP {statuses[-1]}: access needs a login or "
                        f"accepted terms.\n{instructions(dataset)}") from error
        raise
    finally:
        session.hooks["response"].remove(record)
    # A second full read of the file, but download.fetch streams to disk without hashing,
    # and the record must exist before ingest so a damaged rerun is caught early.
    _check_sum(path)
    return path


def _check_sum(path):
    """Write <file>.sha256 on first sight; later, refuse a file that no longer matches it."""
    record = path.with_name(path.name + ".sha256")
    digest = sha256_of(path)
    if record.exists():
        expected = record.read_text().split()[0]
        if expected != digest:
            raise UserError(f"{path} no longer matches its recorded sha256 ({record.name}); "
                            "delete both to download it again")
        return digest
    # sha256sum's own format, so `sha256sum -c file.sha256` checks it by hand too.
    record.write_text(f"{digest}  {path.name}\n")
    return digest


def _extract(archive, member, folder):
    """Copy one member out of a .zip or .tar.gz into folder, streaming; returns its path."""
    target = Path(folder) / PurePosixPath(member).name  # never a path from the archive
    if target.exists():
        _check_sum(target)
        return target
    part = target.with_name(target.name + ".part")
    name = archive.name.lower()
    if not name.endswith(ARCHIVES):
        raise UserError(f"{archive.name}: not a .zip or .tar.gz archive")
    try:
        if name.endswith(".zip"):
            with zipfile.ZipFile(archive) as zf:
                found = _find(zf.namelist(), member, archive)
                with zf.open(found) as src, open(part, "wb") as out:
                    shutil.copyfileobj(src, out, 1 << 20)
        else:
            with tarfile.open(archive, "r:gz") as tf:
                names = [m.name for m in tf.getmembers() if m.isfile()]
                with tf.extractfile(_find(names, member, archive)) as src, \
                        open(part, "wb") as out:
                    shutil.copyfileobj(src, out, 1 << 20)
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError) as error:
        part.unlink(missing_ok=True)
        raise UserError(f"{archive.name}: cannot be unpacked ({error}); delete it and "
                        "run again to download it afresh") from error
    part.replace(target)
    _check_sum(target)
    return target


def _find(names, member, archive):
    """The archive entry for member: exact path, else the one entry with that file name."""
    wanted = member.strip("/")
    normal = {n.removeprefix("./"): n for n in names}
    if wanted in normal:
        return normal[wanted]
    # Publishers move files between folders across releases; the file name is what they cite.
    same = [n for n in names if PurePosixPath(n).name == PurePosixPath(wanted).name]
    if len(same) == 1:
        return same[0]
    shown = ", ".join(sorted(names)[:10])
    raise UserError(f"{archive.name}: has no single member {member!r} (it holds: {shown})")
