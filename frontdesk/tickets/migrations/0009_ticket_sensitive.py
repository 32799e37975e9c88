"""Sensitive tickets (H7), and the ticket's own branch among the search scope tokens
(`b<branch id>`, see tickets/search/__init__.py): indexed messages of tickets that have a
branch get their tokens again."""

from django.db import migrations, models


def add_branch_tokens(apps, schema_editor):
    from frontdesk.tickets.search import postgres, sqlite

    Ticket = apps.get_model("tickets", "Ticket")
    if not Ticket.objects.filter(branch__isnull=False).exists():
        return  # nothing carries a branch token yet (a new installation)
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        sqlite.rebuild()
    elif vendor == "postgresql":
        postgres.rebuild()


class Migration(migrations.Migration):
    dependencies = [("tickets", "0008_event_ticket_index")]

    operations = [
        migrations.AddField(
            model_name="ticket",
            name="sensitive",
            field=models.BooleanField(
                default=False,
                help_text="Health or other special data: only some roles and the assignee see it.",
                verbose_name="sensitive",
            ),
        ),
        # Backwards: an extra token is harmless to the code before this.
        migrations.RunPython(add_branch_tokens, migrations.RunPython.noop),
    ]
