"""No index on SLA targets' policy: only deleting a policy looks targets up by it, and
the sweep writes an entry in every index of each target it claims. Dropped with plain
SQL: the state change alone would make Django rebuild the targets table on SQLite."""

import django.db.models.deletion
from django.db import migrations, models

INDEX = "sla_slatarget_policy_id_ea78a0b1"


class Migration(migrations.Migration):
    dependencies = [("sla", "0006_calendars_per_team")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{INDEX}"',
                    reverse_sql=f'CREATE INDEX "{INDEX}" ON "sla_slatarget" ("policy_id")',
                )
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="slatarget",
                    name="policy",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="targets",
                        to="sla.slapolicy",
                    ),
                )
            ],
        )
    ]
