"""deploy/gunicorn.conf.py as app hosts run it: a real gunicorn on loopback."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_workers_start_with_the_preloaded_objects_frozen():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "-w", "2",
         "-b", f"127.0.0.1:{port}", "--log-level", "warning", "tests.gc_probe:app"],
        cwd=ROOT, env={**os.environ, "WEB_CONCURRENCY": "2"}, stderr=subprocess.DEVNULL)
    try:
        answers = set()
        deadline = time.monotonic() + 30
        while len({pid for _, pid in answers}) < 2:  # both workers, whichever answers
            assert time.monotonic() < deadline and server.poll() is None
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
                    answers.add(tuple(map(int, answer.read().split())))
            except OSError:
                time.sleep(0.1)
        # The module, gunicorn and the config were loaded before the fork: thousands of
        # objects, none of which a worker's collections walk again.
        assert all(frozen > 1000 for frozen, _ in answers)
    finally:
        server.terminate()
        server.wait(10)
