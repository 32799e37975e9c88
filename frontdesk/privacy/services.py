"""The write path of privacy: erasing a customer, retention rules and applying them."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.accounts.models import Team, User
from frontdesk.audit.services import do_record_audit
from frontdesk.core.errors import Conflict, Forbidden, Invalid
from frontdesk.customers.models import Customer, CustomerToken
from frontdesk.inbox.models import InboundEmail
from frontdesk.privacy import erasure, retention
from frontdesk.privacy.choices import RetentionAction, RetentionBasis, RetentionStatus
from frontdesk.privacy.models import ErasedCustomer, RetentionRule
from frontdesk.tickets.models import Message, Ticket

MAX_AGE_DAYS = 36500


def require_admin(actor: object) -> User:
    if not isinstance(actor, User) or not actor.is_active or not actor.is_admin:
        raise Forbidden(_("Only administrators can do this."))
    return actor


def erased_name(customer_id: int) -> str:
    return f"Erased customer #{customer_id}"


@transaction.atomic
def do_erase_customer(*, actor: User, customer: Customer, confirm: str) -> Customer:
    """Anonymise one person everywhere, keeping the numbers (SECURITY.md 50).

    `confirm` must repeat her email address (or `#<id>` when she has none), so an
    erasure is never one click away.
    """
    require_admin(actor)
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    if ErasedCustomer.objects.filter(customer=customer).exists():
        raise Conflict(_("This customer was already erased."))
    expected = (customer.email or f"#{customer.pk}").strip().lower()
    if confirm.strip().lower() != expected:
        raise Invalid(_("Type the customer's email address exactly to confirm."), field="confirm")
    now = timezone.now()
    address = customer.email or ""
    ticket_ids = list(Ticket.objects.filter(customer=customer).values_list("pk", flat=True))
    files = erasure.erase_tickets(ticket_ids, now=now)
    # Her messages on tickets of others (copied on a thread): only her words go.
    elsewhere = Q(author_customer=customer) & ~Q(ticket_id__in=ticket_ids)
    touched = list(Message.objects.filter(elsewhere).values_list("ticket_id", flat=True))
    files += erasure.erase_messages(elsewhere)
    erasure.reindex_tickets(sorted(set(touched)))
    if address:
        InboundEmail.objects.filter(
            Q(from_address__iexact=address) | Q(recipients__icontains=address)
        ).delete()
    CustomerToken.objects.filter(customer=customer).delete()
    customer.portal_sign_in_links.all().delete()  # the portal sits above privacy
    sessions = erasure.end_portal_sessions(customer.pk)
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Customer), object_id=str(customer.pk)
    ).update(object_repr=erased_name(customer.pk), change_message="")
    customer.name = erased_name(customer.pk)
    customer.email = f"erased-{secrets.token_hex(8)}@invalid"
    customer.phone = ""
    customer.notes = ""
    customer.time_zone = ""
    customer.organization = None
    customer.vip = False
    customer.email_bounced_at = None
    customer.email_bounce_reason = ""
    customer.save()
    ErasedCustomer.objects.create(customer=customer, erased_at=now, erased_by=actor)
    erasure.delete_files_on_commit(files)
    erasure.delete_paths_on_commit(erasure.outbox_files_naming(address))
    do_record_audit(
        action="privacy.customer_erased",
        actor=actor,
        target=customer,
        after={
            "tickets": len(ticket_ids),
            "messages_elsewhere": len(touched),
            "attachments": len(files),
            "portal_sessions": sessions,
        },
    )
    return customer


def _clean_rule(
    *, status: str, age_days: int, basis: str, action: str
) -> tuple[str, int, str, str]:
    if status not in RetentionStatus.values:
        raise Invalid(_("Choose solved or closed."), field="status")
    if basis not in RetentionBasis.values:
        raise Invalid(_("Choose how the age is counted."), field="basis")
    if action not in RetentionAction.values:
        raise Invalid(_("Choose anonymise or delete."), field="action")
    if not 1 <= age_days <= MAX_AGE_DAYS:
        raise Invalid(
            _("The age must be between 1 and %(max)s days.") % {"max": MAX_AGE_DAYS},
            field="age_days",
        )
    return status, age_days, basis, action


@transaction.atomic
def do_save_retention_rule(
    *,
    actor: User,
    rule: RetentionRule | None = None,
    status: str,
    age_days: int,
    basis: str = RetentionBasis.STATUS,
    team: Team | None = None,
    action: str,
) -> RetentionRule:
    """Create a rule (rule=None) or change one."""
    require_admin(actor)
    status, age_days, basis, action = _clean_rule(
        status=status, age_days=age_days, basis=basis, action=action
    )
    before = None if rule is None else _rule_data(rule)
    rule = rule or RetentionRule()
    rule.status, rule.age_days, rule.basis, rule.team, rule.action = (
        status,
        age_days,
        basis,
        team,
        action,
    )
    rule.updated_at = timezone.now()
    rule.save()
    do_record_audit(
        action="privacy.retention_rule_saved",
        actor=actor,
        target=rule,
        before=before,
        after=_rule_data(rule),
    )
    return rule


@transaction.atomic
def do_delete_retention_rule(*, actor: User, rule: RetentionRule) -> None:
    require_admin(actor)
    do_record_audit(
        action="privacy.retention_rule_deleted",
        actor=actor,
        target=rule,
        before=_rule_data(rule),
    )
    rule.delete()


def _rule_data(rule: RetentionRule) -> dict[str, object]:
    return {
        "status": rule.status,
        "age_days": rule.age_days,
        "basis": rule.basis,
        "team_id": rule.team_id,
        "action": rule.action,
    }


RETENTION_BATCH = 200
RETENTION_MAX_BATCHES = 50  # per run; the next run goes on


@transaction.atomic
def do_apply_retention_batch(*, action: str, now: datetime, limit: int = RETENTION_BATCH) -> int:
    """Delete or anonymise the next batch of tickets the retention rules pick (0: done)."""
    tickets = retention.pending(now)[action]
    ids = list(tickets.order_by("pk").select_for_update().values_list("pk", flat=True)[:limit])
    if not ids:
        return 0
    if action == RetentionAction.DELETE:
        files = erasure.delete_tickets(ids)
    else:
        files = erasure.erase_tickets(ids, now=now)
    erasure.delete_files_on_commit(files)
    do_record_audit(
        action=f"privacy.retention_{action}",
        after={"tickets": len(ids), "ticket_ids": ids},
    )
    return len(ids)


def apply_retention(
    *,
    now: datetime | None = None,
    batch: int = RETENTION_BATCH,
    max_batches: int = RETENTION_MAX_BATCHES,
) -> dict[str, int]:
    """Apply every retention rule in batches (one transaction each): deletions first."""
    now = now or timezone.now()
    done = {RetentionAction.DELETE.value: 0, RetentionAction.ANONYMISE.value: 0}
    batches = 0
    for action in (RetentionAction.DELETE, RetentionAction.ANONYMISE):
        while batches < max_batches:
            count = do_apply_retention_batch(action=action, now=now, limit=batch)
            batches += 1
            done[action.value] += count
            if count < batch:
                break
    return done
