"""Whom to ask for a dataset's removal: its official route, or the next best real channel.

The catalogue's contacts (lookup/catalogue.Contact) say what each address is. Only kind
"removal" is an official removal route; the others are ranked by how likely they are to reach
the people who can change the dataset: the authors' corresponding address from the paper, the
organisation's contact, the hosting site's report route, then the project's issue tracker.
"""

import re
from dataclasses import dataclass

EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[A-Za-z]{2,}")
NEXT_BEST = ("authors", "organisation", "host_report", "issue_tracker")
# The catalogue's older single removal_contact field, where no contacts are listed yet: it is
# shown with its note and never claimed to be an official route.
LEGACY = "published"


@dataclass(frozen=True)
class Route:
    """One way to reach a dataset's people, as the catalogue gives it."""

    kind: str  # "removal", one of NEXT_BEST, or LEGACY
    name: str
    email: str
    url: str
    source_url: str  # where the contact is published
    note: str

    @property
    def official(self):
        return self.kind == "removal"


def route(ds):
    """The best Route to ask for ds's removal, or None when the catalogue knows none."""
    if ds is None:
        return None
    ranked = sorted((c for c in ds.contacts if c.email or c.url),
                    key=lambda c: (["removal", *NEXT_BEST].index(c.kind)))
    if ranked:
        c = ranked[0]
        return Route(c.kind, c.name, c.email if EMAIL.fullmatch(c.email) else "",
                     _web(c.url), c.source_url, c.note)
    contact = ds.removal_contact.strip()
    if EMAIL.fullmatch(contact):
        return Route(LEGACY, "", contact, "", "", ds.removal_note)
    if _web(contact):
        return Route(LEGACY, "", "", contact, "", ds.removal_note)
    return None


def _web(url):
    return url if url.startswith(("https://", "http://")) else ""
