"""CSV records with the line each one starts on, and header lookups, for the CSV readers."""

import csv
import io

from ._base import Reject


def records(stream, **dialect):
    """(line, cells) per non-blank record, or (line, Reject) for a record csv cannot split.

    line is where the record starts, so a quoted field spanning lines still points at its row.
    """
    reader = csv.reader(stream, **dialect)
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield line, Reject.of(line, "bad_csv", f"the line is not valid CSV: {error}")
            continue
        if any(cell.strip() for cell in cells):
            yield line, cells


def column(header, *names):
    """Index of the first of names found in header (case and spaces ignored), else None."""
    lowered = [cell.strip().lower() for cell in header]
    return next((lowered.index(name) for name in names if name in lowered), None)


def require(header, *names):
    """Like column(), but a file without the column is not this format: ValueError."""
    at = column(header, *names)
    if at is None:
        raise ValueError(f"the header has no {names[0]!r} column: {','.join(header)[:200]}")
    return at


def cell(cells, at):
    """The stripped cell at index at, or '' when the row is short or at is None."""
    return cells[at].strip() if at is not None and at < len(cells) else ""


def peek(stream, size=4096):
    """(the first size characters, stream that replays them): to look before reading."""
    head = stream.read(size)
    if not isinstance(head, str):
        raise ValueError("this reader needs a text stream")
    return head, _Replay(head, stream)


def sniff(stream, size=4096):
    """(first non-space character, stream that replays it): tells a JSON file from a CSV one."""
    head = stream.read(size)
    if not isinstance(head, str):
        raise ValueError("this reader needs a text stream")
    first = head.lstrip()[:1]
    if first not in ("{", "["):
        # Finish the line so a CSV record is never cut in two (JSON may be one huge line).
        head += stream.readline()
    return first, _Replay(head, stream)


class _Replay:
    """The text already read, then the rest of the stream; both read(n) and line iteration."""

    def __init__(self, head, stream):
        self.head, self.stream = io.StringIO(head, newline=""), stream

    def read(self, size=-1):
        data = self.head.read(size)
        return data if data else self.stream.read(size)

    def __iter__(self):
        yield from self.head
        yield from self.stream


def header(rows):
    """The first record of records(), which must be a header; None for an empty file."""
    for line, cells in rows:
        if isinstance(cells, Reject):
            raise ValueError(f"line {line}: the header is not valid CSV")
        return cells
    return None
