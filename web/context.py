"""The objects behind Flask's context proxies, for the code every request runs.

Each attribute read through `flask.g`, `request` or `current_app` is a werkzeug proxy lookup,
~1 µs each: an API answer made some 16 and a video page over 30 (reading through these instead
took an API answer from 765 K to 656 K instructions). These return the object itself (~0.2 µs)
through the proxies' documented `_get_current_object`; read it once into a local where a
function needs it more than once. Outside a context they raise RuntimeError, as the proxies do.
"""

from flask import current_app, g, request

app = current_app._get_current_object  # the Flask app serving this request
state = g._get_current_object  # this app context's g
this_request = request._get_current_object  # the Request
