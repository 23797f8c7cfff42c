"""The app's classes: Flask's, without per-request work whose answer never changes.

werkzeug looks a name up in a MultiDict or Headers by raising BadRequestKeyError (an
HTTPException) and catching it, ~1-2 µs each; an answer looked for several absent names. Flask
asks inspect whether each view and hook is a coroutine function on every request.
"""

import flask
from werkzeug.datastructures import ImmutableMultiDict


class QueryArgs(ImmutableMultiDict):
    """request.args (and request.form). get() of a name the query lacks returns the default
    without making werkzeug's BadRequestKeyError, which MultiDict.get raises and catches
    inside (~2 µs; a page asks for four to six names its query mostly lacks)."""

    def get(self, key, default=None, type=None):
        return super().get(key, default, type) if key in self else default


class Request(flask.Request):
    """flask.Request with QueryArgs."""

    parameter_storage_class = QueryArgs


class Response(flask.Response):
    """flask.Response. One made with no headers, mimetype or content type gets the default
    mimetype as werkzeug gives it, without werkzeug first looking for a Content-Type in the
    empty headers."""

    def __init__(self, response=None, status=None, headers=None, mimetype=None,
                 content_type=None, direct_passthrough=False):
        if not headers and mimetype is None and content_type is None:
            mimetype = self.default_mimetype
        super().__init__(response, status, headers, mimetype, content_type, direct_passthrough)


def has_header(headers, name):
    """True when Headers (or a list of pairs) hold name, in any case: `name in headers`
    without the exception werkzeug makes for an absent one."""
    name = name.lower()
    return any(key.lower() == name for key, _ in headers)


class App(flask.Flask):
    """flask.Flask with the Request and Response above, working out ensure_sync once per
    function: Flask asks it of the view and of every before/after-request hook on every
    request (inspect's coroutine check, ~1 µs each), and the answer for a function never
    changes."""

    request_class, response_class = Request, Response
    SYNC_KEPT = 1024  # functions remembered; past it (functions made per call) just asked

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._sync = {}

    def ensure_sync(self, func):
        sync = self._sync.get(func)
        if sync is None:
            sync = super().ensure_sync(func)
            if len(self._sync) < self.SYNC_KEPT:
                self._sync[func] = sync
        return sync
