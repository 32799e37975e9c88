"""The staff inbox: tabs, filters, search, pages, bulk actions. One view, page or fragment."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from frontdesk.accounts.decorators import staff_required
from frontdesk.accounts.models import User
from frontdesk.core.errors import ServiceError
from frontdesk.tickets import hooks
from frontdesk.tickets.access import access_ticket
from frontdesk.tickets.choices import Channel, Priority, Status
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.queries import (
    SORTS,
    STATUS_GROUPS,
    VIEWS,
    InboxFilters,
    InboxPage,
    filter_options,
    inbox_page,
    inbox_total,
    parse_filters,
)
from frontdesk.tickets.services import do_merge_tickets, do_update_ticket
from frontdesk.tickets.views.inbox_rows import agent_options, inbox_rows

BULK_MAX = 100


class BulkForm(forms.Form):
    ACTIONS = [
        ("assign_me", gettext_lazy("Assign to me")),
        ("assign", gettext_lazy("Assign to…")),
        ("status", gettext_lazy("Set status")),
        ("tag", gettext_lazy("Add tag")),
        ("merge", gettext_lazy("Merge into the oldest")),
    ]

    action = forms.ChoiceField(label=gettext_lazy("Action"), choices=ACTIONS)
    agent = forms.ModelChoiceField(
        label=gettext_lazy("Agent"),
        queryset=User.objects.filter(is_active=True).order_by("first_name", "username"),
        required=False,
    )
    STATUSES = [("", "—"), *[(v, lbl) for v, lbl in Status.choices if v != Status.NEW]]

    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=STATUSES, required=False)
    tag = forms.CharField(label=gettext_lazy("Tag"), max_length=50, required=False)
    handoff_note = forms.CharField(
        label=gettext_lazy("Hand-off note"),
        max_length=2000,
        required=False,
        help_text=gettext_lazy("Needed when a ticket moves away from another agent."),
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        action = data.get("action")
        if action == "assign" and not data.get("agent"):
            self.add_error("agent", _("Choose the agent to assign."))
        if action == "status" and not data.get("status"):
            self.add_error("status", _("Choose the new status."))
        if action == "tag" and not (data.get("tag") or "").strip():
            self.add_error("tag", _("Type the tag to add."))
        return data


def selected_ids(values: Iterable[str]) -> list[int]:
    """The ticket ids ticked in the list: numbers only, no repeats, bounded."""
    ids: list[int] = []
    for value in values:
        if value.isdigit() and len(value) < 12 and int(value) not in ids:
            ids.append(int(value))
    return ids[:BULK_MAX]


@dataclass
class BulkOutcome:
    done: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    missing: int = 0


def _fetch(user: User, ids: Sequence[int], outcome: BulkOutcome) -> list[Ticket]:
    """Every ticket through the read path: what the user may not see is simply missing."""
    tickets = []
    for ticket_id in ids:
        try:
            tickets.append(access_ticket(user, ticket_id))
        except Http404:
            outcome.missing += 1
    return tickets


def _needs_handoff(tickets: Sequence[Ticket], target: User) -> list[Ticket]:
    return [t for t in tickets if t.assignee_id is not None and t.assignee_id != target.pk]


def _run_one(
    user: User, ticket: Ticket, data: dict, outcome: BulkOutcome, solved_with: object = None
) -> None:
    """One ticket's change is its own transaction: a refusal leaves the others alone."""
    action = data["action"]
    solver = hooks.solver()
    try:
        if action in ("assign", "assign_me"):
            agent = user if action == "assign_me" else data["agent"]
            do_update_ticket(
                actor=user, ticket=ticket, assignee=agent, handoff_note=data["handoff_note"]
            )
        elif action == "status" and data["status"] == Status.SOLVED and solver is not None:
            # Solving goes through the solve checklist (T7), answered once in the bar.
            solver.solve(actor=user, ticket=ticket, answers=solved_with)
        elif action == "status":
            do_update_ticket(actor=user, ticket=ticket, status=data["status"])
        elif action == "tag":
            names = [tag.name for tag in ticket.tags.all()]
            do_update_ticket(actor=user, ticket=ticket, tags=[*names, data["tag"]])
    except ServiceError as error:
        outcome.failed.append((ticket.reference, error.message))
    else:
        outcome.done.append(ticket.reference)


def _merge(user: User, tickets: list[Ticket], outcome: BulkOutcome) -> None:
    tickets.sort(key=lambda t: (t.created_at, t.pk))
    target, sources = tickets[0], tickets[1:]
    for source in sources:
        try:
            do_merge_tickets(actor=user, target=target, sources=[source])
        except ServiceError as error:
            outcome.failed.append((source.reference, error.message))
        else:
            outcome.done.append(source.reference)


def _report(request: HttpRequest, outcome: BulkOutcome, action: str) -> None:
    if outcome.done:
        refs = ", ".join(outcome.done)
        if action == "merge":
            text = ngettext(
                "%(count)d ticket merged into the oldest: %(refs)s",
                "%(count)d tickets merged into the oldest: %(refs)s",
                len(outcome.done),
            )
        else:
            text = ngettext(
                "%(count)d ticket updated: %(refs)s",
                "%(count)d tickets updated: %(refs)s",
                len(outcome.done),
            )
        messages.success(request, text % {"count": len(outcome.done), "refs": refs})
    for reference, reason in outcome.failed:
        messages.error(
            request,
            _("%(ref)s was not changed: %(reason)s") % {"ref": reference, "reason": reason},
        )
    if outcome.missing:
        text = ngettext(
            "%(count)d selected ticket was not found; nothing was changed for it.",
            "%(count)d selected tickets were not found; nothing was changed for them.",
            outcome.missing,
        )
        messages.error(request, text % {"count": outcome.missing})


def _bulk(request: HttpRequest, user: User, filters: InboxFilters) -> HttpResponse:
    ids = selected_ids(request.POST.getlist("ticket"))
    form = BulkForm(request.POST)
    if not ids:
        form.add_error(None, _("Select at least one ticket first."))
    if not form.is_valid():
        return _render(request, user, filters, bulk_form=form, selected=ids, status=422)
    data = form.cleaned_data
    outcome = BulkOutcome()
    tickets = _fetch(user, ids, outcome)
    action = data["action"]
    if action == "merge" and len(tickets) < 2:
        form.add_error("action", _("Select at least two tickets of the same customer to merge."))
        return _render(request, user, filters, bulk_form=form, selected=ids, status=422)
    if action in ("assign", "assign_me") and not data["handoff_note"].strip():
        agent = user if action == "assign_me" else data["agent"]
        moving = _needs_handoff(tickets, agent)
        if moving:
            form.add_error(
                "handoff_note",
                ngettext(
                    "%(count)d selected ticket is already assigned to someone else: "
                    "write a hand-off note so the customer never has to explain twice.",
                    "%(count)d selected tickets are already assigned to someone else: "
                    "write a hand-off note so the customer never has to explain twice.",
                    len(moving),
                )
                % {"count": len(moving)},
            )
            return _render(request, user, filters, bulk_form=form, selected=ids, status=422)
    solved_with = None
    solver = hooks.solver()
    if action == "status" and data["status"] == Status.SOLVED and solver is not None:
        try:
            solved_with = solver.read_answers(request.POST)
        except ServiceError as error:
            form.add_error("status", error.message)
            return _render(request, user, filters, bulk_form=form, selected=ids, status=422)
    if action == "merge":
        _merge(user, tickets, outcome)
    else:
        for ticket in tickets:
            _run_one(user, ticket, data, outcome, solved_with)
    _report(request, outcome, action)
    return HttpResponseRedirect(request.get_full_path())


def _bulk_context(form: BulkForm) -> dict[str, object]:
    """The bulk bar's choices as plain (value, label) pairs: the template loops over them
    instead of rendering a widget template per <option> (one per active staff user)."""
    values = {name: str(form[name].value() or "") for name in ("action", "agent", "status")}
    return {
        "bulk_form": form,
        "bulk_actions": [(value, str(label)) for value, label in BulkForm.ACTIONS],
        "bulk_statuses": [(value, str(label)) for value, label in BulkForm.STATUSES],
        "agent_options": agent_options(values["agent"]),
        "bulk_values": values,
    }


def total_text(page: InboxPage) -> str:
    """ "1,234 tickets" in the view with its filters; "10,000+ tickets" above the cap;
    "" while the total is still being counted (`inbox_count`)."""
    return _total_words(page.total, page.total_capped) if page.total is not None else ""


def _total_words(total: int, capped: bool) -> str:
    count = number_format(total, force_grouping=True)
    if capped:
        return _("%(count)s+ tickets") % {"count": count}
    return ngettext("%(count)s ticket", "%(count)s tickets", total) % {"count": count}


@staff_required
@require_http_methods(["GET"])
def inbox_count(request: HttpRequest) -> HttpResponse:
    """The total of a view that runs past one page, fetched by the page once shown."""
    user = request.user
    assert isinstance(user, User)
    total, capped = inbox_total(user, parse_filters(request.GET, user))
    text = _total_words(total, capped)
    return render(request, "tickets/partials/inbox_total.html", {"total_text": text})


def _render(
    request: HttpRequest,
    user: User,
    filters: InboxFilters,
    *,
    bulk_form: BulkForm | None = None,
    selected: Sequence[int] = (),
    status: int = 200,
) -> HttpResponse:
    now = timezone.now()
    page = inbox_page(user, filters, now)
    context: dict[str, object] = {
        "page": page,
        "rows": inbox_rows(page.tickets, page.tag_names, now, page.due),
        "total_text": total_text(page),
        "count_qs": filters.querystring(),
        "filters": filters,
        "selected": set(selected),
        "previous_qs": filters.querystring(page=filters.page - 1),
        "next_qs": filters.querystring(page=filters.page + 1),
        "last_number": page.first_number + len(page.tickets) - 1,
    }
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        template = "tickets/inbox_list.html"
    else:
        template = "tickets/inbox.html"
        context.update(filter_options(user))
        context.update(
            {
                "views": list(VIEWS.items()),
                "sorts": list(SORTS.items()),
                "status_choices": [*STATUS_GROUPS.items(), *Status.choices],
                "priority_choices": Priority.choices,
                "channel_choices": Channel.choices,
            }
        )
        context.update(_bulk_context(bulk_form or BulkForm()))
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@staff_required
@require_http_methods(["GET", "POST"])
def inbox(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    filters = parse_filters(request.GET, user)
    if request.method == "POST":
        return _bulk(request, user, filters)
    return _render(request, user, filters)
