"""gunicorn settings for one app host: `gunicorn -c deploy/gunicorn.conf.py` (deploy/README.md).

Sizing: one worker process per core (the app is CPU-bound Python, so a process uses at most
one core); each runs THREADS threads (4), so a request waiting on SQLite or a slow client does
not hold up the others. More threads than that made answers slower, not faster: they only take
turns at one interpreter lock, and with 8 a 2-core host answered ~15–30% fewer video lookups
and pages (bench/bench_http.py's load, the site at 8 and at 4 threads in turn). A request
that waited more than SHED_QUEUED (50 ms) for a thread is answered 503 at once
(web/shedding.py), so past capacity the answers given stay fast.
"""

import gc
import multiprocessing
import os

wsgi_app = "app:create_app()"
bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "web.server.Worker"  # gthread, noting when each request arrived
threads = int(os.environ.get("THREADS", "4"))
# Threads of their own for channel lookups and bulk checks (web.server.Worker reads it), so a
# flood of those never queues in front of video lookups.
os.environ.setdefault("HEAVY_THREADS", "2")
# Connections one worker keeps open; past it the kernel's listen queue (backlog) holds them.
worker_connections = 1000
backlog = 1024
keepalive = 5  # seconds an idle keep-alive connection stays open (the balancer reuses them)
timeout = 30  # a worker silent this long is killed and replaced
graceful_timeout = 15
max_requests, max_requests_jitter = 100_000, 10_000  # recycle workers now and then
preload_app = True  # one copy of the catalogue and code, shared by the forked workers
sendfile = False  # web.server.Worker writes each answer in one send (static files too)
# No control socket: several gunicorns on one machine (benchmarks, the multi-host test) would
# share its default path, and nothing here uses it.
control_socket_disable = True
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")
# The balancer's address, whose X-Forwarded-Proto gunicorn believes (the app's ProxyFix
# reads X-Forwarded-For; see PROXY_HOPS).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def pre_fork(server, worker):
    """Freeze what the preloaded app has made before each worker is forked: the collector no
    longer walks those objects in every worker (nor writes to them, which copied their pages
    into each worker); https://docs.python.org/3/library/gc.html#gc.freeze."""
    gc.freeze()
