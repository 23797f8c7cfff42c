"""Pull video IDs out of a pasted list, a plain file, or a spreadsheet export (Takeout, Excel)."""

import codecs
import csv
import io
import itertools
import re
import unicodedata
from dataclasses import dataclass

from lookup.errors import UserError
from lookup.i18n import N_
from lookup.ids import VIDEO_ID, are_video_ids, is_word, parse
from lookup.links.clean import clean
from lookup.links.find import links

_SPLIT = re.compile(r"[\s,;]+")
# Header names of a video-ID column, normalised (case, accents and punctuation dropped), best
# first. Takeout's videos.csv and playlist CSVs say "Video ID" (localised exports: "Video-ID",
# "ID de la vidéo", "ID del video", "動画 ID"...); other exports say video_id, videoId, ytid.
# A header not listed here is still found by its contents (see _by_content).
_ID_NAMES = [
    "videoid", "youtubeid", "youtubevideoid", "ytid", "idvideo", "iddelavideo", "iddevideo",
    "iddelvideo", "iddovideo", "identifiantdelavideo", "identyfikatorfilmu", "idfilmu",
    "idvidea", "videokimligi", "videotunnus", "videoazonosito", "mavideo",
    "идентификаторвидео", "idвидео", "ідентифікаторвідео", "idвідео", "動画id", "视频id",
    "影片id", "동영상id", "معرفالفيديو", "videourl", "youtubeurl", "videolink", "youtubelink",
    "url", "link", "id",
]
_SAMPLE_ROWS = 50
_SHOWN = 20  # rejected and mapped pieces listed; the rest are only counted


@dataclass(frozen=True)
class IdList:
    """Distinct video IDs in input order, and the pieces that were not video links."""

    video_ids: tuple
    rejected: tuple  # (text, message) for the first few pieces that were not videos
    rejected_count: int
    mapped: tuple = ()  # (as pasted, canonical ID) for the first few non-canonical IDs
    mapped_count: int = 0


def decode(data):
    """Text of an uploaded file: UTF-8 (with or without BOM), UTF-16/32 (Excel's "Unicode
    text"), or Windows-1252 when it is none of those."""
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    sample = data[:4096]
    if sample.count(b"\0") * 4 > len(sample):  # UTF-16 without a BOM: ASCII with NUL halves
        odd_nuls = sample[1::2].count(b"\0")
        return data.decode("utf-16-le" if odd_nuls > len(sample) // 4 else "utf-16-be",
                           errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def from_text(text, limit):
    """IDs from text: a table with a video-ID column, or links/IDs by line, comma or space."""
    return from_texts([text], limit)


def from_texts(texts, limit):
    """IDs from several texts (a paste box and an uploaded file), each read on its own."""
    return _collect(itertools.chain.from_iterable(_pieces(t or "") for t in texts), limit)


def from_items(items, limit):
    """IDs from a list of strings (the JSON API's body)."""
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise UserError(N_("Send a JSON list of video IDs or links, e.g. [\"dQw4w9WgXcQ\"]."))
    if len(items) > limit:
        raise UserError(N_("That is %(count)s items; the limit is %(limit)s per request.",
                           count=len(items), limit=limit), 413)
    if are_video_ids(items):  # bare IDs only, as scripts send: _collect's answer, in one pass
        return IdList(tuple(dict.fromkeys(items)), (), 0)
    return _collect(items, limit)


def _pieces(text):
    text = text.lstrip("\ufeff")
    table = _table(text)
    return table if table is not None else _lines(text)


def _table(text):
    """The cells of a table's video-ID column, or None when text is not such a table."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t", key=first.count)
    if not first.count(delimiter):
        return None
    start = text.index(first)
    try:
        rows = csv.reader(io.StringIO(text[start:]), delimiter=delimiter)
        header = next(rows)
        sample = list(itertools.islice(rows, _SAMPLE_ROWS))
    except csv.Error:
        return None
    column = _by_name(header, sample)
    if column is None and not any(_is_video(cell) for cell in header):
        column = _by_content(sample)
    if column is None:
        return None
    return _cells(text[start:], delimiter, column)


def _by_name(header, sample):
    names = [_normalised(cell) for cell in header]
    for wanted in _ID_NAMES:
        if wanted in names:
            column = names.index(wanted)
            # "id" or "url" may be some other id or link: trust it when its cells agree.
            if not sample or any(_is_video(_cell(row, column)) for row in sample):
                return column
    return None


def _by_content(sample):
    """The column whose cells are mostly video IDs or links, whatever its header says."""
    width = max((len(row) for row in sample), default=0)
    scores = [sum(_is_video(_cell(row, c)) for row in sample) for c in range(width)]
    best = max(range(width), key=scores.__getitem__, default=None)
    filled = sum(1 for row in sample if any(cell.strip() for cell in row))
    return best if best is not None and scores[best] * 2 >= max(filled, 1) else None


def _cells(text, delimiter, column):
    rows, number = csv.reader(io.StringIO(text), delimiter=delimiter), 1
    try:
        next(rows)
        for number, row in enumerate(rows, 2):
            cell = _cell(row, column)
            if cell.strip():
                yield cell
    except csv.Error as error:
        raise UserError(N_("Row %(row)s of that table could not be read (%(error)s). Save it "
                           "again as CSV, or paste the video IDs instead.",
                           row=number + 1, error=str(error))) from None


def _cell(row, column):
    return row[column] if column < len(row) else ""


def _normalised(name):
    text = unicodedata.normalize("NFKD", clean(name)).casefold()
    return "".join(c for c in text if c.isalnum())


def _is_video(cell):
    cell = clean(cell)
    return bool(cell) and not any(c.isspace() for c in cell) and parse(cell).kind == "video"


def _lines(text):
    for line in text.splitlines():
        line = clean(line)
        if line and not line.startswith("#"):
            yield from _line_pieces(line)


def _line_pieces(line):
    """The pieces of one line: one link, a list of IDs, or the links in a sentence."""
    if not any(c.isspace() for c in line) and parse(line).kind in {"video", "channel",
                                                                    "playlist"}:
        return [line]
    tokens = [t for t in _SPLIT.split(line) if t]
    words = sum(parse(t).kind == "name" for t in tokens)
    if words * 2 < len(tokens):
        return tokens  # "id1, id2 id3": a list on one line; a stray word is reported alone
    # Prose ("My favourite Soundscapes" is not a video called Soundscapes): only its links
    # count, or an ID the line starts with ("dQw4w9WgXcQ Never Gonna Give You Up").
    found = links(line)
    if found:
        return found
    if not is_word(tokens[0]) and parse(tokens[0]).kind == "video":
        return tokens[:1]
    return [line]  # reported once, not word by word


def _collect(pieces, limit):
    seen, rejected, rejected_count, mapped, mapped_count = {}, [], 0, [], 0
    for piece in pieces:
        # Most lists hold bare IDs, which parse() keeps as they are: no Parsed made for them.
        if len(piece) == 11 and VIDEO_ID.fullmatch(piece):
            video_id = piece
        else:
            parsed = parse(piece)
            if parsed.kind != "video":
                rejected_count += 1
                if len(rejected) < _SHOWN:
                    rejected.append((clean(piece)[:80], _why(parsed)))
                continue
            video_id = parsed.value
            if parsed.mapped_from:
                mapped_count += 1
                if len(mapped) < _SHOWN:
                    mapped.append((parsed.mapped_from, video_id))
        seen.setdefault(video_id, None)
        if len(seen) > limit:
            raise UserError(N_("That list holds more than %(limit)s distinct videos; the "
                               "limit is %(limit)s per check. Split it and check each "
                               "part.", limit=limit), 413)
    return IdList(tuple(seen), tuple(rejected), rejected_count, tuple(mapped), mapped_count)


def _why(parsed):
    if parsed.kind == "invalid":
        return parsed.message
    if parsed.kind == "name":
        return N_("no video link or ID in it")
    if parsed.kind == "channel":
        return N_("a channel, not a video (only video links and IDs are checked in a list)")
    return N_("a playlist, not a video (only video links and IDs are checked in a list)")
