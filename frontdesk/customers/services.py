"""The one write path for customers and organizations (U1)."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.accounts.models import User, hash_token
from frontdesk.audit.services import contact_changes, do_record_audit
from frontdesk.core.errors import Conflict, Forbidden, Invalid
from frontdesk.core.text import one_line
from frontdesk.customers.models import Customer, CustomerToken, Organization
from frontdesk.customers.notices import email_changed_notice
from frontdesk.customers.queries import sees_every_ticket

UNSET: Any = object()


def normalize_email(email: str) -> str:
    email = one_line(email, 254).strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise Invalid(
            _("%(email)r is not a valid email address.") % {"email": email}, field="email"
        ) from None
    return email


def _language(code: str) -> str:
    code = (code or "").strip().lower()
    if code and code not in {c for c, _n in settings.LANGUAGES}:
        raise Invalid(_("Unsupported language %(code)r.") % {"code": code}, field="language")
    return code


def _time_zone(name: str) -> str:
    from zoneinfo import available_timezones

    name = (name or "").strip()
    if name and name not in available_timezones():
        raise Invalid(_("Unknown time zone %(tz)r.") % {"tz": name}, field="time_zone")
    return name


def find_customer_by_email(email: str) -> Customer | None:
    # LOWER(email) = ? uses the unique expression index; email__iexact (LIKE) scans the table.
    return by_email(email).first()


def by_email(email: str) -> QuerySet[Customer]:
    return Customer.objects.annotate(email_lower=Lower("email")).filter(
        email_lower=email.strip().lower()
    )


def do_create_customer(
    *,
    email: str | None = None,
    name: str = "",
    phone: str = "",
    language: str = "",
    time_zone: str = "",
    organization: Organization | None = None,
    notes: str = "",
) -> Customer:
    clean_email = normalize_email(email) if email else None
    # The unique index on lower(email) decides (no look-up first: one query, and no race).
    if not clean_email and not phone and not name:
        raise Invalid(_("A customer needs at least a name, an email or a phone number."))
    try:
        with transaction.atomic():
            return Customer.objects.create(
                email=clean_email,
                name=one_line(name, 200),
                phone=one_line(phone, 40),
                language=_language(language),
                time_zone=_time_zone(time_zone),
                organization=organization,
                notes=notes,
            )
    except IntegrityError:
        raise Conflict(_("A customer with this email already exists."), field="email") from None


def do_get_or_create_customer(
    *, email: str, name: str = "", language: str = "", known_absent: bool = False
) -> Customer:
    """The customer with this address, created when new (safe under concurrency).

    `known_absent`: the caller has just looked the address up and found nobody.
    """
    clean_email = normalize_email(email)
    existing = None if known_absent else find_customer_by_email(clean_email)
    if existing:
        return existing
    try:
        return do_create_customer(email=clean_email, name=name, language=language)
    except Conflict:
        found = find_customer_by_email(clean_email)
        assert found is not None
        return found


@transaction.atomic
def do_update_customer(
    *,
    actor: User | None,
    customer: Customer,
    email: str | None = UNSET,
    name: str = UNSET,
    phone: str = UNSET,
    language: str = UNSET,
    time_zone: str = UNSET,
    organization: Organization | None = UNSET,
    notes: str = UNSET,
) -> Customer:
    """Change the fields given. `actor` is the staff member, None for the system itself.

    The email is the customer's sign-in address: whoever controls it can read all her
    requests in the help center. So a staff member may change it only when they already
    see every ticket of hers (managers and admins always; an agent only when all her
    tickets are in reach) — otherwise an agent could read another team's tickets by
    pointing the address at his own mailbox. A change also ends what the old address
    opened: see `_sign_in_address_changed`.
    """
    old_contact = {"email": customer.email or "", "phone": customer.phone}
    if email is not UNSET:
        clean_email = normalize_email(email) if email else None
        if clean_email != (customer.email.lower() if customer.email else None):
            if actor is not None and not sees_every_ticket(actor, customer):
                raise Forbidden(
                    _(
                        "You cannot change this email address: it signs the customer in to the "
                        "help center, and some of their requests are hidden from you. "
                        "Ask a manager."
                    ),
                    field="email",
                )
            if clean_email and by_email(clean_email).exclude(pk=customer.pk).exists():
                raise Conflict(_("A customer with this email already exists."), field="email")
            old_email, customer.email = customer.email, clean_email
            _sign_in_address_changed(customer, old_email=old_email)
    if name is not UNSET:
        customer.name = one_line(name, 200)
    if phone is not UNSET:
        customer.phone = one_line(phone, 40)
    if language is not UNSET:
        customer.language = _language(language)
    if time_zone is not UNSET:
        customer.time_zone = _time_zone(time_zone)
    if organization is not UNSET:
        customer.organization = organization
    if notes is not UNSET:
        customer.notes = notes
    customer.save()
    before, after = contact_changes(
        old_contact, {"email": customer.email or "", "phone": customer.phone}
    )
    if after:  # masked: the audit log keeps no customer's address
        do_record_audit(
            action="customer.contact_changed",
            actor=actor,
            target=customer,
            before=before,
            after=after,
        )
    return customer


def _sign_in_address_changed(customer: Customer, *, old_email: str | None) -> None:
    """End everything the old address opened, and tell the old address.

    Portal sessions and unused sign-in links carry the customer's `sign_in_version`, so
    raising it signs every session out on its next request and voids the links; the
    customer's API tokens are revoked. The notice goes to the old address after commit.
    `customer.email` already holds the new address.
    """
    current = Customer.objects.select_for_update().values_list("sign_in_version", flat=True)
    customer.sign_in_version = current.get(pk=customer.pk) + 1  # saved by the caller
    revoked = CustomerToken.objects.filter(customer=customer, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if revoked:
        do_record_audit(
            action="token.revoked", target=customer, after={"tokens": revoked, "reason": "email"}
        )
    if old_email:
        notice = email_changed_notice(customer, old_email=old_email)
        transaction.on_commit(notice.send)


@transaction.atomic
def do_create_organization(*, name: str, domain: str = "", notes: str = "") -> Organization:
    name = one_line(name, 200)
    if not name:
        raise Invalid(_("The name is required."), field="name")
    if Organization.objects.filter(name__iexact=name).exists():
        raise Conflict(_("An organization with this name already exists."), field="name")
    return Organization.objects.create(name=name, domain=one_line(domain, 200).lower(), notes=notes)


@transaction.atomic
def do_update_organization(
    *, organization: Organization, name: str = UNSET, domain: str = UNSET, notes: str = UNSET
) -> Organization:
    if name is not UNSET:
        name = one_line(name, 200)
        if not name:
            raise Invalid(_("The name is required."), field="name")
        if Organization.objects.filter(name__iexact=name).exclude(pk=organization.pk).exists():
            raise Conflict(_("An organization with this name already exists."), field="name")
        organization.name = name
    if domain is not UNSET:
        organization.domain = one_line(domain, 200).lower()
    if notes is not UNSET:
        organization.notes = notes
    organization.save()
    return organization


@transaction.atomic
def do_create_customer_token(*, customer: Customer, name: str = "") -> str:
    """Create a token acting as this customer; returns the raw token, shown once."""
    raw = CustomerToken.PREFIX + secrets.token_urlsafe(32)
    CustomerToken.objects.create(customer=customer, name=name, token_hash=hash_token(raw))
    return raw


def do_mark_email_bouncing(*, email: str, reason: str, now: datetime | None = None) -> int:
    """Remember that mail to this address bounces (shown on the customer and ticket)."""
    now = now or timezone.now()
    return by_email(email).update(email_bounced_at=now, email_bounce_reason=one_line(reason, 300))


def do_clear_email_bounce(*, customer: Customer) -> None:
    """The customer wrote to us from the address: it works again."""
    if customer.email_bounced_at is not None:
        Customer.objects.filter(pk=customer.pk).update(
            email_bounced_at=None, email_bounce_reason=""
        )
        customer.email_bounced_at = None
        customer.email_bounce_reason = ""
