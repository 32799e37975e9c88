"""Read queries of the staff inbox: views (tabs), filters, search, order and pages.

Everything starts from `tickets_for_actor`, so a filter or a search can only narrow
what the user may see. The order of "by deadline" is written once, in `deadline_order`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import (
    Case,
    DateTimeField,
    F,
    IntegerField,
    Max,
    Min,
    OrderBy,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontdesk.accounts.models import Branch, Team, User
from frontdesk.tickets.access import tickets_for_actor
from frontdesk.tickets.choices import ACTIVE_STATUSES, PRIORITY_RANK, Channel, Priority, Status
from frontdesk.tickets.models import Tag, Ticket
from frontdesk.tickets.search import scope_for, search_ticket_ids

PAGE_SIZE = 50
MAX_PAGE = 200  # deep offsets get slow; filters and search are the way further
COUNT_CAP = 10_000  # the total is counted exactly up to here, then shown as "10,000+"
SEARCH_LIMIT = 200  # matching tickets considered for a keyword search (see search/)
MAX_FILTER_OPTIONS = 300
TAG_SUGGESTIONS = 20
REFERENCE_LENGTH = Ticket._meta.get_field("reference").max_length or 16

VIEWS = {
    "mine": _("Mine"),
    "unassigned": _("Unassigned"),
    "teams": _("My teams"),
    "all": _("All"),
    "escalated": _("Escalated"),
}
SORTS = {
    "deadline": _("Deadline"),
    "priority": _("Priority"),
    "oldest": _("Oldest first"),
    "newest": _("Newest first"),
    "updated": _("Recently updated"),
}
STATUS_GROUPS = {"active": _("Active (not solved)"), "any": _("Any status")}


@dataclass(frozen=True)
class InboxFilters:
    view: str = "mine"
    q: str = ""
    status: str = ""
    priority: str = ""
    channel: str = ""
    team: int | None = None
    tag: str = ""
    branch: int | None = None
    language: str = ""
    sort: str = "deadline"
    page: int = 1

    def querystring(self, **changes: object) -> str:
        """This state as a query string (defaults left out), with `changes` applied."""
        state = replace(self, **changes)  # type: ignore[arg-type]
        params = {
            name: value
            for name, value in vars(state).items()
            if value not in ("", None) and value != getattr(InboxFilters, name, None)
        }
        return urlencode(params)


def default_view(user: User) -> str:
    return "all" if user.is_manager else "mine"


def _int(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 < number < 2**31 else None


def _choice(value: str | None, allowed: Mapping[str, object] | list[str], default: str) -> str:
    return value if value and value in allowed else default


def parse_filters(params: Mapping[str, str], user: User) -> InboxFilters:
    """Read the filters from a query string; anything unknown falls back to a default."""
    languages = [code for code, _name in settings.LANGUAGES]
    return InboxFilters(
        view=_choice(params.get("view"), VIEWS, default_view(user)),
        q=(params.get("q") or "").strip()[:200],
        status=_choice(params.get("status"), [*STATUS_GROUPS, *Status.values], ""),
        priority=_choice(params.get("priority"), Priority.values, ""),
        channel=_choice(params.get("channel"), Channel.values, ""),
        team=_int(params.get("team")),
        tag=(params.get("tag") or "").strip()[:50],
        branch=_int(params.get("branch")),
        language=_choice(params.get("language"), languages, ""),
        sort=_choice(params.get("sort"), SORTS, "deadline"),
        page=min(_int(params.get("page")) or 1, MAX_PAGE),
    )


def tickets_for_view(user: User, view: str) -> QuerySet[Ticket]:
    """One inbox tab: always a subset of what the user may see."""
    visible = tickets_for_actor(user).filter(merged_into__isnull=True)
    active = visible.filter(status__in=ACTIVE_STATUSES)
    if view == "mine":
        return active.filter(assignee=user)
    if view == "unassigned":
        return active.filter(assignee__isnull=True)
    if view == "teams":
        team_ids = Team.members.through.objects.filter(user_id=user.pk).values("team_id")
        return active.filter(team_id__in=team_ids)
    if view == "escalated":
        return visible.filter(escalated_at__isnull=False)
    return visible


def _apply_filters(tickets: QuerySet[Ticket], filters: InboxFilters) -> QuerySet[Ticket]:
    if filters.status == "active":
        tickets = tickets.filter(status__in=ACTIVE_STATUSES)
    elif filters.status and filters.status != "any":
        tickets = tickets.filter(status=filters.status)
    if filters.priority:
        tickets = tickets.filter(priority=filters.priority)
    if filters.channel:
        tickets = tickets.filter(channel=filters.channel)
    if filters.team:
        tickets = tickets.filter(team_id=filters.team)
    if filters.branch:
        tickets = tickets.filter(branch_id=filters.branch)
    if filters.language:
        tickets = tickets.filter(language=filters.language)
    if filters.tag:
        tickets = tickets.filter(tags__name=filters.tag)
    return tickets


def priority_rank() -> Case:
    """0 for urgent … 3 for low, as a database expression."""
    return Case(
        *(When(priority=value, then=Value(rank)) for value, rank in PRIORITY_RANK.items()),
        default=Value(len(PRIORITY_RANK)),
        output_field=IntegerField(),
    )


def sla_due_at() -> Subquery | Value:
    """The earliest due time of the ticket's outstanding SLA targets, as an expression.

    The sla app sits above tickets and declares the reverse relation `sla_targets`;
    it is looked up at run time, so tickets never imports sla. A target with a due time
    and no `achieved_at` is running or breached-but-unanswered (paused ones have none).
    """
    try:
        target = Ticket._meta.get_field("sla_targets").related_model
    except FieldDoesNotExist:  # the sla app is not installed
        return Value(None, output_field=DateTimeField())
    assert not isinstance(target, str)
    due = target._default_manager.filter(
        ticket=OuterRef("pk"), due_at__isnull=False, achieved_at__isnull=True
    ).order_by("due_at")
    return Subquery(due.values("due_at")[:1], output_field=DateTimeField())


def deadline_order() -> list[OrderBy | F]:
    """The one definition of "most due first": the earliest SLA due time (tickets
    without one last), then priority, then the longest-waiting ticket.

    Needs the `sla_due_at` and `priority_rank` annotations (see `_order`).
    """
    return [
        F("sla_due_at").asc(nulls_last=True),
        F("priority_rank").asc(),
        F("created_at").asc(),
    ]


def _order(tickets: QuerySet[Ticket], sort: str, user: User) -> QuerySet[Ticket]:
    tickets = tickets.annotate(priority_rank=priority_rank())
    orders: list[OrderBy | F] = []
    if user.is_manager and sort in ("deadline", "priority"):
        # Managers see escalated conversations first (T4).
        orders.append(F("escalated_at").desc(nulls_last=True))
    if sort == "deadline":
        tickets = tickets.annotate(sla_due_at=sla_due_at())
        orders += deadline_order()
    elif sort == "priority":
        orders += [F("priority_rank").asc(), F("updated_at").desc()]
    elif sort == "oldest":
        orders.append(F("created_at").asc())
    elif sort == "newest":
        orders.append(F("created_at").desc())
    else:
        orders.append(F("updated_at").desc())
    orders.append(F("pk").asc())  # a stable order across pages
    return tickets.order_by(*orders)


# The columns the inbox list shows (see views/inbox_rows.py). Loading only these keeps
# the page cheap; a template that reads another column would cost a query per row,
# which the inbox's query-budget test catches.
LIST_FIELDS = (
    "reference",
    "subject",
    "status",
    "priority",
    "escalated_at",
    "escalation_reason",
    "created_at",
    "updated_at",
    "customer__name",
    "customer__email",
    "team__name",
    "assignee__first_name",
    "assignee__last_name",
    "assignee__username",
)


@dataclass(frozen=True)
class Due:
    """A ticket's next SLA deadline: the earliest due time of its outstanding targets,
    and whether one of them has reached its warning time."""

    at: datetime
    warned: bool = False


@dataclass
class InboxPage:
    filters: InboxFilters
    tickets: list[Ticket]
    has_previous: bool
    has_next: bool
    search_capped: bool = False
    first_number: int = 0
    tag_names: dict[int, list[str]] = field(default_factory=dict)
    due: dict[int, Due] = field(default_factory=dict)
    # Tickets in this view with these filters, up to COUNT_CAP (None: more than one page,
    # counted by a request of its own after the page is shown: `inbox_total`).
    total: int | None = 0
    total_capped: bool = False  # there are more than `total`


def _searched_ids(user: User, tickets: QuerySet[Ticket], q: str) -> tuple[list[int], bool]:
    """Visible tickets matching the words, and the one whose reference is `q` exactly.

    The reference is looked up with `=` on its unique index (references are upper
    case), on its own, so it never turns the page query into a scan.
    """
    ids = search_ticket_ids(
        q,
        visible=tickets,
        include_internal=True,
        scope=scope_for(user),
        limit=SEARCH_LIMIT,
        windowed=True,  # staff: their matches are mostly visible
    )
    reference = q.strip().upper()
    if 0 < len(reference) <= REFERENCE_LENGTH and " " not in reference:
        ids.extend(tickets.filter(reference=reference).values_list("pk", flat=True))
    return ids, len(ids) >= SEARCH_LIMIT


def _tag_names(ticket_ids: list[int]) -> dict[int, list[str]]:
    """Tag names per ticket in one query (no Tag objects to build)."""
    names: dict[int, list[str]] = {}
    links = Ticket.tags.through.objects.filter(ticket_id__in=ticket_ids)
    for ticket_id, name in links.order_by("tag__name").values_list("ticket_id", "tag__name"):
        names.setdefault(ticket_id, []).append(name)
    return names


def _due_times(ticket_ids: list[int], now: datetime) -> dict[int, Due]:
    """The next deadline of each ticket, in one query by ticket id (the page's rows
    only, whatever the sort): the same targets `sla_due_at` orders by. "Warned" comes
    back as a number, not a time: each datetime costs ~10 µs to read on SQLite."""
    try:
        target = Ticket._meta.get_field("sla_targets").related_model
    except FieldDoesNotExist:  # the sla app is not installed
        return {}
    assert not isinstance(target, str)
    if not ticket_ids:
        return {}
    outstanding = (
        target._default_manager.filter(
            ticket_id__in=ticket_ids, due_at__isnull=False, achieved_at__isnull=True
        )
        .order_by()
        .values("ticket_id")
        .annotate(
            at=Min("due_at"),
            warned=Max(Case(When(warn_at__lte=now, then=Value(1)), default=Value(0))),
        )
    )
    return {
        ticket_id: Due(at=at, warned=bool(warned))
        for ticket_id, at, warned in outstanding.values_list("ticket_id", "at", "warned")
    }


def _count(tickets: QuerySet[Ticket]) -> tuple[int, bool]:
    """How many tickets, exactly up to `COUNT_CAP`: a capped count reads at most
    COUNT_CAP + 1 rows, so it stays bounded at a million tickets (docs/performance.md)."""
    total = tickets.order_by()[: COUNT_CAP + 1].count()
    return min(total, COUNT_CAP), total > COUNT_CAP


def inbox_page(user: User, filters: InboxFilters, now: datetime | None = None) -> InboxPage:
    """One page of the inbox: a bounded number of queries whatever the table size."""
    tickets = _apply_filters(tickets_for_view(user, filters.view), filters)
    capped = False
    if filters.q:
        ids, capped = _searched_ids(user, tickets, filters.q)
        tickets = tickets.filter(pk__in=ids)
    offset = (filters.page - 1) * PAGE_SIZE
    rows = list(
        _order(tickets, filters.sort, user)
        .select_related("customer", "team", "assignee")
        .only(*LIST_FIELDS)[offset : offset + PAGE_SIZE + 1]
    )
    shown = rows[:PAGE_SIZE]
    ids = [t.pk for t in shown]
    total: int | None
    if len(rows) <= PAGE_SIZE and (shown or filters.page == 1):
        # The last page: the total is known without counting (most "Mine" lists, and
        # the views where a count would scan for the few matching tickets).
        total, total_capped = offset + len(shown), False
    elif filters.q:
        total, total_capped = _count(tickets)  # at most the search's few hundred ids
    else:
        # Counting can read a whole index at a million tickets (an agent's "Unassigned":
        # ~330 ms on SQLite): the page does not wait for it (`inbox_total`).
        total, total_capped = None, False
    return InboxPage(
        filters=filters,
        tickets=shown,
        has_previous=filters.page > 1,
        has_next=len(rows) > PAGE_SIZE and filters.page < MAX_PAGE,
        search_capped=capped,
        first_number=offset + 1,
        tag_names=_tag_names(ids),
        due=_due_times(ids, now or timezone.now()),
        total=total,
        total_capped=total_capped or capped,
    )


def inbox_total(user: User, filters: InboxFilters) -> tuple[int, bool]:
    """The total of a view with its filters, up to COUNT_CAP (the inbox asks for it
    after showing a page that has a next one)."""
    return _count(_apply_filters(tickets_for_view(user, filters.view), filters))


def filter_options(user: User) -> dict[str, object]:
    """Choices for the filter bar, as (pk, name) pairs (small, bounded lists). Tags
    are typed with suggestions instead (`tag_suggestions`): a shop has hundreds."""
    return {
        "teams": list(Team.objects.order_by("name").values_list("pk", "name")[:MAX_FILTER_OPTIONS]),
        "branches": list(
            Branch.objects.order_by("name").values_list("pk", "name")[:MAX_FILTER_OPTIONS]
        ),
    }


def tag_suggestions(typed: str) -> list[str]:
    """Up to `TAG_SUGGESTIONS` tag names containing `typed`, those starting with it
    first; nothing for an empty text. Two small index reads at most."""
    typed = typed.strip()[:50]
    if not typed:
        return []
    names = list(
        Tag.objects.filter(name__istartswith=typed)
        .order_by("name")
        .values_list("name", flat=True)[:TAG_SUGGESTIONS]
    )
    if len(names) < TAG_SUGGESTIONS:
        names += (
            Tag.objects.filter(name__icontains=typed)
            .exclude(name__in=names)
            .order_by("name")
            .values_list("name", flat=True)[: TAG_SUGGESTIONS - len(names)]
        )
    return names
