"""The write path of SLA policies (S1–S3): create, change, order, delete.

Managers and administrators only. The first active policy (by position) whose conditions
all match a ticket is its policy (`sla.services.matching_policy`). A changed policy
applies to targets started or rescheduled from then on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from frontdesk.accounts.models import Branch, Team
from frontdesk.audit.services import changes as audit_changes
from frontdesk.audit.services import do_record_audit
from frontdesk.core.errors import Conflict, Invalid
from frontdesk.core.text import one_line
from frontdesk.customers.models import Organization
from frontdesk.sla.calendar_services import require_manager
from frontdesk.sla.choices import BreachNotify
from frontdesk.sla.models import BusinessCalendar, SlaPolicy
from frontdesk.tickets.choices import Channel, Priority, TicketType

MAX_NAME = 120
MAX_POSITION = 1_000_000
MAX_MINUTES = 366 * 24 * 60  # a year
MAX_LIVE_SECONDS = 24 * 60 * 60
POSITION_STEP = 10

# field -> (model, label) of the references a policy may hold
REFERENCES: dict[str, type[Any]] = {
    "organization": Organization,
    "branch": Branch,
    "calendar": BusinessCalendar,
    "on_breach_reassign_to_team": Team,
}
CHOICES: dict[str, Any] = {
    "priority": Priority,
    "channel": Channel,
    "ticket_type": TicketType,
}
MINUTES = ("first_response_minutes", "next_response_minutes", "resolution_minutes")
SECONDS = ("chat_greeting_seconds", "phone_hold_seconds")
FLAGS = ("active", "business_hours", "pause_on_hold", "on_breach_raise_priority")
POLICY_FIELDS = (
    "name",
    "position",
    *FLAGS,
    *CHOICES,
    *(f"{name}_id" for name in REFERENCES),
    *MINUTES,
    *SECONDS,
    "warn_at_percent",
    "on_breach_notify",
)


def _number(name: str, value: object, low: int, high: int, *, optional: bool) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Invalid(
            _("Use a whole number from %(low)d to %(high)d.") % {"low": low, "high": high},
            field=name,
        )
    return value


def _clean(values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(POLICY_FIELDS)
    if unknown:
        raise TypeError(f"not policy fields: {sorted(unknown)}")
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        if name == "name":
            value = one_line(str(value or ""), MAX_NAME).strip()
            if not value:
                raise Invalid(_("Give the policy a name."), field="name")
        elif name == "position":
            value = _number(name, value, 0, MAX_POSITION, optional=False)
        elif name in FLAGS:
            if not isinstance(value, bool):
                raise Invalid(_("Choose yes or no."), field=name)
        elif name in CHOICES:
            value = value or ""
            if value and value not in CHOICES[name].values:
                raise Invalid(_("Choose one of the listed values."), field=name)
        elif name.endswith("_id"):
            model = REFERENCES[name.removesuffix("_id")]
            if value is not None and not model.objects.filter(pk=value).exists():
                raise Invalid(
                    _("There is no such %(thing)s.") % {"thing": model._meta.verbose_name},
                    field=name,
                )
        elif name in MINUTES:
            value = _number(name, value, 0, MAX_MINUTES, optional=True)
        elif name in SECONDS:
            value = _number(name, value, 0, MAX_LIVE_SECONDS, optional=True)
        elif name == "warn_at_percent":
            value = _number(name, value, 0, 99, optional=False)
        elif name == "on_breach_notify" and value not in BreachNotify.values:
            raise Invalid(_("Choose one of the listed values."), field=name)
        cleaned[name] = value
    return cleaned


@transaction.atomic
def do_create_policy(*, actor: object, name: str, **values: Any) -> SlaPolicy:
    """A new policy; fields not given keep the model's defaults. Without a position it
    goes last."""
    require_manager(actor)
    cleaned = _clean({"name": name, **values})
    if "position" not in cleaned:
        last = SlaPolicy.objects.order_by("-position").values_list("position", flat=True).first()
        cleaned["position"] = min((last or 0) + POSITION_STEP, MAX_POSITION)
    return SlaPolicy.objects.create(**cleaned)


@transaction.atomic
def do_update_policy(*, actor: object, policy: SlaPolicy, changes: Mapping[str, Any]) -> SlaPolicy:
    """Change the given fields (any of POLICY_FIELDS)."""
    require_manager(actor)
    cleaned = _clean(changes)
    policy = SlaPolicy.objects.select_for_update().get(pk=policy.pk)
    old = {name: getattr(policy, name) for name in cleaned}
    for name, value in cleaned.items():
        setattr(policy, name, value)
    policy.save()
    before, after = audit_changes(old, cleaned)
    if after:
        do_record_audit(
            action="settings.sla_policy_changed",
            actor=actor,
            target=policy,
            before=before,
            after=after,
        )
    return policy


@transaction.atomic
def do_move_policy(*, actor: object, policy: SlaPolicy, up: bool) -> SlaPolicy:
    """Swap the policy with its neighbour above (`up`) or below; renumbers 10, 20, 30…"""
    require_manager(actor)
    ordered = list(SlaPolicy.objects.select_for_update().order_by("position", "pk"))
    index = [each.pk for each in ordered].index(policy.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    moved = policy
    for number, each in enumerate(ordered, start=1):
        if each.position != number * POSITION_STEP:
            each.position = number * POSITION_STEP
            each.save(update_fields=["position"])
        if each.pk == policy.pk:
            moved = each
    return moved


@transaction.atomic
def do_delete_policy(*, actor: object, policy: SlaPolicy) -> None:
    """Delete a policy that never timed a ticket; otherwise switch it off instead."""
    require_manager(actor)
    try:
        with transaction.atomic():
            policy.delete()
    except ProtectedError:
        raise Conflict(
            _("Tickets have targets from this policy: switch it off instead of deleting it.")
        ) from None
