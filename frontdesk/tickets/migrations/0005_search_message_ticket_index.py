"""SQLite search: an index (id, ticket_id) on messages, so the search finds each
matching message's ticket without reading wide rows (see search/sqlite.py)."""

from django.db import migrations


def create(apps, schema_editor):
    from frontdesk.tickets.search import sqlite

    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(sqlite.CREATE_MESSAGE_TICKET_INDEX)


def drop(apps, schema_editor):
    from frontdesk.tickets.search import sqlite

    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(sqlite.DROP_MESSAGE_TICKET_INDEX)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0004_email_delivery_fields")]

    operations = [migrations.RunPython(create, drop)]
