"""Every real link shape a person pastes: what it names, which ID, which channel, which moment.

Rows come from four places: yt-dlp's YouTube extractor test URLs (youtube/_video.py, _tab.py,
_redirect.py, _clip.py, _mistakes.py, and test/test_all_urls.py), where our answer agrees with
the video or channel yt-dlp extracts; forms found in old web pages and lists (2010-era channel
fragments, /v/ and /e/ embeds, ytscreeningroom); links as chats, e-mail clients and search
engines hand them on (wrapped, decorated); and YouTube Studio, copied from a creator's dashboard.
0wR5jVB-WPk is a real Kinetics-400 video.
"""

from urllib.parse import quote

import pytest

from lookup.ids import Parsed, parse

K4 = "0wR5jVB-WPk"
CH = "UC_x5XG1OV2P6uZZ5FSM9Ttw"
PL = "PLrAXtmErZgOeiKm4sgNOknGvNjby9efdf"


def V(video_id, start=None, mapped_from=""):  # noqa: N802 (reads as a table)
    return Parsed("video", video_id, start=start, mapped_from=mapped_from)


def C(ref):  # noqa: N802
    kind, _, value = ref.partition(":")
    return Parsed("channel", value, kind)


def P(list_id):  # noqa: N802
    return Parsed("playlist", list_id)


def N(text):  # noqa: N802
    return Parsed("name", text)


YT_DLP = [
    # youtube/_video.py (YoutubeIE)
    ("https://www.youtube.com/watch?v=YE7VzlLtp-4&t=1s&end=9", V("YE7VzlLtp-4", 1)),
    ("//www.YouTube.com/watch?v=yZIXLfi8CZQ", V("yZIXLfi8CZQ")),
    ("https://www.youtube.com/watch?v=YE7VzlLtp-4&v=BaW_jenozKc", V("YE7VzlLtp-4")),
    ("https://youtube.com/watch?v=HtVdAasjOgU", V("HtVdAasjOgU")),
    ("__2ABJjxzNo", V("__2ABJjxzNo")),
    ("lqQg6PlCWgI", V("lqQg6PlCWgI")),
    ("https://www.youtube.com/watch?v=_b-2C3KPAM0", V("_b-2C3KPAM0")),
    ("https://www.youtube.com/embed/CsmdDsKjzN8", V("CsmdDsKjzN8")),
    ("https://vid.plus/FlRa-iH7PGw", V("FlRa-iH7PGw")),
    ("https://zwearz.com/watch/9lWxNJF-ufM/electra-woman-dyna-girl-official-trailer-grace-"
     "helbig.html", V("9lWxNJF-ufM")),
    ("https://www.youtube.com/watch?feature=player_embedded&amp;amp;v=V36LpHqtcDY",
     V("V36LpHqtcDY")),
    ("1t24XAntNCY", V("1t24XAntNCY")),
    ("sJL6WA-aGkQ", V("sJL6WA-aGkQ")),
    ("https://invidio.us/watch?v=YE7VzlLtp-4", V("YE7VzlLtp-4")),
    ("https://redirect.invidious.io/watch?v=YE7VzlLtp-4", V("YE7VzlLtp-4")),
    ("https://redirect.invidious.io/Yh0AhrY9GjA", V("Yh0AhrY9GjA")),
    ("https://music.youtube.com/watch?v=MgNrAu2pzNs", V("MgNrAu2pzNs")),
    ("https://www.youtubekids.com/watch?v=3b8nCWDgZ6Q", V("3b8nCWDgZ6Q")),
    ("DJztXj2GPfl", V("DJztXj2GPfk", mapped_from="DJztXj2GPfl")),  # yt-dlp maps it too
    ("https://www.youtube.com/watch_popup?v=63RmMXCd_bQ", V("63RmMXCd_bQ")),
    ("https://www.youtube.com/shorts/BGQWPY4IigY", V("BGQWPY4IigY")),
    ("https://www.youtube.com/live/qVv6vCqciTM", V("qVv6vCqciTM")),
    ("https://www.youtube.com/watch?v=wSSmNUl9Snw", V("wSSmNUl9Snw")),
    ("https://music.youtube.com/watch?v=DbCvuSGfR3Y", V("DbCvuSGfR3Y")),
    ("https://youtube.googleapis.com/v/BaW_jenozKc", V("BaW_jenozKc")),
    ("http://www.cleanvideosearch.com/media/action/yt/watch?videoId=8v_4O44sfjM",
     V("8v_4O44sfjM")),
    ("http://youtu.be/BaW_jenozKc", V("BaW_jenozKc")),
    # youtube/_tab.py (YoutubeTabIE): any tab after a channel is the channel
    ("https://www.youtube.com/c/ИгорьКлейнер/playlists?view=1&flow=grid", C("custom:ИгорьКлейнер")),
    ("https://www.youtube.com/user/igorkle1/playlists?view=1&sort=dd", C("user:igorkle1")),
    ("https://www.youtube.com/c/3blue1brown/playlists?view=50&sort=dd&shelf_id=3",
     C("custom:3blue1brown")),
    ("https://www.youtube.com/c/3blue1brown/search?query=linear%20algebra", C("custom:3blue1brown")),
    ("https://www.youtube.com/channel/UCTwECeGqMZee77BjdoYtI2Q/featured",
     C("id:UCTwECeGqMZee77BjdoYtI2Q")),
    ("https://www.youtube.com/channel/UCTwECeGqMZee77BjdoYtI2Q/videos?view=0&sort=p&flow=grid",
     C("id:UCTwECeGqMZee77BjdoYtI2Q")),
    ("https://www.youtube.com/channel/UCtS3BcCw-tITPFYSvkbP0Bg/posts",
     C("id:UCtS3BcCw-tITPFYSvkbP0Bg")),
    ("https://www.youtube.com/channel/UCQvWX73GQygcwXOTSf_VDVg/letsplay",
     C("id:UCQvWX73GQygcwXOTSf_VDVg")),
    ("https://www.youtube.com/channel/UCQvWX73GQygcwXOTSf_VDVg/home",
     C("id:UCQvWX73GQygcwXOTSf_VDVg")),
    ("https://www.youtube.com/channel/UC3eYAvjCVwNHgkaGbXX3sig/streams",
     C("id:UC3eYAvjCVwNHgkaGbXX3sig")),
    ("https://www.youtube.com/channel/UCiu-3thuViMebBjw_5nWYrA/channels",
     C("id:UCiu-3thuViMebBjw_5nWYrA")),
    ("https://www.youtube.com/channel/UCoMdktPbSTixAyNGwb-UYkQ/live",
     C("id:UCoMdktPbSTixAyNGwb-UYkQ")),
    ("https://invidio.us/channel/UCmlqkdCBesrv2Lak1mF_MxA", C("id:UCmlqkdCBesrv2Lak1mF_MxA")),
    ("https://www.youtubekids.com/channel/UCmlqkdCBesrv2Lak1mF_MxA",
     C("id:UCmlqkdCBesrv2Lak1mF_MxA")),
    ("https://music.youtube.com/channel/UCmlqkdCBesrv2Lak1mF_MxA",
     C("id:UCmlqkdCBesrv2Lak1mF_MxA")),
    ("https://music.youtube.com/browse/UC1a8OFewdjuLq6KlF8M_8Ng", C("id:UC1a8OFewdjuLq6KlF8M_8Ng")),
    ("http://www.youtube.com/user/NASAgovVideo/videos", C("user:NASAgovVideo")),
    ("http://www.youtube.com/NASAgovVideo/videos", C("custom:NASAgovVideo")),
    ("https://www.youtube.com/TheYoungTurks/live", C("custom:TheYoungTurks")),
    ("https://www.youtube.com/AsapSCIENCE", C("custom:AsapSCIENCE")),
    ("https://www.youtube.com/c/CommanderVideoHq/live", C("custom:CommanderVideoHq")),
    ("https://www.youtube.com/@NotJustBikes/shorts", C("handle:@NotJustBikes")),
    ("https://www.youtube.com/@3blue1brown/about", C("handle:@3blue1brown")),
    ("https://www.youtube.com/@99percentinvisiblepodcast/podcasts",
     C("handle:@99percentinvisiblepodcast")),
    ("https://www.youtube.com/@AHimitsu/releases", C("handle:@AHimitsu")),
    ("https://www.youtube.com/@sbcitygov/streams", C("handle:@sbcitygov")),
    # a channel's uploads list (UU…, and its UUMO… members-only subset) is that channel
    ("https://www.youtube.com/playlist?list=UUBABnxM4Ar9ten8Mdjj1j0Q",
     C("id:UCBABnxM4Ar9ten8Mdjj1j0Q")),
    ("https://www.youtube.com/playlist?list=UUMOXuqSBlHAE6Xw-yeJA0Tunw",
     C("id:UCXuqSBlHAE6Xw-yeJA0Tunw")),
    ("https://www.youtube.com/playlist?list=PLwP_SiAcdui0KVebT0mU9Apz359a4ubsC",
     P("PLwP_SiAcdui0KVebT0mU9Apz359a4ubsC")),
    ("https://invidio.us/playlist?list=PL4lCao7KL_QFVb7Iudeipvc2BCavECqzc",
     P("PL4lCao7KL_QFVb7Iudeipvc2BCavECqzc")),
    ("https://music.youtube.com/browse/VLPLRBp0Fe2GpgmgoscNFLxNyBVSFVdYmFkq",
     P("PLRBp0Fe2GpgmgoscNFLxNyBVSFVdYmFkq")),
    ("https://www.youtube.com/watch?v=FqZTN594JQw&list=PLMYEtVRpaqY00V9W81Cwmzp6N6vZqfUKD4",
     V("FqZTN594JQw")),
    ("https://www.youtube.com/watch?v=MuAGGZNfUkU&list=RDMM", V("MuAGGZNfUkU")),
    ("https://www.youtube.com/watch?list=PLW4dVinRY435CBE_JD3t-0SRXKfnZHS1P&feature=youtu.be&v="
     "M9cJMXmQ_ZU", V("M9cJMXmQ_ZU")),
    ("https://www.youtube.com/watch?v=AV6J6_AeFEQ&playnext=1&list=PL4023E734DA416012",
     V("AV6J6_AeFEQ")),
    # youtube/_tab.py YoutubePlaylistIE, _redirect.py
    ("PLBB231211A4F62143", P("PLBB231211A4F62143")),
    ("https://www.youtube.com/embed/videoseries?list=PL6IaIsEjSbf96XFRuNccS_RuEXwNdsoEu",
     P("PL6IaIsEjSbf96XFRuNccS_RuEXwNdsoEu")),
    ("http://www.youtube.com/embed/_xDOZElKyNU?list=PLsyOSbh5bs16vubvKePAQ1x3PhKavfBIl",
     V("_xDOZElKyNU")),
    ("https://youtu.be/yeWKywCrFtk?list=PL2qgrgXsNUG5ig9cat4ohreBjYLAPC0J5", V("yeWKywCrFtk")),
    ("https://youtu.be/uWyaPkt-VOI?list=PL9D9FC436B881BA21", V("uWyaPkt-VOI")),
    ("https://www.youtube.com/embed/live_stream?channel=UC2_KI6RB__jGdlnK6dvFEZA",
     C("id:UC2_KI6RB__jGdlnK6dvFEZA")),
    ("ytuser:phihag", C("user:phihag")),
    ("https://www.youtube.com/source/Lyj-MZSAA9o/shorts", V("Lyj-MZSAA9o")),
    ("https://consent.youtube.com/m?continue=https%3A%2F%2Fwww.youtube.com%2Flive%2FqVv6vCqciTM"
     "%3Fcbrd%3D1&gl=NL&m=0&pc=yt&hl=en&src=1", V("qVv6vCqciTM")),
    # youtube/_search.py: a search on YouTube is a name search here
    ("https://www.youtube.com/results?baz=bar&search_query=youtube-dl+test+video&filters=video"
     "&lclk=video", N("youtube-dl test video")),
    ("https://www.youtube.com/results?search_query=%23cats", N("#cats")),
    ("https://music.youtube.com/search?q=royalty+free+music#community+playlists",
     N("royalty free music")),
]

SUPPORTED_BEFORE = [
    (f"https://www.youtube.com/watch?v={K4}", V(K4)),
    (f"http://youtube.com/watch?v={K4}", V(K4)),
    (f"youtube.com/watch?v={K4}", V(K4)),
    (f"www.youtube.com/watch?feature=share&v={K4}&si=abc", V(K4)),
    (f"https://m.youtube.com/watch?v={K4}#comments", V(K4)),
    (f"https://music.youtube.com/watch?v={K4}&list=RDAMVM{K4}", V(K4)),
    (f"https://youtu.be/{K4}", V(K4)),
    (f"https://youtu.be/{K4}?si=Xyz123&feature=shared", V(K4)),
    (f"https://www.youtube.com/shorts/{K4}", V(K4)),
    (f"https://youtube.com/shorts/{K4}?feature=share", V(K4)),
    (f"https://www.youtube.com/embed/{K4}?rel=0", V(K4)),
    (f"https://www.youtube-nocookie.com/embed/{K4}", V(K4)),
    (f"https://www.youtube.com/live/{K4}?si=1", V(K4)),
    (f"https://www.youtube.com/v/{K4}?version=3", V(K4)),
    (f"https://www.youtube.com/e/{K4}", V(K4)),
    (f"https://www.youtube.com/watch/{K4}", V(K4)),
    (f"https://i.ytimg.com/vi/{K4}/hqdefault.jpg", V(K4)),
    (f"https://i.ytimg.com/vi_webp/{K4}/maxresdefault.webp", V(K4)),
    (f"https://img.youtube.com/vi/{K4}/0.jpg", V(K4)),
    (f"https://youtu.be/{K4}?t=1h2m3s", V(K4, 3723)),
    (f"https://www.youtube.com/watch?v={K4}&t=90", V(K4, 90)),
    (f"https://www.youtube.com/watch?v={K4}&t=90s", V(K4, 90)),
    (f"https://www.youtube.com/embed/{K4}?start=42", V(K4, 42)),
    (f"https://www.youtube.com/channel/{CH}", C(f"id:{CH}")),
    (f"https://www.youtube.com/channel/{CH}/videos", C(f"id:{CH}")),
    (CH, C(f"id:{CH}")),
    ("https://www.youtube.com/@MKBHD", C("handle:@MKBHD")),
    ("youtube.com/@mkbhd/shorts?si=x", C("handle:@mkbhd")),
    ("@mkbhd", C("handle:@mkbhd")),
    ("@some.name-here_1", C("handle:@some.name-here_1")),
    ("https://www.youtube.com/c/LinusTechTips/featured", C("custom:LinusTechTips")),
    ("https://www.youtube.com/user/marquesbrownlee", C("user:marquesbrownlee")),
    ("https://www.youtube.com/LinusTechTips", C("custom:LinusTechTips")),
    (f"https://www.youtube.com/playlist?list={PL}", P(PL)),
    ("  Marques   Brownlee ", N("Marques Brownlee")),
]

WRAPPED = [
    # YouTube's cookie-consent page (EU), as the browser's address bar shows it
    (f"https://consent.youtube.com/m?continue=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3D{K4}"
     "%26feature%3Dshare&gl=DE&m=0&pc=yt&uxe=23983172&hl=de&src=1", V(K4)),
    (f"https://consent.youtube.com/ml?continue=https://www.youtube.com/watch?v%3D{K4}%26t%3D30"
     "&gl=FR&hl=fr&pc=yt&src=1", V(K4, 30)),
    (f"https://consent.google.com/ml?continue=https%3A%2F%2Fyoutu.be%2F{K4}&gl=IT", V(K4)),
    # search-result and document redirects
    ("https://www.google.com/url?sa=t&rct=j&q=&esrc=s&source=web&cd=1&url=https%3A%2F%2Fwww."
     f"youtube.com%2Fwatch%3Fv%3D{K4}&ved=2ahUKEwi&usg=AOvVaw0", V(K4)),
    (f"https://www.google.com/url?q=https://www.youtube.com/watch?v%3D{K4}&sa=D&source=editors"
     "&ust=1700000000000000&usg=AOvVaw1", V(K4)),
    (f"https://www.google.com/url?q=https://youtu.be/{K4}&sa=D", V(K4)),
    (f"https://www.google.de/url?q=https%3A%2F%2Fm.youtube.com%2Fshorts%2F{K4}&sa=U", V(K4)),
    (f"https://www.google.co.uk/url?url=https://www.youtube.com/channel/{CH}", C(f"id:{CH}")),
    (f"https://www.google.com/amp/s/m.youtube.com/watch%3Fv%3D{K4}", V(K4)),
    (f"https://www.youtube.com/attribution_link?a=abc&u=/watch%3Fv%3D{K4}%26feature%3Dshare",
     V(K4)),
    (f"https://www.youtube.com/attribution_link?a=8g8kPrPIi-ecwIsS&u=/watch%3Fv%3D{K4}%26featur"
     "e%3Dem-uploademail", V(K4)),
    (f"https://www.youtube.com/oembed?url=https%3A//www.youtube.com/watch%3Fv%3D{K4}"
     "&format=json", V(K4)),
    (f"https://www.youtube.com/redirect?event=video_description&q=https%3A%2F%2Fyoutu.be%2F{K4}",
     V(K4)),
    (f"https://accounts.google.com/ServiceLogin?service=youtube&continue=https%3A%2F%2Fwww."
     f"youtube.com%2Fwatch%3Fv%3D{K4}", V(K4)),
    # e-mail and chat link protection
    (f"https://eur02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.youtube.com%2Fwatch"
     f"%3Fv%3D{K4}&data=05%7C01%7C&sdata=abc%3D&reserved=0", V(K4)),
    ("https://urldefense.proofpoint.com/v2/url?u=https-3A__www.youtube.com_watch-3Fv-3D"
     f"{K4.replace('-', '-2D')}&d=DwMFaQ&c=abc&r=def", V(K4)),
    (f"https://urldefense.com/v3/__https://www.youtube.com/watch?v={K4}__;!!ABC123!xyz$",
     V(K4)),
    (f"https://l.facebook.com/l.php?u=https%3A%2F%2Fyoutu.be%2F{K4}%3Ffbclid%3DIwAR0&h=AT0",
     V(K4)),
    (f"https://lm.facebook.com/l.php?u=https%3A%2F%2Fwww.youtube.com%2F%40mkbhd&h=AT1",
     C("handle:@mkbhd")),
    (f"https://l.instagram.com/?u=https%3A%2F%2Fyoutu.be%2F{K4}&e=AT2", V(K4)),
    (f"https://duckduckgo.com/l/?uddg=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3D{K4}&rut=ab",
     V(K4)),
    (f"https://vk.com/away.php?to=https%3A%2F%2Fyoutu.be%2F{K4}&cc_key=", V(K4)),
    (f"https://slack-redir.net/link?url=https%3A%2F%2Fyoutu.be%2F{K4}", V(K4)),
    (f"https://steamcommunity.com/linkfilter/?url=https://www.youtube.com/watch?v={K4}", V(K4)),
    (f"https://www.linkedin.com/redir/redirect?url=https%3A%2F%2Fyoutu%2Ebe%2F{K4}", V(K4)),
    (f"https://disq.us/url?url=https%3A%2F%2Fyoutu.be%2F{K4}", V(K4)),
    (f"https://web.archive.org/web/20120101000000/http://www.youtube.com/watch?v={K4}", V(K4)),
    (f"https://web.archive.org/web/2012*/youtube.com/user/marquesbrownlee",
     C("user:marquesbrownlee")),
    (f"https://www-youtube-com.translate.goog/watch?v={K4}&_x_tr_sl=en&_x_tr_tl=de", V(K4)),
    ("https://www.bing.com/ck/a?!&&p=abc&u=a1aHR0cHM6Ly93d3cueW91dHViZS5jb20vd2F0Y2g_dj0wd1I1alZ"
     "CLVdQaw&ntb=1", V(K4)),
    # two and three wrappers deep, each percent-encoding the next
    ("https://www.google.com/url?q=" + quote("https://consent.youtube.com/m?continue="
                                             + quote(f"https://www.youtube.com/watch?v={K4}",
                                                     safe=""), safe="") + "&sa=D", V(K4)),
    ("https://nam12.safelinks.protection.outlook.com/?url=" + quote(
        "https://www.google.com/url?q=" + quote(f"https://youtu.be/{K4}?t=5", safe=""),
        safe="") + "&data=x", V(K4, 5)),
]

DECORATED = [
    (f"\u200bhttps://www.youtube.com/watch?v={K4}", V(K4)),
    (f"https://www.youtube.com/watch?v={K4}\u200b", V(K4)),
    (f"https://www.you\u200btube.com/watch?v=0wR5j\u2060VB-WPk", V(K4)),
    (f"\ufeff{K4}", V(K4)),
    (f"{K4}\u2060", V(K4)),
    (f"\u202ahttps://youtu.be/{K4}\u202c", V(K4)),
    (f"\u00a0https://youtu.be/{K4}\u00a0", V(K4)),
    (f"https://www.youtube.com/watch?v={K4}.", V(K4)),
    (f"https://www.youtube.com/watch?v={K4})", V(K4)),
    (f"https://www.youtube.com/watch?v={K4}…", V(K4)),
    (f"https://www.youtube.com/watch?v={K4}&t=42.", V(K4, 42)),
    (f"(https://www.youtube.com/watch?v={K4})", V(K4)),
    (f"(see https://youtu.be/{K4})", V(K4)),
    (f"“https://youtu.be/{K4}”", V(K4)),
    (f"'{K4}',", V(K4)),
    (f"<https://youtu.be/{K4}>", V(K4)),
    (f"  <https://youtu.be/{K4}>  ", V(K4)),
    (f"\t{K4}\n", V(K4)),
    (f"https://www.youtube.com/watch?v={K4}&amp;t=30", V(K4, 30)),
    (f"https://www.youtube.com/watch?feature=share&amp;amp;v={K4}", V(K4)),
    (f"https://www.youtube.com/watch?v={K4}?si=AbCdEfGhIjKlMnOp", V(K4)),
    (f"https://youtu.be/{K4}?si=AbCd?t=75", V(K4, 75)),
    (f"https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3D{K4}", V(K4)),
    (f"Check this out: https://youtu.be/{K4}!", V(K4)),
    (f"My video is at youtube.com/watch?v={K4}, please check it.", V(K4)),
    (f"[my video](https://youtu.be/{K4})", V(K4)),
    (f'<iframe width="560" height="315" src="https://www.youtube.com/embed/{K4}?si=x" title="Yo'
     'uTube video player" frameborder="0" allowfullscreen></iframe>', V(K4)),
    (f'<a href="https://www.youtube.com/watch?v={K4}&amp;t=12s">video</a>', V(K4, 12)),
    (f"{K4} Never Gonna Give You Up (Official Video)", V(K4)),
    ("(@mkbhd)", C("handle:@mkbhd")),
    # part of the address bar
    (f"watch?v={K4}&t=30", V(K4, 30)),
    (f"/watch?v={K4}", V(K4)),
    (f"v={K4}", V(K4)),
    (f"{K4}&t=1m5s", V(K4, 65)),
    (f"{K4}?si=AbCd", V(K4)),
    ("“Marques Brownlee”", N("Marques Brownlee")),
]

LEGACY = [
    (f"https://www.youtube.com/watch_popup?v={K4}", V(K4)),
    (f"https://www.youtube.com/watch_popup?v={K4}&vq=medium", V(K4)),
    (f"http://www.youtube.com/ytscreeningroom?v={K4}", V(K4)),
    (f"https://www.youtube.com/?v={K4}", V(K4)),
    (f"http://youtube.com/?v={K4}&feature=channel", V(K4)),
    (f"http://www.youtube.com/?feature=player_embedded&v={K4}", V(K4)),
    (f"http://youtube.com/?vi={K4}&feature=channel", V(K4)),
    (f"http://youtube.com/watch?vi={K4}&feature=channel", V(K4)),
    (f"https://www.youtube.com/embed?v={K4}", V(K4)),
    (f"https://m.youtube.com/#/watch?v={K4}&feature=related", V(K4)),
    (f"https://m.youtube.com/#/watch?v={K4}#t=30", V(K4, 30)),
    (f"https://www.youtube.com/tv#/watch?v={K4}", V(K4)),
    (f"http://www.youtube.com/watch#!v={K4}", V(K4)),
    (f"https://www.youtube.com/user/SethJoseph#p/a/u/1/{K4}", V(K4)),
    (f"http://www.youtube.com/user/Scobleizer#p/u/1/{K4}", V(K4)),
    (f"http://www.youtube.com/JoeGlines-Automator#p/u/11/{K4}", V(K4)),
    (f"http://www.youtube.com/user/NationalGeographic#p/c/{PL}/0/{K4}", V(K4)),
    (f"https://tv.youtube.com/watch/{K4}", V(K4)),
    (f"https://tv.youtube.com/watch/{K4}?vp=0gEEEgIwAQ%3D%3D", V(K4)),
    (f"vnd.youtube:{K4}", V(K4)),
    (f"vnd.youtube://{K4}?t=15", V(K4, 15)),
    (f"vnd.youtube://www.youtube.com/watch?v={K4}", V(K4)),
    (f"youtube://watch?v={K4}", V(K4)),
    (f"https://www.youtube.com/watch?v={K4}#t=1m30s", V(K4, 90)),
    (f"http://www.youtube.com/watch?v={K4}#t=0m10s", V(K4, 10)),
    (f"https://www.youtube.com/watch?v={K4}#at=45", V(K4, 45)),
    (f"https://www.youtube.com/watch?v={K4}&time_continue=17", V(K4, 17)),
    (f"http://www.youtube.com/v/{K4}?fs=1&hl=en_US&rel=0", V(K4)),
    (f"http://www.youtube.com/v/{K4}?version=3&autohide=1", V(K4)),
    (f"http://youtube.com/vi/{K4}&feature=channel", V(K4)),
    (f"http://youtu.be/{K4}&feature=channel", V(K4)),
    (f"http://www.youtube.com/e/{K4}", V(K4)),
    (f"https://www.youtube.com/watch?v={K4}&playnext_from=TL&videos=PL3JprvrxlW25O_tkyCmO77MXEs"
     "rxCP3qK&feature=sub", V(K4)),
    (f"https://www.youtube.com/watch?v={K4}&list=PL3JprvrxlW25O_tkyCmO77MXEsrxCP3qK&index=106"
     "&shuffle=2655", V(K4)),
    (f"https://www.youtube.com/watch&v={K4}", V(K4)),
    (f"http://www.youtube.com/movie?v={K4}", V(K4)),
    (f"https://gaming.youtube.com/watch?v={K4}", V(K4)),
    (f"https://yewtu.be/{K4}", V(K4)),
    (f"https://yewtu.be/watch?v={K4}&t=8", V(K4, 8)),
    (f"https://piped.video/watch?v={K4}", V(K4)),
    (f"https://deturl.com/www.youtube.com/watch?v={K4}", V(K4)),
]

STUDIO = [
    (f"https://studio.youtube.com/video/{K4}/edit", V(K4)),
    (f"https://studio.youtube.com/video/{K4}/analytics/tab-overview/period-default", V(K4)),
    (f"https://studio.youtube.com/video/{K4}/comments/inbox", V(K4)),
    (f"https://studio.youtube.com/video/{K4}/editor", V(K4)),
    (f"https://studio.youtube.com/video/{K4}/translations", V(K4)),
    (f"https://studio.youtube.com/video/{K4}/monetization", V(K4)),
    (f"https://studio.youtube.com/video/{K4}/copyright", V(K4)),
    (f"https://studio.youtube.com/video/{K4}/livestreaming", V(K4)),
    (f"studio.youtube.com/video/{K4}/edit?c={CH}", V(K4)),
    (f"https://studio.youtube.com/channel/{CH}", C(f"id:{CH}")),
    (f"https://studio.youtube.com/channel/{CH}/videos/upload?filter=%5B%5D&sort=%7B%22columnTy"
     "pe%22%3A%22date%22%7D", C(f"id:{CH}")),
    (f"https://studio.youtube.com/channel/{CH}/analytics/tab-overview/period-default",
     C(f"id:{CH}")),
    (f"https://studio.youtube.com/channel/{CH}/comments/inbox", C(f"id:{CH}")),
    (f"https://studio.youtube.com/channel/{CH}/content/shorts", C(f"id:{CH}")),
    (f"https://studio.youtube.com/playlist/{PL}/edit", P(PL)),
]

CHANNEL_TABS = [
    (f"https://www.youtube.com/channel/{CH}/{tab}", C(f"id:{CH}"))
    for tab in ["posts", "home", "community", "streams", "playlists", "featured", "podcasts",
                "courses", "store", "membership", "search?query=cats", "videos?view=0&sort=p"]
] + [
    (f"https://www.youtube.com/@mkbhd/{tab}", C("handle:@mkbhd"))
    for tab in ["posts", "community", "featured", "shorts", "releases"]
] + [
    (f"https://m.youtube.com/c/LinusTechTips/{tab}", C("custom:LinusTechTips"))
    for tab in ["community", "about"]
] + [
    (f"https://www.youtube.com/embed/live_stream?channel={CH}", C(f"id:{CH}")),
    (f"https://www.youtube.com/embed/live_stream?channel={CH}&autoplay=1", C(f"id:{CH}")),
    ("https://www.youtube.com/embed?listType=user_uploads&list=marquesbrownlee",
     C("user:marquesbrownlee")),
    ("https://www.youtube.com/%40%E6%9D%B1%E6%B5%B7%E3%82%AA", C("handle:@東海オ")),
]

PLAYLISTS = [
    (f"https://www.youtube.com/embed/videoseries?list={PL}", P(PL)),
    (f"https://www.youtube-nocookie.com/embed/videoseries?si=abc&list={PL}", P(PL)),
    (f"https://www.youtube.com/embed?listType=playlist&list={PL}", P(PL)),
    (f"https://www.youtube.com/watch?list={PL}", P(PL)),
    ("https://music.youtube.com/playlist?list=OLAK5uy_m4xAFdmMC5rX3Ji3g93pQe3hqLZw_9LhM",
     P("OLAK5uy_m4xAFdmMC5rX3Ji3g93pQe3hqLZw_9LhM")),
]

NON_CANONICAL = [
    ("-sHIYAaJ7CK", V("-sHIYAaJ7CI", mapped_from="-sHIYAaJ7CK")),
    ("dQw4w9WgXcR", V("dQw4w9WgXcQ", mapped_from="dQw4w9WgXcR")),
    ("https://www.youtube.com/watch?v=-sHIYAaJ7CL&t=3", V("-sHIYAaJ7CI", 3, "-sHIYAaJ7CL")),
    ("https://youtu.be/0wR5jVB-WPl", V(K4, mapped_from="0wR5jVB-WPl")),
    ("https://www.youtube.com/shorts/0wR5jVB-WPn", V(K4, mapped_from="0wR5jVB-WPn")),
]

TABLE = YT_DLP + SUPPORTED_BEFORE + WRAPPED + DECORATED + LEGACY + STUDIO + CHANNEL_TABS + \
    PLAYLISTS + NON_CANONICAL


def test_the_table_is_large_and_has_no_repeats():
    texts = [text for text, _ in TABLE]
    assert len(texts) >= 150
    assert len(set(texts)) == len(texts)


@pytest.mark.parametrize("text, expected", TABLE, ids=[t[:60] for t, _ in TABLE])
def test_link_shapes(text, expected):
    assert parse(text) == expected


# Near misses, pages that name nothing, and hosts we do not follow: each gets its own message.
REFUSED = [
    ("dQw4w9WgXc", "looks like a truncated video ID: it has 10 characters"),
    ("0wR5jVB-WP", "looks like a truncated video ID"),
    ("dQw4w9WgXcQQ", "is too long for a video ID: it has 12 characters"),
    ("https://www.youtube.com/watch?v=N_708QY7Ob", "looks like a truncated video ID"),
    (f"https://youtu.be/{K4}Q", "too long for a video ID"),
    ("https://www.youtube.com/watch?v=0wR5j…", "looks like a truncated video ID"),
    ("https://www.youtube.com/watch?", "does not name a video"),
    ("https://www.youtube.com/watch?feature=foo", "does not name a video"),
    ("https://www.youtube.com/watch?t=2372", "does not name a video"),
    ("https://www.youtube.com/watch?annotation_id=annotation_3951667041", "does not name a video"),
    ("https://youtu.be/", "does not name a video"),
    ("https://www.youtube.com/", "YouTube's home page"),
    ("https://www.youtube.com/clip/UgytZKpehg-hEMBSn3F4AaABCQ", "That is a clip link"),
    ("https://www.youtube.com/post/UgkxAbCdEfGhIjKlMnOpQrStUvWxYz", "community post"),
    ("https://www.youtube.com/feed/trending", "feeds"),
    ("https://www.youtube.com/hashtag/cctv9", "hashtag"),
    ("https://music.youtube.com/browse/MPREb_gTAcphH99wE", "album"),
    ("https://studio.youtube.com/", "YouTube Studio page that names no video"),
    ("https://www.youtube.com/channel/notachannel", "no valid channel ID"),
    ("UC_x5XG1OV2P6uZZ5FSM9Tt", "looks like a channel ID, but is not one"),
    ("https://www.youtube.com/embed/videoseries", "no valid playlist ID"),
    ("https://bit.ly/3AbCdEf", "bit.ly short link"),
    ("https://t.co/AbCdEf123", "t.co short link"),
    ("https://vimeo.com/123456", "not a YouTube video or channel link"),
    ("ftp://youtube.com.evil.org/watch", "not a YouTube video or channel link"),
    (f"https://youtube.com.evil.org/watch?v={K4}", "not a YouTube video or channel link"),
    (f"https://notyoutube.com/watch?v={K4}", "not a YouTube video or channel link"),
    (f"https://www.youtube.com@evil.org/watch?v={K4}", "not a YouTube video or channel link"),
    ("https://www.youtube.com/watch?v=short", "looks like a truncated video ID"),
    (f"https://example.com/watch?v={K4}", "not a YouTube video or channel link"),
    (f"https://example.com/url?q=https://youtu.be/{K4}", "not a YouTube video or channel link"),
    ("https://www.google.com/url?q=https://vimeo.com/1", "not a YouTube video or channel link"),
    ("https://www.youtube.com/watch?v=<script>", "not a valid YouTube video ID"),
    ("@x", "is not a valid YouTube handle"),
    ("https://youtu.be/" + "a" * 3000, "too long to be a YouTube link"),
    ("   ", "Paste a YouTube video or channel link"),
    ("\u200b\u200b", "Paste a YouTube video or channel link"),
]


@pytest.mark.parametrize("text, message", REFUSED, ids=[t[:60] for t, _ in REFUSED])
def test_refused_with_a_message(text, message):
    parsed = parse(text)
    assert parsed.kind == "invalid"
    assert message in parsed.message


@pytest.mark.parametrize("text", ["Veritasium", "veritasium", "mkbhd", "Marques Brownlee",
                                  "My favourite Soundscapes", "' OR 1=1 --", ":ytfav"])
def test_words_are_a_name_search(text):
    assert parse(text).kind == "name"
