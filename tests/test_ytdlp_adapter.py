"""yt-dlp adapter: flattening recorded (synthetic) info dicts, streaming, and failure kinds."""

import json
from pathlib import Path

import pytest
from yt_dlp.utils import DownloadError

from lookup.ids import parse
from lookup.youtube.errors import (ChannelMissing, ChannelUnavailable, NetworkUnreachable,
                                   VideoMissing, YouTubeError)
from lookup.youtube.ytdlp import YtDlp, channel_url, classify

FIXTURES = Path(__file__).parent / "fixtures" / "ytdlp"
CHANNEL = "UCODjfcRNL2EDLbdDZ1c5jAQ"
VIDEOS = ["U2rjTbrNLwM", "tshF6PwKluY", "IFdlKdMwj6s", "UvtaiJVfU7w", "icpHdEoziIY",
          "ob_y6ShRfh0"]
LIVE = ["zucR_LGOTU0", "Ixw7gBOirOk"]
SHORTS = ["3U6AhWNmZTs", "UAp-COuneHc", "KK-IQQ8Vh2Y"]


def load(name):
    return json.loads((FIXTURES / f"{name}.json").read_text())


def lazy(info):
    """The info dict with every entries list turned into a one-shot generator, as yt-dlp has."""
    info = dict(info)
    if isinstance(info.get("entries"), list):
        info["entries"] = (lazy(e) if isinstance(e, dict) else e for e in info["entries"])
    return info


class Recorded:
    """An extract_info callable answering from fixtures by URL, remembering what was asked."""

    def __init__(self, answers):
        self.answers, self.urls = answers, []

    def __call__(self, url):
        self.urls.append(url)
        answer = self.answers[url]
        if isinstance(answer, Exception):
            raise answer
        return lazy(answer)


def progress_log():
    seen = []
    return seen, lambda listed, total=None: seen.append((listed, total))


def test_handle_lists_nested_videos_live_and_shorts_tabs():
    extract = Recorded({"https://www.youtube.com/@synthchan": load("channel_tabs")})
    seen, progress = progress_log()
    found = YtDlp(extract).uploads(parse("@synthchan"), progress)
    assert found.video_ids == tuple(VIDEOS + LIVE + SHORTS)  # the repeated entry counted once
    assert (found.channel_id, found.title, found.handle) == (CHANNEL, "Synthetic Channel",
                                                             "@synthchan")
    assert found.source == "yt-dlp" and not found.partial
    assert seen[-1] == (11, None) and len(seen) == 11


def test_known_channel_id_lists_the_uploads_playlist():
    url = f"https://www.youtube.com/playlist?list=UU{CHANNEL[2:]}"
    extract = Recorded({url: load("uploads_playlist")})
    found = YtDlp(extract).uploads(parse(f"youtube.com/channel/{CHANNEL}"), lambda *a: None)
    assert extract.urls == [url]
    assert found.video_ids == tuple(VIDEOS + LIVE + SHORTS)
    assert found.total == 11 and not found.short


def test_custom_name_follows_the_url_result_to_the_channel():
    extract = Recorded({"https://www.youtube.com/c/SynthChan": load("custom_redirect"),
                        f"https://www.youtube.com/channel/{CHANNEL}": load("channel_tabs")})
    found = YtDlp(extract).uploads(parse("youtube.com/c/SynthChan"), lambda *a: None)
    assert found.channel_id == CHANNEL and len(found.video_ids) == 11


def test_video_resolves_to_its_channel_first():
    extract = Recorded({f"https://www.youtube.com/watch?v={VIDEOS[2]}": load("video"),
                        f"https://www.youtube.com/playlist?list=UU{CHANNEL[2:]}":
                            load("uploads_playlist")})
    found = YtDlp(extract).uploads(parse(f"https://youtu.be/{VIDEOS[2]}"), lambda *a: None)
    assert found.channel_id == CHANNEL and VIDEOS[2] in found.video_ids


def test_entries_are_consumed_as_a_stream():
    pulled = []

    def entries():
        for video in VIDEOS:
            pulled.append(video)
            yield {"_type": "url", "ie_key": "Youtube", "id": video}

    def extract(url):
        return {"_type": "playlist", "id": "UU" + CHANNEL[2:], "channel_id": CHANNEL,
                "entries": entries()}

    listed = []
    YtDlp(extract).uploads(parse(CHANNEL), lambda n, total=None: listed.append(len(pulled)))
    assert listed == [1, 2, 3, 4, 5, 6]  # progress after each entry, not after the whole list


def test_failure_midway_returns_what_was_listed_as_partial():
    def entries():
        yield {"_type": "url", "ie_key": "Youtube", "id": VIDEOS[0]}
        raise DownloadError("ERROR: [youtube:tab] UU: Unable to download API page: "
                            "<urlopen error timed out>")

    found = YtDlp(lambda url: {"channel_id": CHANNEL, "entries": entries()}).uploads(
        parse(CHANNEL), lambda *a: None)
    assert found.video_ids == (VIDEOS[0],) and found.partial
    assert found.reason.startswith("YouTube could not be reached")


@pytest.mark.parametrize("message, kind", [
    ("ERROR: [youtube:tab] @gone: This channel does not exist.", ChannelMissing),
    ("ERROR: [youtube:tab] @xyz: This account has been terminated for a violation of "
     "YouTube's Terms of Service.", ChannelUnavailable),
    ("ERROR: [youtube:tab] @xyz: This channel is private", ChannelUnavailable),
    ("ERROR: [youtube:tab] @xyz: Unable to download webpage: <urlopen error [Errno -3] "
     "Temporary failure in name resolution>", NetworkUnreachable),
    ("ERROR: [youtube:tab] @xyz: Unable to download webpage: HTTP Error 404: Not Found",
     ChannelMissing),
    ("ERROR: [youtube:tab] @xyz: Sign in to confirm you're not a bot", YouTubeError),
])
def test_failure_messages_become_their_own_error_kind(message, kind):
    extract = Recorded({"https://www.youtube.com/@xyz": DownloadError(message),
                        "https://www.youtube.com/@gone": DownloadError(message)})
    ref = parse("@gone" if "@gone" in message else "@xyz")
    with pytest.raises(kind) as caught:
        YtDlp(extract).uploads(ref, lambda *a: None)
    assert "ERROR" not in caught.value.message


def test_missing_video_is_its_own_error():
    extract = Recorded({"https://www.youtube.com/watch?v=U2rjTbrNLwM": DownloadError(
        "ERROR: [youtube] U2rjTbrNLwM: Video unavailable")})
    with pytest.raises(VideoMissing):
        YtDlp(extract).uploads(parse("U2rjTbrNLwM"), lambda *a: None)


def test_channel_urls_only_point_at_youtube():
    assert channel_url(parse("@a.b-c")) == "https://www.youtube.com/@a.b-c"
    assert channel_url(parse("youtube.com/user/Old")) == "https://www.youtube.com/user/Old"
    assert channel_url(parse("youtube.com/Bare")) == "https://www.youtube.com/c/Bare"
    assert classify(OSError("Connection refused"), parse("@xyz")).status == 503
