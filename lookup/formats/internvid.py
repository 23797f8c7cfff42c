"""InternVid JSON Lines (InternVid-10M-FLT, InternVid-full): one clip per line.

Each line is an object with "YoutubeID", "Start_timestamp", "End_timestamp", "Caption" and score
fields ("Aesthetic_Score", "UMT_Score"), times written "00:03:10.567". The dataset cards
(https://huggingface.co/datasets/OpenGVLab/InternVid and .../InternVid-Full) describe the
columns as "videoID, timestamps, generated caption and their UMT similarity scores"; the exact
key names and the 12-character time form come from the card's data viewer.
Speed matters (234M lines in the full file): rows are built without per-row regexes or layers.
"""

import orjson

from ._base import Reject, Row, known_heads, quoted, time_parser

DOC = "https://huggingface.co/datasets/OpenGVLab/InternVid"
BINARY = False
LINES = True  # each line stands alone: blocks of lines parse in parallel
OPTIONS = {}

def read(stream):
    """Rows of (line, YouTube ID, start ms, end ms, caption); bad lines as Rejects."""
    loads, decode_error, new_row = orjson.loads, orjson.JSONDecodeError, tuple.__new__
    parse_ms, heads = time_parser(), known_heads().get
    for number, text in enumerate(stream, 1):
        try:
            record = loads(text)
            video_id = record["YoutubeID"]
            start_text = record["Start_timestamp"]
            end_text = record["End_timestamp"]
        except decode_error:
            if text.strip():  # a blank line (say, a trailing one) is not a rejected row
                yield _reject(number, "bad_json", "the line is not valid JSON", text)
            continue
        except (KeyError, TypeError):
            yield _missing(number, record, text)
            continue
        try:
            # The usual "00:03:10.567" pair, inlined (two calls a row cost a quarter of the
            # parse): a known "HH:MM:SS" head plus the digits after the dot.
            start, end = heads(start_text[:8]), heads(end_text[:8])
            tail, end_tail = start_text[9:], end_text[9:]
            if start is None or end is None or len(start_text) != 12 or len(end_text) != 12 \
                    or start_text[8] != "." or end_text[8] != "." \
                    or not tail.isdigit() or not end_tail.isdigit():
                start, end = parse_ms(start_text), parse_ms(end_text)
            else:
                start, end = start + int(tail), end + int(end_tail)
        except (ValueError, TypeError, AttributeError, KeyError):  # a time that is not a string
            yield _reject(number, "bad_time", "a timestamp is not a time like 00:03:10.567", text)
            continue
        if end < start:
            yield _reject(number, "bad_time", "the clip ends before it starts", text)
        elif video_id.__class__ is not str:
            yield _reject(number, "bad_id", "YoutubeID is not a string", text)
        else:
            caption = record.get("Caption")
            yield new_row(Row, (number, video_id, start, end,
                                caption if caption.__class__ is str else None))


def _missing(number, record, text):
    if not isinstance(record, dict):
        return _reject(number, "bad_json", "the line is not a JSON object", text)
    absent = [k for k in ("YoutubeID", "Start_timestamp", "End_timestamp") if k not in record]
    return _reject(number, "missing_field", f"no {', '.join(absent)}", text)


def _reject(number, code, reason, line):
    """A Reject quoting the line without its line ending."""
    return Reject.of(number, code, reason, quoted(line))
