"""No single-column index on ticket events' ticket: `event_ticket (ticket, created_at)`
leads with it. Dropped with plain SQL: the state change alone would make Django rebuild
the events table on SQLite."""

import django.db.models.deletion
from django.db import migrations, models

INDEX = "tickets_ticketevent_ticket_id_b572d14b"


class Migration(migrations.Migration):
    dependencies = [("tickets", "0007_report_and_inbox_indexes")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{INDEX}"',
                    reverse_sql=f'CREATE INDEX "{INDEX}" ON "tickets_ticketevent" ("ticket_id")',
                )
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="ticketevent",
                    name="ticket",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="tickets.ticket",
                    ),
                )
            ],
        )
    ]
