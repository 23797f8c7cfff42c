"""Removal requests: every dataset holding the videos and every likely derived one gets a
letter, addressed to its official route or to the next best real channel, said plainly."""

import re
from html import unescape
from urllib.parse import unquote

from lookup.catalogue import Contact, Dataset
from lookup.removal import route
from tests.conftest import main_text


def sha(client, slug):
    return client.get(f"/api/v1/datasets/{slug}").get_json()["ingested_files"][0]["sha256"]


def test_letters_for_holding_and_likely_derived_datasets(client):
    html = client.get("/removal?ids=dQw4w9WgXcQ").get_data(as_text=True)
    text = main_text(html)
    headings = re.findall(r'<h2 id="rm-([a-z-]+)">', html)
    assert headings == ["alpha", "beta", "alpha-sub"]
    # The official route, with where it is published.
    assert "Alpha-1M This video is listed in its published files. Official removal route: " \
           "remove@alpha.example . Where it is published . Answers within 30 days." in text
    assert 'href="https://example.org/alpha#removal"' in html
    # No removal route: the authors' address, said plainly not to be one.
    assert ("Beta publishes no removal contact. The next best channel is the authors' address "
            "given in the paper: b.author@beta.example (B. Author), as published here . This is "
            "not an official removal route") in text
    # The derived dataset (like Panda-70M from HD-VILA-100M) gets its own letter.
    assert ("Alpha-Sub likely Alpha-Sub is built from Alpha-1M, which lists this video. It is "
            "not loaded here, so this is likely, not checked. Official removal route: "
            "optout@alpha-sub.example") in text
    assert "Subject: Removal request: 1 YouTube video likely in Alpha-Sub" in text


def test_a_letter_lists_id_clips_file_line_and_full_sha256(client):
    html = client.get("/removal?ids=dQw4w9WgXcQ").get_data(as_text=True)
    mailto = unescape(unquote(re.search(r'href="(mailto:remove@alpha\.example\?[^"]+)"', html)[1]))
    assert mailto.startswith("mailto:remove@alpha.example?subject=Removal request: 1 YouTube "
                             "video in Alpha-1M&body=Hello,")
    assert ("- dQw4w9WgXcQ  https://www.youtube.com/watch?v=dQw4w9WgXcQ\n"
            f"  listed in alpha-synthetic.csv, line 2 (SHA-256 {sha(client, 'alpha')})\n"
            "  clips: 0:30–0:40, 1:35.5–1:40\n") in mailto
    derived = unescape(unquote(re.search(r'href="(mailto:optout@alpha-sub\.example\?[^"]+)"', html)[1]))
    assert "Alpha-Sub is built from Alpha-1M, whose published file lists it" in derived
    assert "listed in Alpha-1M, alpha-synthetic.csv, line 2" in derived


def test_a_long_list_goes_in_an_attachment_not_a_huge_mailto(app, client):
    ids = ",".join(["dQw4w9WgXcQ", "9bZkp7q19f0"])
    app.config["BULK_MAX_IDS"] = 20_000
    import web.removal
    old, web.removal.INLINE_MAX = web.removal.INLINE_MAX, 1
    try:
        html = client.get(f"/removal?ids={ids}").get_data(as_text=True)
        attachment = client.get(f"/removal/alpha.txt?ids={ids}")
    finally:
        web.removal.INLINE_MAX = old
    text = main_text(html)
    assert "Attachment: videos-in-alpha.txt 2 videos are too many for the letter itself" in text
    assert "listed in the attached file videos-in-alpha.txt" in text
    assert attachment.headers["Content-Disposition"] == \
        'attachment; filename="videos-in-alpha.txt"'
    body = attachment.get_data(as_text=True)
    assert body.startswith("videos-in-alpha.txt: 2 YouTube videos in Alpha-1M\n")
    assert "- 9bZkp7q19f0  https://www.youtube.com/watch?v=9bZkp7q19f0\n" in body
    # Beta holds only one of the two, so its letter keeps the list inline, with no attachment.
    assert client.get(f"/removal/beta.txt?ids={ids}").status_code == 404


def test_route_ranks_official_then_authors_then_the_rest():
    def ds(*contacts, **facts):
        return Dataset("x", contacts=tuple(Contact(**c) for c in contacts), **facts)

    tracker = {"kind": "issue_tracker", "url": "https://github.com/x/x/issues"}
    host = {"kind": "host_report", "url": "https://huggingface.co/datasets/x/x"}
    authors = {"kind": "authors", "email": "a@x.example"}
    official = {"kind": "removal", "url": "https://x.example/opt-out"}
    assert route(ds(tracker, host, authors, official)).url == "https://x.example/opt-out"
    assert route(ds(tracker, host, authors)).kind == "authors"
    assert route(ds(tracker, host)).kind == "host_report"
    assert not route(ds(tracker)).official
    # The older single field, when no contacts are listed, is shown but not claimed official.
    legacy = route(ds(removal_contact="old@x.example", removal_note="For questions."))
    assert (legacy.kind, legacy.email, legacy.note, legacy.official) == \
        ("published", "old@x.example", "For questions.", False)
    assert route(ds()) is None and route(None) is None


def test_removal_for_videos_in_no_dataset_still_explains_what_to_do(client):
    text = main_text(client.get("/removal?ids=aaaaaaaaaaA").data)
    assert "nothing to ask a dataset to remove" in text
    assert "YouTube's “third-party training” setting" in text
