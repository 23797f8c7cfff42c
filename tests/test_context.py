"""web/context.py: the objects behind Flask's proxies, inside a request and outside one."""

import flask
import pytest

from web import context


def test_inside_a_request_they_are_the_objects_the_proxies_stand_for():
    app = flask.Flask(__name__)
    with app.test_request_context("/v/dQw4w9WgXcQ?lang=de"):
        assert context.app() is app
        assert context.this_request().args["lang"] == "de"
        context.state().index = "kept"
        assert flask.g.index == "kept"  # one g, whichever way it is reached


def test_outside_a_context_they_raise_as_the_proxies_do():
    for get in (context.app, context.state, context.this_request):
        with pytest.raises(RuntimeError):
            get()
