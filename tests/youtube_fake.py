"""A real HTTP server on loopback that answers like the YouTube Data API v3 and oEmbed.

Response shapes follow the public reference pages (channels.list, playlistItems.list,
videos.list, the errors page and oEmbed), trimmed to the fields this project asks for. All
channels and videos served here are SYNTHETIC test data.
"""

import json
import random
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

QUOTA_BODY = {"error": {"code": 403, "message": "The request cannot be completed because you "
                        "have exceeded your quota.", "errors": [{
                            "message": "The request cannot be completed because you have "
                                       "exceeded your quota.",
                            "domain": "youtube.quota", "reason": "quotaExceeded"}]}}


def error_body(code, reason, message):
    """A Data API error document."""
    return {"error": {"code": code, "message": message,
                      "errors": [{"message": message, "domain": "youtube", "reason": reason}]}}


class FakeYouTube:
    """State and behaviour switches for the fake; start() returns the API base URL."""

    def __init__(self, key="fake-key-123"):
        self.key = key
        self.channels = {}  # channel ID → {"title", "handle", "username", "videos": [...]}
        self.videos = {}  # video ID → {"channelId", "channelTitle", "title", ...}
        self.quota_exceeded = False
        self.slow = 0.0  # seconds to wait before answering anything
        self.malformed = set()  # endpoint names ("channels", "oembed", …) answering bad JSON
        self.fail_5xx = 0  # how many upcoming requests answer 503
        self.oembed_status = {}  # video ID → status code to answer instead
        self.requests = []  # (path, query dict, headers dict) of every request
        self.server = None

    def add_channel(self, channel_id, title, videos, handle="", username=""):
        """Add a synthetic channel with its uploads (newest first) and their video records."""
        self.channels[channel_id] = {"title": title, "handle": handle, "username": username,
                                     "videos": list(videos)}
        for n, video in enumerate(videos):
            self.videos[video] = {"channelId": channel_id, "channelTitle": title,
                                  "title": f"Synthetic video {n}", "handle": handle,
                                  "publishedAt": f"2020-01-{n % 28 + 1:02d}T00:00:00Z",
                                  "duration": f"PT{n % 5}M{n % 60}S"}

    def start(self):
        """Serve on 127.0.0.1 on a free port; returns the Data API base URL."""
        fake = self

        class Handler(_Handler):
            state = fake

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        return self.api_base

    @property
    def root(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def api_base(self):
        return self.root + "/youtube/v3"

    def stop(self):
        """Shut the server down."""
        self.server.shutdown()
        self.server.server_close()

    def calls(self, endpoint):
        """The recorded requests to one endpoint."""
        return [r for r in self.requests if r[0].endswith("/" + endpoint)]


class _Handler(BaseHTTPRequestHandler):
    state = None

    def log_message(self, *args):
        """Keep test output quiet."""

    def do_GET(self):
        fake, parts = self.state, urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        fake.requests.append((parts.path, query, dict(self.headers)))
        endpoint = parts.path.rsplit("/", 1)[-1]
        if fake.slow:
            time.sleep(fake.slow)
        if fake.fail_5xx > 0:
            fake.fail_5xx -= 1
            return self._send(503, {"error": {"code": 503, "message": "Backend Error"}})
        if endpoint in fake.malformed:
            return self._send(200, b'{"items": [')
        if endpoint == "oembed":
            return self._oembed(query)
        if self.headers.get("X-Goog-Api-Key") != fake.key:
            return self._send(400, error_body(400, "keyInvalid", "API key not valid."))
        if fake.quota_exceeded:
            return self._send(403, QUOTA_BODY)
        handler = {"channels": self._channels, "playlistItems": self._playlist_items,
                   "videos": self._videos}.get(endpoint)
        if handler is None:
            return self._send(404, error_body(404, "notFound", "Not Found"))
        return handler(query)

    def _send(self, status, body):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting: what a timeout test asks of it

    def _channels(self, q):
        found = [(cid, c) for cid, c in self.state.channels.items()
                 if cid == q.get("id")
                 or (q.get("forHandle") and c["handle"].lower() == q["forHandle"].lower())
                 or (q.get("forUsername") and c["username"] == q["forUsername"])]
        # A channel that does not exist is a 200 with pageInfo and no "items" at all.
        body = {"kind": "youtube#channelListResponse", "etag": "x",
                "pageInfo": {"totalResults": len(found), "resultsPerPage": 5}}
        if found:
            body["items"] = [{"id": cid, "snippet": {"title": c["title"], "customUrl": c["handle"]},
                              "contentDetails": {"relatedPlaylists": {"likes": "",
                                                                      "uploads": "UU" + cid[2:]}}}
                             for cid, c in found]
        return self._send(200, body)

    def _playlist_items(self, q):
        playlist = q.get("playlistId", "")
        channel = self.state.channels.get("UC" + playlist[2:])
        if not playlist.startswith("UU") or channel is None or not channel["videos"]:
            return self._send(404, error_body(404, "playlistNotFound", "Playlist not found."))
        size = min(int(q.get("maxResults", 5)), 50)
        start = int(q.get("pageToken", "0") or 0)
        videos = channel["videos"]
        body = {"kind": "youtube#playlistItemListResponse",
                "pageInfo": {"totalResults": channel.get("total", len(videos)),
                             "resultsPerPage": size},
                "items": [{"contentDetails": {"videoId": v}} for v in videos[start:start + size]]}
        if start + size < len(videos):
            body["nextPageToken"] = str(start + size)
        return self._send(200, body)

    def _videos(self, q):
        items = []
        for video in q.get("id", "").split(","):
            v = self.state.videos.get(video)
            if v is not None:
                items.append({"id": video, "snippet": {
                    "channelId": v["channelId"], "channelTitle": v["channelTitle"],
                    "title": v["title"], "publishedAt": v["publishedAt"]},
                    "contentDetails": {"duration": v["duration"]}})
        return self._send(200, {"kind": "youtube#videoListResponse", "items": items,
                                "pageInfo": {"totalResults": len(items)}})

    def _oembed(self, q):
        video = parse_qs(urlsplit(q.get("url", "")).query).get("v", [""])[0]
        status = self.state.oembed_status.get(video)
        if status:
            return self._send(status, b"Not Found" if status == 404 else b"Unauthorized")
        v = self.state.videos.get(video)
        if v is None:
            return self._send(404, b"Not Found")
        return self._send(200, {
            "title": v["title"], "author_name": v["channelTitle"],
            "author_url": f"https://www.youtube.com/{v['handle']}", "type": "video",
            "height": 113, "width": 200, "version": "1.0", "provider_name": "YouTube",
            "provider_url": "https://www.youtube.com/",
            "thumbnail_url": f"https://i.ytimg.com/vi/{video}/hqdefault.jpg"})


_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def video_ids(count, seed=1):
    """SYNTHETIC, well-formed and distinct video IDs."""
    rng, found = random.Random(seed), {}
    while len(found) < count:
        found[("".join(rng.choice(_ALPHABET) for _ in range(10))
               + rng.choice("AEIMQUYcgkosw048"))] = None
    return list(found)


def channel_id(n):
    """A SYNTHETIC, well-formed channel ID numbered n."""
    return "UC" + f"synthetic{n:012d}"[:21] + "Q"
