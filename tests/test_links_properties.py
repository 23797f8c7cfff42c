"""Properties of lookup.ids.parse: it never raises, and decorating a link keeps its answer.

Decorations are what chats, e-mail clients, word processors and search engines do to a link on
its way to the paste box: invisible characters anywhere, sentence punctuation and brackets
around it, a sentence around it, &amp; for &, a second "?", and redirect or consent wrappers
(percent-encoded, nested). The links are built from random valid IDs, so every ID shape is
tried, including those starting with "-" or "_".
"""

from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lookup.ids import Parsed, int_to_id, parse
from lookup.links.unwrap import DEPTH

SETTINGS = settings(max_examples=400, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

video_ids = st.integers(-(2 ** 63), 2 ** 63 - 1).map(int_to_id)
channel_ids = st.builds(lambda body, last: f"UC{body}{last}",
                        st.from_regex(r"[A-Za-z0-9_-]{21}", fullmatch=True),
                        st.sampled_from("AQgw"))
handles = st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.-]{1,27}[A-Za-z0-9_]", fullmatch=True)
starts = st.none() | st.integers(0, 99_999)

VIDEO_LINKS = ["https://www.youtube.com/watch?v={id}{t}", "youtube.com/watch?feature=share&v={id}{t}",
               "https://youtu.be/{id}{q}", "https://m.youtube.com/watch?v={id}{t}",
               "https://www.youtube.com/shorts/{id}{q}", "https://www.youtube.com/embed/{id}{q}",
               "https://www.youtube.com/live/{id}{q}", "https://music.youtube.com/watch?v={id}{t}",
               "https://www.youtube-nocookie.com/embed/{id}{q}",
               "https://www.youtube.com/watch?v={id}&list=PLrAXtmErZgOeiKm4sgNOknGvNjby9efdf{t}",
               "https://studio.youtube.com/video/{id}/edit", "{id}"]
CHANNEL_LINKS = ["https://www.youtube.com/channel/{ch}", "https://www.youtube.com/channel/{ch}/posts",
                 "https://studio.youtube.com/channel/{ch}/videos/upload",
                 "https://www.youtube.com/embed/live_stream?channel={ch}", "{ch}",
                 "https://www.youtube.com/@{handle}", "https://m.youtube.com/@{handle}/featured",
                 "@{handle}"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\u00ad",
             "\u202a", "\u202c", "\u2066", "\u2069"]
OPENERS = ["", "(", "<", "“", "‘", "'", '"', "[", "«", "*"]
CLOSERS = ["", ".", ",", ")", ">", "”", "’", "!", "?", "…", "'", '"', ").", "];", ":", "*"]


@st.composite
def links(draw):
    """(link, expected Parsed) for a random valid video or channel link."""
    if draw(st.booleans()):
        video, start = draw(video_ids), draw(starts)
        template = draw(st.sampled_from(VIDEO_LINKS))
        if "{t}" not in template and "{q}" not in template:
            start = None
        t = "" if start is None else f"&t={start}"
        q = "" if start is None else f"?t={start}s"
        return template.format(id=video, t=t, q=q), Parsed("video", video, start=start)
    channel, handle = draw(channel_ids), draw(handles)
    template = draw(st.sampled_from(CHANNEL_LINKS))
    link = template.format(ch=channel, handle=handle)
    if "{handle}" in template:
        return link, Parsed("channel", "@" + handle, "handle")
    return link, Parsed("channel", channel, "id")


def _is_url(link):
    return "/" in link


@st.composite
def decorated(draw):
    """(decorated text, expected Parsed)."""
    link, expected = draw(links())
    # Slips inside the link itself first: a second "?" where "&" was meant, &amp; for &.
    if _is_url(link) and "?" in link and "studio" not in link and draw(st.booleans()):
        link += "?si=" + draw(st.from_regex(r"[A-Za-z0-9_-]{4,16}", fullmatch=True))
    if draw(st.booleans()):
        link = link.replace("&", draw(st.sampled_from(["&amp;", "&amp;amp;", "&#38;"])))
    text = link
    # Then what happens to it on the way: in any order, several times over.
    steps = draw(st.lists(st.sampled_from(["invisible", "punctuation", "wrap", "prose",
                                           "spaces"]), max_size=5))
    wraps = 0
    for step in steps:
        url = _is_url(text) and " " not in text.strip()
        if step == "invisible":
            for _ in range(draw(st.integers(1, 4))):
                at = draw(st.integers(0, len(text)))
                text = text[:at] + draw(st.sampled_from(INVISIBLE)) + text[at:]
        elif step == "punctuation":
            text = draw(st.sampled_from(OPENERS)) + text + draw(st.sampled_from(CLOSERS))
        elif step == "wrap" and url and wraps < DEPTH:  # "a few levels deep": DEPTH at most
            wraps += 1
            text = draw(st.sampled_from([
                "https://www.google.com/url?q={}&sa=D&source=editors",
                "https://www.google.com/url?sa=t&url={}&usg=AOv",
                "https://consent.youtube.com/m?continue={}&gl=DE&hl=de",
                "https://eur01.safelinks.protection.outlook.com/?url={}&data=05%7C01",
                "https://l.facebook.com/l.php?u={}&h=AT0",
            ])).format(quote(text, safe=""))
        elif step == "prose" and url:
            text = draw(st.sampled_from(["Look at this: {} thanks", "{} <- mine", "see ({})",
                                         "Link: {}\nCheers"])).format(text)
        elif step == "spaces":
            text = draw(st.sampled_from([" ", "\t", "\n", "\u00a0", "\u3000"])) + text + \
                draw(st.sampled_from([" ", "\n", "\u00a0", "\r\n"]))
    return text, expected


@SETTINGS
@given(st.text())
def test_parse_never_raises_on_any_text(text):
    assert isinstance(parse(text), Parsed)


@SETTINGS
@given(st.text(alphabet="htps:/wyoucbe.mv?=&#%@!_-()[]<>\"'. ;\u200b\ufeffAQgw0123456789UCLP",
               max_size=300))
def test_parse_never_raises_on_link_shaped_noise(text):
    parsed = parse(text)
    assert parsed.kind in {"video", "channel", "playlist", "name", "invalid"}
    assert parsed.kind != "invalid" or parsed.message


@SETTINGS
@given(st.sampled_from(["https://www.google.com/url?q=", "https://consent.youtube.com/m?continue=",
                        "https://www.youtube.com/watch?v=", "vnd.youtube:", "https://m.youtube.com/#/",
                        "https://youtu.be/", "https://www.youtube.com/"]), st.text(max_size=500))
def test_parse_never_raises_on_text_after_a_link_prefix(prefix, text):
    assert isinstance(parse(prefix + text), Parsed)


@SETTINGS
@given(links())
def test_every_generated_link_parses_to_its_answer(case):
    link, expected = case
    assert parse(link) == expected


@SETTINGS
@given(decorated())
def test_decorating_a_link_keeps_its_answer(case):
    text, expected = case
    assert parse(text) == expected
