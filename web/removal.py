"""Ready-to-send removal requests: one per dataset, listing the videos and their clips."""

import re
from dataclasses import dataclass

from . import urls

EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[A-Za-z]{2,}")


@dataclass(frozen=True)
class Request:
    """A removal request addressed to one dataset's published contact."""

    slug: str
    name: str
    contact: str  # as published: an email, a URL or "" when none is published
    note: str
    subject: str
    body: str

    @property
    def email(self):
        return self.contact if EMAIL.fullmatch(self.contact) else ""

    @property
    def mailto(self):
        return urls.mailto(self.email, self.subject, self.body) if self.email else ""

    @property
    def contact_url(self):
        return self.contact if self.contact.startswith(("https://", "http://")) else ""


def build(found, catalogue):
    """One Request per dataset holding any of the found VideoResults, in first-seen order."""
    per_dataset = {}
    for result in found:
        for hit in result.hits:
            per_dataset.setdefault(hit.slug, []).append((result.video_id, hit))
    return [_request(slug, rows, catalogue.get(slug)) for slug, rows in per_dataset.items()]


def _request(slug, rows, ds):
    name = rows[0][1].name
    count = len(rows)
    subject = f"Removal request: {count} YouTube video{'s' if count != 1 else ''} in {name}"
    lines = ["Hello,", "",
             f"I am the owner of the YouTube video{'s' if count != 1 else ''} listed below, "
             f"which appear{'s' if count == 1 else ''} in the {name} dataset. I ask you to remove "
             f"{'them' if count != 1 else 'it'} (IDs, clips, captions and any derived features) "
             "from the dataset, from every file you distribute, and from future releases, and to "
             "confirm when this is done.", ""]
    for video_id, hit in rows:
        lines.append(f"- {video_id}  {urls.youtube_url(video_id)}")
        lines.append(f"  listed in {hit.source.file_name} (sha256 {hit.source.sha256[:16]}…), "
                     f"line {hit.line}")
        spans = [f"{urls.timecode(c.start)}–{urls.timecode(c.end)}" for c in hit.clips
                 if c.start is not None]
        if spans:
            shown = ", ".join(spans[:20]) + (f" and {len(spans) - 20} more" if len(spans) > 20
                                             else "")
            lines.append(f"  clips: {shown}")
    lines += ["", "Thank you.", "", "[Your name]", "[Your channel link]", ""]
    return Request(slug, name, ds.removal_contact if ds else "", ds.removal_note if ds else "",
                   subject, "\n".join(lines))
