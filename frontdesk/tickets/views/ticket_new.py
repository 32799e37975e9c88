"""New ticket (issue 20 item 10): staff open a ticket for a caller or a walk-in.

The customer is looked up by name or email (htmx suggestions, or the same list after a
submit without JavaScript) or created on the spot. Light agents add internal notes only
and do not open tickets: 403. Everything goes through `do_create_customer` and
`do_create_ticket`, in one transaction.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frontdesk.accounts.models import Team, User
from frontdesk.core.errors import ServiceError
from frontdesk.customers.models import Customer
from frontdesk.customers.queries import customers_for_actor
from frontdesk.customers.services import do_create_customer
from frontdesk.tickets.choices import Channel
from frontdesk.tickets.forms import TeamChoiceField, add_service_error, check_length
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.services import do_create_ticket
from frontdesk.tickets.views.ticket import staff, ticket_page

SUGGESTIONS = 8
# The channels staff record a request from (API is for programs, not for this form).
STAFF_CHANNELS = [
    Channel.PHONE,
    Channel.WALK_IN,
    Channel.EMAIL,
    Channel.CHAT,
    Channel.SOCIAL,
    Channel.WEB,
    Channel.OTHER,
]


class NewTicketForm(forms.Form):
    customer_query = forms.CharField(
        label=gettext_lazy("Find the customer"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Type a name or an email address."),
    )
    customer = forms.IntegerField(required=False, widget=forms.HiddenInput)
    new_name = forms.CharField(label=gettext_lazy("Name"), required=False, max_length=200)
    new_email = forms.EmailField(label=gettext_lazy("Email (optional)"), required=False)
    new_phone = forms.CharField(
        label=gettext_lazy("Phone (optional)"), required=False, max_length=40
    )
    channel = forms.ChoiceField(
        label=gettext_lazy("Channel"),
        choices=[(c.value, c.label) for c in STAFF_CHANNELS],
        initial=Channel.PHONE,
    )
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=250)
    body = forms.CharField(
        label=gettext_lazy("First message"),
        widget=forms.Textarea(attrs={"rows": 6, "data-max-chars": "50000"}),
    )
    body_kind = forms.ChoiceField(
        label=gettext_lazy("Write it as"),
        choices=[
            ("customer", gettext_lazy("The customer's words")),
            ("note", gettext_lazy("My internal note")),
        ],
        initial="customer",
        widget=forms.RadioSelect,
    )
    team = TeamChoiceField(
        label=gettext_lazy("Team"), queryset=Team.objects.order_by("name"), required=False
    )
    assign_to_me = forms.BooleanField(
        label=gettext_lazy("Assign to me"), required=False, initial=True
    )
    acknowledge = forms.BooleanField(
        label=gettext_lazy("Email the customer an acknowledgement"),
        required=False,
        initial=False,
        help_text=gettext_lazy("Off for a call or a walk-in: the customer already knows."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team = self.fields["team"]
        assert isinstance(team, forms.ModelChoiceField)
        team.empty_label = str(_("No team"))

    def clean_body(self) -> str:
        return check_length(self.cleaned_data["body"])


def suggestions(user: User, query: str) -> list[Customer]:
    """Up to eight customers the user may read whose name or email contains `query`."""
    query = query.strip()
    if len(query) < 2:
        return []
    found = customers_for_actor(user).filter(Q(name__icontains=query) | Q(email__icontains=query))
    return list(found.order_by("name", "pk")[:SUGGESTIONS])


def _creator(request: HttpRequest) -> User:
    user = staff(request)
    if not user.can_reply_publicly:
        raise PermissionDenied(_("Light agents cannot open tickets."))
    return user


def _customer(user: User, form: NewTicketForm) -> Customer | None:
    """The chosen customer, or a new one from the name/email/phone fields (in the
    caller's transaction); None with a form error when neither is given."""
    data = form.cleaned_data
    if data.get("customer"):
        chosen = customers_for_actor(user).filter(pk=data["customer"]).first()
        if chosen is None:
            form.add_error("customer_query", _("Choose the customer again from the list."))
        return chosen
    if not (data.get("new_name") or data.get("new_email") or data.get("new_phone")):
        form.add_error(
            "customer_query", _("Choose a customer from the list, or fill in a new customer.")
        )
        return None
    return do_create_customer(
        email=data.get("new_email") or None,
        name=data.get("new_name", ""),
        phone=data.get("new_phone", ""),
    )


def _open(user: User, form: NewTicketForm) -> Ticket | None:
    data = form.cleaned_data
    try:
        with transaction.atomic():
            customer = _customer(user, form)
            if customer is None:
                return None
            team = data.get("team")
            return do_create_ticket(
                actor=user,
                customer=customer,
                subject=data["subject"],
                body=data["body"],
                channel=data["channel"],
                team=team,
                branch=team.branch if team else None,
                assignee=user if data.get("assign_to_me") else None,
                acknowledge=bool(data.get("acknowledge")) and bool(customer.email),
                first_message_internal=data["body_kind"] == "note",
            )
    except ServiceError as error:
        add_service_error(form, error, {"email": "new_email", "field": "customer_query"})
        return None


@login_required
def ticket_new(request: HttpRequest) -> HttpResponseBase:
    user = _creator(request)
    if request.method == "POST" and request.POST.get("look_up"):
        # "Look up" without JavaScript: show the customers found, keep what was typed.
        form = NewTicketForm(initial=request.POST.dict())
        status = 200
    elif request.method == "POST":
        form = NewTicketForm(request.POST)
        if form.is_valid():
            ticket = _open(user, form)
            if ticket is not None:
                flash.success(request, _("Ticket %(ref)s opened.") % {"ref": ticket.reference})
                return redirect(ticket_page(ticket))
        status = 422
    else:
        first_team = user.teams.order_by("name").first()
        form = NewTicketForm(initial={"team": first_team.pk if first_team else None})
        status = 200
    query = form["customer_query"].value() or ""
    chosen = form["customer"].value() if form.is_bound else form.initial.get("customer")
    context = {
        "form": form,
        "suggestions": suggestions(user, str(query)),
        "chosen": str(chosen or ""),
    }
    return render(request, "tickets/ticket_new.html", context, status=status)


@login_required
def customer_suggestions(request: HttpRequest) -> HttpResponse:
    """The htmx list of customers under the look-up field."""
    user = _creator(request)
    query = request.GET.get("customer_query", "")
    context = {"suggestions": suggestions(user, query), "chosen": "", "query": query}
    return render(request, "tickets/partials/customer_suggestions.html", context)
