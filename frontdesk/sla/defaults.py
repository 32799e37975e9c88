"""The default business calendar and SLA policies, named in the installation's language.

Migration sla.0002 creates them on every new database, before anyone chose a language,
with English names. The first start (ops/bootstrap.py) names them again in the
workspace's default language. A name somebody changed is kept, and so is a default
whose new name another calendar already has.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from frontdesk.sla.models import BusinessCalendar, SlaPolicy

# The name migration 0002 gives the default calendar, and the name it gets: the word the
# settings page uses ("Business hours"), already in every catalog.
CALENDAR_CREATED_AS = "Office hours"
CALENDAR_NAME = gettext_noop("Business hours")
# Migration 0002's policy names are their own msgids.
POLICY_NAMES = [
    gettext_noop("Default urgent"),
    gettext_noop("Default high"),
    gettext_noop("Default normal"),
    gettext_noop("Default low"),
]


@transaction.atomic
def do_name_defaults(*, language: str) -> None:
    """Name the default calendar and policies (still as created) in `language`."""
    with translation.override(language):
        name = gettext(CALENDAR_NAME)
        if not BusinessCalendar.objects.filter(name=name).exists():
            BusinessCalendar.objects.filter(name=CALENDAR_CREATED_AS, is_default=True).update(
                name=name
            )
        for msgid in POLICY_NAMES:
            SlaPolicy.objects.filter(name=msgid).update(name=gettext(msgid))
