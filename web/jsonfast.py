"""Flask's JSON through orjson: API answers are encoded several times faster than by the stdlib.

Same output shape as Flask's default provider with sort_keys and ensure_ascii off (keys in
insertion order, UTF-8), compact. Dataclasses, dates and UUIDs are encoded natively by orjson.
"""

import decimal

import orjson
from flask.json.provider import DefaultJSONProvider

OPTIONS = orjson.OPT_NON_STR_KEYS


def _default(value):
    if isinstance(value, decimal.Decimal):
        return str(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


class OrjsonProvider(DefaultJSONProvider):
    """app.json: dumps/loads/response through orjson."""

    def dumps(self, obj, **kwargs):
        """JSON text (the tojson filter and json.dumps callers)."""
        return orjson.dumps(obj, default=_default, option=OPTIONS).decode()

    def loads(self, s, **kwargs):
        """Parse JSON text or bytes; raises ValueError (orjson.JSONDecodeError) when invalid."""
        return orjson.loads(s)

    def response(self, *args, **kwargs):
        """A JSON response, encoded straight to bytes."""
        obj = self._prepare_response_obj(args, kwargs)
        return self._app.response_class(orjson.dumps(obj, default=_default, option=OPTIONS),
                                        mimetype=self.mimetype)
