"""The dataset catalogue: the real file's shape, derivation chains, malformed entries."""

import textwrap

import pytest

from lookup import catalogue
from lookup.catalogue import FORMATS, Dataset, Source, Use, derived, load, load_out_of_scope


def write(tmp_path, text):
    path = tmp_path / "datasets.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def real():
    return load()


def test_real_file_loads_in_file_order(real):
    assert list(real)[:3] == ["youtube-8m", "internvid", "internvid-10m-flt"]
    assert all(isinstance(ds, Dataset) for ds in real.values())
    assert catalogue.DEFAULT_PATH.name == "datasets.toml"


def test_real_file_covers_the_briefed_datasets(real):
    for slug in ["youtube-8m", "internvid", "internvid-10m-flt", "hd-vila-100m", "hd-vg-130m",
                 "panda-70m", "howto100m", "acav100m", "yt-temporal-180m", "yt-temporal-1b",
                 "kinetics-400", "kinetics-600", "kinetics-700", "audioset", "activitynet",
                 "msr-vtt", "vatex", "youcook2", "shot2story", "miradata", "openvid-1m"]:
        assert slug in real


@pytest.mark.parametrize("field", ["name", "format", "id_kind"])
def test_every_dataset_has_required_fields(real, field):
    missing = [slug for slug, ds in real.items() if not getattr(ds, field)]
    assert missing == []


def test_every_format_is_a_known_reader(real):
    assert {ds.format for ds in real.values()} <= FORMATS


def test_licence_is_a_string_even_when_unconfirmed(real):
    # "" is the explicit "not confirmed"; the page must never show None.
    assert all(isinstance(ds.licence, str) for ds in real.values())
    assert real["audioset"].licence == "CC BY 4.0"


def test_slugs_are_lowercase_hyphenated(real):
    for slug in real:
        assert slug == slug.lower() and " " not in slug and "_" not in slug


def test_derived_from_names_known_slugs_without_cycles(real):
    for slug, ds in real.items():
        assert set(ds.derived_from) <= set(real), slug
        assert slug not in derived(real, slug), slug


def test_real_derivations(real):
    assert real["panda-70m"].derived_from == ("hd-vila-100m",)
    assert "internvid-10m-flt" in derived(real, "internvid")
    assert {"panda-70m", "shot2story"} <= set(derived(real, "hd-vila-100m"))


def test_youtube_8m_uses_pseudo_ids(real):
    assert real["youtube-8m"].id_kind == "pseudo"
    assert {ds.id_kind for s, ds in real.items() if s != "youtube-8m"} == {"youtube"}


def test_nested_tables_become_frozen_tuples(real):
    panda = real["panda-70m"]
    assert isinstance(panda.sources, tuple) and isinstance(panda.sources[0], Source)
    assert panda.sources[0].file == "panda70m_training_full.csv"
    assert isinstance(real["hd-vg-130m"].reported_uses[0], Use)
    assert isinstance(panda.restrictive_clauses, tuple)
    with pytest.raises(AttributeError):
        panda.name = "changed"


def test_out_of_scope_webvid():
    webvid = load_out_of_scope()["webvid"]
    assert "Shutterstock" in webvid.reason
    assert webvid.source_url.startswith("https://")


TINY = """
    [datasets.a]
    name = "A"
    format = "plainlist"
    id_kind = "youtube"

    [datasets.b]
    name = "B"
    format = "plainlist"
    id_kind = "youtube"
    derived_from = ["a"]

    [datasets.c]
    name = "C"
    format = "plainlist"
    id_kind = "youtube"
    derived_from = ["b"]

    [datasets.d]
    name = "D"
    format = "plainlist"
    id_kind = "youtube"
"""


def test_derived_is_transitive_and_ordered(tmp_path):
    tiny = load(write(tmp_path, TINY))
    assert derived(tiny, "a") == ["b", "c"]
    assert derived(tiny, "b") == ["c"]
    assert derived(tiny, "c") == []
    assert derived(tiny, "d") == []


def test_missing_fields_default_to_unconfirmed(tmp_path):
    d = load(write(tmp_path, TINY))["d"]
    assert (d.licence, d.year, d.public, d.hours_reported, d.sources) == ("", None, None, None, ())


@pytest.mark.parametrize("extra, message", [
    ('licnce = "MIT"', "unknown field 'licnce'"),
    ('year = "2020"', "field 'year' should be int"),
    ("public = 1", "field 'public' should be bool"),
    ('derived_from = ["nope"]', "unknown 'nope'"),
    ('derived_from = "a"', "field 'derived_from' should be list of str"),
    ('format = "csv"', "format 'csv' is not one of"),
    ('[[datasets.bad.sources]]\nurl = "https://x.example/"\nsize = 3', "unknown field 'size'"),
    ('homepage = "javascript:alert(1)"', "homepage 'javascript:alert(1)' is not an http(s) URL"),
    ('paper_url = "data:text/html,x"', "is not an http(s) URL"),
    ('[[datasets.bad.sources]]\nurl = " javascript:alert(1)"', "url ' javascript:alert(1)'"),
    ('[[datasets.bad.contacts]]\nkind = "removal"\nurl = "JavaScript:x"', "is not an http(s)"),
    ('[[datasets.bad.reported_uses]]\nsource_url = "file:///etc/passwd"', "is not an http(s)"),
    ('removal_contact = "javascript:alert(1)"', "is not an e-mail address or http(s) URL"),
    ('[datasets.bad.sources_of]\nlicence = "vbscript:x"', "sources_of.licence"),
    ('[datasets.bad.sources_of]\nformat = "https://x.example/"', "not a fact field"),
    ('[[datasets.bad.licence_history]]\nlicence = "MIT"', "needs a date"),
    ('[[datasets.bad.licence_history]]\ndate = "2024-10-15"\nlicence = "B"\n'
     '[[datasets.bad.licence_history]]\ndate = "2022-03-23"\nlicence = "A"', "oldest first"),
    ('[[datasets.bad.sources]]\ndownload = "ftp://x/a.csv"', "is not an http(s) URL"),
    ('[[datasets.bad.sources]]\ndownload = "https://x/a.csv"\nmember = "a.csv"',
     "needs a .zip/.tar.gz download"),
    ('[[datasets.bad.sources]]\ndownload = "https://x/a.zip"', "needs a member to read"),
    ('[[datasets.bad.sources]]\ndownload = "https://x/a.csv"\nformat = "csv"',
     "format 'csv' is not one of"),
])
def test_malformed_entry_names_file_and_slug(tmp_path, extra, message):
    text = TINY + '\n[datasets.bad]\nname = "Bad"\nid_kind = "youtube"\n'
    if not extra.startswith("format"):
        text += 'format = "plainlist"\n'
    path = write(tmp_path, text + extra + "\n")
    with pytest.raises(ValueError) as info:
        load(path)
    assert str(path) in str(info.value)
    assert "'bad'" in str(info.value)
    assert message in str(info.value)


def test_cycle_is_rejected(tmp_path):
    path = write(tmp_path, TINY.replace('name = "A"', 'name = "A"\n    derived_from = ["c"]'))
    with pytest.raises(ValueError, match="cycle"):
        load(path)


def test_broken_toml_names_the_file(tmp_path):
    path = write(tmp_path, "[datasets.a\n")
    with pytest.raises(ValueError, match="datasets.toml"):
        load(path)


def test_contacts_and_licence_history(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('''
[datasets.x]
format = "plainlist"
id_kind = "youtube"
[[datasets.x.contacts]]
kind = "issue_tracker"
name = "GitHub issues"
url = "https://github.com/example/x/issues"
source_url = "https://github.com/example/x"
[[datasets.x.licence_history]]
date = "2022-03-23"
licence = "O-UDA"
source_url = "https://github.com/example/x/blob/abc/LICENSE"
''')
    ds = load(path)["x"]
    assert [(c.kind, c.url) for c in ds.contacts] == [
        ("issue_tracker", "https://github.com/example/x/issues")]
    assert [(h.date, h.licence) for h in ds.licence_history] == [("2022-03-23", "O-UDA")]
    path.write_text(path.read_text().replace('kind = "issue_tracker"', 'kind = "gossip"'))
    with pytest.raises(ValueError, match="contact kind 'gossip'"):
        load(path)


def test_every_fact_of_the_real_file_has_a_source(real):
    missing = {slug: catalogue.unsourced(ds) for slug, ds in real.items()}
    assert {slug: problems for slug, problems in missing.items() if problems} == {}


def test_every_licence_history_entry_of_the_real_file_is_dated(real):
    undated = [(slug, h.licence) for slug, ds in real.items() for h in ds.licence_history
               if len(h.date) != 10]
    assert undated == []


def test_unsourced_names_each_fact_without_a_source(tmp_path):
    path = write(tmp_path, """
        [datasets.x]
        format = "plainlist"
        id_kind = "youtube"
        organisation = "Lab"
        licence = "MIT"
        year = 2020
        paper_url = "https://arxiv.org/abs/1"
        videos_reported = 5
        [datasets.x.sources_of]
        videos_reported = "https://example.org/readme"
        [[datasets.x.reported_uses]]
        who = "Someone"
    """)
    ds = load(path)["x"]
    assert catalogue.unsourced(ds) == ["organisation: no source URL", "licence: no source URL",
                                       "reported_uses[0]: no source_url"]
    assert ds.source_of("year") == "https://arxiv.org/abs/1"  # from the paper
    assert ds.source_of("videos_reported") == "https://example.org/readme"


def test_licence_in_force_on_a_date(real):
    panda = real["panda-70m"]
    assert panda.licence_at("2024-03-01").date < "2024-10-15"
    assert panda.licence_at("2025-06-01").date == "2024-10-15"
    assert panda.licence_at("1999") is None
