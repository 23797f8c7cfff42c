"""The string side of reading a pasted link: clean, find, unwrap, match.

`lookup.ids.parse` runs these steps and validates what they find (clean → unwrap → match →
validate). Nothing here knows which IDs are valid; it only takes text apart, so the modules
stay free of the ID rules and can be tested on their own.

- `clean`: invisible characters, HTML-escaped ampersands, sentence punctuation around a link.
- `find`: the links inside a line of prose, a Markdown link or an HTML embed code.
- `unwrap`: the real link inside a redirect or consent page of a known wrapper host.
- `youtube`: what a YouTube URL names (video, channel, playlist, search), in raw pieces.
"""
