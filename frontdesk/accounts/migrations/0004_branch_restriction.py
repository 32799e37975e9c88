"""Branch-restricted members (X1) and the roles who see sensitive tickets (H7).

Written by hand so it holds only these fields: other accounts changes have their own
migration."""

from django.db import migrations, models

import frontdesk.accounts.models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_deadline_alert_emails")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="branch_restricted",
            field=models.BooleanField(default=False, verbose_name="restricted to branches"),
        ),
        migrations.AddField(
            model_name="user",
            name="restricted_branches",
            field=models.ManyToManyField(
                blank=True,
                related_name="restricted_members",
                to="accounts.branch",
                verbose_name="branches",
            ),
        ),
        migrations.AddField(
            model_name="workspace",
            name="sensitive_roles",
            field=models.JSONField(
                default=frontdesk.accounts.models.default_sensitive_roles,
                verbose_name="sensitive tickets visible to",
            ),
        ),
    ]
