"""Template fragments rendered once per snapshot, release and language: {% cache %}.

    {% cache hit.slug, hit.clip_count %} … {% endcache %}

Much of a page depends only on the catalogue, the index snapshot and the language: the
navigation, the footer, a dataset's licence facts, the column heads of a table. Rendering them
was most of a video page's time, since every translated string and URL is a call through
Jinja's context. A fragment is kept under its place in its template, the values given to the
tag, and the request's language, script root and snapshot (web/caching.py: the index
generation, snapshot time and release), so a new snapshot or release renders it anew.

The values given must be everything the body reads beyond those: a body that reads the
request or per-video values not named in the tag would show one visitor's page to another.
This is the fragment cache of Jinja's extension documentation, keyed for this site.
"""

from flask import current_app, g, has_request_context, request
from jinja2 import nodes
from jinja2.ext import Extension

from . import caching, i18n

MAX_FRAGMENTS = 8192  # past it, the memory starts again (old snapshots' fragments go too)


class FragmentCache(Extension):
    """The {% cache value, … %} … {% endcache %} tag."""

    tags = {"cache"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        place = nodes.Const(f"{parser.name}:{lineno}")
        values = []
        while parser.stream.current.type != "block_end":
            if values:
                parser.stream.expect("comma")
            values.append(parser.parse_expression())
        body = parser.parse_statements(("name:endcache",), drop_needle=True)
        call = self.call_method("_fragment", [place, nodes.Tuple(values, "load")])
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _fragment(self, place, values, caller):
        if not has_request_context():  # a letter rendered for mail, a test: no request
            return caller()
        store = current_app.extensions.setdefault("lookup.fragments", {})
        key = (place, values, _request_key())
        found = store.get(key)
        if found is None:
            if len(store) >= MAX_FRAGMENTS:
                store.clear()
            found = store[key] = caller()
        return found


def _request_key():
    """What the fragments of this request share: language, script root, snapshot. (Kept in g
    under a name i18n.in_language() sets aside, as a letter's English version is rendered
    inside a German page.)"""
    key = g.get("_fragment_key")
    if key is None:
        key = g._fragment_key = (i18n.current(), request.script_root, caching.snapshot_tag())
    return key


def init_app(app):
    """Add the tag to the app's templates."""
    app.jinja_env.add_extension(FragmentCache)
