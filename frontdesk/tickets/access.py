"""The one read path for tickets on someone's behalf (X1). Foreign objects are 404."""

from __future__ import annotations

import operator
from functools import reduce
from typing import TypeAlias

from django.db.models import Q, QuerySet
from django.http import Http404

from frontdesk.accounts.models import Team, User, Workspace
from frontdesk.accounts.visibility import (
    is_branch_restricted,
    may_see_sensitive,
    restricted_branch_ids,
    restricted_team_ids,
)
from frontdesk.audit.services import record_hidden
from frontdesk.customers.models import Customer
from frontdesk.tickets.choices import MessageKind
from frontdesk.tickets.models import Attachment, Macro, Message, Ticket, TicketEvent

Actor: TypeAlias = User | Customer


def is_staff(actor: Actor) -> bool:
    return isinstance(actor, User)


def ticket_scopes(actor: Actor) -> list[Q]:
    """The visibility rule as alternatives: the actor sees a ticket matching any of them.

    Each alternative can walk an index on its own, so a list sorted by a column can be
    read one alternative at a time (see `queries.ticket_list_page`) instead of sorting
    every visible row. An empty list means nothing is visible; `[Q()]` means everything.

    Staff see by role (managers, administrators, or the workspace's "agents see all
    tickets") or by team and collaboration; then two narrowings (accounts/visibility.py),
    neither of which hides a ticket from its assignee:

    - a branch-restricted member sees only tickets of their branches. A ticket's branches
      are its own (`Ticket.branch`, the shop it is about) and its team's (`Team.branch`,
      who handles it): either one in the member's branches is enough. A ticket with
      neither is hidden from them;
    - a sensitive ticket is hidden from roles the workspace does not name.

    Both are conditions on the ticket's own columns against subqueries that do not
    depend on the row, so the alternatives stay index walks: no per-row Python and no
    query of their own (the workspace row is read once per request).
    """
    if isinstance(actor, Customer):
        return [Q(customer=actor)]
    if not actor.is_active:
        return []
    mine = Q(assignee=actor)
    workspace = None if actor.is_admin else Workspace.current()
    if actor.sees_all_tickets or (workspace is not None and workspace.agents_see_all_tickets):
        scopes = [Q()]
    else:
        team_ids = Team.members.through.objects.filter(user_id=actor.pk).values("team_id")
        collaborating = Ticket.collaborators.through.objects.filter(user_id=actor.pk)
        scopes = [Q(team_id__in=team_ids), Q(pk__in=collaborating.values("ticket_id"))]
    if is_branch_restricted(actor):
        if scopes == [Q()]:  # one index walk each: the ticket's branch, its team's branch
            scopes = branch_scopes(actor)
        else:
            in_branches = reduce(operator.or_, branch_scopes(actor))
            scopes = [scope & in_branches for scope in scopes]
    if workspace is not None and not may_see_sensitive(actor, workspace):
        scopes = [scope & Q(sensitive=False) for scope in scopes]
    if scopes == [Q()]:
        return scopes
    return [scopes[0], mine, *scopes[1:]]


def branch_scopes(user: User) -> list[Q]:
    """A branch-restricted member's branches, as conditions on a ticket: its own branch
    is one of them, or its team's is (see `ticket_scopes`). Assignment is not included."""
    return [
        Q(branch_id__in=restricted_branch_ids(user)),
        Q(team_id__in=restricted_team_ids(user)),
    ]


def narrowing(user: User) -> Q | None:
    """The two narrowings of `ticket_scopes` alone (branches, sensitive), without the team
    rule: for what is addressed to the user by name, such as deadline alerts to a team
    lead. None when neither applies to the user."""
    conditions = []
    if is_branch_restricted(user):
        conditions.append(reduce(operator.or_, branch_scopes(user)))
    if not may_see_sensitive(user):
        conditions.append(Q(sensitive=False))
    if not conditions:
        return None
    return reduce(operator.and_, conditions) | Q(assignee=user)


def tickets_for_actor(actor: Actor) -> QuerySet[Ticket]:
    """Every ticket the actor may see: the base of every list and every fetch."""
    return tickets_and_scopes_for_actor(actor)[0]


def tickets_and_scopes_for_actor(actor: Actor) -> tuple[QuerySet[Ticket], list[Q]]:
    """`tickets_for_actor` and the `ticket_scopes` it is made of (for `keyset_page`)."""
    scopes = ticket_scopes(actor)
    if not scopes:
        return Ticket.objects.none(), []
    return Ticket.objects.filter(reduce(operator.or_, scopes)), scopes


def access_ticket(actor: Actor, ticket_id: int) -> Ticket:
    try:
        return (
            tickets_for_actor(actor)
            .select_related(
                "customer", "customer__organization", "team", "assignee", "branch", "brand"
            )
            .get(pk=ticket_id)
        )
    except Ticket.DoesNotExist:
        _refuse_if_hidden(actor, Ticket.objects.filter(pk=ticket_id), "tickets.Ticket", ticket_id)
        raise Http404("No such ticket") from None
    except (ValueError, TypeError, OverflowError):
        raise Http404("No such ticket") from None


def _refuse_if_hidden(actor: Actor, exists: QuerySet, target_type: str, target_id: int) -> None:
    """After a failed visible lookup: a staff member asking for an object that exists is
    a refusal (`access.denied`, SECURITY.md 54); an id that does not exist is not."""
    if isinstance(actor, User) and actor.is_active and exists.exists():
        record_hidden(actor=actor, target_type=target_type, target_id=target_id)


def messages_for_actor(actor: Actor, ticket: Ticket) -> QuerySet[Message]:
    """The ticket's messages; customers never see internal notes."""
    messages = ticket.messages.select_related("author_user", "author_customer")
    if not is_staff(actor):
        messages = messages.exclude(kind=MessageKind.NOTE)
    return messages.prefetch_related("attachments").order_by("created_at", "pk")


def events_for_actor(actor: Actor, ticket: Ticket) -> QuerySet[TicketEvent]:
    if not is_staff(actor):
        return TicketEvent.objects.none()
    return ticket.events.select_related("actor_user", "actor_customer").order_by("created_at", "pk")


def access_attachment(actor: Actor, attachment_id: int) -> Attachment:
    """An attachment, only when its message's ticket is visible and the note is allowed."""
    visible = tickets_for_actor(actor).values("pk")
    attachments = Attachment.objects.filter(message__ticket_id__in=visible)
    if not is_staff(actor):
        attachments = attachments.exclude(message__kind=MessageKind.NOTE)
    try:
        return attachments.select_related("message").get(pk=attachment_id)
    except Attachment.DoesNotExist:
        exists = Attachment.objects.filter(pk=attachment_id)
        _refuse_if_hidden(actor, exists, "tickets.Attachment", attachment_id)
        raise Http404("No such attachment") from None
    except (ValueError, TypeError, OverflowError):
        raise Http404("No such attachment") from None


def macros_for_actor(actor: Actor) -> QuerySet[Macro]:
    if not isinstance(actor, User):
        return Macro.objects.none()
    macros = Macro.objects.filter(active=True)
    if actor.sees_all_tickets:
        return macros
    team_ids = Team.members.through.objects.filter(user_id=actor.pk).values("team_id")
    return macros.filter(Q(team__isnull=True) | Q(team_id__in=team_ids))


def access_macro(actor: Actor, macro_id: int) -> Macro:
    try:
        return macros_for_actor(actor).get(pk=macro_id)
    except (Macro.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("No such macro") from None
