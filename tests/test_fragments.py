"""{% cache %} fragments (web/fragments.py): rendered once per language, snapshot and the values
named in the tag, and never shown to a request they were not rendered for."""

import sqlite3

from web import i18n

TEMPLATE = "{% cache value %}{{ count() }}:{{ _('Datasets') }}{% endcache %}"


def render(app, renders, value="a", lang="en"):
    """The test template, rendered in a request for lang; renders counts body renders."""
    with app.test_request_context(f"/?lang={lang}"):
        template = app.jinja_env.from_string(TEMPLATE)
        return template.render(value=value, count=lambda: renders.append(1) or len(renders))


def test_a_fragment_is_rendered_once_for_the_same_values_and_language(app):
    renders = []
    assert render(app, renders) == render(app, renders) == "1:Datasets"
    assert len(renders) == 1


def test_other_values_and_languages_render_their_own(app):
    renders = []
    assert render(app, renders, value="a") == "1:Datasets"
    assert render(app, renders, value="b") == "2:Datasets"
    assert render(app, renders, value="a", lang="de") == "3:Datensätze"
    assert render(app, renders, value="a", lang="en") == "1:Datasets"


def test_a_new_snapshot_renders_again(app, index_path):
    renders = []
    render(app, renders)
    copy = index_path.with_name("next.db")  # a new snapshot swapped in, as on a replica
    copy.write_bytes(index_path.read_bytes())
    conn = sqlite3.connect(copy)
    conn.execute("UPDATE meta SET value = '2031-01-01T00:00:00+00:00' WHERE key = 'snapshot'")
    conn.commit()
    conn.close()
    copy.replace(index_path)
    assert render(app, renders) == "2:Datasets"
    assert render(app, renders) == "2:Datasets"


def test_a_fragment_inside_another_language_is_kept_apart(app):
    """A letter's English version is rendered inside a German page (i18n.in_language)."""
    renders = []
    with app.test_request_context("/?lang=de"):
        template = app.jinja_env.from_string(TEMPLATE)
        page = {"value": "a", "count": lambda: renders.append(1) or len(renders)}
        german = template.render(page)
        with i18n.in_language("en"):
            english = template.render(page)
        assert (german, english, template.render(page)) == ("1:Datensätze", "2:Datasets",
                                                             "1:Datensätze")


def test_pages_keep_their_own_navigation_and_language_links(client):
    """The header is cached per endpoint; the language links carry each page's own query."""
    home = client.get("/").get_data(as_text=True)
    datasets = client.get("/datasets?x=1&lang=de").get_data(as_text=True)
    video = client.get("/v/dQw4w9WgXcQ?t=30").get_data(as_text=True)
    assert '<a href="/" aria-current="page">' in home
    assert '<a href="/datasets" aria-current="page">' in datasets
    assert 'href="/v/dQw4w9WgXcQ?t=30&amp;lang=de"' in video
    assert 'href="/datasets?x=1&amp;lang=zh"' in datasets
    assert 'aria-current="page"' not in video
