"""The read path of the SLA app on someone's behalf: foreign objects are 404."""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404

from frontdesk.accounts.models import User
from frontdesk.sla.choices import TargetState
from frontdesk.sla.models import DeadlineAlert, SlaTarget
from frontdesk.tickets.access import Actor, narrowing, tickets_for_actor
from frontdesk.tickets.choices import ACTIVE_STATUSES
from frontdesk.tickets.models import Ticket


def visible_alerts(user: User, alerts: QuerySet[DeadlineAlert]) -> QuerySet[DeadlineAlert]:
    """Leave out alerts about tickets hidden from the user by a branch restriction or the
    sensitive mark (`tickets.access.narrowing`): the sweep alerts managers and team leads
    without asking. One primary-key check per alert, nothing for someone neither applies to.
    """
    condition = narrowing(user)
    if condition is None:
        return alerts
    # An action plan's alert has no target: its ticket is `plan_ticket`.
    ticket_id = Coalesce(OuterRef("target__ticket_id"), OuterRef("plan_ticket_id"))
    tickets = Ticket.objects.filter(condition, pk=ticket_id)
    return alerts.filter(Exists(tickets))


def alerts_for_user(user: User) -> QuerySet[DeadlineAlert]:
    """The user's own deadline alerts, newest first; nobody sees anyone else's, nor an
    alert about a ticket a branch restriction or the sensitive mark hides from them."""
    alerts = DeadlineAlert.objects.filter(recipient=user).select_related("target", "plan_ticket")
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


def tickets_needing_attention(user: User) -> QuerySet[Ticket] | None:
    """The open tickets that are escalated or missed a deadline, for those who answer for
    them: managers and administrators see everyone's (as far as `tickets_for_actor` lets
    them: a branch restriction or the sensitive mark still hides a ticket), a team lead
    those of the teams they lead. None for everyone else (their own alerts are enough).
    Escalated first, then the oldest."""
    if not user.is_active:
        return None
    visible = tickets_for_actor(user).filter(status__in=ACTIVE_STATUSES)
    if not user.is_manager:
        led = list(user.led_teams.values_list("pk", flat=True))
        if not led:
            return None
        visible = visible.filter(team_id__in=led)
    breached = SlaTarget.objects.filter(ticket_id=OuterRef("pk"), state=TargetState.BREACHED)
    return (
        visible.annotate(breached=Exists(breached))
        .filter(Q(escalated_at__isnull=False) | Q(breached=True))
        .select_related("team", "assignee")
        .order_by(F("escalated_at").asc(nulls_last=True), "created_at", "pk")
    )
