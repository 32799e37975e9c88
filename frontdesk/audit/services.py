"""The one write path of the audit log: `do_record_audit`.

The audit app sits below accounts and customers, so it names actors and targets by
their model label ("accounts.User", "customers.Customer") rather than importing them.
Customers are recorded by id only (no name or email), so erasing a customer leaves no
personal data here; their contact changes are recorded masked (`j***@example.com`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.http import HttpRequest

from frontdesk.audit.middleware import current_request
from frontdesk.audit.models import ActorKind, AuditEntry
from frontdesk.audit.sanitize import neutralize, neutralize_data
from frontdesk.core.net import client_ip

CUSTOMER_MODEL = "customers.Customer"
# Models whose rows are people outside staff: recorded by id, never by name.
PSEUDONYMOUS_MODELS = {CUSTOMER_MODEL, "customers.Organization"}
MAX_USER_AGENT = 300


@dataclass(frozen=True)
class Actor:
    kind: str
    id: int | None = None
    label: str = ""


@dataclass(frozen=True)
class Target:
    type: str
    id: str = ""
    label: str = ""


SYSTEM = Actor(ActorKind.SYSTEM, None, "system")
ANONYMOUS = Actor(ActorKind.ANONYMOUS, None, "")


def actor_of(obj: object) -> Actor:
    """An Actor for a staff user or customer object (or an Actor / None as given)."""
    if isinstance(obj, Actor):
        return obj
    if not isinstance(obj, models.Model) or obj.pk is None:
        return ANONYMOUS
    label = obj._meta.label
    if label == settings.AUTH_USER_MODEL:
        return Actor(ActorKind.STAFF, obj.pk, getattr(obj, "username", "") or str(obj.pk))
    if label == CUSTOMER_MODEL:
        return Actor(ActorKind.CUSTOMER, obj.pk, f"customer #{obj.pk}")
    return Actor(ActorKind.SYSTEM, None, label)


def actor_from_request(request: HttpRequest | None) -> Actor:
    if request is None:
        return SYSTEM
    auth = getattr(request, "auth", None)  # the API's token owner
    if auth is not None:
        return actor_of(auth)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return actor_of(user)
    return ANONYMOUS


def target_of(obj: object) -> Target | None:
    if obj is None or isinstance(obj, Target):
        return obj
    if isinstance(obj, models.Model):
        label = obj._meta.label
        personal = label in PSEUDONYMOUS_MODELS
        name = "" if personal else str(getattr(obj, "username", "") or obj)
        return Target(label, str(obj.pk or ""), name)
    return Target(type(obj).__name__, "", str(obj))


def mask_email(value: str) -> str:
    """`jane@example.com` -> `j***@example.com` (enough to recognise, not to contact)."""
    local, at, domain = (value or "").partition("@")
    if not at:
        return value[:1] + "***" if value else ""
    return f"{local[:1]}***@{domain}"


def changes(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose value changed, as (before, after)."""
    keys = [key for key in after if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in keys}, {key: after.get(key) for key in keys}


@transaction.atomic
def do_record_audit(
    *,
    action: str,
    actor: object = None,
    request: HttpRequest | None = None,
    target: object = None,
    before: Any = None,
    after: Any = None,
    ip: str | None = None,
    user_agent: str | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Append one entry. The actor, IP and user agent come from `request` unless given;
    every string is neutralized against log injection (sanitize.py)."""
    if request is None:
        request = current_request()  # the request being served, if any (middleware.py)
    who = actor_of(actor) if actor is not None else actor_from_request(request)
    what = target_of(target)
    if request is not None:
        ip = ip if ip is not None else client_ip(request)
        user_agent = user_agent if user_agent is not None else request.headers.get("User-Agent", "")
    entry = AuditEntry(
        action=neutralize(action, limit=64),
        actor_kind=who.kind,
        actor_id=who.id,
        actor_label=neutralize(who.label, limit=200),
        target_type=neutralize(what.type, limit=64) if what else "",
        target_id=neutralize(what.id, limit=64) if what else "",
        target_label=neutralize(what.label, limit=200) if what else "",
        ip=neutralize(ip or "", limit=45),
        user_agent=neutralize(user_agent or "", limit=MAX_USER_AGENT),
        before=neutralize_data(before),
        after=neutralize_data(after),
    )
    if at is not None:
        entry.at = at
    entry.save()
    return entry


def record_refusal(request: HttpRequest, message: str = "") -> None:
    """A 403 (or a 404 for lacking a role) on a page or API route: `access.denied`."""
    do_record_audit(
        action="access.denied",
        request=request,
        after={"method": request.method or "", "path": request.path, "reason": message},
    )


def record_hidden(*, actor: object, target_type: str, target_id: object) -> None:
    """A staff member asked for an object that exists but is hidden from them (answered
    404, a possible IDOR attempt): `access.denied` with the target's type and id only."""
    request = current_request()
    after = {"reason": "not visible"}
    if request is not None:
        after |= {"method": request.method or "", "path": request.path}
    do_record_audit(
        action="access.denied",
        actor=actor,
        request=request,
        target=Target(target_type, str(target_id)),
        after=after,
    )


def mask_phone(value: str) -> str:
    """`+371 2012 3456` -> `***456`."""
    digits = [ch for ch in value or "" if ch.isdigit()]
    return "***" + "".join(digits[-3:]) if digits else ""


def contact_changes(
    old: Mapping[str, str], new: Mapping[str, str]
) -> tuple[dict[str, str], dict[str, str]]:
    """The changed contact details of a customer, masked (`email`, `phone`, …)."""
    mask = {"email": mask_email, "phone": mask_phone}
    keys = [key for key in new if (old.get(key) or "") != (new.get(key) or "")]

    def masked(values: Mapping[str, str], key: str) -> str:
        return mask.get(key, mask_phone)(values.get(key) or "")

    return {key: masked(old, key) for key in keys}, {key: masked(new, key) for key in keys}
