"""Text from dataset files made safe to print: control characters shown, not obeyed."""

import re

# C0 and C1 controls, DEL, and the Unicode bidirectional overrides and isolates, which a
# terminal or an editor would act on (colour codes, cursor moves, reordered text).
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text):
    """text with every control character written as a \\x.. or \\u.... escape."""
    return _CONTROLS.sub(_escape, str(text))


def _escape(match):
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
