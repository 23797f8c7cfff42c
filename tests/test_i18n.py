"""The site in English, German and Simplified Chinese (web/i18n.py, translations/)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.conftest import main_text
from web import i18n
from web.pages import WATCH_FROM

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("de", "zh")


def catalogue(lang):
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """Every string of the site, extracted now with Babel's tools (babel.cfg)."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    "babel.cfg", "-k", "N_", "-k", "plural:1,2", "-o", str(pot), "."],
                   cwd=ROOT, check=True, capture_output=True)
    with open(pot, "rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_string_is_translated_and_none_is_fuzzy(extracted, lang):
    translated = catalogue(lang)
    missing = [m.id for m in extracted if m.id and (
        m.id not in translated or not all(translated[m.id].string if isinstance(
            translated[m.id].string, tuple) else [translated[m.id].string]))]
    assert missing == [], f"{lang}: not translated (extract and update, see README)"
    assert [m.id for m in translated if m.id and m.fuzzy] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_every_placeholder(lang):
    for m in catalogue(lang):
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        wanted = set(re.findall(r"%\(\w+\)s", ids[-1]))
        # The plural form says every value; a singular may say "one" instead of the count.
        assert set(re.findall(r"%\(\w+\)s", strings[-1])) == wanted, (lang, m.id)
        for text in strings[:-1]:
            assert set(re.findall(r"%\(\w+\)s", text)) <= wanted, (lang, m.id)


def test_home_follows_accept_language(client):
    german = client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"})
    assert '<html lang="de">' in german.get_data(as_text=True)
    assert "Ist Ihr YouTube-Video in einem KI-Trainingsdatensatz?" in main_text(german.data)
    chinese = client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert '<html lang="zh-Hans">' in chinese.get_data(as_text=True)
    assert "您的 YouTube 视频在 AI 训练数据集里吗？" in main_text(chinese.data)
    english = client.get("/", headers={"Accept-Language": "fr"})
    assert '<html lang="en">' in english.get_data(as_text=True)
    assert "Is your YouTube video in an AI training dataset?" in main_text(english.data)
    for page in (german, chinese, english):
        assert {"accept-language", "cookie"} <= {v.strip().lower() for v in
                                                 page.headers["Vary"].split(",")}


@pytest.mark.parametrize("own", ["Origin", "origin, Accept-Encoding"])
def test_a_vary_the_view_set_itself_is_kept_beside_the_language(app, own):
    @app.get("/varies")
    def varies():  # a page in the visitor's language that also varies on something else
        return i18n.current(), {"Vary": own}

    answer = app.test_client().get("/varies", headers={"Accept-Language": "de"})
    assert answer.headers.getlist("Vary") == [answer.headers["Vary"]]  # one header, merged
    named = [v.strip().lower() for v in answer.headers["Vary"].split(",")]
    assert named == [v.strip().lower() for v in own.split(",")] + ["accept-language", "cookie"]


def test_switcher_is_plain_links_that_keep_the_page_and_are_remembered(client):
    page = client.get("/v/dQw4w9WgXcQ?t=30").get_data(as_text=True)
    links = dict(re.findall(r'<a href="([^"]+)" lang="[^"]+" hreflang="([^"]+)"', page))
    assert set(links.values()) == {"en", "de", "zh-Hans"}
    german_link = next(url for url, lang in links.items() if lang == "de")
    assert german_link.replace("&amp;", "&") == "/v/dQw4w9WgXcQ?t=30&lang=de"
    german = client.get(german_link.replace("&amp;", "&"))  # a plain GET: no script involved
    assert "In 2 Datensätzen gefunden" in main_text(german.data)
    assert "lang=de" in german.headers["Set-Cookie"]
    assert "public" not in german.headers.get("Cache-Control", "")  # it sets a cookie
    # The choice is remembered: the next page, without ?lang=, is German too.
    again = client.get("/datasets", headers={"Accept-Language": "en"})
    assert '<html lang="de">' in again.get_data(as_text=True)
    assert "Set-Cookie" not in again.headers
    client.get("/?lang=en")
    assert '<html lang="en">' in client.get("/datasets").get_data(as_text=True)


def test_the_language_is_part_of_the_etag(client):
    english = client.get("/v/dQw4w9WgXcQ", headers={"Accept-Language": "en"})
    german = client.get("/v/dQw4w9WgXcQ", headers={"Accept-Language": "de"})
    assert english.headers["ETag"] != german.headers["ETag"]
    # A German browser revalidating an English copy gets the German page, not a 304.
    revalidated = client.get("/v/dQw4w9WgXcQ", headers={
        "Accept-Language": "de", "If-None-Match": english.headers["ETag"]})
    assert revalidated.status_code == 200
    assert client.get("/v/dQw4w9WgXcQ", headers={
        "Accept-Language": "de", "If-None-Match": german.headers["ETag"]}).status_code == 304


@pytest.mark.parametrize("path", ["/api/v1/videos/dQw4w9WgXcQ",
                                  "/bulk/result?ids=dQw4w9WgXcQ,9bZkp7q19f0&format=json",
                                  "/bulk/result?ids=dQw4w9WgXcQ&format=csv"])
def test_an_interface_answer_has_one_etag_for_every_language(client, path):
    english = client.get(path, headers={"Accept-Language": "en"})
    asked = path + ("&" if "?" in path else "?") + "lang=de"
    german = client.get(asked, headers={"Accept-Language": "de"})
    remembered = client.get(path, headers={"Cookie": "lang=zh"})
    assert english.status_code == german.status_code == 200
    assert english.headers["ETag"] == german.headers["ETag"] == remembered.headers["ETag"]
    assert english.data == german.data == remembered.data
    assert client.get(path, headers={
        "Accept-Language": "zh", "If-None-Match": english.headers["ETag"]}).status_code == 304


def test_numbers_follow_the_language(client):
    text = main_text(client.get("/removal?ids=dQw4w9WgXcQ&lang=de").data)
    assert "Entfernung beantragen" in text
    bulk = main_text(client.get("/bulk?lang=de").data)
    assert "Bis zu 20.000 Videos pro Prüfung." in bulk
    assert "Up to 20,000 videos" in main_text(client.get("/bulk?lang=en").data)


@pytest.mark.parametrize("lang, greeting, english_beside", [
    ("de", "Guten Tag,", True), ("zh", "您好：", True), ("en", "Hello,", False)])
def test_removal_letter_comes_in_the_chosen_language_with_english_beside(
        client, lang, greeting, english_beside):
    html = client.get(f"/removal?ids=dQw4w9WgXcQ&lang={lang}").get_data(as_text=True)
    letters = re.findall(
        r'<textarea id="rm-text-alpha(-en)?" class="letter"[^>]*>([^<]*)</textarea>', html)
    assert letters[0][1].startswith(greeting)
    assert "- dQw4w9WgXcQ  https://www.youtube.com/watch?v=dQw4w9WgXcQ" in letters[0][1]
    if english_beside:
        assert [suffix for suffix, _ in letters] == ["", "-en"]
        assert letters[1][1].startswith("Hello,")
        assert "I ask you to remove it" in letters[1][1]
        assert 'mailto:remove@alpha.example?subject=Removal%20request' in html
    else:
        assert [suffix for suffix, _ in letters] == [""]


def test_user_errors_and_parse_messages_are_translated(client):
    page = client.get("/lookup?q=https://bit.ly/abc", headers={"Accept-Language": "de"})
    assert "Das ist ein Kurzlink von bit.ly" in main_text(page.data)
    missing = client.get("/s/nosuchcheck", headers={"Accept-Language": "zh"})
    assert missing.status_code == 404
    assert "此地址没有已保存的查询" in main_text(missing.data)


def test_json_and_csv_stay_english(client):
    answer = client.get("/api/v1/lookup?q=https://bit.ly/abc", headers={"Accept-Language": "de"})
    assert "short link" in answer.get_json()["error"]["message"]
    assert "Vary" not in answer.headers or "Cookie" not in answer.headers["Vary"]
    csv = client.get("/v/dQw4w9WgXcQ?format=csv&lang=de").get_data(as_text=True)
    assert csv.startswith("video_id,url,found")


@pytest.mark.parametrize("value", ["xx", "de-", "-", "", "zh_Hant_TW", "de;q=0.5", "\x00",
                                   "ZH", "e" * 5000, "de,zh"])
def test_odd_language_requests_never_fail(client, value):
    assert client.get("/", query_string={"lang": value}).status_code == 200
    assert client.get("/", headers={"Accept-Language": value[:1000]}).status_code == 200
    client.set_cookie("lang", value[:1000])
    assert client.get("/datasets").status_code == 200


def test_catalogues_are_compiled_when_missing_or_stale(tmp_path):
    import os
    import shutil

    from babel.support import Translations

    from web.i18n import compile_catalogues
    for lang in LANGUAGES:
        folder = tmp_path / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        shutil.copy(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", folder)
    assert compile_catalogues(tmp_path) == ["de", "zh"]
    assert compile_catalogues(tmp_path) == []  # up to date: nothing to do
    po = tmp_path / "de" / "LC_MESSAGES" / "messages.po"
    later = po.stat().st_mtime + 10
    os.utime(po, (later, later))
    assert compile_catalogues(tmp_path) == ["de"]
    german = Translations.load(str(tmp_path), ["de"])
    assert german.gettext("Bulk check") == "Sammelprüfung"


def test_a_channel_failure_from_the_worker_is_shown_in_the_page_language(app):
    from lookup.youtube.errors import ChannelMissing, NetworkUnreachable
    from web.channel_jobs import Failure
    from web.channels import failure_message

    # The worker stores the English text; the page translates it, or says it in other words
    # when the text names a value (the page names the channel already).
    missing = Failure("ChannelMissing", 404, str(ChannelMissing("with ID UCx")))
    offline = Failure("NetworkUnreachable", 503, str(NetworkUnreachable()))
    with app.test_request_context("/?lang=de"):
        assert failure_message(missing).startswith("Auf YouTube gibt es keinen solchen Kanal.")
        assert failure_message(offline).startswith("YouTube war gerade nicht erreichbar")
    with app.test_request_context("/?lang=en"):
        assert failure_message(missing) == missing.message


def test_outside_an_app_the_words_are_english_and_nothing_is_kept(app):
    # Scripts word messages with no app at all: made anew at each call, nothing left over.
    english = "Watch from 1:00 on YouTube"
    with app.test_request_context("/?lang=de"):
        assert i18n.current() == "de"
        assert i18n.gettext(WATCH_FROM.template, time="1:00") != english
    assert i18n.current() == "en"
    assert i18n.gettext(WATCH_FROM.template, time="1:00") == english
