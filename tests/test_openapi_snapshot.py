"""The REST API spec matches the committed snapshot (tests/openapi_snapshot.json).

A change of the public API must be a decision: when this fails, read the listed
changes, and if they are intended rewrite the snapshot with
`.venv/bin/python tools/openapi_snapshot.py --write` and commit it with the change.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest
from django.test import Client

TOOL = Path(__file__).resolve().parent.parent / "tools" / "openapi_snapshot.py"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("openapi_snapshot", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


snapshot = _tool()


def served_spec() -> dict:
    response = Client().get(snapshot.SPEC_URL)
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_api_spec_matches_the_committed_snapshot() -> None:
    problems = snapshot.report(snapshot.stored_spec(), served_spec())
    if problems:
        pytest.fail(problems, pytrace=False)


def test_the_tool_reads_the_same_spec_as_the_server() -> None:
    assert snapshot.normalise(snapshot.live_spec()) == snapshot.normalise(served_spec())


def test_the_report_names_what_was_added_removed_and_changed() -> None:
    old = {
        "paths": {
            "/api/v1/tickets": {
                "get": {
                    "parameters": [
                        {"in": "query", "name": "status", "required": False},
                        {"in": "query", "name": "team", "required": False},
                    ]
                }
            },
            "/api/v1/gone": {"get": {}},
        },
        "components": {"schemas": {"TicketOut": {"required": ["id", "subject"]}}},
    }
    new = {
        "paths": {
            "/api/v1/tickets": {
                "get": {
                    "parameters": [
                        {"in": "query", "name": "team", "required": True},
                        {"in": "query", "name": "status", "required": False},
                    ]
                }
            },
            "/api/v1/new": {"get": {}},
        },
        "components": {"schemas": {"TicketOut": {"required": ["id", "reference"]}}},
    }

    text = snapshot.report(old, new)

    assert "- removed  paths › /api/v1/gone" in text
    assert "+ added    paths › /api/v1/new" in text
    assert "~ changed  paths › /api/v1/tickets › get › parameters › query:team › required" in text
    assert "query:status" not in text  # reordered, not changed
    assert '- removed  components › schemas › TicketOut › required › "subject"' in text
    assert '+ added    components › schemas › TicketOut › required › "reference"' in text
    assert snapshot.WRITE_COMMAND in text
    assert snapshot.report(old, json.loads(json.dumps(old))) == ""
