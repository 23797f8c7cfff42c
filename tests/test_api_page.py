"""The human API page lists every operation of the OpenAPI file."""

import json
from pathlib import Path

OPENAPI = Path(__file__).resolve().parent.parent / "web" / "openapi.json"


def test_api_page_lists_every_documented_operation(client):
    page = client.get("/api").get_data(as_text=True)
    paths = json.loads(OPENAPI.read_text())["paths"]
    for path, operations in paths.items():
        for method in operations:
            assert f"<code>{method.upper()} {path}</code>" in page
