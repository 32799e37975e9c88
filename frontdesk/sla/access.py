"""The read path of the SLA app on someone's behalf: foreign objects are 404."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from frontdesk.accounts.models import User
from frontdesk.sla.models import DeadlineAlert, SlaTarget
from frontdesk.tickets.access import Actor, narrowing, tickets_for_actor
from frontdesk.tickets.models import Ticket


def visible_alerts(user: User, alerts: QuerySet[DeadlineAlert]) -> QuerySet[DeadlineAlert]:
    """Leave out alerts about tickets hidden from the user by a branch restriction or the
    sensitive mark (`tickets.access.narrowing`): the sweep alerts managers and team leads
    without asking. One primary-key check per alert, nothing for someone neither applies to.
    """
    condition = narrowing(user)
    if condition is None:
        return alerts
    tickets = Ticket.objects.filter(condition, pk=OuterRef("target__ticket_id"))
    return alerts.filter(Exists(tickets))


def alerts_for_user(user: User) -> QuerySet[DeadlineAlert]:
    """The user's own deadline alerts, newest first; nobody sees anyone else's, nor an
    alert about a ticket a branch restriction or the sensitive mark hides from them."""
    alerts = DeadlineAlert.objects.filter(recipient=user).select_related("target")
    return visible_alerts(user, alerts).order_by("-created_at", "-pk")


def unread_alert_count(user: User) -> int:
    """One COUNT on the partial index of unread alerts (`visible_alerts` of them)."""
    unread = DeadlineAlert.objects.filter(recipient=user, read_at__isnull=True)
    return visible_alerts(user, unread).count()


def access_alert(user: Actor, alert_id: int) -> DeadlineAlert:
    if not isinstance(user, User):
        raise Http404("No such alert")
    try:
        return alerts_for_user(user).get(pk=alert_id)
    except (DeadlineAlert.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("No such alert") from None


def targets_for_actor(actor: Actor) -> QuerySet[SlaTarget]:
    """Targets of the tickets the actor may see; staff only (customers see no timers)."""
    if not isinstance(actor, User):
        return SlaTarget.objects.none()
    return SlaTarget.objects.filter(ticket_id__in=tickets_for_actor(actor).values("pk"))


def access_target(actor: Actor, target_id: int) -> SlaTarget:
    try:
        return targets_for_actor(actor).select_related("ticket").get(pk=target_id)
    except (SlaTarget.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("No such SLA target") from None
