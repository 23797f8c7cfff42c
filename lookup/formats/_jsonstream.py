"""Walk the entries of one container inside a large JSON document without loading it whole.

Several official files are a single JSON document: ActivityNet's `{"database": {id: {...}}}`,
MSR-VTT's `{"videos": [...]}`, HD-VG-130M's `{id: {...}}` (hundreds of MB each), VATEX's
`[...]`. items() finds the container at a key path and yields its entries one by one, decoding
each with the C-accelerated json decoder, so memory holds one entry plus a read-ahead chunk.
A document that is not well-formed JSON raises ValueError naming the entry where it broke.
"""

import json

_DECODER = json.JSONDecoder()
_SPACE = " \t\r\n"
_CHUNK = 1 << 16
_LARGEST = 1 << 26  # one entry bigger than this is taken as a broken file, not read to the end


def items(stream, path=()):
    """(number, key, value) for each entry of the container at path; key is None in arrays.

    number is the entry's 1-based position in its container: official JSON files are often
    minified onto one line, so the position is what a person can find again.
    """
    reader = _Reader(stream)
    for key in path:
        _descend(reader, key)
    yield from _entries(reader)


class _Reader:
    """A text buffer over the stream with a cursor; reads ahead only when a value needs it."""

    def __init__(self, stream):
        self.stream, self.buffer, self.pos, self.eof = stream, "", 0, False

    def fill(self, at_least=_CHUNK):
        """Drop what was consumed and append the next piece of the stream."""
        data = self.stream.read(max(at_least, _CHUNK)) if not self.eof else ""
        if not data:
            self.eof = True
            return False
        self.buffer = self.buffer[self.pos:] + data
        self.pos = 0
        return True

    def peek(self):
        """The next non-space character without consuming it, or '' at the end."""
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in _SPACE:
                self.pos += 1
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self.fill():
                return ""

    def take(self, expected, where):
        """Consume one structural character or raise ValueError."""
        found = self.peek()
        if not found or found not in expected:
            shown = repr(found) if found else "the end of the file"
            raise ValueError(f"expected {' or '.join(map(repr, expected))} {where}, found {shown}")
        self.pos += 1
        return found

    def value(self, where):
        """Decode the next JSON value, reading further until it is complete."""
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as error:
                # Either the value runs past the buffer or it is broken: read on to tell.
                if len(self.buffer) - self.pos < _LARGEST and self.fill(len(self.buffer)):
                    continue
                raise ValueError(f"bad JSON {where}: {error.msg}") from None
            # A number cut at the buffer's end would decode short; make sure it ended.
            if end == len(self.buffer) and not self.eof and self.fill():
                continue
            self.pos = end
            return value


def _descend(reader, wanted):
    """Move the cursor to the value of key `wanted` in the current object."""
    reader.take("{", f"before the key {wanted!r}")
    if reader.peek() == "}":
        raise ValueError(f"the file has no {wanted!r} key")
    while True:
        key = reader.value(f"reading a key while looking for {wanted!r}")
        reader.take(":", f"after the key {key!r}")
        if key == wanted:
            return
        reader.value(f"in the value of {key!r}")
        if reader.take(",}", f"after the value of {key!r}") == "}":
            raise ValueError(f"the file has no {wanted!r} key")


def _entries(reader):
    opening = reader.take("[{", "at the start of the entries")
    closing = "]" if opening == "[" else "}"
    if reader.peek() == closing:
        reader.pos += 1
        return
    number = 0
    while True:
        number += 1
        where = f"in entry {number}"
        key = None
        if opening == "{":
            key = reader.value(f"reading the key of entry {number}")
            if not isinstance(key, str):
                raise ValueError(f"entry {number} has a key that is not a string")
            reader.take(":", f"after the key of entry {number}")
        yield number, key, reader.value(where)
        if reader.take("," + closing, f"after entry {number}") == closing:
            return
