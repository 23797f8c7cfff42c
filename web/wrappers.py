"""The app's request class: Flask's, with query arguments that are cheap to look for."""

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
