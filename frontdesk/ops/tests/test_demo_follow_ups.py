"""The demo shows per-ticket follow-ups: some solved tickets have one planned, some had it
sent (its "did it work?" message in the conversation), and the workspace default stays off."""

from __future__ import annotations

import pytest
from django.utils import timezone

from frontdesk.ops.demo import load_demo
from frontdesk.resolution.models import ResolutionSettings, SolvedTicket, SolveRecord
from frontdesk.tickets.choices import AuthorType, EventKind, MessageKind

pytestmark = pytest.mark.django_db


def test_the_demo_has_follow_ups_planned_and_sent():
    now = timezone.now()
    load_demo(tickets=300, customers=40, now=now)
    assert ResolutionSettings.current().follow_up_days == 0
    planned = SolvedTicket.objects.filter(follow_up_at__gt=now, follow_up_sent_at__isnull=True)
    sent = SolvedTicket.objects.filter(follow_up_sent_at__isnull=False)
    assert planned.exists() and sent.exists()
    for row in sent.select_related("ticket"):
        message = row.ticket.messages.get(author_type=AuthorType.SYSTEM)
        assert message.kind == MessageKind.REPLY and message.created_at == row.follow_up_sent_at
        assert row.ticket.events.filter(kind=EventKind.MESSAGE, new_value=str(message.pk)).exists()
        assert SolveRecord.objects.get(ticket=row.ticket).follow_up_on is not None
    assert SolveRecord.objects.filter(follow_up_on__isnull=True).exists()  # not every one
