"""Search: every indexed message carries its ticket's scope tokens (team, assignee,
collaborators), so a limited agent's search is narrowed by the full-text index itself
(see tickets/search/__init__.py). SQLite: FTS5 cannot add a column, so the table is
made again with a `scope` column; PostgreSQL: a `scope` column and the same tokens as
`#` lexemes in the document. Both are refilled from the tables here."""

from django.db import migrations


def create(apps, schema_editor):
    from frontdesk.tickets.search import postgres, sqlite

    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(sqlite.DROP)
        schema_editor.execute(sqlite.CREATE)
        sqlite.rebuild()
    elif vendor == "postgresql":
        schema_editor.execute(postgres.ADD_SCOPE)
        postgres.rebuild()


class Migration(migrations.Migration):
    dependencies = [("tickets", "0005_search_message_ticket_index")]

    # Backwards: the extra column and lexemes are harmless to the code before this.
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
