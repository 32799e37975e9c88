# Deadline alerts by email (S3): when each alert's email was dealt with.

from django.db import migrations, models


def mark_existing_alerts_emailed(apps, schema_editor):
    """Alerts from before this release are not emailed now, all at once."""
    DeadlineAlert = apps.get_model("sla", "DeadlineAlert")
    DeadlineAlert.objects.filter(emailed_at__isnull=True).update(emailed_at=models.F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("sla", "0004_alerts_without_db_constraints"),
    ]

    operations = [
        migrations.AddField(
            model_name="deadlinealert",
            name="emailed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="emailed"),
        ),
        migrations.RunPython(mark_existing_alerts_emailed, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="deadlinealert",
            index=models.Index(
                condition=models.Q(("emailed_at__isnull", True)),
                fields=["recipient"],
                name="sla_alert_to_email",
            ),
        ),
    ]
