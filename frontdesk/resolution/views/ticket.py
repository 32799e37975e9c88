"""The ticket page's Solve and Action plan cards: each POST calls one service; success
goes back to the page (PRG), a refusal shows the page again with the error in the card."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontdesk.core.errors import ServiceError
from frontdesk.resolution.access import access_action_plan
from frontdesk.resolution.forms import ActionPlanForm, ticket_solve_form
from frontdesk.resolution.plan_reply import plan_done_reply
from frontdesk.resolution.services import (
    do_complete_action_plan,
    do_create_action_plan,
    do_solve_ticket,
)
from frontdesk.tickets.access import access_ticket
from frontdesk.tickets.choices import MessageKind
from frontdesk.tickets.forms import ReplyForm, add_service_error
from frontdesk.tickets.views.ticket import render_page, staff, ticket_page
from frontdesk.tickets.views.ticket_panel import back_to


@login_required
@require_POST
def ticket_solve(request: HttpRequest, ticket_id: int) -> HttpResponseBase:
    """Solve after the checklist: every required box ticked, else the page says which."""
    user = staff(request)
    ticket = access_ticket(user, ticket_id)
    language = translation.get_language()
    form = ticket_solve_form(ticket, request.POST)
    if form.is_valid():
        follow_up, follow_up_on = form.follow_up()
        try:
            do_solve_ticket(
                actor=user,
                ticket=ticket,
                answers=form.answers(),
                note=form.cleaned_data["note"],
                language=language,
                follow_up=follow_up,
                follow_up_on=follow_up_on,
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            flash.success(request, _("Ticket solved."))
            return back_to(request, ticket)
    ticket.refresh_from_db()
    return render_page(request, ticket, solve_form=form, status=422)


@login_required
@require_POST
def action_plan_create(request: HttpRequest, ticket_id: int) -> HttpResponseBase:
    user = staff(request)
    ticket = access_ticket(user, ticket_id)
    form = ActionPlanForm(request.POST)
    if form.is_valid():
        try:
            do_create_action_plan(
                actor=user,
                ticket=ticket,
                text=form.cleaned_data["text"],
                due_at=form.cleaned_data["due_at"],
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            flash.success(request, _("Action plan recorded; you will be reminded before it."))
            return back_to(request, ticket)
    return render_page(request, ticket, plan_form=form, status=422)


@login_required
@require_POST
def action_plan_done(request: HttpRequest, ticket_id: int, plan_id: int) -> HttpResponseBase:
    user = staff(request)
    ticket = access_ticket(user, ticket_id)
    plan = access_action_plan(user, ticket, plan_id)
    do_complete_action_plan(actor=user, plan=plan)
    if not user.can_reply_publicly:
        flash.success(request, _("Action plan done."))
        return back_to(request, ticket)
    flash.success(
        request,
        _("Action plan done. A reply telling the customer is ready below: edit it and send it."),
    )
    url = reverse("resolution:action-plan-reply", args=[ticket.pk, plan.pk])
    return redirect(f"{url}#editor")


@login_required
@require_GET
def action_plan_reply(request: HttpRequest, ticket_id: int, plan_id: int) -> HttpResponseBase:
    """The ticket page with the reply box holding what was done, in the customer's
    language (nothing is sent until the agent sends it)."""
    user = staff(request)
    ticket = access_ticket(user, ticket_id)
    plan = access_action_plan(user, ticket, plan_id)
    if not plan.is_done or not user.can_reply_publicly:
        return redirect(ticket_page(ticket))
    newest = ticket.messages.order_by("-pk").values_list("pk", flat=True).first()
    form = ReplyForm(
        initial={
            "body": plan_done_reply(ticket, plan),
            "kind": MessageKind.REPLY,
            "last_message_id": newest or 0,
        }
    )
    return render_page(request, ticket, reply_form=form)
