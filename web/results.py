"""Plain result objects built from Index hits and the catalogue; templates never query."""

from dataclasses import dataclass, field
from functools import cached_property
from itertools import repeat

from lookup import formats
from lookup.catalogue import derived

from .urls import YOUTUBE, youtube_url


@dataclass(frozen=True)
class ClipView:
    """One clip: seconds (None when the dataset gives no span), caption, deep link."""

    start: float | None
    end: float | None
    caption: str | None
    url: str


@dataclass(frozen=True)
class DatasetHit:
    """A video's membership in one dataset, with the catalogue facts a reader needs."""

    slug: str
    name: str
    licence: str
    licence_url: str
    terms: str
    removal_contact: str
    clip_count: int
    source: object  # lookup.index.Source: file, sha256, dates
    line: int
    video_id: str
    # the lookup.index.Hit (or a saved check's lookup.checks.Membership) it was built from
    hit: object = field(repr=False, compare=False)

    @cached_property
    def spans(self):
        """(start_ms, end_ms) per clip, in time order; empty when the dataset gives no times."""
        return self.hit.spans()

    @cached_property
    def clips(self):
        """Tuple of ClipView, built when first asked for (bulk answers and pages never ask)."""
        captions = self.hit.captions() or repeat(None)
        return tuple(ClipView(_seconds(s), _seconds(e), caption,
                              youtube_url(self.video_id, _seconds(s)))
                     for (s, e), caption in zip(self.spans, captions))

    def clip_json(self):
        """The clips as the API's JSON objects, without a ClipView per clip (the bulk answer's
        inner loop: a 10,000-ID check makes some 30,000 of these)."""
        at = f"{YOUTUBE}?v={self.video_id}&t="
        captions = self.hit.captions()
        if captions is None:
            return [{"start": s / 1000, "end": e / 1000, "caption": None,
                     "url": f"{at}{s // 1000}s"} for s, e in self.hit.spans()]
        return [{"start": _seconds(s), "end": _seconds(e), "caption": caption,
                 "url": youtube_url(self.video_id, _seconds(s))}
                for (s, e), caption in zip(self.hit.spans(), captions)]


@dataclass(frozen=True)
class DerivedHit:
    """A dataset built from one holding the video, which the index has not checked."""

    slug: str
    name: str
    parent: str
    parent_name: str


@dataclass(frozen=True)
class VideoResult:
    """Everything known about one video ID."""

    video_id: str
    url: str
    hits: tuple
    derived: tuple

    @property
    def found(self):
        return bool(self.hits)

    @property
    def clip_total(self):
        return sum(h.clip_count for h in self.hits)


@dataclass(frozen=True)
class Coverage:
    """Which catalogue datasets the index holds, and as of when."""

    ready: bool
    snapshot: str
    loaded: tuple  # (slug, name) pairs, catalogue order
    missing: tuple

    # Every API answer names both lists; a Coverage lasts the snapshot (coverage()).
    @cached_property
    def loaded_slugs(self):
        """The loaded datasets' slugs, catalogue order (a tuple)."""
        return tuple(slug for slug, _ in self.loaded)

    @cached_property
    def missing_slugs(self):
        """The slugs of the catalogue's datasets the index does not hold (a tuple)."""
        return tuple(slug for slug, _ in self.missing)


def name_of(catalogue, slug):
    """A dataset's display name; the slug for datasets missing from the catalogue."""
    ds = catalogue.get(slug)
    return (ds.name or slug) if ds else slug


def coverage(index, catalogue):
    """What a lookup checks right now; works without an index."""
    if index is None:
        return _coverage(None, catalogue)
    return index.remember(("coverage", id(catalogue)), lambda: _coverage(index, catalogue))


def _coverage(index, catalogue):
    slugs = {d.slug for d in index.datasets()} if index else set()
    order = list(catalogue) + sorted(slugs - set(catalogue))
    loaded = tuple((s, name_of(catalogue, s)) for s in order if s in slugs)
    missing = tuple((s, name_of(catalogue, s)) for s in catalogue if s not in slugs)
    snapshot = (index.meta("snapshot") or "") if index else ""
    return Coverage(index is not None, snapshot, loaded, missing)


def videos(index, catalogue, video_ids, captions=False):
    """A VideoResult per ID, in the order given."""
    hits = index.lookup(video_ids, captions=captions)
    known = facts(index, catalogue)
    return [known.video(v, hits.get(v, ())) for v in video_ids]


def facts(index, catalogue):
    """The Facts of the index's datasets, worked out once per handle, commit and catalogue."""
    return index.remember(("facts", id(catalogue)),
                          lambda: Facts(catalogue, {d.slug for d in index.datasets()}))


def from_answer(catalogue, answer, video_ids):
    """A VideoResult per ID from a saved check's stored Answer (lookup.checks), in order."""
    known = Facts(catalogue, set(answer.checked))
    return [known.video(v, answer.hits.get(v, ())) for v in video_ids]


def coverage_of(answer, catalogue):
    """The Coverage a saved check's answer had: its snapshot and the datasets it checked."""
    checked = set(answer.checked)
    order = list(catalogue) + sorted(checked - set(catalogue))
    return Coverage(True, answer.snapshot,
                    tuple((s, name_of(catalogue, s)) for s in order if s in checked),
                    tuple((s, name_of(catalogue, s)) for s in catalogue if s not in checked))


def video(index, catalogue, video_id):
    """One video's result, with captions where the index stores them."""
    return videos(index, catalogue, [video_id], captions=True)[0]


class Facts:
    """Per snapshot and catalogue: each dataset's display facts and the derived datasets of each
    combination of datasets, worked out once (a bulk check repeats the same few thousands of
    times)."""

    def __init__(self, catalogue, loaded):
        self.catalogue, self.loaded = catalogue, loaded  # slugs of the datasets checked
        self._datasets, self._derived = {}, {}

    def video(self, video_id, hits):
        """The VideoResult of one video from its Hits (or a saved check's Memberships)."""
        if not hits:
            return VideoResult(video_id, youtube_url(video_id), (), ())
        views = tuple(DatasetHit(*self.dataset(h.dataset), h.clip_count, h.source, h.line,
                                 video_id, h) for h in hits)
        return VideoResult(video_id, youtube_url(video_id), views,
                           self.derived(tuple(h.dataset for h in hits)))

    def dataset(self, slug):
        """(slug, name, licence, licence_url, terms, removal_contact); "" where unknown."""
        facts = self._datasets.get(slug)
        if facts is None:
            ds = self.catalogue.get(slug)
            facts = self._datasets[slug] = (
                slug, name_of(self.catalogue, slug), ds.licence if ds else "",
                ds.licence_url if ds else "", ds.terms if ds else "",
                ds.removal_contact if ds else "")
        return facts

    def derived(self, slugs):
        """DerivedHits for a video found in these datasets (a tuple of slugs, in order)."""
        derived = self._derived.get(slugs)
        if derived is None:
            derived = self._derived[slugs] = _derived(self.catalogue, slugs, self.loaded)
        return derived


def _derived(catalogue, found, loaded):
    # A derived dataset that is itself in the index was checked directly: its answer is
    # authoritative, so only unchecked ones are flagged as "likely also contains".
    out, seen = [], set(found)
    for parent in found:
        for slug in derived(catalogue, parent) if parent in catalogue else []:
            if slug not in seen and slug not in loaded:
                seen.add(slug)
                out.append(DerivedHit(slug, name_of(catalogue, slug), parent,
                                      name_of(catalogue, parent)))
    return tuple(out)


def _seconds(ms):
    return None if ms is None else ms / 1000


def readers(sources):
    """{format: the document its reader follows} for the formats these files were read with."""
    docs = {}
    for fmt in sorted({s.format for s in sources if s.format}):
        try:
            docs[fmt] = formats.get(fmt).DOC
        except ValueError:  # a file read by a reader this build no longer has
            docs[fmt] = ""
    return docs
