"""A dataset page says which reader read its files and how to reproduce them."""

from lookup.formats import plainlist


def test_dataset_page_names_the_reader_and_its_document(client):
    page = client.get("/datasets/alpha").get_data(as_text=True)
    assert "Read with the <code>plainlist</code> reader, which follows" in page
    assert f'<a href="{plainlist.DOC}">this format description</a>' in page
    assert "<code>python scripts/ingest.py alpha FILE</code>" in page


def test_real_dataset_page_shows_licence_history_and_fact_sources(tmp_path):
    from app import create_app
    from tests.conftest import main_text
    app = create_app({"TESTING": True, "INDEX_PATH": str(tmp_path / "none.db")})
    text = main_text(app.test_client().get("/datasets/hd-vila-100m").data)
    # main_text puts a space between inline elements: "<time>…</time>: <strong>…" -> "… : …".
    assert ("Licence history From 2022-03-23 : Open Use of Data Agreement v1.0 (O-UDA)" in text
            and "From 2022-12-06 : Research Use of Data Agreement v1.0 (R-UDA)" in text)
    assert "Where each fact on this page was checked" in text
    assert ("videos reported: https://github.com/microsoft/XPretrain/blob/main/hd-vila-100m/"
            "README.md") in text
