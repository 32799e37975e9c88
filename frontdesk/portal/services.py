"""The one write path of the portal: web requests and customer sign-in links.

Tickets and messages are still written only by tickets.services; this module adds
what belongs to the portal itself (the request form's customer, the sign-in link).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from frontdesk.accounts.models import Workspace, hash_token
from frontdesk.core.errors import Invalid
from frontdesk.core.text import one_line
from frontdesk.customers.models import Customer
from frontdesk.customers.notices import customer_language
from frontdesk.customers.services import do_get_or_create_customer, find_customer_by_email
from frontdesk.portal.models import SignInLink
from frontdesk.tickets.choices import Channel
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.services import NewAttachment, do_create_ticket

LINK_LIFETIME = timedelta(minutes=30)


@transaction.atomic
def do_submit_request(
    *,
    name: str,
    email: str,
    subject: str,
    message: str,
    attachments: Sequence[NewAttachment] = (),
    language: str = "",
) -> Ticket:
    """A request from the help center form: the customer (created when new) and a ticket.

    `language` is the help center's interface language: only a hint, used when the
    message's own language cannot be told (do_create_ticket). An existing customer's
    profile is never changed from this public form, except that a customer without a
    language gets the ticket's. The acknowledgement is enqueued by do_create_ticket when
    the transaction commits.
    """
    name = one_line(name, 200)
    if not name:
        raise Invalid(_("Please tell us your name."), field="name")
    customer = do_get_or_create_customer(email=email, name=name)
    return do_create_ticket(
        actor=customer,
        customer=customer,
        subject=subject,
        body=message,
        channel=Channel.WEB,
        attachments=attachments,
        language_hint=language,
    )


@transaction.atomic
def do_request_sign_in_link(*, email: str, base_url: str, now: datetime | None = None) -> None:
    """Email a single-use sign-in link when a customer has this address; else nothing.

    The caller answers the same way in both cases, so the page reveals no address.
    """
    now = now or timezone.now()
    customer = find_customer_by_email(one_line(email, 254).lower())
    if customer is None or not customer.email:
        return
    raw = secrets.token_urlsafe(32)  # 256 bits
    SignInLink.objects.create(
        customer=customer,
        token_hash=hash_token(raw),
        created_at=now,
        expires_at=now + LINK_LIFETIME,
        customer_version=customer.sign_in_version,
    )
    url = base_url.rstrip("/") + reverse("portal:sign-in-link", args=[raw])
    mail = _sign_in_mail(customer, url)
    transaction.on_commit(mail.send)


def _sign_in_mail(customer: Customer, url: str) -> EmailMultiAlternatives:
    workspace = Workspace.current()
    with translation.override(customer_language(customer)):
        context = {
            "customer_name": customer.display_name,
            "workspace": workspace,
            "url": url,
            "minutes": int(LINK_LIFETIME.total_seconds() // 60),
        }
        subject = one_line(_("Your sign-in link for %(business)s") % {"business": workspace.name})
        text = render_to_string("portal/emails/sign_in_body.txt", context).strip() + "\n"
    return EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=workspace.support_email or settings.DEFAULT_FROM_EMAIL,
        to=[customer.email or ""],
        headers={"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"},
    )


def find_usable_link(raw_token: str, *, now: datetime | None = None) -> SignInLink | None:
    """The link for this token if it can still be used. Reading never consumes it."""
    now = now or timezone.now()
    link = (
        SignInLink.objects.select_related("customer")
        .filter(token_hash=hash_token(raw_token))
        .first()
    )
    return link if link is not None and link.is_usable(now) else None


@transaction.atomic
def do_redeem_sign_in_link(*, raw_token: str, now: datetime | None = None) -> SignInLink:
    """Use the link once: a concurrent second use finds it already used.

    A link sent before the customer's sign-in address changed is refused; the session
    it starts carries `link.customer_version`, so a change racing this sign-in still
    signs the new session out on its next request.
    """
    now = now or timezone.now()
    token_hash = hash_token(raw_token)
    claimed = SignInLink.objects.filter(
        token_hash=token_hash, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    link = SignInLink.objects.select_related("customer").filter(token_hash=token_hash).first()
    if not claimed or link is None or not link.is_current():
        raise Invalid(_("This sign-in link has expired or was already used."), field="token")
    # Signing in retires the customer's other outstanding links.
    SignInLink.objects.filter(customer=link.customer, used_at__isnull=True).update(used_at=now)
    return link
