"""The ticket page's side panel: properties, transfer, escalation, help, merge (T3-T6),
the sensitive mark.

Each POST goes through one service; success redirects back to the page (PRG), a refusal
shows the page again with the error beside the field and the user's input kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from frontdesk.core.errors import ServiceError
from frontdesk.tickets.access import access_ticket, tickets_for_actor
from frontdesk.tickets.choices import Status
from frontdesk.tickets.forms import (
    CollaboratorForm,
    DeescalateForm,
    EscalateForm,
    MergeForm,
    PropertiesForm,
    add_service_error,
)
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.sensitive import do_set_ticket_sensitive
from frontdesk.tickets.services import (
    do_add_collaborator,
    do_deescalate_ticket,
    do_escalate_ticket,
    do_merge_tickets,
    do_update_ticket,
)
from frontdesk.tickets.views.ticket import render_page, staff, ticket_page


def back_to(request: HttpRequest, ticket: Ticket) -> HttpResponseBase:
    """Back to the page, or to the inbox when the change took the ticket out of view."""
    if tickets_for_actor(staff(request)).filter(pk=ticket.pk).exists():
        return redirect(ticket_page(ticket))
    flash.info(request, _("%(ref)s is no longer in your view.") % {"ref": ticket.reference})
    return redirect("tickets:inbox")


@login_required
@require_POST
def ticket_update(request: HttpRequest, ticket_id: int) -> HttpResponseBase:
    """Status, priority, type, assignee, team and tags; a transfer needs a hand-off note."""
    user = staff(request)
    ticket = access_ticket(user, ticket_id)
    tag_names = [tag.name for tag in ticket.tags.all()]
    form = PropertiesForm(request.POST, ticket=ticket, tag_names=tag_names)
    if form.is_valid():
        data = form.cleaned_data
        current = {
            "status": ticket.status,
            "priority": ticket.priority,
            "type": ticket.type,
            "assignee": ticket.assignee,
            "team": ticket.team,
        }
        # Only what the user changed: assigning a new ticket opens it, and the form's
        # unchanged "new" must not then ask to go back.
        changes = {field: data[field] for field, old in current.items() if data[field] != old}
        if changes.get("status") == Status.SOLVED:
            # Solving walks through the solve checklist (T7): the Solve card on this page.
            form.add_error(
                "status",
                _("To solve the ticket, tick the checklist under “Solve” and press Solve ticket."),
            )
            return render_page(
                request, ticket, properties_form=form, solve_requested=True, status=422
            )
        try:
            do_update_ticket(
                actor=user,
                ticket=ticket,
                tags=form.tag_list(),
                handoff_note=data["handoff_note"],
                **changes,
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            moved = "assignee" in changes or "team" in changes
            if data["handoff_note"].strip() and not moved:
                flash.success(
                    request,
                    _(
                        "Ticket updated. Nobody and no team changed, so your hand-off note "
                        "was added as an internal note."
                    ),
                )
            else:
                flash.success(request, _("Ticket updated."))
            return back_to(request, ticket)
    ticket.refresh_from_db()
    return render_page(request, ticket, properties_form=form, status=422)


def panel_action(
    request: HttpRequest,
    ticket: Ticket,
    form: Form,
    form_name: str,
    action: Callable[[dict[str, Any]], str],
) -> HttpResponseBase:
    """Run one side-panel service: success back to the page, refusal shown by its field.

    `action` calls the service with the cleaned data and returns the success message.
    """
    if form.is_valid():
        try:
            done = action(form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            flash.success(request, done)
            return back_to(request, ticket)
    return render_page(request, ticket, status=422, **{form_name: form})


@login_required
@require_POST
def ticket_escalate(request: HttpRequest, ticket_id: int) -> HttpResponseBase:
    user = staff(request)
    ticket = access_ticket(user, ticket_id)

    def escalate(data: dict[str, Any]) -> str:
        do_escalate_ticket(actor=user, ticket=ticket, reason=data["reason"])
        return _("Escalated to the managers.")

    return panel_action(request, ticket, EscalateForm(request.POST), "escalate_form", escalate)


@login_required
@require_POST
def ticket_deescalate(request: HttpRequest, ticket_id: int) -> HttpResponseBase:
    user = staff(request)
    ticket = access_ticket(user, ticket_id)

    def deescalate(data: dict[str, Any]) -> str:
        do_deescalate_ticket(actor=user, ticket=ticket, note=data["note"])
        return _("Escalation resolved.")

    return panel_action(
        request, ticket, DeescalateForm(request.POST), "deescalate_form", deescalate
    )


@login_required
@require_POST
def ticket_collaborator(request: HttpRequest, ticket_id: int) -> HttpResponseBase:
    """Ask a colleague for help: they become a collaborator and see the ticket."""
    user = staff(request)
    ticket = access_ticket(user, ticket_id)

    def ask(data: dict[str, Any]) -> str:
        do_add_collaborator(actor=user, ticket=ticket, user=data["user"], note=data["note"])
        return _("%(name)s was asked for help.") % {"name": data["user"]}

    return panel_action(request, ticket, CollaboratorForm(request.POST), "collaborator_form", ask)


@login_required
@require_POST
def ticket_merge(request: HttpRequest, ticket_id: int) -> HttpResponseBase:
    """Merge a duplicate of the same customer, named by its reference, into this ticket."""
    user = staff(request)
    ticket = access_ticket(user, ticket_id)
    form = MergeForm(request.POST)
    if form.is_valid():
        reference = form.cleaned_data["reference"]
        source = tickets_for_actor(user).filter(reference=reference).first()
        if source is None:
            # Unknown and invisible tickets get the same answer: nothing leaks.
            form.add_error(
                "reference", _("No ticket %(ref)s that you can see.") % {"ref": reference}
            )
        else:
            try:
                do_merge_tickets(actor=user, target=ticket, sources=[source])
            except ServiceError as error:
                add_service_error(form, error, {"source_ids": "reference"})
            else:
                flash.success(
                    request,
                    _("%(source)s was merged into this ticket.") % {"source": source.reference},
                )
                return back_to(request, ticket)
    return render_page(request, ticket, merge_form=form, status=422)


@login_required
@require_POST
def ticket_sensitive(request: HttpRequest, ticket_id: int) -> HttpResponseBase:
    """Mark the ticket sensitive or clear the mark (tickets/sensitive.py)."""
    user = staff(request)
    ticket = access_ticket(user, ticket_id)
    sensitive = request.POST.get("sensitive") == "on"
    try:
        do_set_ticket_sensitive(actor=user, ticket=ticket, sensitive=sensitive)
    except ServiceError as error:
        flash.error(request, error.message)
        return render_page(request, ticket, status=error.status)
    if sensitive:
        flash.success(
            request, _("Marked sensitive: only the allowed roles and the assignee see it.")
        )
    else:
        flash.success(request, _("The sensitive mark was removed."))
    return back_to(request, ticket)
