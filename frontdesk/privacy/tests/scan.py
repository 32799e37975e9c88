"""Look for a string in every text, JSON and binary column of every table, in the search
index, and in every file under the data dir (SECURITY.md 50: nothing left after erasure)."""

from __future__ import annotations

import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection, models

from frontdesk.tickets.search import postgres, sqlite

SEARCHED = (models.CharField, models.TextField, models.JSONField, models.BinaryField)


def _text(value: object) -> str:
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("utf-8", "replace")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


def database_hits(needles: list[str]) -> list[str]:
    """`app.Model.field #pk` for every stored value that contains one of the needles."""
    lowered = [n.lower() for n in needles]
    hits = []
    for model in apps.get_models(include_auto_created=True):
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, SEARCHED)]
        if not fields:
            continue
        for row in model._default_manager.values_list("pk", *fields).iterator():
            for name, value in zip(fields, row[1:], strict=True):
                text = _text(value).lower()
                if any(n in text for n in lowered):
                    hits.append(f"{model._meta.label}.{name} #{row[0]}")
    for session in Session.objects.all():
        text = json.dumps(session.get_decoded(), ensure_ascii=False).lower()
        if any(n in text for n in lowered):
            hits.append(f"session {session.session_key}")
    return hits + index_hits(lowered)


def index_hits(lowered: list[str]) -> list[str]:
    if connection.vendor == "postgresql":
        sql = f"SELECT subject, document::text FROM {postgres.TABLE}"  # noqa: S608
    else:
        sql = f"SELECT subject, body FROM {sqlite.TABLE}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    return [
        f"search index: {subject[:40]}"
        for subject, body in rows
        if any(n in f"{subject} {body}".lower() for n in lowered)
    ]


def file_hits(needles: list[str]) -> list[str]:
    encoded = [n.lower().encode() for n in needles]
    hits = []
    for path in Path(settings.DATA_DIR).rglob("*"):
        if path.is_file() and path.stat().st_size < 50_000_000:
            content = path.read_bytes().lower()
            if any(n in content for n in encoded):
                hits.append(str(path))
    return hits
