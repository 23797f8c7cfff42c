"""Dataset facts from data/datasets.toml: paper, licence, sources, removal contacts."""

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from . import formats

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "datasets.toml"

# A catalogue entry must name a reader module of lookup/formats, so ingest never has to guess
# how to read a file; the list is the modules themselves, so it cannot fall behind.
FORMATS = frozenset(formats.names())
# YouTube-8M publishes random 4-character IDs that must be mapped; everything else is real.
ID_KINDS = frozenset({"youtube", "pseudo"})


@dataclass(frozen=True)
class Source:
    """One official file (or page) a dataset's IDs can be read from."""
    url: str = ""
    file: str = ""
    note: str = ""
    download: str = ""  # direct file URL, only where confirmed; "" means fetch by hand
    member: str = ""  # path inside the download when it is a .zip / .tar.gz archive
    format: str = ""  # reader for this file when it differs from the dataset's format


@dataclass(frozen=True)
class Use:
    """A published report of who used the dataset, and for what."""
    who: str = ""
    what: str = ""
    date: str = ""
    source_url: str = ""


@dataclass(frozen=True)
class Contact:
    """A published way to reach the people behind a dataset.

    kind is "removal" for an official removal route; anything else ("authors",
    "organisation", "host_report", "issue_tracker") is a next-best channel, never presented
    as a removal route.
    """
    kind: str = ""
    name: str = ""
    email: str = ""
    url: str = ""
    source_url: str = ""  # where this contact is published
    note: str = ""


@dataclass(frozen=True)
class Licence:
    """The terms a dataset was published under from a date on (its licence history)."""
    date: str = ""  # YYYY-MM-DD the terms took effect (or were first seen)
    licence: str = ""
    licence_url: str = ""
    terms: str = ""
    source_url: str = ""  # where this version of the terms can be read


@dataclass(frozen=True)
class Dataset:
    """Published facts about one dataset; "" / () / None mean "not confirmed"."""
    slug: str
    name: str = ""
    full_name: str = ""
    organisation: str = ""
    authors: str = ""
    year: int | None = None
    paper_title: str = ""
    paper_url: str = ""
    bibtex: str = ""
    homepage: str = ""
    licence: str = ""
    licence_url: str = ""
    terms: str = ""
    restrictive_clauses: tuple[str, ...] = ()
    removal_contact: str = ""
    removal_note: str = ""
    derived_from: tuple[str, ...] = ()
    format: str = ""
    id_kind: str = ""
    videos_reported: int | None = None
    clips_reported: int | None = None
    hours_reported: float | None = None
    public: bool | None = None
    gated_note: str = ""
    sources: tuple[Source, ...] = ()
    reported_uses: tuple[Use, ...] = ()
    contacts: tuple[Contact, ...] = ()
    licence_history: tuple[Licence, ...] = ()  # oldest first


CONTACT_KINDS = frozenset({"removal", "authors", "organisation", "host_report", "issue_tracker"})
_NESTED = {"sources": Source, "reported_uses": Use, "contacts": Contact,
           "licence_history": Licence}


@dataclass(frozen=True)
class OutOfScope:
    """A dataset people ask about that this site cannot check, and why."""
    slug: str
    name: str = ""
    reason: str = ""
    source_url: str = ""
    note: str = ""


# Expected TOML type per non-string field. bool is an int subclass, so ints exclude it.
_CHECKS = {
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "bool": lambda v: isinstance(v, bool),
    "list of str": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
    "str": lambda v: isinstance(v, str)}
_KINDS = {"year": "int", "videos_reported": "int", "clips_reported": "int", "public": "bool",
          "hours_reported": "number", "restrictive_clauses": "list of str",
          "derived_from": "list of str"}
_CONVERT = {"list of str": tuple, "number": float}  # frozen dataclasses want tuples


def _build(cls, table, where):
    """Make a flat frozen dataclass from a table, rejecting unknown keys and wrong types."""
    known = {f.name for f in fields(cls)} - {"slug"} - set(_NESTED)
    values = {}
    for key, value in table.items():
        if key not in known:
            raise ValueError(f"{where}: unknown field {key!r}")
        kind = _KINDS.get(key, "str")
        if not _CHECKS[kind](value):
            raise ValueError(f"{where}: field {key!r} should be {kind}, got {value!r}")
        values[key] = _CONVERT[kind](value) if kind in _CONVERT else value
    return values


def _dataset(slug, table, where):
    """Make one Dataset from its TOML table."""
    table, nested = dict(table), {}
    for key, cls in _NESTED.items():
        rows = table.pop(key, [])
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise ValueError(f"{where}: {key!r} should be an array of tables")
        nested[key] = tuple(cls(**_build(cls, r, f"{where}: {key}")) for r in rows)
    for source in nested["sources"]:
        _check_source(source, f"{where}: sources")
    for contact in nested["contacts"]:
        if contact.kind not in CONTACT_KINDS:
            raise ValueError(f"{where}: contact kind {contact.kind!r} is not one of "
                             f"{sorted(CONTACT_KINDS)}")
    ds = Dataset(slug=slug, **_build(Dataset, table, where), **nested)
    if ds.format not in FORMATS:
        raise ValueError(f"{where}: format {ds.format!r} is not one of {sorted(FORMATS)}")
    if ds.id_kind not in ID_KINDS:
        raise ValueError(f"{where}: id_kind {ds.id_kind!r} is not one of {sorted(ID_KINDS)}")
    return ds


ARCHIVES = (".zip", ".tar.gz", ".tgz")


def _check_source(source, where):
    """Refuse a download that could not be fetched and read without guessing."""
    if source.download and not source.download.startswith(("http://", "https://")):
        raise ValueError(f"{where}: download {source.download!r} is not an http(s) URL")
    is_archive = source.download.lower().endswith(ARCHIVES)
    if source.member and not is_archive:
        raise ValueError(f"{where}: member {source.member!r} needs a .zip/.tar.gz download")
    if is_archive and not source.member:
        raise ValueError(f"{where}: archive {source.download!r} needs a member to read")
    if source.format and source.format not in FORMATS:
        raise ValueError(f"{where}: format {source.format!r} is not one of {sorted(FORMATS)}")


def _read(path):
    """Parse the TOML file, naming it in any error."""
    path = Path(path or DEFAULT_PATH)
    try:
        with open(path, "rb") as fh:
            return path, tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: {exc}") from exc


def load(path=None) -> dict[str, Dataset]:
    """Load every [datasets.<slug>] table, in file order."""
    path, doc = _read(path)
    catalogue = {slug: _dataset(slug, table, f"{path}: dataset {slug!r}")
                 for slug, table in doc.get("datasets", {}).items()}
    for slug, ds in catalogue.items():
        for parent in ds.derived_from:
            if parent not in catalogue:
                raise ValueError(f"{path}: dataset {slug!r}: derived_from names unknown {parent!r}")
        # A dataset that (indirectly) derives from itself means a typo; refuse it.
        if slug in derived(catalogue, slug):
            raise ValueError(f"{path}: dataset {slug!r}: derived_from forms a cycle")
    return catalogue


def derived(catalogue, slug) -> list[str]:
    """Slugs built (directly or transitively) from `slug`, in catalogue order."""
    found, frontier = set(), {slug}
    while frontier:
        children = {s for s, ds in catalogue.items() if frontier & set(ds.derived_from)}
        frontier = children - found
        found |= children
    return [s for s in catalogue if s in found]


def load_out_of_scope(path=None) -> dict[str, OutOfScope]:
    """Load every [out_of_scope.<slug>] table, in file order."""
    path, doc = _read(path)
    return {slug: OutOfScope(slug=slug, **_build(OutOfScope, table, f"{path}: out_of_scope {slug!r}"))
            for slug, table in doc.get("out_of_scope", {}).items()}
