"""Security headers on every response, and friendly error pages / JSON errors for every 4xx/5xx."""

from flask import jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from lookup.errors import UserError
from lookup.i18n import N_

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    # (Not interest-cohort: Chrome dropped FLoC in version 93 and logs the name as unknown.)
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# JSON answers are not documents a browser renders: OWASP's REST Security Cheat Sheet asks of
# them only that they are not sniffed or framed, and calls the rest HTML-only. Each header also
# costs the server a check of every character it sends.
# https://cheatsheetseries.owasp.org/cheatsheets/REST_Security_Cheat_Sheet.html#security-headers
API_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Access-Control-Allow-Origin": "*",
}
HSTS = "max-age=63072000; includeSubDomains"  # two years, as hstspreload.org asks
MESSAGES = {
    400: N_("The request could not be understood."),
    403: N_("This request was not allowed."),
    404: N_("There is no page at this address."),
    405: N_("This address does not accept that kind of request."),
    413: N_("That is more than this site accepts in one go."),
    429: N_("You have sent more of these requests than this site answers for one address. "
            "Please wait a little and try again."),
    500: N_("Something went wrong on our side. The error has been logged."),
    501: N_("That is not available on this server yet."),
    503: N_("The lookup index is not available right now."),
}
TITLES = {400: N_("Bad request"), 403: N_("Refused"), 404: N_("Not found"),
          405: N_("Method not allowed"), 410: N_("Gone"), 413: N_("Too large"),
          429: N_("Too many requests"), 500: N_("Server error"), 501: N_("Not available yet"),
          503: N_("Index not available")}


class SecurityHeaders:
    """WSGI middleware: the security headers on every answer (API_HEADERS on /api/, HEADERS
    elsewhere), leaving any the app set itself.

    Added to the plain header list at start_response: on each Flask response object the same
    work cost ~5 µs more per answer (werkzeug validates every header it is given).
    """

    PAGE = tuple(HEADERS.items())
    API = tuple(API_HEADERS.items())
    OURS = frozenset(name.lower() for name, _ in
                     PAGE + API + (("Strict-Transport-Security", HSTS),))

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        extra = self.API if environ.get("PATH_INFO", "").startswith("/api/") else self.PAGE
        if environ.get("wsgi.url_scheme") == "https":  # over plain HTTP a browser ignores it
            extra += (("Strict-Transport-Security", HSTS),)

        def start(status, headers, exc_info=None):
            present = {name.lower() for name, _ in headers}
            if present.isdisjoint(self.OURS):  # as nearly always: the app set none of them
                headers.extend(extra)
            else:
                headers.extend(pair for pair in extra if pair[0].lower() not in present)
            return start_response(status, headers, exc_info)
        return self.app(environ, start)


def wants_json():
    """True for API paths and explicit ?format=json."""
    return request.path.startswith("/api/") or request.args.get("format") == "json"


def error_response(status, message, **extra):
    """A JSON error or a friendly HTML page, with the status code."""
    if wants_json():
        body = {"error": {"status": status, "message": message}}
        body.update(extra)
        return make_response(jsonify(body), status)
    title = TITLES.get(status, N_("Error"))
    page = render_template("error.html", status=status, title=title, message=message)
    return make_response(page, status)


def handle_user_error(error):
    """A UserError carries a message written for the person (and may say when to retry)."""
    response = error_response(error.status, error.message)
    if getattr(error, "retry_after", None):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


def handle_http(error):
    """Werkzeug's aborts (404, 405, 413, ...) as friendly pages."""
    status = error.code or 500
    message = MESSAGES.get(status) or error.description or "Error."
    if status == 413:
        limit = request.max_content_length or 0
        message = N_("That upload is larger than the %(mb)s MB this site accepts. Split the "
                     "list into smaller files and check each one.", mb=limit // (1024 * 1024))
    if status == 400 and error.description and not error.description.startswith("The browser"):
        message = error.description
    response = error_response(status, message)
    if status == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def handle_crash(error):
    """An unexpected exception: log it, show a page without a traceback."""
    original = getattr(error, "original_exception", error)
    if isinstance(original, UserError):
        return handle_user_error(original)
    return error_response(500, MESSAGES[500])


def init_app(app):
    """Register the handlers and the header middleware."""
    app.wsgi_app = SecurityHeaders(app.wsgi_app)
    app.register_error_handler(UserError, handle_user_error)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(InternalServerError, handle_crash)
