"""Where the OpenAPI description lives, and its operations listed for the human API page."""

import json
from pathlib import Path

OPENAPI = Path(__file__).with_name("openapi.json")


def endpoints():
    """(method, path, summary, description) of every operation in the OpenAPI file."""
    # The human page lists what the OpenAPI file says, so the two cannot drift apart.
    paths = json.loads(OPENAPI.read_text(encoding="utf-8"))["paths"]
    return [(method.upper(), path, op.get("summary", ""), op.get("description", ""))
            for path, ops in paths.items() for method, op in ops.items()]
