"""Links inside a line of prose, a Markdown link, or an HTML embed code."""

import re

from .clean import trim

# Where a link starts: a scheme, or a host people type without one. Runs until whitespace or a
# character that never appears unescaped in a link but often right after one (quotes closing
# an HTML attribute, angle brackets, Markdown's "](").
_LINK = re.compile(
    r"(?:\b[a-z][a-z0-9+.-]*://|(?<![\w.@/-])(?:www\.|m\.)?(?:youtube\.com|youtu\.be)/"
    r"|(?<![\w.@/-])(?:www\.|m\.|music\.|studio\.)youtube\.com\b"
    r"|\bvnd\.youtube:)[^\s<>\"'`\[\]{}|\\^]+",
    re.IGNORECASE)


def links(text):
    """Every link-looking piece of text, in order, trimmed of sentence punctuation."""
    found = []
    for match in _LINK.finditer(text):
        # trim() drops a ")" the link did not open: "[title](link)", "(see link)".
        link = trim(match.group(0))
        if link:
            found.append(link)
    return found
