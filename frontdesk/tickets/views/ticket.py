"""The ticket page (agent workspace): conversation, reply editor, macros, presence."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontdesk.accounts.models import User
from frontdesk.core.errors import ServiceError
from frontdesk.customers.queries import customer_context
from frontdesk.tickets import presence
from frontdesk.tickets.access import (
    access_macro,
    access_ticket,
    events_for_actor,
    macros_for_actor,
    messages_for_actor,
)
from frontdesk.tickets.choices import EventKind, Priority, Status, TicketType
from frontdesk.tickets.forms import (
    CollaboratorForm,
    DeescalateForm,
    EscalateForm,
    MergeForm,
    PropertiesForm,
    ReplyForm,
    add_service_error,
    staff_rows,
)
from frontdesk.tickets.macros import render_macro
from frontdesk.tickets.mentions import add_mentioned_collaborators
from frontdesk.tickets.models import Message, Ticket, TicketEvent
from frontdesk.tickets.sensitive import SENSITIVE_LABELS
from frontdesk.tickets.services import NewAttachment, do_add_message

FIELD_LABELS = {
    "status": dict(Status.choices),
    "priority": dict(Priority.choices),
    "type": dict(TicketType.choices),
    "sensitive": SENSITIVE_LABELS,
}


def staff(request: HttpRequest) -> User:
    """The signed-in staff user (login_required has run; customers are never users)."""
    assert isinstance(request.user, User)
    return request.user


def history_rows(events: list[TicketEvent]) -> list[dict[str, Any]]:
    """Events with human labels for coded values (status, priority, type)."""
    rows = []
    for event in events:
        labels = FIELD_LABELS.get(event.field, {})
        rows.append(
            {
                "event": event,
                "old": labels.get(event.old_value, event.old_value),
                "new": labels.get(event.new_value, event.new_value),
                "is_message": event.kind in (EventKind.MESSAGE, EventKind.NOTE),
            }
        )
    return rows


# The conversation shows its newest messages; older ones fold under "Show N earlier
# messages", so the newest message and the reply box are on the first screen.
LATEST_SHOWN = 2
FOLD_AFTER = 3


def focus_first_error(form: Form) -> None:
    """Autofocus the first field at fault of a refused form (the page works without JS)."""
    for name in form.errors:
        if name in form.fields:
            form.fields[name].widget.attrs["autofocus"] = True
            return


def ticket_page(ticket: Ticket) -> str:
    """The page's address after a change: at the top, where the confirmation is shown
    (a redirect would otherwise keep the #section of the form that was sent)."""
    return reverse("tickets:ticket-detail", args=[ticket.pk]) + "#top"


def render_page(
    request: HttpRequest, ticket: Ticket, *, status: int = 200, **forms: Any
) -> HttpResponse:
    """The whole page; `forms` replaces the blank form of the section being re-shown."""
    user = staff(request)
    for form in forms.values():
        if isinstance(form, Form) and form.is_bound and form.errors:
            focus_first_error(form)
    conversation = list(messages_for_actor(user, ticket))
    fold = len(conversation) - LATEST_SHOWN if len(conversation) > FOLD_AFTER else 0
    tag_names = [tag.name for tag in ticket.tags.all()]
    last_message_id = max((m.pk for m in conversation), default=0)
    reply_form = forms.pop("reply_form", None) or ReplyForm(
        initial={"last_message_id": last_message_id},
        can_reply_publicly=user.can_reply_publicly,
    )
    properties_form = forms.pop("properties_form", None) or PropertiesForm(
        ticket=ticket, tag_names=tag_names
    )
    collaborator_form = forms.pop("collaborator_form", None) or CollaboratorForm()
    # One query for both pickers and the list of helpers.
    staff_options = staff_rows(ticket.assignee_id, ticket_id=ticket.pk)
    properties_form.show_staff(staff_options)
    collaborator_form.show_staff(staff_options)
    context = {
        "ticket": ticket,
        "conversation": conversation,
        "earlier": conversation[:fold],
        "latest": conversation[fold:],
        "history": history_rows(list(events_for_actor(user, ticket))),
        "tag_names": tag_names,
        "collaborators": [row.name for row in staff_options if row.helping],
        "macros": list(macros_for_actor(user).only("pk", "name", "language")),
        "others": presence.others(ticket.pk, user),
        "heartbeat_seconds": presence.HEARTBEAT_EVERY,
        "reply_form": reply_form,
        "properties_form": properties_form,
        "escalate_form": forms.pop("escalate_form", None) or EscalateForm(),
        "deescalate_form": forms.pop("deescalate_form", None) or DeescalateForm(),
        "collaborator_form": collaborator_form,
        "merge_form": forms.pop("merge_form", None) or MergeForm(),
        "customer_panel": customer_context(user, ticket),
        "max_attachment_mb": max(1, settings.FRONTDESK_MAX_ATTACHMENT_BYTES // (1024 * 1024)),
        **forms,
    }
    return render(request, "tickets/ticket.html", context, status=status)


@login_required
@require_GET
def ticket_detail(request: HttpRequest, ticket_id: int) -> HttpResponse:
    user = staff(request)
    ticket = access_ticket(user, ticket_id)
    presence.record(ticket.pk, user, presence.VIEWING)
    return render_page(request, ticket)


def _uploads(request: HttpRequest) -> list[NewAttachment]:
    """Uploaded files, each read only up to one byte past the per-file limit."""
    limit = settings.FRONTDESK_MAX_ATTACHMENT_BYTES
    files: list[UploadedFile] = request.FILES.getlist("attachments")
    return [
        NewAttachment(
            filename=upload.name or "attachment",
            content=upload.read(limit + 1),
            content_type=upload.content_type or "application/octet-stream",
        )
        for upload in files
    ]


def _arrived_since(ticket: Ticket, user: User, last_message_id: int | None) -> bool:
    if last_message_id is None:
        return False
    return (
        Message.objects.filter(ticket=ticket, pk__gt=last_message_id)
        .exclude(author_user=user)
        .exists()
    )


@login_required
@require_POST
def ticket_reply(request: HttpRequest, ticket_id: int) -> HttpResponseBase:
    """Post a public reply or an internal note; @mentions in notes ask colleagues in."""
    user = staff(request)
    ticket = access_ticket(user, ticket_id)
    form = ReplyForm(request.POST, can_reply_publicly=user.can_reply_publicly)
    if not form.is_valid():
        return render_page(request, ticket, reply_form=form, status=422)
    data = form.cleaned_data
    if not data["confirm"] and _arrived_since(ticket, user, data["last_message_id"]):
        # Show the new message and ask before sending: the text stays in the editor.
        newest = ticket.messages.order_by("-pk").values_list("pk", flat=True).first()
        resubmit = request.POST.copy()
        resubmit["confirm"] = "1"
        resubmit["last_message_id"] = str(newest or 0)
        form = ReplyForm(resubmit, can_reply_publicly=user.can_reply_publicly)
        return render_page(request, ticket, reply_form=form, new_message_warning=True, status=409)
    try:
        with transaction.atomic():
            do_add_message(
                actor=user,
                ticket=ticket,
                body=data["body"],
                internal=form.internal,
                attachments=_uploads(request),
            )
            added = (
                add_mentioned_collaborators(actor=user, ticket=ticket, text=data["body"])
                if form.internal
                else []
            )
    except ServiceError as error:
        add_service_error(form, error, {"internal": "kind"})
        return render_page(request, ticket, reply_form=form, status=422)
    if form.internal:
        flash.success(request, _("Internal note added."))
    else:
        flash.success(request, _("Reply sent."))
    if added:
        names = ", ".join(str(u) for u in added)
        flash.info(request, _("Asked for help: %(names)s") % {"names": names})
    return redirect(ticket_page(ticket))


@login_required
@require_GET
def ticket_macro(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """The macro's text rendered for this ticket: plain text for htmx, else the page."""
    user = staff(request)
    ticket = access_ticket(user, ticket_id)
    macro = access_macro(user, request.GET.get("macro", ""))  # type: ignore[arg-type]
    text = render_macro(macro, ticket=ticket, agent=user)
    if getattr(request, "htmx", False):
        return HttpResponse(text, content_type="text/plain; charset=utf-8")
    newest = ticket.messages.order_by("-pk").values_list("pk", flat=True).first()
    form = ReplyForm(
        initial={"body": text, "last_message_id": newest or 0},
        can_reply_publicly=user.can_reply_publicly,
    )
    return render_page(request, ticket, reply_form=form)


@login_required
@require_POST
def ticket_presence(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """Heartbeat from ticket.js: note our state, answer with who else is here."""
    user = staff(request)
    state = request.POST.get("state", presence.VIEWING)
    if state == "left":
        # Leaving needs no access check: the ticket may just have been transferred away.
        presence.leave(ticket_id, user)
        return HttpResponse(status=204)
    ticket = access_ticket(user, ticket_id)
    presence.record(ticket.pk, user, state)
    return render(
        request,
        "tickets/partials/ticket_presence.html",
        {"others": presence.others(ticket.pk, user)},
    )
