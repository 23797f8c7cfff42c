"""Protection against cross-site requests, for every state-changing request of the app.

A browser says where a request comes from: Sec-Fetch-Site (every current browser), or else
Origin. A POST, PUT, PATCH or DELETE coming from another site is refused with 403 before any
view runs, so a form added later is covered with no token to remember. A request with neither
header does not come from a browser (a script or curl), which cannot ride a visitor's session,
and passes. Reads that other sites may call on purpose (the JSON lookup API) are marked with
@allow_cross_site. The same rules as Go's net/http CrossOriginProtection.
"""

from urllib.parse import urlsplit

from flask import current_app

from lookup.i18n import N_

from . import context
from .security import error_response

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
SAME = {"same-origin", "none"}  # "none": typed in the address bar, a bookmark
REFUSED = N_("This request came from another site, so it was not carried out. If you meant to "
             "do this, use the form on this site's own page.")


def allow_cross_site(view):
    """Mark a view that changes nothing and may be called from any site (e.g. an API read)."""
    view.cross_site_ok = True
    return view


def from_this_site():
    """True when the request may be served: same site, no browser, or a marked view."""
    request = context.this_request()
    if request.method in SAFE_METHODS:
        return True
    view = current_app.view_functions.get(request.endpoint)
    if view is None or getattr(view, "cross_site_ok", False):
        return True
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site in SAME
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    trusted = current_app.config.get("TRUSTED_ORIGINS") or ()
    return origin in trusted or urlsplit(origin).netloc == request.host


def check():
    """before_request: refuse a cross-site state-changing request with 403."""
    if not from_this_site():
        return error_response(403, REFUSED)
    return None


def init_app(app):
    """Check every request (register before anything that counts or changes state)."""
    app.before_request(check)
