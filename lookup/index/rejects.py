"""The rejects file of one ingested file: the rows that were skipped, with line and reason.

It is written under a part name and renamed only when the ingest commits, so a failed
ingest never replaces the rejects file of the last good one.
"""

from pathlib import Path

from ..textsafe import printable


class RejectsFile:
    """Tab-separated rejects (line, code, reason, text), created only when there are any."""

    def __init__(self, final, part):
        self.final, self.part = Path(final), Path(part)
        self.name = self.final.name
        self.counts, self.first, self.handle = {}, None, None

    def write(self, reject):
        """Record one rejected row (a lookup.formats.Reject)."""
        if self.handle is None:
            self.part.parent.mkdir(parents=True, exist_ok=True)
            self.handle = open(self.part, "w", encoding="utf-8")
            self.handle.write("line\tcode\treason\ttext\n")
            self.first = reject
        self.counts[reject.code] = self.counts.get(reject.code, 0) + 1
        # Control characters from a dataset file are escaped: the file is read in terminals.
        text = printable(reject.text.replace("\t", " ").replace("\n", " "))
        self.handle.write(f"{reject.line}\t{reject.code}\t{reject.reason}\t{text}\n")

    def close(self):
        """Close the part file."""
        if self.handle:
            self.handle.close()
            self.handle = None

    def publish(self):
        """Move the part file to its final name (after the commit); an old file is replaced
        even when this ingest rejected nothing, so the file always matches the index."""
        if self.counts:
            self.part.replace(self.final)
        else:
            self.final.unlink(missing_ok=True)

    def discard(self):
        """Delete the part file if it is still there."""
        self.close()
        self.part.unlink(missing_ok=True)

