"""The evidence report of a saved check: an HTML page with a print stylesheet, and the same page
as a PDF made on the server with WeasyPrint."""

import logging
from dataclasses import dataclass
from pathlib import Path

from flask import Response, current_app, render_template, request

from lookup import formats
from lookup.errors import UserError
from lookup.i18n import N_

from . import db

STATIC = Path(__file__).resolve().parent.parent / "static"
PDF_STYLES = ("site.css", "report.css")
NO_PDF = N_("PDF reports cannot be made on this server right now. Open the report page and use "
            "your browser's Print → Save as PDF instead: it prints the same report.")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Section:
    """One dataset's part of the report: its facts, its files and the memberships found."""

    slug: str
    name: str
    dataset: object  # lookup.catalogue.Dataset or None
    hits: tuple  # (video ID, DatasetHit), in input order
    files: tuple  # the distinct source files those hits were read from, in first-seen order
    binary: bool  # True when the files are binary (a line is a record number)


def sections(video_results, catalogue):
    """A Section per dataset holding any of the videos, in catalogue order."""
    per = {}
    for result in video_results:
        for hit in result.hits:
            per.setdefault(hit.slug, []).append((result.video_id, hit))
    order = [s for s in catalogue if s in per] + sorted(set(per) - set(catalogue))
    out = []
    for slug in order:
        hits = per[slug]
        files = tuple(dict.fromkeys(hit.source for _, hit in hits))
        out.append(Section(slug, hits[0][1].name, catalogue.get(slug), tuple(hits), files,
                           any(_binary(f.format) for f in files)))
    return out


def _binary(fmt):
    try:
        return bool(fmt) and formats.get(fmt).BINARY
    except ValueError:
        return False


def _render(check, video_results, cov, permalink, for_pdf):
    catalogue = db.get_catalogue()
    found = [r for r in video_results if r.found]
    derived = {}
    for r in found:
        for d in r.derived:
            derived.setdefault(d.slug, d)
    return render_template("report.html", check=check, coverage=cov, permalink=permalink,
                           sections=sections(found, catalogue), found=found,
                           not_found=[r.video_id for r in video_results if not r.found],
                           derived=list(derived.values()), total=len(video_results),
                           for_pdf=for_pdf, site=request.url_root.rstrip("/"))


def html(check, video_results, cov, permalink):
    """The report as a web page (prints without the site's navigation)."""
    return _render(check, video_results, cov, permalink, False)


def pdf(check, video_results, cov, permalink, filename):
    """The report as a PDF download; UserError(503) when WeasyPrint cannot run here."""
    try:
        from weasyprint import CSS, HTML, URLFetcher
    except (ImportError, OSError) as error:  # OSError: Pango or HarfBuzz missing
        log.warning("PDF reports are off: WeasyPrint cannot load (%s). Install it with "
                    "requirements.txt and Debian's libpango-1.0-0 libpangoft2-1.0-0 "
                    "libharfbuzz-subset0 (serve.sh does this as root).", error)
        raise UserError(NO_PDF, 503) from None
    page = _render(check, video_results, cov, permalink, True)
    # The stylesheets are handed over as text and every URL fetch is refused: rendering a
    # report never makes the server request anything, from itself or elsewhere.
    styles = [CSS(string=(STATIC / name).read_text(encoding="utf-8")) for name in PDF_STYLES]
    document = HTML(string=page, url_fetcher=URLFetcher(allowed_protocols=()))
    body = document.write_pdf(stylesheets=styles)
    current_app.logger.debug("report %s: %d bytes of PDF", check.id, len(body))
    return Response(body, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
