"""Dataset facts from data/datasets.toml: paper, licence, sources, removal contacts.

Every fact carries where it was read. A dataset's `[datasets.<slug>.sources_of]` table maps a
fact field to the public URL it was checked in; authors, year, paper_title and bibtex fall
back to paper_url, and licence and restrictive_clauses to licence_url. Contacts, reported
uses and licence-history entries carry their own source_url. unsourced() lists what lacks a
source; tests/test_catalogue.py holds the real file to it, while small catalogues (tests,
local experiments) still load without sources.
"""

import re
import tomllib
from dataclasses import dataclass, field as dc_field, fields
from pathlib import Path
from types import MappingProxyType

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
    # fact field -> the URL it was checked in (read-only mapping)
    sources_of: MappingProxyType = dc_field(default_factory=lambda: MappingProxyType({}))

    def source_of(self, field):
        """The URL a fact was checked in ("" when none is recorded)."""
        if self.sources_of.get(field):
            return self.sources_of[field]
        fallback = getattr(self, SOURCE_FALLBACKS.get(field, "slug"), "")
        # A licence deed (creativecommons.org) says what CC BY means, not that this dataset
        # uses it: such a licence_url is no source for the licence fact.
        if field in SOURCE_FALLBACKS and fallback and "creativecommons.org/" not in fallback:
            return fallback
        return ""

    def licence_at(self, date):
        """The licence-history entry in force on date (YYYY-MM-DD or a prefix), else None."""
        earlier = [h for h in self.licence_history if h.date[:len(date)] <= date]
        return earlier[-1] if earlier else None


# Facts a person could doubt: each needs a source (sources_of, or its fallback below). The
# URL fields (homepage, paper_url, licence_url) are their own source; name, format and id_kind
# describe how this site reads the files rather than claims about the dataset.
FACT_FIELDS = ("full_name", "organisation", "authors", "year", "paper_title", "bibtex",
               "licence", "terms", "restrictive_clauses", "removal_contact", "removal_note",
               "derived_from", "videos_reported", "clips_reported", "hours_reported", "public",
               "gated_note")
SOURCE_FALLBACKS = {"authors": "paper_url", "year": "paper_url", "paper_title": "paper_url",
                    "bibtex": "paper_url", "licence": "licence_url",
                    "restrictive_clauses": "licence_url"}


def unsourced(ds):
    """Problems that keep a dataset's facts from being traced: fact fields without a source
    URL, and contacts, reported uses and licence-history entries without source_url."""
    problems = [f"{f}: no source URL" for f in FACT_FIELDS
                if _filled(getattr(ds, f)) and not ds.source_of(f)]
    for kind, rows in (("contacts", ds.contacts), ("reported_uses", ds.reported_uses),
                       ("licence_history", ds.licence_history)):
        problems += [f"{kind}[{i}]: no source_url" for i, row in enumerate(rows)
                     if not row.source_url]
    return problems


def fact_sources(ds):
    """(field, URL) for each fact the dataset states and a source backs, in field order."""
    return [(f, ds.source_of(f)) for f in FACT_FIELDS
            if _filled(getattr(ds, f)) and ds.source_of(f)]


def _filled(value):
    return value not in ("", None, ())


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
# Fields holding a link a page will render: only http(s) is allowed, so a javascript: or
# data: URL in the catalogue can never become a live link.
URL_FIELDS = frozenset({"url", "download", "homepage", "paper_url", "licence_url",
                        "source_url"})
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def check_url(value, where):
    """Refuse a non-empty value that is not an http(s) URL (javascript:, data:, file:…)."""
    if value and not value.lower().startswith(("https://", "http://")):
        raise ValueError(f"{where} {value[:80]!r} is not an http(s) URL")


def _check_contact_value(value, where):
    """removal_contact / email: an address, or an http(s) URL; never another scheme."""
    if _SCHEME.match(value) and not value.lower().startswith(("https://", "http://")):
        raise ValueError(f"{where} {value[:80]!r} is not an e-mail address or http(s) URL")


def _build(cls, table, where):
    """Make a flat frozen dataclass from a table, rejecting unknown keys and wrong types."""
    known = {f.name for f in fields(cls)} - {"slug", "sources_of"} - set(_NESTED)
    values = {}
    for key, value in table.items():
        if key not in known:
            raise ValueError(f"{where}: unknown field {key!r}")
        kind = _KINDS.get(key, "str")
        if not _CHECKS[kind](value):
            raise ValueError(f"{where}: field {key!r} should be {kind}, got {value!r}")
        if key in URL_FIELDS:
            check_url(value, f"{where}: {key}")
        elif key in ("removal_contact", "email"):
            _check_contact_value(value, f"{where}: {key}")
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
    _check_history(nested["licence_history"], where)
    sources_of = _sources_of(table.pop("sources_of", {}), where)
    ds = Dataset(slug=slug, **_build(Dataset, table, where), **nested, sources_of=sources_of)
    if ds.format not in FORMATS:
        raise ValueError(f"{where}: format {ds.format!r} is not one of {sorted(FORMATS)}")
    if ds.id_kind not in ID_KINDS:
        raise ValueError(f"{where}: id_kind {ds.id_kind!r} is not one of {sorted(ID_KINDS)}")
    return ds


def _check_history(history, where):
    """Every licence-history entry is dated (YYYY, YYYY-MM or YYYY-MM-DD), oldest first."""
    for entry in history:
        if not _DATE.fullmatch(entry.date):
            raise ValueError(f"{where}: licence_history entry {entry.licence!r} needs a date "
                             f"(YYYY-MM-DD), got {entry.date!r}")
    dates = [h.date for h in history]
    if dates != sorted(dates):
        raise ValueError(f"{where}: licence_history must be oldest first")


def _sources_of(table, where):
    """The fact -> URL table: known fact fields, http(s) URLs only."""
    if not isinstance(table, dict):
        raise ValueError(f"{where}: 'sources_of' should be a table of field = URL")
    for field, url in table.items():
        if field not in FACT_FIELDS:
            raise ValueError(f"{where}: sources_of names {field!r}, which is not a fact field "
                             f"({', '.join(FACT_FIELDS)})")
        if not isinstance(url, str) or not url:
            raise ValueError(f"{where}: sources_of.{field} should be a URL")
        check_url(url, f"{where}: sources_of.{field}")
    return MappingProxyType(dict(table))


ARCHIVES = (".zip", ".tar.gz", ".tgz")


def _check_source(source, where):
    """Refuse a download that could not be fetched and read without guessing."""
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
