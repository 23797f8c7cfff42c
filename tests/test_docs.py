"""The OpenAPI file documents every field the API returns; a missing field fails here."""

import json
from pathlib import Path

import pytest

from tests.conftest import MISSING

SPEC = json.loads((Path(__file__).resolve().parent.parent / "web" / "openapi.json").read_text())
TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def resolve(schema):
    while "$ref" in schema:
        schema = SPEC["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def problems(value, schema, where="$"):
    """Every way value departs from schema (a small JSON Schema subset: enough for ours)."""
    schema = resolve(schema)
    if "oneOf" in schema:
        options = [problems(value, s, where) for s in schema["oneOf"]]
        return [] if any(not p for p in options) else min(options, key=len)
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds] if kinds else []
    if kinds and not any(_is(value, k) for k in kinds):
        return [f"{where}: {value!r} is not {kinds}"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{where}: {value!r} not in {schema['enum']}"]
    found = []
    if isinstance(value, dict):
        props = schema.get("properties", {})
        found += [f"{where}.{k}: not documented" for k in value if k not in props]
        found += [f"{where}.{k}: required but missing" for k in schema.get("required", [])
                  if k not in value]
        for key, item in value.items():
            if key in props:
                found += problems(item, props[key], f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            found += problems(item, schema["items"], f"{where}[{i}]")
    return found


def _is(value, kind):
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, TYPES[kind])


def documented(path_template, method, status):
    operation = SPEC["paths"][path_template][method]
    return operation["responses"][str(status)]["content"]["application/json"]["schema"]


CASES = [
    ("get", "/api/v1/lookup?q=https://youtu.be/dQw4w9WgXcQ?t=30", "/api/v1/lookup", 200),
    ("get", f"/api/v1/lookup?q={MISSING}", "/api/v1/lookup", 200),
    ("get", "/api/v1/lookup?q=@somebody", "/api/v1/lookup", 501),
    ("get", "/api/v1/lookup?q=https://example.com/x", "/api/v1/lookup", 400),
    ("get", "/api/v1/videos/kJQP7kiw5Fk", "/api/v1/videos/{video_id}", 200),
    ("get", "/api/v1/videos/nope", "/api/v1/videos/{video_id}", 404),
    ("get", "/api/v1/datasets", "/api/v1/datasets", 200),
    ("get", "/api/v1/datasets/alpha", "/api/v1/datasets/{slug}", 200),
    ("get", "/api/v1/datasets/gamma", "/api/v1/datasets/{slug}", 200),
    ("get", "/api/v1/datasets/nope", "/api/v1/datasets/{slug}", 404),
    ("get", "/api/v1/coverage", "/api/v1/coverage", 200),
    ("post", "/api/v1/lookup", "/api/v1/lookup", 200),
    ("get", "/api/v1/range/5f6b0", "/api/v1/range/{prefix}", 200),  # holds dQw4w9WgXcQ
    ("get", "/api/v1/range/5f6b", "/api/v1/range/{prefix}", 400),
]


@pytest.mark.parametrize("method, url, template, status", CASES)
def test_every_field_is_documented(client, method, url, template, status):
    if method == "post":
        response = client.post(url, json=["dQw4w9WgXcQ", MISSING, "not a link"])
    else:
        response = client.get(url)
    assert response.status_code == status
    assert problems(response.get_json(), documented(template, method, status)) == []


def test_the_checker_catches_an_undocumented_field():
    schema = {"$ref": "#/components/schemas/Clip"}
    clip = {"start": 1.0, "end": 2.0, "caption": None, "url": "u", "extra": 1}
    assert problems(clip, schema) == ["$.extra: not documented"]


def test_openapi_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.get_json()["openapi"] == "3.1.0"
    assert set(response.get_json()["paths"]) >= {"/api/v1/lookup", "/api/v1/videos/{video_id}",
                                                 "/api/v1/datasets", "/api/v1/datasets/{slug}"}
