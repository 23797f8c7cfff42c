"""Request every public route of a running site and check the status and the text.

Examples:
  python scripts/smoke.py http://127.0.0.1:5000
  python scripts/smoke.py https://lookup.example.org --video dQw4w9WgXcQ

Exit codes: 0 every route answered as expected, 1 at least one did not.
"""

import argparse
import hashlib
import json
import sys
import urllib.error
import urllib.request

CHECKS = [
    # (path, status, text the body must contain)
    ("/", 200, "Paste a YouTube video or channel link, or an @handle"),
    ("/lookup?q=https://youtu.be/{video}", 200, "{video}"),
    # Either "Channel lookups are not available" or the listing page, by configuration.
    ("/lookup?q=@somebody", 200, "@somebody"),
    ("/lookup?q=https://vimeo.com/1", 400, "That is not a YouTube video or channel link."),
    ("/v/{video}", 200, "{video}"),
    ("/v/{video}?format=csv", 200, "video_id,url,found,membership,dataset,dataset_name"),
    ("/export/v/{video}.csv", 200, "video_id,url,found,membership,dataset"),
    ("/bulk", 200, "Check many videos at once"),
    ("/bulk/result?ids={video}", 200, "Your list of 1 video"),
    ("/removal?ids={video}", 200, "Ask for removal"),
    ("/datasets", 200, "Datasets"),
    ("/datasets/{slug}", 200, "Licence and terms"),
    ("/datasets/no-such-dataset", 404, "There is no page at this address."),
    ("/datasets/feed.atom", 200, '<feed xmlns="http://www.w3.org/2005/Atom"'),
    ("/datasets/{slug}/feed.atom", 200, '<feed xmlns="http://www.w3.org/2005/Atom"'),
    ("/coverage", 200, "Coverage"),
    ("/methodology", 200, "python scripts/ingest.py DATASET FILE"),
    ("/api", 200, "/api/v1/lookup"),
    ("/api/v1/lookup?q={video}", 200, '"kind":"video"'),
    ("/api/v1/videos/{video}", 200, '"video_id":"{video}"'),
    ("/api/v1/datasets", 200, '"datasets":'),
    ("/api/v1/datasets/{slug}", 200, '"slug":"{slug}"'),
    ("/api/v1/coverage", 200, '"totals":'),
    ("/api/v1/openapi.json", 200, '"openapi": "3.1.0"'),
    ("/api/v1/range/{prefix}", 200, '"prefix":"{prefix}"'),
    ("/api/v1/range/xyz", 400, "exactly 5 hexadecimal digits"),
    ("/data", 200, "Open data"),
    ("/api/v1/snapshots", 200, '"snapshots":'),
    ("/static/site.css", 200, "font-family"),
]
HEADERS = ["Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options",
           "Referrer-Policy"]


def fetch(url):
    """(status, headers, body text) without raising on 4xx/5xx and without following redirects."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):
            return None
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=30) as response:
            return response.status, response.headers, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8", "replace")


def first_slug(base):
    """The first dataset slug the site knows."""
    return json.loads(fetch(base + "/api/v1/datasets")[2])["datasets"][0]["slug"]


def run(base, video):
    """Check every route; returns the number of failures."""
    slug, failures = first_slug(base), 0
    names = {"video": video, "slug": slug,
             "prefix": hashlib.sha256(video.encode()).hexdigest()[:5]}
    for path, status, text in CHECKS:
        path, text = path.format(**names), text.format(**names)
        got, headers, body = fetch(base + path)
        if got in (301, 302, 303):  # a pasted video link redirects to its page
            got, headers, body = fetch(base + headers["Location"] if headers["Location"]
                                       .startswith("/") else headers["Location"])
        missing = [h for h in HEADERS if h not in headers]
        ok = got == status and text in body and not missing
        failures += not ok
        note = "" if ok else f"  (status {got}, text {'found' if text in body else 'MISSING'}" \
                             f"{', headers missing: ' + ', '.join(missing) if missing else ''})"
        print(f"{'ok  ' if ok else 'FAIL'} {status} {path}{note}")
    print(f"\n{len(CHECKS) - failures} of {len(CHECKS)} routes as expected")
    return failures


def main(argv=None):
    """Parse arguments and run the checks."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                epilog=__doc__.split("\n\n", 1)[1],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("base", help="the site's base URL, e.g. http://127.0.0.1:5000")
    p.add_argument("--video", default="dQw4w9WgXcQ", help="a video ID to look up")
    args = p.parse_args(argv)
    return 1 if run(args.base.rstrip("/"), args.video) else 0


if __name__ == "__main__":
    sys.exit(main())
