"""The coverage page and /api/v1/coverage over a real index of three overlapping datasets."""

import re
import textwrap

import pytest

from app import create_app
from lookup.catalogue import Dataset
from lookup.index import DatasetStats
from tests.conftest import main_text
from tests.helpers import build_index
from web import coverage

# Synthetic rows, labelled as such: real-shaped IDs, made-up memberships.
V1, V2, V3, V4, V5 = "dQw4w9WgXcQ", "9bZkp7q19f0", "kJQP7kiw5Fk", "jNQXAC9IVRw", "OPf0YbXqDm0"
ROWS = {
    "ant": [(V1, 0, 10), (V1, 20, 30), (V2, 0, 10), (V3, 100, 3700)],  # 3 videos, 4 clips, 3630 s
    "bee": [(V1, 0, 5), (V2, 0, 5), (V4, 0, 5)],  # shares V1, V2 with ant
    "cat": [(V2, 0, 10), (V4, 0, 10), (V5, 0, 10)],  # shares V2 with ant; V2, V4 with bee
}
CATALOGUE = """
[datasets.ant]
name = "Ant-3"
year = 2019
licence = "CC BY 4.0"
format = "plainlist"
id_kind = "youtube"
videos_reported = 4
clips_reported = 5
hours_reported = 1.5

[datasets.bee]
name = "Bee"
year = 2021
format = "plainlist"
id_kind = "youtube"

[datasets.cat]
name = "Cat"
format = "plainlist"
id_kind = "youtube"

[datasets.dog]
name = "Dog"
year = 2020
licence = "MIT"
format = "plainlist"
id_kind = "youtube"
videos_reported = 1200
"""


@pytest.fixture
def client(tmp_path):
    catalogue = tmp_path / "datasets.toml"
    catalogue.write_text(textwrap.dedent(CATALOGUE), encoding="utf-8")
    app = create_app({"TESTING": True, "INDEX_PATH": str(build_index(tmp_path, ROWS)),
                      "CATALOGUE_PATH": str(catalogue)})
    return app.test_client()


def test_page_shows_each_dataset_beside_its_reported_figures(client):
    text = main_text(client.get("/coverage").data)
    assert "Distinct videos 5 Memberships 9 Clips 10 Datasets loaded 3" in text
    assert ("Dataset Year Licence In this index Reported Videos Clips Hours Videos Clips Hours"
            " Ant-3 2019 CC BY 4.0 3 4 1.0 4 5 2"  # 3630 s of clips; reported 1.5 h shows as 2
            " Bee 2021 not confirmed 3 3 0.0 — — —"
            " Cat — not confirmed 3 3 0.0 — — —"
            " Sum over datasets 9 10 1.0"
            " Distinct videos 5 each video counted once, whichever datasets list it") in text


def test_page_figures_match_the_dataset_pages(client):
    cells = re.findall(r"<tr><th scope=\"row\"><a href=\"/datasets/ant\">Ant-3</a></th>(.*?)</tr>",
                       client.get("/coverage").get_data(as_text=True), re.S)
    figures = re.sub(r"<[^>]+>", " ", cells[0]).split()
    dataset_page = main_text(client.get("/datasets/ant").data)
    assert figures[4:7] == ["3", "4", "1.0"]  # after year and licence ("CC BY 4.0")
    assert "In this index Videos 3 Clips 4 Hours of clips 1.0" in dataset_page


def test_page_lists_catalogue_datasets_not_loaded_with_figures_and_licence(client):
    text = main_text(client.get("/coverage").data)
    assert ("In the catalogue, not loaded yet" in text and
            "Dataset Year Licence Videos Clips Hours Dog 2020 MIT 1,200 — —" in text)


def test_page_without_an_index_still_lists_the_whole_catalogue(tmp_path):
    catalogue = tmp_path / "datasets.toml"
    catalogue.write_text(textwrap.dedent(CATALOGUE), encoding="utf-8")
    app = create_app({"TESTING": True, "INDEX_PATH": str(tmp_path / "missing.db"),
                      "CATALOGUE_PATH": str(catalogue)})
    text = main_text(app.test_client().get("/coverage").data)
    assert ("Ant-3 2019 CC BY 4.0 4 5 2 Bee 2021 not confirmed — — — Cat — not confirmed — — —"
            " Dog 2020 MIT 1,200 — —") in text


def test_real_catalogue_lists_every_wave_2_dataset_on_the_coverage_page(tmp_path):
    app = create_app({"TESTING": True, "INDEX_PATH": str(tmp_path / "missing.db")})
    text = main_text(app.test_client().get("/coverage").data)
    for name, licence in [("AudioCaps", "MIT (repository); README: academic use only"),
                          ("MusicCaps", "CC BY-SA 4.0"), ("VGGSound", "CC BY 4.0"),
                          ("YouTube-Commons", "CC BY 4.0"), ("Koala-36M", "not confirmed"),
                          ("VidGen-1M", "Apache-2.0"), ("Vript", "academic use only"),
                          ("YODAS", "CC BY 3.0"), ("YouTube-ASL", "not confirmed"),
                          ("LLaVA-Video-178K", "not confirmed"), ("VideoInstruct-100K",
                          "CC BY-SA 4.0"), ("AVSpeech", "not confirmed"),
                          ("VoxCeleb1", "not confirmed"), ("VoxCeleb2", "not confirmed")]:
        assert re.search(re.escape(name) + r" \S+ [^—]*" + re.escape(licence), text), name


def test_heat_map_has_every_pair_as_text_and_a_colour_class(client):
    html = client.get("/coverage").get_data(as_text=True)
    matrix = html[html.index('<table class="heatmap'):html.index("</table>", html.index("heatmap"))]
    assert main_text(f"<main>{matrix}</main>") == (
        "Videos shared by each pair of loaded datasets; the diagonal is each dataset's own size."
        " Percentages are of the smaller dataset."
        " Ant-3 Bee Cat"
        " Ant-3 3 all 2 66% 1 33%"
        " Bee 2 66% 3 all 2 66%"
        " Cat 1 33% 2 66% 3 all")
    assert ('<td class="heat heat-5" title="Ant-3 and Bee share 2 videos: 66% of Ant-3">'
            in matrix)
    assert '<td class="heat heat-4" title="Ant-3 and Cat share 1 video: 33% of Ant-3">' in matrix
    assert '<td class="heat heat-self" title="Cat holds 3 videos">' in matrix
    assert " style=" not in html and "<style" not in html  # CSP: style-src 'self'
    assert '<link rel="stylesheet" href="/static/coverage.css">' in html


def test_pairs_list_and_growth_by_year(client):
    text = main_text(client.get("/coverage").data)
    assert ("Dataset Dataset Shared videos Of the smaller"
            " Ant-3 Bee 2 66% Bee Cat 2 66% Ant-3 Cat 1 33%") in text
    # Cat has no confirmed year, so the union of Ant-3 and Bee (exact for two sets) is the last.
    assert ("Year Published that year Their videos Distinct videos so far"
            " 2019 Ant-3 3 3 2021 Bee 3 4") in text
    assert ("Not placed by year, because the catalogue does not confirm when it was published:"
            " Cat (3 videos).") in text
    html = client.get("/coverage").get_data(as_text=True)
    assert ("<title id=\"growth-t\">Distinct videos in loaded datasets by publication year:"
            " 2019 3; 2020 3; 2021 4</title>") in html


def test_json_twin_carries_the_same_figures(client):
    body = client.get("/api/v1/coverage").get_json()
    assert body["totals"] == {"videos": 5, "memberships": 9, "clips": 10, "datasets": 3}
    assert body["overlap"] == [{"a": "ant", "b": "bee", "videos": 2},
                               {"a": "ant", "b": "cat", "videos": 1},
                               {"a": "bee", "b": "cat", "videos": 2}]
    updated = body["datasets"][0]["updated"]
    assert body["datasets"] == [
        {"slug": "ant", "name": "Ant-3", "year": 2019, "licence": "CC BY 4.0", "videos": 3,
         "clips": 4,
         "span_seconds": 3630, "hours": 1.0, "updated": updated,
         "reported": {"videos": 4, "clips": 5, "hours": 1.5}, "page": "/datasets/ant"},
        {"slug": "bee", "name": "Bee", "year": 2021, "licence": None, "videos": 3, "clips": 3,
         "span_seconds": 15, "hours": 0.0, "updated": body["datasets"][1]["updated"],
         "reported": {"videos": None, "clips": None, "hours": None}, "page": "/datasets/bee"},
        {"slug": "cat", "name": "Cat", "year": None, "licence": None, "videos": 3, "clips": 3,
         "span_seconds": 30, "hours": 0.0, "updated": body["datasets"][2]["updated"],
         "reported": {"videos": None, "clips": None, "hours": None}, "page": "/datasets/cat"}]
    assert body["growth"] == [
        {"year": 2019, "added": ["ant"], "memberships": 3, "videos_min": 3, "videos_max": 3},
        {"year": 2020, "added": [], "memberships": 3, "videos_min": 3, "videos_max": 3},
        {"year": 2021, "added": ["bee"], "memberships": 6, "videos_min": 4, "videos_max": 4}]
    assert body["undated"] == ["cat"]
    assert body["not_loaded"] == ["dog"]
    assert client.get("/coverage?format=json").headers["Location"] == "/api/v1/coverage"


def test_figures_follow_an_ingest_into_the_live_index(tmp_path):
    """The live index grows in place: a running site's figures move with each commit."""
    catalogue = tmp_path / "datasets.toml"
    catalogue.write_text(textwrap.dedent(CATALOGUE), encoding="utf-8")
    index = build_index(tmp_path, {"ant": ROWS["ant"]})
    app = create_app({"TESTING": True, "INDEX_PATH": str(index),
                      "CATALOGUE_PATH": str(catalogue), "INDEX_RECHECK_SECONDS": 0})
    client = app.test_client()
    before = client.get("/api/v1/coverage").get_json()
    assert before["totals"]["datasets"] == 1 and "bee" in before["not_loaded"]
    build_index(tmp_path, {"bee": ROWS["bee"]})  # another process's commit, same file
    after = client.get("/api/v1/coverage").get_json()
    assert after["totals"] == {"videos": 4, "memberships": 6, "clips": 7, "datasets": 2}
    assert after["overlap"] == [{"a": "ant", "b": "bee", "videos": 2}]
    assert [d["slug"] for d in after["datasets"]] == ["ant", "bee"]
    assert [year["added"] for year in after["growth"]] == [["ant"], [], ["bee"]]
    page = main_text(client.get("/coverage").get_data(as_text=True))
    assert " Bee 2021 not confirmed 3 3 0.0 — — — Sum over datasets 6 7 1.0" in page


def test_answers_and_their_etags_follow_an_ingest_into_the_live_index(tmp_path):
    """The other values a handle keeps per commit (the snapshot tag, the datasets checked)
    move with the live index too: no answer of the old snapshot is served as current."""
    catalogue = tmp_path / "datasets.toml"
    catalogue.write_text(textwrap.dedent(CATALOGUE), encoding="utf-8")
    index = build_index(tmp_path, {"ant": ROWS["ant"]})
    app = create_app({"TESTING": True, "INDEX_PATH": str(index),
                      "CATALOGUE_PATH": str(catalogue), "INDEX_RECHECK_SECONDS": 0})
    client = app.test_client()
    old = client.get(f"/api/v1/videos/{V4}")
    assert old.get_json()["checked"] == ["ant"] and not old.get_json()["videos"][0]["found"]
    build_index(tmp_path, {"bee": ROWS["bee"]})  # V4 is in bee only
    new = client.get(f"/api/v1/videos/{V4}", headers={"If-None-Match": old.headers["ETag"]})
    assert new.status_code == 200 and new.headers["ETag"] != old.headers["ETag"]
    assert new.get_json()["checked"] == ["ant", "bee"]
    assert [d["dataset"] for d in new.get_json()["videos"][0]["datasets"]] == ["bee"]
    page = main_text(client.get(f"/v/{V4}").get_data(as_text=True))
    assert "Found in 1 dataset" in page and "Bee" in page


def test_three_datasets_get_a_range_unless_they_are_all_loaded():
    # The real validation files: Kinetics-400 (19,906 videos), Kinetics-600 (29,994) and
    # AudioSet eval (20,371) share 13,569 / 9 / 10 videos pairwise; 56,686 are distinct.
    sizes, pairs = [19906, 29994, 20371], {(0, 1): 13569, (0, 2): 9, (1, 2): 10}
    assert coverage.bounds(sizes, pairs) == (56683, 56692)
    assert coverage.bounds([3, 3], {(0, 1): 2}) == (4, 4)
    stats = [DatasetStats(slug, n, n, None, "", ()) for slug, n in
             zip(["k400", "k600", "as"], sizes)]
    overlap = {("k400", "k600"): 13569, ("k400", "as"): 9, ("k600", "as"): 10}
    overlap.update({(b, a): n for (a, b), n in overlap.items()})
    catalogue = {slug: Dataset(slug=slug, name=slug, year=year) for slug, year in
                 [("k400", 2017), ("as", 2017), ("k600", 2018)]}
    exact = coverage.build(stats, overlap, {"videos": 56686}, catalogue)
    assert [(y.year, y.low, y.high) for y in exact.years] == [(2017, 40268, 40268),
                                                              (2018, 56686, 56686)]
    stats.append(DatasetStats("extra", 7, 7, None, "", ()))  # loaded, year not confirmed
    ranged = coverage.build(stats, overlap, {"videos": 56693}, catalogue)
    assert [(y.year, y.low, y.high) for y in ranged.years] == [(2017, 40268, 40268),
                                                               (2018, 56683, 56692)]


def test_page_renders_without_an_index(tmp_path):
    app = create_app({"TESTING": True, "INDEX_PATH": str(tmp_path / "missing.db")})
    response = app.test_client().get("/coverage")
    assert response.status_code == 200
    assert "The index has not been built yet." in main_text(response.data)
    assert "heatmap" not in response.get_data(as_text=True)
