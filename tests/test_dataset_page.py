"""A dataset page says which reader read its files and how to reproduce them."""

from lookup.formats import plainlist


def test_dataset_page_names_the_reader_and_its_document(client):
    page = client.get("/datasets/alpha").get_data(as_text=True)
    assert "Read with the <code>plainlist</code> reader, which follows" in page
    assert f'<a href="{plainlist.DOC}">this format description</a>' in page
    assert "<code>python scripts/ingest.py alpha FILE</code>" in page
