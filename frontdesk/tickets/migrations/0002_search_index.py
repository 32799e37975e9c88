"""The full-text index: FTS5 on SQLite, a tsvector table with GIN on PostgreSQL."""

from django.db import migrations


def create(apps, schema_editor):
    from frontdesk.tickets.search import postgres, sqlite

    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(sqlite.CREATE)
    elif vendor == "postgresql":
        for statement in postgres.CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    from frontdesk.tickets.search import postgres, sqlite

    vendor = schema_editor.connection.vendor
    schema_editor.execute(sqlite.DROP if vendor == "sqlite" else postgres.DROP)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
