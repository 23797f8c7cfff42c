"""A WSGI app for tests/test_gunicorn_conf.py: answers with how many objects its worker process
has frozen (gc.freeze) and the worker's pid."""

import gc
import os


def app(environ, start_response):
    """'<frozen objects> <pid>' as text/plain."""
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [f"{gc.get_freeze_count()} {os.getpid()}".encode()]
