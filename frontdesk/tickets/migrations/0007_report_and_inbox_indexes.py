"""The reports' covering index; no single-column indexes on ticket.assignee/customer.

`ticket_assignee (assignee, status, updated_at)` and `ticket_customer (customer,
created_at)` already lead with those columns. The single-column indexes only cost writes
and, with SQLite's sampled statistics, were chosen for "my open tickets", which then read
every ticket ever assigned to the agent. They are dropped with plain SQL (the state change
alone would make Django rebuild the whole tickets table on SQLite).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

ASSIGNEE_INDEX = "tickets_ticket_assignee_id_3a5aa407"
CUSTOMER_INDEX = "tickets_ticket_customer_id_f2d9135a"


def _drop(name: str, column: str) -> migrations.RunSQL:
    return migrations.RunSQL(
        f'DROP INDEX IF EXISTS "{name}"',
        reverse_sql=f'CREATE INDEX "{name}" ON "tickets_ticket" ("{column}")',
    )


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0002_vip_and_email_bounce"),
        ("tickets", "0006_search_scope_tokens"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(model_name="ticket", name="ticket_created"),
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(
                fields=["created_at", "status", "team", "first_response_at", "solved_at"],
                name="ticket_created_report",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                _drop(ASSIGNEE_INDEX, "assignee_id"),
                _drop(CUSTOMER_INDEX, "customer_id"),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="ticket",
                    name="assignee",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="assigned_tickets",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="ticket",
                    name="customer",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="tickets",
                        to="customers.customer",
                    ),
                ),
            ],
        ),
    ]
