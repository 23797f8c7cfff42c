"""JSON records of scene-clip datasets (VidGen-1M, Vript): one document, or JSON Lines."""

import json

from . import _csvrows, _jsonstream
from ._base import Reject


def records(stream):
    """(number, key, value or Reject) per record.

    A file whose first line is a whole JSON object is JSON Lines: one record per line, numbered
    by line, key None. Otherwise it is one document (an array, or an object) walked entry by
    entry with _jsonstream: numbers are entry numbers, key is the entry's key in an object.
    """
    head, stream = _csvrows.peek(stream, 1 << 16)
    first_line = head.lstrip().split("\n", 1)[0]
    if first_line.startswith("{") and _is_json(first_line):
        yield from _lines(stream)
    else:
        yield from _jsonstream.items(stream)


def _is_json(text):
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _lines(stream):
    for number, text in enumerate(stream, 1):
        if not text.strip():
            continue
        try:
            yield number, None, json.loads(text)
        except ValueError:
            yield number, None, Reject.of(number, "bad_json", "the line is not valid JSON",
                                          text.rstrip("\r\n"))
