"""Per-client rate limits (Flask-Limiter) on what costs most: channel lookups, refreshes and
bulk checks. Past a limit the answer is 429 with Retry-After; video lookups are not limited.

Several gunicorn workers must share one count per client, so the counts live in a SQLite file
beside the channel cache (RATELIMIT_STORAGE_URI, default sqlite:///<data>/limits.db), through
the storage below; any storage Flask-Limiter knows (redis://, memcached://) can replace it.
Clients are told apart by address (an IPv6 client by its /64); behind a proxy, PROXY_HOPS
says how many X-Forwarded-For hops to trust.
"""

import ipaddress
import os
import sqlite3
import threading
import time
from pathlib import Path

from flask import current_app, request
from flask_limiter import Limiter, RateLimitExceeded
from limits.storage import Storage
from werkzeug.middleware.proxy_fix import ProxyFix

from lookup.ids import parse

from .security import MESSAGES, error_response

# endpoint -> config key holding its limit ("30/minute;300/hour", Flask-Limiter's notation)
LIMITS = {
    "channels.channel": "RATELIMIT_CHANNEL",
    "channels.removal_help": "RATELIMIT_CHANNEL",
    "api.channel": "RATELIMIT_CHANNEL",
    "api.lookup": "RATELIMIT_CHANNEL",  # only when ?q= names a channel (see _not_channel)
    "channels.refresh": "RATELIMIT_REFRESH",
    "bulk.submit": "RATELIMIT_BULK",
    "api.lookup_many": "RATELIMIT_BULK",
    "export.ids_csv": "RATELIMIT_BULK",
}
DEFAULTS = {"RATELIMIT_CHANNEL": "30/minute;300/hour", "RATELIMIT_REFRESH": "5/minute;30/hour",
            "RATELIMIT_BULK": "20/minute;300/hour"}


def client_key():
    """The client's address; an IPv6 client by its /64, which one household usually holds."""
    address = request.remote_addr or ""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


def _not_channel():
    """GET /api/v1/lookup answers videos and names too: only channel queries count."""
    return parse(request.args.get("q", "")).kind != "channel"


def init_app(app):
    """A Limiter for this app, its limits wrapped around the listed views (register the
    blueprints first), and ProxyFix when PROXY_HOPS is set."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    folder = Path(app.config["CHANNEL_CACHE_PATH"]).parent
    app.config.setdefault("RATELIMIT_STORAGE_URI", f"sqlite:///{folder / 'limits.db'}")
    # Flask-Limiter's own headers would put a Retry-After on every limited answer, 200s and
    # the channel pages' own 503s included; only a 429 gets one, below.
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", False)
    limiter = Limiter(client_key, app=app, strategy="fixed-window")
    # Limits are only on the views wrapped below, and their wrappers check them; Flask-Limiter's
    # app-wide before_request would look for (no) limits on every other request, ~80 µs each.
    hooks = app.before_request_funcs.get(None, [])
    if limiter._check_request_limit in hooks:
        hooks.remove(limiter._check_request_limit)
    app.register_error_handler(RateLimitExceeded, lambda error: _too_many(limiter))
    for endpoint, setting in LIMITS.items():
        exempt = _not_channel if endpoint == "api.lookup" else None
        # Shared by scope: a client has one channel budget, whichever route it comes through.
        limit = limiter.shared_limit(lambda setting=setting: current_app.config[setting],
                                     scope=setting, exempt_when=exempt)
        app.view_functions[endpoint] = limit(app.view_functions[endpoint])
    hops = int(app.config.get("PROXY_HOPS") or 0)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def _too_many(limiter):
    """429, in the page or JSON shape of every other error, saying when the window ends."""
    response = error_response(429, MESSAGES[429])
    limit = limiter.current_limit
    wait = max(1, int(limit.reset_at - time.time())) if limit else 60
    response.headers["Retry-After"] = str(wait)
    return response


class SQLiteStorage(Storage):
    """Fixed-window counters in a SQLite file shared by every process of a host.

    uri: sqlite:///absolute/path.db. Counting is one upsert; the file is WAL without fsync,
    as losing the last second of counts in a crash costs nothing.
    """

    STORAGE_SCHEME = ["sqlite"]

    def __init__(self, uri, wrap_exceptions=False, **options):
        super().__init__(uri, wrap_exceptions, **options)
        self.path = Path(uri.removeprefix("sqlite://"))
        self.local = threading.local()
        self.calls = 0

    @property
    def base_exceptions(self):
        return sqlite3.Error

    def _conn(self):
        """This thread's connection (a forked worker opens its own)."""
        conn = getattr(self.local, "conn", None)
        if conn is None or self.local.pid != os.getpid():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=2, isolation_level=None)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute("CREATE TABLE IF NOT EXISTS hits(key TEXT PRIMARY KEY,"
                         " count INTEGER NOT NULL, expires REAL NOT NULL) WITHOUT ROWID")
            self.local.conn, self.local.pid = conn, os.getpid()
        return conn

    def incr(self, key, expiry, amount=1):
        """Add amount to key's count, starting a new window of expiry seconds when it ended."""
        now = time.time()
        conn = self._conn()
        self.calls += 1
        if self.calls % 1000 == 0:  # forget ended windows now and then
            conn.execute("DELETE FROM hits WHERE expires <= ?", (now,))
        return conn.execute(
            "INSERT INTO hits VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET"
            " count = CASE WHEN expires <= ? THEN excluded.count ELSE count + excluded.count END,"
            " expires = CASE WHEN expires <= ? THEN excluded.expires ELSE expires END"
            " RETURNING count", (key, amount, now + expiry, now, now)).fetchone()[0]

    def get(self, key):
        """key's count in its current window (0 when none)."""
        row = self._conn().execute("SELECT count FROM hits WHERE key = ? AND expires > ?",
                                   (key, time.time())).fetchone()
        return row[0] if row else 0

    def get_expiry(self, key):
        """When key's window ends (Unix time)."""
        row = self._conn().execute("SELECT expires FROM hits WHERE key = ? AND expires > ?",
                                   (key, time.time())).fetchone()
        return row[0] if row else time.time()

    def check(self):
        """True when the file can be read."""
        try:
            self._conn().execute("SELECT 1")
            return True
        except sqlite3.Error:
            return False

    def reset(self):
        """Forget every count."""
        return self._conn().execute("DELETE FROM hits").rowcount

    def clear(self, key):
        """Forget one key's count."""
        self._conn().execute("DELETE FROM hits WHERE key = ?", (key,))
