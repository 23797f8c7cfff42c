"""The channel / bulk result: a summary, per-dataset counts, and a sortable page of videos."""

from dataclasses import dataclass

from . import db, i18n, results

SORTS = {
    "datasets": lambda r: (-len(r.hits), -r.clip_total, r.video_id),
    "clips": lambda r: (-r.clip_total, -len(r.hits), r.video_id),
    "video": lambda r: r.video_id,
}
DEFAULT_SORT = "datasets"


@dataclass(frozen=True)
class DatasetCount:
    """How many of the checked videos one dataset holds."""

    slug: str
    name: str
    videos: int
    clips: int


@dataclass(frozen=True)
class Collection:
    """A checked list of videos: the found ones and the per-dataset tally."""

    title: str
    video_ids: tuple
    found: tuple  # VideoResult, found only, in input order
    counts: tuple  # DatasetCount, most videos first
    derived: tuple  # DerivedHit, unchecked datasets built from ones that hold videos

    @property
    def total(self):
        return len(self.video_ids)

    @property
    def not_found(self):
        """IDs in no dataset checked, in input order."""
        found = {r.video_id for r in self.found}
        return tuple(v for v in self.video_ids if v not in found)


@dataclass(frozen=True)
class Page:
    """One page of the found-videos table."""

    rows: tuple
    number: int
    pages: int
    sort: str


def list_title(count):
    """The title of a checked list of count videos that has no name of its own."""
    return i18n.plural("Your list of %(num)s video", "Your list of %(num)s videos", count)


def build(index, catalogue, video_ids, title):
    """Check a list of video IDs together."""
    return of_results(catalogue, video_ids, results.videos(index, catalogue, list(video_ids)),
                      title)


def of_results(catalogue, video_ids, video_results, title):
    """A Collection of VideoResults already computed (one per ID, in order)."""
    found = tuple(r for r in video_results if r.found)
    tally = {}
    for result in found:
        for hit in result.hits:
            videos, clips = tally.get(hit.slug, (0, 0))
            tally[hit.slug] = (videos + 1, clips + hit.clip_count)
    counts = sorted((DatasetCount(s, results.name_of(catalogue, s), v, c)
                     for s, (v, c) in tally.items()), key=lambda c: (-c.videos, c.slug))
    derived, seen = [], set()
    for result in found:
        for d in result.derived:
            if d.slug not in seen:
                seen.add(d.slug)
                derived.append(d)
    return Collection(title, tuple(video_ids), found, tuple(counts), tuple(derived))


def page(collection, sort=None, number=1, size=50):
    """The requested page of found videos, sorted by a known key (unknown keys fall back)."""
    sort = sort if sort in SORTS else DEFAULT_SORT
    rows = sorted(collection.found, key=SORTS[sort])
    pages = max(1, -(-len(rows) // size))
    number = min(max(1, number), pages)
    return Page(tuple(rows[(number - 1) * size:number * size]), number, pages, sort)


def details_of(page):
    """{video ID: Details(title, upload date)} of a page's rows, from the metadata database."""
    return db.get_metadata().details([r.video_id for r in page.rows])
