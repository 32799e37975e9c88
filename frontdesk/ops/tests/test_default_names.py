"""The first start names the default calendar and SLA policies (created by a migration
before anyone chose a language) in the installation's language; names people chose stay."""

from __future__ import annotations

import pytest
from django.utils import translation

from frontdesk.accounts.models import Workspace
from frontdesk.ops.bootstrap import do_first_start
from frontdesk.sla.defaults import POLICY_NAMES
from frontdesk.sla.models import BusinessCalendar, SlaPolicy

pytestmark = pytest.mark.django_db


def _slovak(workspace_language: str = "sk") -> None:
    workspace = Workspace.current(fresh=True)
    workspace.default_language = workspace_language
    workspace.save()


def test_a_slovak_installation_starts_with_slovak_defaults():
    _slovak()
    first = do_first_start()
    assert first is not None
    assert BusinessCalendar.objects.get(is_default=True).name == "Pracovný čas"
    with translation.override("sk"):
        expected = [translation.gettext(name) for name in POLICY_NAMES]
    names = list(SlaPolicy.objects.order_by("position").values_list("name", flat=True))
    assert names == expected  # Slovak once the catalog has them (new msgids, issue 20)
    # The welcome ticket is written in the same language.
    assert first.welcome_ticket.subject == "Vitajte vo Frontdesku: Vaše prvé kroky"


def test_an_english_installation_keeps_english_names():
    do_first_start()
    assert BusinessCalendar.objects.get(is_default=True).name == "Business hours"
    names = list(SlaPolicy.objects.order_by("position").values_list("name", flat=True))
    assert names == ["Default urgent", "Default high", "Default normal", "Default low"]


def test_names_someone_chose_are_kept():
    SlaPolicy.objects.filter(name="Default low").update(name="Low, whenever")
    BusinessCalendar.objects.filter(is_default=True).update(name="Riga shop")
    _slovak()
    do_first_start()
    assert BusinessCalendar.objects.get(is_default=True).name == "Riga shop"
    assert SlaPolicy.objects.filter(name="Low, whenever").exists()
