"""The first start: the administrator and a welcome ticket, created exactly once, and
the default calendar and SLA policies named, all in the installation's language."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from frontdesk.accounts.choices import Role
from frontdesk.accounts.models import User, Workspace
from frontdesk.accounts.services import do_create_staff_user, generate_password
from frontdesk.core.errors import Conflict
from frontdesk.customers.services import do_get_or_create_customer
from frontdesk.sla.defaults import do_name_defaults
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
    unique username decides, the loser returns None. Written in the workspace's default
    language (Workspace.default_language), as are the default calendar's and SLA
    policies' names (sla/defaults.py).
    """
    if has_administrator():
        return None
    password = generate_password()
    language = Workspace.current(fresh=True).default_language
    try:
        with transaction.atomic(), translation.override(language):
            if has_administrator():
                return None
            do_name_defaults(language=language)
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


def welcome_links() -> dict[str, str]:
    """The pages the welcome ticket names (tests GET each as the administrator)."""
    return {
        "account": reverse("accounts:account"),
        "business": reverse("accounts:workspace-edit"),
        "teams": reverse("accounts:team-list"),
        "members": reverse("accounts:member-list"),
        "mailboxes": reverse("inbox:mailbox-list"),
        "hours": reverse("sla_settings:calendar-list"),
        "solving": reverse("resolution:settings"),
        "help_center": reverse("portal:home"),
    }


def welcome_text(username: str) -> str:
    return _(
        "Welcome to Frontdesk!\n\n"
        "This ticket is here so the inbox is not empty. A few first steps:\n\n"
        "1. Change the administrator password and turn on two-factor sign-in: click your "
        "name at the top right (Your account, %(account)s).\n"
        "2. Fill in your business profile: the business name, address, opening hours, "
        "support email and phone, and the default language. Customers see them on the "
        "help center and in our emails. Settings → Business profile (%(business)s).\n"
        "3. Create your teams in Settings → Teams (%(teams)s), then invite your agents in "
        "Settings → Members (%(members)s): each gets an emailed link and chooses their "
        "own password.\n"
        "4. Set your working hours in Settings → Business hours (%(hours)s), so deadlines "
        "and follow-ups count only the time you are open, and check the solve checklist "
        "in Settings → Solving (%(solving)s).\n"
        "5. Connect a mailbox in Settings → Mailboxes (%(mailboxes)s), or send a test "
        "request from your help center (%(help_center)s), to see a ticket arrive.\n"
        "6. Create an API token with `frontdesk token create %(username)s`.\n\n"
        "When you are done, solve this ticket."
    ) % {"username": username, **welcome_links()}


def _create_welcome_ticket(admin: User) -> Ticket:
    system = do_get_or_create_customer(email=SYSTEM_CUSTOMER_EMAIL, name="Frontdesk")
    body = welcome_text(admin.username)
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
