"""Ready-to-send removal requests: one per dataset holding the videos, and one per derived
dataset that likely holds them, each addressed to the best route the catalogue knows."""

from dataclasses import dataclass

from flask import Response, abort, render_template, request

from lookup.removal import route

from . import i18n, urls

# Up to this many videos are listed in the letter itself; more go in an attachment, so the
# mailto: link stays short enough for every mail client.
INLINE_MAX = 20
MAILTO_MAX = 2000


@dataclass(frozen=True)
class Request:
    """A removal request for one dataset: whom to ask, the letter, and any attachment."""

    slug: str
    name: str
    dataset: object  # lookup.catalogue.Dataset, or None when not in the catalogue
    route: object  # lookup.removal.Route, or None when no contact is known
    parents: tuple  # names of the datasets it is built from, when it only likely holds them
    entries: tuple  # (video ID, the DatasetHit that evidences it)
    subject: str
    letter: str
    attachment: str  # the full list when it is too long for the letter, else ""
    filename: str
    # The same in English, when the page is in another language: dataset authors may not read
    # it, so the reader can send either (or both). Empty on an English page.
    subject_en: str = ""
    letter_en: str = ""
    attachment_en: str = ""

    @property
    def derived(self):
        return bool(self.parents)

    @property
    def mailto(self):
        """A mailto: link carrying the letter, or "" when there is no address or it is too long."""
        return self._mailto(self.subject, self.letter)

    @property
    def versions(self):
        """The letter as the page shows it: in the page's language, then in English if not."""
        shown = [Version(i18n.current(), self.subject, self.letter, self.mailto)]
        if self.letter_en:
            shown.append(Version("en", self.subject_en, self.letter_en,
                                 self._mailto(self.subject_en, self.letter_en)))
        return shown

    def _mailto(self, subject, letter):
        if not self.route or not self.route.email:
            return ""
        link = urls.mailto(self.route.email, subject, letter)
        return link if len(link) <= MAILTO_MAX else ""


@dataclass(frozen=True)
class Version:
    """One language of a removal letter."""

    lang: str
    subject: str
    letter: str
    mailto: str


def build(found, catalogue, evidence_url=""):
    """Requests for found VideoResults: datasets holding them first, then likely derived ones."""
    holding, likely = {}, {}
    for result in found:
        hits = {h.slug: h for h in result.hits}
        for hit in result.hits:
            holding.setdefault(hit.slug, []).append((result.video_id, hit))
        for d in result.derived:
            likely.setdefault(d.slug, []).append((result.video_id, hits[d.parent]))
    requests = [_request(slug, rows, catalogue, False, evidence_url)
                for slug, rows in holding.items()]
    requests += [_request(slug, rows, catalogue, True, evidence_url)
                 for slug, rows in likely.items()]
    return requests


def _request(slug, entries, catalogue, derived, evidence_url):
    ds = catalogue.get(slug)
    name = (ds.name or slug) if ds else slug
    parents = tuple(dict.fromkeys(hit.name for _, hit in entries)) if derived else ()
    filename = f"videos-{'likely-in' if derived else 'in'}-{slug}.txt"
    context = {"entries": entries, "name": name, "derived": derived, "parents": parents,
               "evidence_url": evidence_url, "filename": filename}
    letter = _letter(context, len(entries) > INLINE_MAX)
    english = ("", "", "")
    if i18n.current() != "en":
        with i18n.in_language("en"):
            english = _letter(context, len(entries) > INLINE_MAX)
    return Request(slug, name, ds, route(ds), parents, tuple(entries), *letter, filename,
                   *english)


def _letter(context, attach):
    """(subject, letter, attachment) in the current language."""
    attachment = render_template("letters/attachment.txt", **context) if attach else ""
    return (render_template("letters/subject.txt", **context).strip(),
            render_template("letters/letter.txt", attachment=attachment, **context), attachment)


def attachment_response(requests, slug):
    """The attachment of the request for slug as a text download; 404 when it has none."""
    found = next((r for r in requests if r.slug == slug and r.attachment), None)
    if found is None:
        abort(404)
    # ?letter=en: the English version that goes with the English letter.
    english = request.args.get("letter") == "en" and found.attachment_en
    return Response(english or found.attachment, mimetype="text/plain",
                    headers={"Content-Disposition": f'attachment; filename="{found.filename}"'})
