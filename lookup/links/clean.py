"""Undo what chats, e-mails and word processors do to a pasted link."""

import re
from urllib.parse import unquote

# Format characters (Unicode category Cf) and fillers that render as nothing: zero-width
# space/joiners, word joiner, BOM, soft hyphen, bidi marks and isolates, variation selectors,
# Hangul fillers, tag characters. Chat apps insert them to stop auto-linking or to mark
# direction; they are never part of a link, an ID or a handle.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\U000e0000-\U000e007f]")
# Spaces other than U+0020 (no-break, thin, ideographic, line/paragraph separators...).
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
# "&amp;" written into a link once or several times over (HTML pasted into HTML), and its
# numeric forms. Only the ampersand is unescaped: html.unescape would also turn "&reg" of
# "&region=" into "®".
_AMP = re.compile(r"&(?:amp|#0*38|#x0*26);", re.IGNORECASE)
# A whole link that was percent-encoded, as copied out of a redirect's parameter.
_ENCODED_URL = re.compile(r"(?:https?|vnd\.youtube)%3A", re.IGNORECASE)

_OPENERS = "([{<"
_CLOSERS = ")]}>"
# Sentence punctuation and quotes that end up stuck to a link: "…watch?v=ID." or "(link)".
_LEADING = "([{<\"'`*“‘«‹„‚「『【〈《"
_TRAILING = ")]}>\"'`*.,;:!?…”’»›」』】〉》。、，；：！？"


def clean(text):
    """Text without invisible characters, odd spaces or escaped ampersands, stripped."""
    text = _SPACES.sub(" ", _INVISIBLE.sub("", text or ""))
    for _ in range(4):  # "&amp;amp;amp;" needs one round per layer
        unescaped = _AMP.sub("&", text)
        if unescaped == text:
            break
        text = unescaped
    text = text.strip()
    if _ENCODED_URL.match(text):
        text = unquote(text)
    return text


def trim(token):
    """A token without the quotes, brackets, punctuation and spaces a sentence left around it.

    A closing bracket stays when the token opened it: "(link)" loses both, but a link whose own
    path holds "(1)" keeps it.
    """
    token = token.strip()
    while token:
        head, tail = token[0], token[-1]
        if head.isspace() or tail.isspace():
            token = token.strip()
        elif head in _LEADING and not _closes_inside(token):
            token = token[1:]
        elif tail in _TRAILING and not _opened_inside(token):
            token = token[:-1]
        else:
            return token
    return token


def _opened_inside(token):
    """True when the closing bracket at the end of token matches one opened inside it."""
    closer = token[-1]
    if closer not in _CLOSERS:
        return False
    opener = _OPENERS[_CLOSERS.index(closer)]
    return token.count(opener) >= token.count(closer)


def _closes_inside(token):
    """True when the opening bracket at the start of token is closed inside it, not at its end."""
    opener = token[0]
    if opener not in _OPENERS:
        return False
    closer = _CLOSERS[_OPENERS.index(opener)]
    inner = token[1:-1] if token.endswith(closer) else token[1:]
    return inner.count(closer) > inner.count(opener)
