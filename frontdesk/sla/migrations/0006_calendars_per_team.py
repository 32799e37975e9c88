# Business calendars per team and branch (S1), and a default calendar.
#
# The default policies installed by 0002 leave the calendar to the team from now on;
# their calendar ("Office hours") becomes the default, so nothing changes until a team
# or branch gets hours of its own. Policies someone edited keep their calendar.

import django.db.models.deletion
from django.db import migrations, models


DEFAULT_NAMES = ["Default urgent", "Default high", "Default normal", "Default low"]


def default_calendar(apps, schema_editor):
    BusinessCalendar = apps.get_model("sla", "BusinessCalendar")
    SlaPolicy = apps.get_model("sla", "SlaPolicy")
    if BusinessCalendar.objects.filter(is_default=True).exists():
        return
    office = BusinessCalendar.objects.filter(name="Office hours").first()
    if office is None and BusinessCalendar.objects.count() == 1:
        office = BusinessCalendar.objects.get()
    if office is None:
        return
    office.is_default = True
    office.save(update_fields=["is_default"])
    SlaPolicy.objects.filter(name__in=DEFAULT_NAMES, calendar=office).update(calendar=None)


def restore_calendar(apps, schema_editor):
    BusinessCalendar = apps.get_model("sla", "BusinessCalendar")
    SlaPolicy = apps.get_model("sla", "SlaPolicy")
    office = BusinessCalendar.objects.filter(is_default=True).first()
    if office is not None:
        SlaPolicy.objects.filter(calendar__isnull=True).update(calendar=office)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_workspace_profile'),
        ('sla', '0005_alert_emails'),
    ]

    operations = [
        migrations.CreateModel(
            name='BranchHours',
            fields=[
                ('branch', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='sla_hours', serialize=False, to='accounts.branch')),
            ],
            options={
                'verbose_name': 'branch hours',
                'verbose_name_plural': 'branch hours',
            },
        ),
        migrations.CreateModel(
            name='TeamHours',
            fields=[
                ('team', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='sla_hours', serialize=False, to='accounts.team')),
            ],
            options={
                'verbose_name': 'team hours',
                'verbose_name_plural': 'team hours',
            },
        ),
        migrations.AddField(
            model_name='businesscalendar',
            name='is_default',
            field=models.BooleanField(default=False, help_text='For teams and branches without business hours of their own.', verbose_name='default calendar'),
        ),
        migrations.AlterField(
            model_name='slapolicy',
            name='calendar',
            field=models.ForeignKey(blank=True, help_text="Blank: the business hours of the ticket's team or branch.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='policies', to='sla.businesscalendar', verbose_name='business calendar'),
        ),
        migrations.AddConstraint(
            model_name='businesscalendar',
            constraint=models.UniqueConstraint(condition=models.Q(('is_default', True)), fields=('is_default',), name='sla_calendar_one_default'),
        ),
        migrations.AddField(
            model_name='branchhours',
            name='calendar',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='branch_hours', to='sla.businesscalendar'),
        ),
        migrations.AddField(
            model_name='teamhours',
            name='calendar',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='team_hours', to='sla.businesscalendar'),
        ),
        migrations.RunPython(default_calendar, restore_calendar),
    ]
