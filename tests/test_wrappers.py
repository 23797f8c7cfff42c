"""web/wrappers.py: the app's Flask, request and response classes answer as Flask's do."""

from web.wrappers import App, QueryArgs, has_header


def _app():
    app = App(__name__)

    @app.get("/sync")
    def sync_view():
        return "plain"

    @app.get("/async")
    async def async_view():  # run through asgiref, as Flask runs it
        return "awaited"

    @app.after_request
    def stamp(response):
        response.headers["X-Hook"] = "ran"
        return response

    return app


def test_sync_and_async_views_answer_on_every_request():
    client = _app().test_client()
    for _ in range(3):  # the first request works ensure_sync out, the others reuse it
        for path, body in (("/sync", b"plain"), ("/async", b"awaited")):
            response = client.get(path)
            assert (response.status_code, response.data) == (200, body)
            assert response.headers["X-Hook"] == "ran"


def test_ensure_sync_keeps_a_plain_function_and_wraps_a_coroutine_function():
    app = _app()
    view = app.view_functions["sync_view"]
    assert app.ensure_sync(view) is view
    coroutine_view = app.view_functions["async_view"]
    wrapped = app.ensure_sync(coroutine_view)
    assert wrapped is not coroutine_view
    assert app.ensure_sync(coroutine_view) is wrapped


def test_functions_past_the_bound_are_answered_but_not_kept():
    app = _app()
    app.SYNC_KEPT = 2
    made = [lambda: n for n in range(5)]
    assert all(app.ensure_sync(f) is f for f in made)
    assert len(app._sync) == 2


def test_query_args_get_gives_the_default_for_an_absent_name():
    args = QueryArgs([("lang", "de"), ("n", "7")])
    assert args.get("lang") == "de"
    assert args.get("n", type=int) == 7
    assert args.get("page") is None
    assert args.get("page", "1") == "1"


def test_has_header_ignores_case():
    headers = [("Content-Type", "text/html"), ("vary", "Cookie")]
    assert has_header(headers, "content-type")
    assert has_header(headers, "Vary")
    assert not has_header(headers, "ETag")
