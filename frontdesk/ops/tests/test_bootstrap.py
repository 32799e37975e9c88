"""The first start creates the administrator and the welcome ticket exactly once."""

from __future__ import annotations

import pytest

from frontdesk.accounts.models import User
from frontdesk.ops.bootstrap import SYSTEM_CUSTOMER_EMAIL, do_first_start
from frontdesk.tickets.choices import AckState, Status
from frontdesk.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def test_it_creates_the_administrator_and_a_welcome_ticket_once():
    first = do_first_start()
    assert first is not None
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.role == "admin"
    assert admin.check_password(first.password)
    ticket = Ticket.objects.get()
    assert ticket == first.welcome_ticket
    assert ticket.customer.email == SYSTEM_CUSTOMER_EMAIL
    assert ticket.ack_state == AckState.NONE and ticket.assignee == admin
    assert ticket.status == Status.OPEN and "first steps" in ticket.subject

    assert do_first_start() is None
    assert User.objects.count() == 1 and Ticket.objects.count() == 1


def test_it_does_nothing_when_an_administrator_already_exists(personas):
    assert do_first_start() is None
    assert not Ticket.objects.exists()
