"""The coverage page's figures: per-dataset sizes, the overlap heat map, growth by year.

Everything here is arithmetic over the small tables lookup/index/figures.py keeps at ingest time
(datasets, overlap, totals); nothing counts rows of the index per request.
"""

from dataclasses import dataclass

from lookup.i18n import N_

from .results import name_of

# Heat-map colour steps by share of the smaller dataset: level i covers [STEPS[i-1], STEPS[i]).
# Level 0 is "shares nothing"; the colour is never the only cue (each cell prints its numbers).
STEPS = (0.0, 0.01, 0.05, 0.2, 0.5)
LEGEND = (N_("none"), N_("under 1%"), "1–5%", "5–20%", "20–50%", N_("50% or more"))


@dataclass(frozen=True)
class Row:
    """One loaded dataset: its figures in the index beside the figures its authors report."""

    slug: str
    name: str
    year: int | None
    videos: int
    clips: int
    span_seconds: int | None
    updated: str
    videos_reported: int | None
    clips_reported: int | None
    hours_reported: float | None
    licence: str = ""  # as the catalogue states it; "" = not confirmed

    @property
    def hours(self):
        """Hours of clips, rounded as on the dataset page's JSON; None when spans are unknown."""
        return None if self.span_seconds is None else round(self.span_seconds / 3600, 1)


@dataclass(frozen=True)
class Cell:
    """Videos two datasets share; on the diagonal (a == b), the dataset's own count."""

    a: Row
    b: Row
    videos: int
    share: float  # of the smaller dataset, 0..1
    level: int  # 0..len(STEPS), the colour step

    @property
    def diagonal(self):
        return self.a.slug == self.b.slug


@dataclass(frozen=True)
class Year:
    """The loaded datasets published up to one year, and how many distinct videos they hold."""

    year: int
    added: tuple  # Rows first published that year
    memberships: int  # sum of their videos: each video counted once per dataset
    low: int  # distinct videos, at least
    high: int  # distinct videos, at most

    @property
    def exact(self):
        return self.low == self.high


@dataclass(frozen=True)
class Figures:
    """Everything the coverage page and its JSON twin show."""

    rows: tuple
    totals: dict
    matrix: tuple  # tuple of tuples of Cell, rows × columns in `rows` order
    pairs: tuple  # off-diagonal Cells with a < b in row order, most shared first
    years: tuple  # Year per calendar year from the first publication to the last
    undated: tuple  # Rows whose publication year the catalogue does not confirm

    legend = tuple(enumerate(LEGEND))  # (level, label) for the heat map's key

    @property
    def sum_clips(self):
        return sum(r.clips for r in self.rows)

    @property
    def span_complete(self):
        """Whether every dataset gives clip times, so the summed hours are all of them."""
        return all(r.span_seconds is not None for r in self.rows)

    @property
    def sum_span_seconds(self):
        """Clip time summed over the datasets that give it; None when none does."""
        spans = [r.span_seconds for r in self.rows if r.span_seconds is not None]
        return sum(spans) if spans else None

    @property
    def growth_ticks(self):
        """Round gridline values for the growth chart's y axis, 0 first."""
        return ticks(max((y.high for y in self.years), default=0))


def figures(index, catalogue):
    """The coverage figures of an open index (None without one), built once per handle and
    commit (the live index grows in place)."""
    if index is None:
        return None
    return index.remember(("figures", id(catalogue)), lambda: build(
        index.datasets(), index.overlap(), index.totals(), catalogue))


def build(stats, overlap, totals, catalogue):
    """Figures from Index.datasets(), Index.overlap() and Index.totals()."""
    order = {slug: i for i, slug in enumerate(catalogue)}
    # Catalogue order keeps related datasets (Kinetics-400/600/700) next to each other,
    # so their overlap shows as a block in the heat map.
    stats = sorted(stats, key=lambda d: (order.get(d.slug, len(order)), d.slug))
    rows = tuple(_row(d, catalogue.get(d.slug), name_of(catalogue, d.slug)) for d in stats)
    matrix = tuple(tuple(_cell(a, b, overlap) for b in rows) for a in rows)
    pairs = sorted((c for i, line in enumerate(matrix) for c in line[i + 1:]),
                   key=lambda c: (-c.videos, -c.share))
    dated = [r for r in rows if r.year is not None]
    return Figures(rows, dict(totals), matrix, tuple(pairs),
                   _years(dated, overlap, totals, len(rows)),
                   tuple(r for r in rows if r.year is None))


def _row(stats, ds, name):
    return Row(stats.slug, name, ds.year if ds else None, stats.videos, stats.clips,
               stats.span_seconds, stats.updated, ds.videos_reported if ds else None,
               ds.clips_reported if ds else None, ds.hours_reported if ds else None,
               ds.licence if ds else "")


def not_loaded(figures, catalogue):
    """Catalogue datasets the index holds nothing of, in catalogue order (all without one)."""
    loaded = {r.slug for r in figures.rows} if figures else set()
    return [ds for slug, ds in catalogue.items() if slug not in loaded]


def _cell(a, b, overlap):
    n = a.videos if a.slug == b.slug else overlap.get((a.slug, b.slug), 0)
    smaller = min(a.videos, b.videos)
    share = n / smaller if smaller else 0.0
    return Cell(a, b, n, share, level(n, share))


def level(videos, share):
    """The colour step of a heat-map cell: 0 when nothing is shared."""
    if not videos:
        return 0
    return sum(1 for step in STEPS if share >= step)


def _years(dated, overlap, totals, loaded):
    if not dated:
        return ()
    first, last = min(r.year for r in dated), max(r.year for r in dated)
    out, low, high = [], 0, 0
    for year in range(first, last + 1):
        upto = [r for r in dated if r.year <= year]
        added = tuple(r for r in upto if r.year == year)
        if len(upto) == loaded:  # every loaded dataset: the ingest counted them exactly
            low = high = totals["videos"]
        elif added:
            pair_low, pair_high = bounds(
                [r.videos for r in upto],
                {(i, j): overlap.get((a.slug, b.slug), 0)
                 for i, a in enumerate(upto) for j, b in enumerate(upto) if i < j})
            # Adding datasets never shrinks a union, nor grows it by more than their size.
            high = min(high + sum(r.videos for r in added), pair_high)
            low = min(max(low, pair_low), high)
        out.append([year, added, sum(r.videos for r in upto), low, high])
    # Nor can an earlier union be larger than a later one's upper bound.
    for earlier, later in zip(reversed(out[:-1]), reversed(out[1:])):
        earlier[4] = min(earlier[4], later[4])
        earlier[3] = min(earlier[3], earlier[4])
    return tuple(Year(*values) for values in out)


def bounds(sizes, pairs):
    """Least and most distinct videos in a union of sets, knowing only sizes and pair overlaps.

    sizes: [|A_i|]; pairs: {(i, j): |A_i ∩ A_j|} for i < j. The lower bound is Bonferroni's
    (Σ|A_i| − Σ|A_i ∩ A_j|, and at least the largest set); the upper one is Hunter's
    (Σ|A_i| minus the pair overlaps along a maximum spanning tree). Both are exact for two sets.
    """
    if not sizes:
        return 0, 0
    total = sum(sizes)
    low = max(total - sum(pairs.values()), max(sizes))
    # Kruskal over the few datasets loaded: heaviest overlaps first, joining components.
    parent = list(range(len(sizes)))

    def root(i):
        while parent[i] != i:
            i = parent[i]
        return i

    high = total
    for (i, j), n in sorted(pairs.items(), key=lambda item: -item[1]):
        ri, rj = root(i), root(j)
        if ri != rj:
            parent[ri] = rj
            high -= n
    return min(low, high), high


def ticks(top, count=4):
    """About `count` round steps (1, 2 or 5 × 10^k) from 0 to at least top."""
    if top <= 0:
        return (0, 1)
    raw = top / count
    magnitude = 10 ** (len(str(int(raw))) - 1)
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return tuple(range(0, top + step, step)) if top % step else tuple(range(0, top + 1, step))
