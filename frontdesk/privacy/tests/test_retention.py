"""Retention rules (SECURITY.md 52): the dry run counts what the job then does."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from frontdesk.audit.models import AuditEntry
from frontdesk.privacy import retention
from frontdesk.privacy.choices import RetentionAction, RetentionBasis, RetentionStatus
from frontdesk.privacy.erasure import ERASED
from frontdesk.privacy.models import RetentionRule
from frontdesk.privacy.services import apply_retention, do_save_retention_rule
from frontdesk.privacy.tasks import apply_retention_rules
from frontdesk.privacy.tests.support import staff_client
from frontdesk.tickets.models import Attachment, Ticket
from frontdesk.tickets.services import NewAttachment, do_create_ticket, do_update_ticket

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def ticket(personas, *, team, status, days_ago: int, subject: str = "Old order") -> Ticket:
    then = NOW - timedelta(days=days_ago)
    created = do_create_ticket(
        actor=personas.customer,
        customer=personas.customer,
        subject=subject,
        body="My address is Brīvības iela 1, Riga.",
        team=team,
        attachments=[NewAttachment("invoice.pdf", b"%PDF-1.4 invoice")],
        now=then - timedelta(days=1),
    )
    if status != "open":
        do_update_ticket(actor=personas.agent, ticket=created, status=status, now=then)
    return created


@pytest.fixture
def tickets(personas, data_dir):
    t, other = personas.team, personas.other_team
    return {
        "old_closed": ticket(personas, team=t, status="closed", days_ago=400),
        "old_closed_other": ticket(personas, team=other, status="closed", days_ago=400),
        "old_solved": ticket(personas, team=t, status="solved", days_ago=200),
        "new_solved": ticket(personas, team=t, status="solved", days_ago=10),
        "old_open": ticket(personas, team=t, status="open", days_ago=500),
    }


def rule(personas, **fields) -> RetentionRule:
    fields.setdefault("basis", RetentionBasis.STATUS)
    return do_save_retention_rule(actor=personas.admin, **fields)


def test_the_dry_run_counts_what_the_job_then_deletes_and_anonymises(
    personas, tickets, data_dir, django_capture_on_commit_callbacks
):
    rule(
        personas,
        status=RetentionStatus.CLOSED,
        age_days=365,
        action=RetentionAction.DELETE,
        team=personas.team,
    )
    rule(personas, status=RetentionStatus.SOLVED, age_days=90, action=RetentionAction.ANONYMISE)
    # Overlaps the delete rule: a ticket both would take is deleted, counted once.
    rule(personas, status=RetentionStatus.CLOSED, age_days=30, action=RetentionAction.ANONYMISE)
    files = [a.file.path for a in Attachment.objects.all()]

    preview = retention.preview(NOW)
    assert (preview.delete, preview.anonymise) == (1, 2)
    assert [count for _rule, count in preview.per_rule] == [2, 1, 1]

    with django_capture_on_commit_callbacks(execute=True):
        done = apply_retention(now=NOW, batch=1)
    assert done == {"delete": preview.delete, "anonymise": preview.anonymise}
    assert not Ticket.objects.filter(pk=tickets["old_closed"].pk).exists()
    for name in ("old_closed_other", "old_solved"):
        kept = Ticket.objects.get(pk=tickets[name].pk)
        assert kept.subject == ERASED and kept.status in ("closed", "solved")
        assert {m.body for m in kept.messages.all()} == {ERASED}
    for name in ("new_solved", "old_open"):
        assert Ticket.objects.get(pk=tickets[name].pk).subject == "Old order"
    survivors = {a.file.path for a in Attachment.objects.all()}
    assert len(survivors) == 2
    assert [os.path.exists(path) for path in files].count(True) == 2
    # Nothing is left to do: a second run (another worker, the next hour) changes nothing.
    assert retention.preview(NOW).delete == retention.preview(NOW).anonymise == 0
    assert apply_retention_rules.call() == {"delete": 0, "anonymise": 0}
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"privacy.retention_delete", "privacy.retention_anonymise"} <= actions


def test_age_counted_from_the_last_update(personas, tickets):
    rule(
        personas,
        status=RetentionStatus.SOLVED,
        age_days=100,
        basis=RetentionBasis.UPDATED,
        action=RetentionAction.DELETE,
    )
    assert retention.preview(NOW).delete == 1  # old_solved, updated 200 days ago
    assert retention.preview(NOW + timedelta(days=100)).delete == 2


def test_the_settings_page_lists_rules_with_their_dry_run(personas, tickets):
    admin = staff_client(personas.admin)
    created = admin.post(
        reverse("privacy:retention-new"),
        {"status": "closed", "age_days": "365", "basis": "status", "team": "", "action": "delete"},
    )
    assert created.status_code == 302
    page = admin.get(reverse("privacy:retention-list")).content.decode()
    assert "2 tickets would be deleted" in page
    saved = RetentionRule.objects.get()
    edit = reverse("privacy:retention-edit", args=[saved.pk])
    changed = admin.post(
        edit, {"status": "closed", "age_days": "0", "basis": "status", "action": "delete"}
    )
    assert changed.status_code == 422
    assert admin.post(reverse("privacy:retention-delete", args=[saved.pk])).status_code == 302
    assert not RetentionRule.objects.exists()


def test_outsiders_cannot_see_or_change_retention_rules(personas, client):
    saved = rule(personas, status="closed", age_days=30, action="delete")
    urls = [
        reverse("privacy:retention-list"),
        reverse("privacy:retention-new"),
        reverse("privacy:retention-edit", args=[saved.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302
    for user in (personas.manager, personas.agent):
        for url in urls:
            assert staff_client(user).get(url).status_code == 404
        delete = reverse("privacy:retention-delete", args=[saved.pk])
        assert staff_client(user).post(delete).status_code == 404
    assert RetentionRule.objects.filter(pk=saved.pk).exists()
    missing = reverse("privacy:retention-edit", args=[999999])
    assert staff_client(personas.admin).get(missing).status_code == 404
