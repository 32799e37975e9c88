"""The first start: the administrator and a welcome ticket, created exactly once."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from frontdesk.accounts.choices import Role
from frontdesk.accounts.models import User
from frontdesk.accounts.services import do_create_staff_user, generate_password
from frontdesk.core.errors import Conflict
from frontdesk.customers.services import do_get_or_create_customer
from frontdesk.tickets.choices import Channel, TicketType
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.services import do_create_ticket

ADMIN_USERNAME = "admin"
SYSTEM_CUSTOMER_EMAIL = "welcome@frontdesk.invalid"


@dataclass(frozen=True)
class FirstStart:
    """What the operator must see once: the administrator's name and password.

    The first administrator is the only account whose password anyone else sees: it is
    generated here and printed once by `frontdesk serve` on the operator's own console,
    because there is nobody yet to invite them. Everyone after is invited and chooses
    their own (accounts/invitations.py); the welcome ticket asks to change this one."""

    username: str
    password: str
    welcome_ticket: Ticket


def has_administrator() -> bool:
    return User.objects.filter(Q(is_superuser=True) | Q(role=Role.ADMIN)).exists()


def do_first_start() -> FirstStart | None:
    """Create the administrator and the welcome ticket when no administrator exists yet.

    Returns None on every later start. Safe when two processes start at once: the
    unique username decides, the loser returns None.
    """
    if has_administrator():
        return None
    password = generate_password()
    try:
        with transaction.atomic():
            if has_administrator():
                return None
            admin = do_create_staff_user(
                username=ADMIN_USERNAME,
                role=Role.ADMIN,
                password=password,
                first_name=_("Administrator"),
            )
            ticket = _create_welcome_ticket(admin)
    except (Conflict, IntegrityError):
        return None
    return FirstStart(username=admin.username, password=password, welcome_ticket=ticket)


def _create_welcome_ticket(admin: User) -> Ticket:
    system = do_get_or_create_customer(email=SYSTEM_CUSTOMER_EMAIL, name="Frontdesk")
    body = _(
        "Welcome to Frontdesk!\n\n"
        "This ticket is here so the inbox is not empty. A few first steps:\n\n"
        "1. Change the administrator password: click your name at the top right "
        "(Your account). Set up two-factor sign-in there too.\n"
        "2. Set the business name, default language and support email in "
        "Workspace settings.\n"
        "3. Add your branches and teams, then invite your agents in Settings → Members "
        "(each gets an emailed link and chooses their own password).\n"
        "4. Connect a mailbox or send a test request to see a ticket arrive.\n"
        "5. Create an API token with `frontdesk token create %(username)s`.\n\n"
        "When you are done, solve this ticket."
    ) % {"username": admin.username}
    return do_create_ticket(
        actor=None,
        customer=system,
        subject=_("Welcome to Frontdesk: your first steps"),
        body=body,
        channel=Channel.API,
        type=TicketType.QUESTION,
        assignee=admin,
        tags=["welcome"],
        acknowledge=False,
    )
