"""A channel's dashboard: the share of its uploads in each dataset, and found/not found by year."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Share:
    """One dataset's share of the channel's uploads."""

    slug: str
    name: str
    videos: int
    total: int

    @property
    def percent(self):
        return 100.0 * self.videos / self.total if self.total else 0.0


@dataclass(frozen=True)
class Year:
    """Uploads of one year: how many are in at least one dataset, and how many are not."""

    year: int
    found: int
    not_found: int

    @property
    def total(self):
        return self.found + self.not_found


@dataclass(frozen=True)
class Dashboard:
    """Figures for the channel page; years is empty when no upload date is known."""

    shares: tuple
    years: tuple
    dated: int  # uploads whose date is known
    total: int

    @property
    def max_year_total(self):
        return max((y.total for y in self.years), default=0)


def build(coll, published):
    """Dashboard of a Collection, given {video ID: ISO publish date} for some of its videos."""
    shares = tuple(Share(c.slug, c.name, c.videos, coll.total) for c in coll.counts)
    found = {r.video_id for r in coll.found}
    tally = {}
    for video in coll.video_ids:
        date = published.get(video) or ""
        if not date[:4].isdigit():
            continue
        year = int(date[:4])
        hit, miss = tally.get(year, (0, 0))
        tally[year] = (hit + 1, miss) if video in found else (hit, miss + 1)
    years = ()
    if tally:  # every year from first to last, so gaps show as gaps
        years = tuple(Year(y, *tally.get(y, (0, 0))) for y in range(min(tally), max(tally) + 1))
    dated = sum(y.total for y in years)
    return Dashboard(shares, years, dated, coll.total)

