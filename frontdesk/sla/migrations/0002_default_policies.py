"""A default business calendar and one policy per priority; edit them in the admin."""

from django.conf import settings
from django.db import migrations

WORKDAY = ["09:00-17:00"]
HOUR = 60
DAY = 24 * HOUR
# (priority, position, first response, resolution) in minutes of business time;
# next response uses the first-response target.
DEFAULTS = [
    ("urgent", 10, 1 * HOUR, 8 * HOUR),
    ("high", 20, 4 * HOUR, 24 * HOUR),
    ("normal", 30, 8 * HOUR, 3 * DAY),
    ("low", 40, 24 * HOUR, 5 * DAY),
]


def create_defaults(apps, schema_editor):
    BusinessCalendar = apps.get_model("sla", "BusinessCalendar")
    SlaPolicy = apps.get_model("sla", "SlaPolicy")
    if SlaPolicy.objects.exists():
        return
    calendar, _created = BusinessCalendar.objects.get_or_create(
        name="Office hours",
        defaults={
            "time_zone": settings.TIME_ZONE,
            "weekly_hours": {day: WORKDAY for day in ("mon", "tue", "wed", "thu", "fri")},
        },
    )
    for priority, position, first, resolution in DEFAULTS:
        SlaPolicy.objects.create(
            name=f"Default {priority}",
            position=position,
            priority=priority,
            calendar=calendar,
            first_response_minutes=first,
            next_response_minutes=first,
            resolution_minutes=resolution,
        )


class Migration(migrations.Migration):
    dependencies = [("sla", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
