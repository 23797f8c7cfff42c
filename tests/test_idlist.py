"""The bulk check's reading of lists: prose lines, spreadsheet exports, encodings, old IDs."""

import csv
import io

import pytest

from lookup.errors import UserError
from tests.conftest import MISSING, main_text
from web.idlist import _collect, decode, from_items, from_text, from_texts

A, B, C = "dQw4w9WgXcQ", "9bZkp7q19f0", "kJQP7kiw5Fk"


def ids(text):
    return list(from_text(text, 1000).video_ids)


@pytest.mark.parametrize("line, expected", [
    ("My favourite Soundscapes", []),
    ("Soundscapes", ["Soundscapes"]),  # an ID on its own line is an ID, even a word-shaped one
    (f"{A} Never Gonna Give You Up (Official Video)", [A]),
    (f"Check https://youtu.be/{A} and youtube.com/watch?v={B} please.", [A, B]),
    (f"{A}, {B} {C}", [A, B, C]),
    (f"{A};{B}\t{C}", [A, B, C]),
    (f"{A} {B} junk", [A, B]),
    (f"https://www.youtube.com/watch?feature=share&amp;v={A}", [A]),
    (f"\u200b{A}\u200b", [A]),
    (f"# a comment with {A}", []),
])
def test_a_line_is_a_link_a_list_or_prose(line, expected):
    assert ids(line) == expected


def test_a_prose_line_is_reported_once_not_word_by_word():
    found = from_text(f"My favourite Soundscapes\n{A}", 1000)
    assert found.video_ids == (A,)
    assert found.rejected == (("My favourite Soundscapes", "no video link or ID in it"),)


def test_near_misses_in_a_list_say_what_is_wrong():
    found = from_text(f"{A}\n{A[:10]}\n{A}Q", 1000)
    assert found.video_ids == (A,)
    assert [why.split(":")[0] for _, why in found.rejected] == [
        f"“{A[:10]}” looks like a truncated video ID", f"“{A}Q” is too long for a video ID"]


def test_non_canonical_ids_are_mapped_and_listed():
    found = from_text(f"-sHIYAaJ7CK\n-sHIYAaJ7CI\n{A}", 1000)
    assert found.video_ids == ("-sHIYAaJ7CI", A)
    assert (found.mapped, found.mapped_count, found.rejected) == \
        ((("-sHIYAaJ7CK", "-sHIYAaJ7CI"),), 1, ())


TAKEOUT_EN = ("Video ID,Approx Duration (ms),Video Audio Language,Video Category,Video Description"
              " (Original),Channel ID,Video Title (Original)\n"
              f"{A},212000,en,Music,\"Line one\nsee https://youtu.be/{C}, {C}\",UC_x5XG1OV2P6uZZ5F"
              "SM9Ttw,First\n"
              f"{B},1000,en,Music,,UC_x5XG1OV2P6uZZ5FSM9Ttw,\"Second, with a comma\"\n")


@pytest.mark.parametrize("header", [
    "Video ID", "Video-ID", "video_id", "VideoId", "YouTube ID", "ID de la vidéo", "ID del video",
    "ID do vídeo", "Identyfikator filmu", "Идентификатор видео", "動画 ID", "视频 ID", "동영상 ID",
    "Video kimliği",
    "Kennung des Clips",  # a header we do not know: the column is found by what it holds
])
def test_takeout_exports_are_read_by_their_video_id_column(header):
    text = TAKEOUT_EN.replace("Video ID", header, 1)
    found = from_text(text, 1000)
    # The description holds another video's link; only the ID column counts.
    assert (found.video_ids, found.rejected_count) == ((A, B), 0)


def test_excel_semicolon_and_tab_separated_exports():
    assert ids(f"Titel;Video-ID;Datum\nErstes;{A};2024-01-02\nZweites;{B};2024-01-03\n") == [A, B]
    assert ids(f"title\tvideo id\n\"a\ttab\"\t{A}\nb\t{B}\n") == [A, B]


def test_an_id_column_that_holds_no_videos_gives_way_to_the_link_column():
    assert ids(f"id,url\n1,https://youtu.be/{A}\n2,https://www.youtube.com/watch?v={B}\n") == \
        [A, B]


def test_a_list_with_commas_is_not_mistaken_for_a_table():
    assert ids(f"{A},{B}\n{C}") == [A, B, C]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                                      "utf-32", "cp1252"])
def test_uploads_decode_in_every_encoding_excel_writes(encoding):
    text = f"Vidéo-ID\tTitre\n{A}\tÉté\n{B}\tNoël\n"
    assert decode(text.encode(encoding)) .lstrip("\ufeff") == text
    assert ids(decode(text.encode(encoding))) == [A, B]


@pytest.fixture
def csv_default_limit():
    """The csv module's default field limit (a reader may have raised it process-wide)."""
    old = csv.field_size_limit(128 * 1024)
    yield
    csv.field_size_limit(old)


def test_an_unreadable_table_is_a_user_error_not_a_crash(csv_default_limit):
    # A cell over the csv module's field limit, past the rows the header check reads.
    huge = f"Video ID,notes\n" + f"{A},ok\n" * 60 + f"{B},\"" + "x" * 200_000 + "\"\n"
    with pytest.raises(UserError) as raised:
        from_text(huge, 1000)
    assert raised.value.status == 400
    assert raised.value.message.startswith("Row 62 of that table could not be read")
    # Within the first rows, the text is read as lines instead: the IDs still count.
    assert ids(f"Video ID,notes\n{A},\"" + "x" * 200_000 + "\"\n") == [A]


def test_the_paste_box_and_the_file_are_read_apart():
    # A pasted ID above a Takeout file must not turn the file's header into a line of prose.
    found = from_texts([C, TAKEOUT_EN], 1000)
    assert (found.video_ids, found.rejected_count) == ((C, A, B), 0)


def test_api_items_are_parsed_one_by_one():
    found = from_items([f"see https://youtu.be/{A}", "-sHIYAaJ7CK", "Soundscapes lovely"], 10)
    assert found.video_ids == (A, "-sHIYAaJ7CI")
    assert found.rejected == (("Soundscapes lovely", "no video link or ID in it"),)


@pytest.mark.parametrize("odd_one", [None, "-sHIYAaJ7CK", f"https://youtu.be/{C}", "abc",
                                     f"{A}\n{B}"])
def test_api_items_read_together_or_one_by_one_agree(odd_one):
    # A list of bare IDs is read in one pass; any other item sends it through _collect.
    items = [A, B, A, "--4A5B6C7Dk", B] + ([odd_one] if odd_one else [])
    found = from_items(items, 10)
    by_one = _collect(items, 10)
    assert found == by_one
    assert found.video_ids[:3] == (A, B, "--4A5B6C7Dk")


def test_bulk_upload_of_a_utf16_takeout_file(client):
    data = TAKEOUT_EN.replace("Video ID", "Video-ID").encode("utf-16")
    response = client.post("/bulk", data={"ids": "", "file": (io.BytesIO(data), "videos.csv")},
                           content_type="multipart/form-data")
    assert response.headers["Location"] == f"/bulk/result?ids={A},{B}"


def test_bulk_page_lists_ids_mapped_from_an_old_spelling(client):
    response = client.post("/bulk", data={"ids": f"-sHIYAaJ7CK\n{MISSING}"})
    assert response.status_code == 303  # saved, so the permalink keeps the mapping too
    page = main_text(client.get(response.headers["Location"]).data)
    assert "1 ID in an older spelling" in page
    assert "-sHIYAaJ7CK is -sHIYAaJ7CI" in page
    body = client.get("/bulk/result?ids=-sHIYAaJ7CK&format=json").get_json()
    assert body["mapped"] == [{"input": "-sHIYAaJ7CK", "video_id": "-sHIYAaJ7CI"}]
    assert [v["video_id"] for v in body["videos"]] == ["-sHIYAaJ7CI"]
