"""Staff pages for customers and organizations: profile and one timeline (U1).

Customers are shared by all staff; the timeline lists only the tickets the signed-in
user may see. Profile changes go through the customers services.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from frontdesk.accounts.models import User
from frontdesk.core.errors import Forbidden, ServiceError
from frontdesk.core.languages import optional_language_choices
from frontdesk.customers import queries
from frontdesk.customers.models import Customer, Organization
from frontdesk.customers.services import do_update_customer, do_update_organization

TIMELINE_PAGE = 25
CHANNEL_ICONS = {"email": "✉", "web": "⌂", "chat": "❝", "phone": "☎", "social": "#", "api": "⚙"}


class CustomerForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200, required=False)
    email = forms.CharField(label=gettext_lazy("Email"), max_length=254, required=False)
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=40, required=False)
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        choices=optional_language_choices,
        required=False,
    )
    time_zone = forms.CharField(
        label=gettext_lazy("Time zone"),
        max_length=64,
        required=False,
        help_text=gettext_lazy("For example Europe/Riga."),
    )
    organization = forms.CharField(
        label=gettext_lazy("Organization"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("The exact name of an existing organization, or empty."),
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def clean_organization(self) -> Organization | None:
        name = self.cleaned_data["organization"].strip()
        if not name:
            return None
        organization = Organization.objects.filter(name__iexact=name).first()
        if organization is None:
            raise forms.ValidationError(_("No organization named %(name)s.") % {"name": name})
        return organization


class OrganizationForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200, required=False)
    domain = forms.CharField(label=gettext_lazy("Email domain"), max_length=200, required=False)
    notes = forms.CharField(
        label=gettext_lazy("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


def _staff(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _add_error(form: forms.Form, error: ServiceError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _timeline_page(request: HttpRequest, tickets: QuerySet[Any]) -> dict[str, Any]:
    page = Paginator(tickets, TIMELINE_PAGE).get_page(request.GET.get("page"))
    for ticket in page.object_list:
        ticket.channel_icon = CHANNEL_ICONS.get(ticket.channel, "•")
    return {"page": page}


def _customer_form(customer: Customer, user: User, data: Any = None) -> CustomerForm:
    """The profile form. The email (the help-center sign-in address) is read-only for
    someone who does not see every ticket of the customer; a changed value posted anyway
    is refused by the service with a message on the field."""
    form = CustomerForm(
        data,
        initial={
            "name": customer.name,
            "email": customer.email or "",
            "phone": customer.phone,
            "language": customer.language,
            "time_zone": customer.time_zone,
            "organization": customer.organization.name if customer.organization else "",
            "notes": customer.notes,
        },
    )
    if not queries.sees_every_ticket(user, customer):
        form.fields["email"].widget.attrs["readonly"] = True
        form.fields["email"].help_text = gettext_lazy(
            "Only someone who sees all of this customer's requests can change the address "
            "they sign in to the help center with. Ask a manager."
        )
    return form


@login_required
@require_http_methods(["GET", "POST"])
def customer_detail(request: HttpRequest, customer_id: int) -> HttpResponseBase:
    user = _staff(request)
    customer = queries.access_customer(user, customer_id)
    status = 200
    if request.method == "POST":
        form = _customer_form(customer, user, request.POST)
        status = 422
        if form.is_valid():
            try:
                do_update_customer(actor=user, customer=customer, **form.cleaned_data)
            except ServiceError as error:
                _add_error(form, error)
                status = 403 if isinstance(error, Forbidden) else 422
            else:
                flash.success(request, _("Customer profile saved."))
                return redirect("customers:customer-detail", customer_id=customer.pk)
        customer.refresh_from_db()
    else:
        form = _customer_form(customer, user)
    context = {
        "customer": customer,
        "form": form,
        **_timeline_page(request, queries.customer_timeline(user, customer)),
    }
    return render(request, "customers/customer_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def organization_detail(request: HttpRequest, organization_id: int) -> HttpResponseBase:
    user = _staff(request)
    organization = get_object_or_404(Organization, pk=organization_id)
    status = 200
    if request.method == "POST":
        form = OrganizationForm(request.POST)
        if form.is_valid():
            try:
                do_update_organization(organization=organization, **form.cleaned_data)
            except ServiceError as error:
                _add_error(form, error)
            else:
                flash.success(request, _("Organization saved."))
                return redirect("customers:organization-detail", organization_id=organization.pk)
        status = 422
        organization.refresh_from_db()
    else:
        form = OrganizationForm(
            initial={
                "name": organization.name,
                "domain": organization.domain,
                "notes": organization.notes,
            }
        )
    members, member_count = queries.organization_members(user, organization)
    context = {
        "organization": organization,
        "form": form,
        "members": members,
        "member_count": member_count,
        **_timeline_page(request, queries.organization_timeline(user, organization)),
    }
    return render(request, "customers/organization_detail.html", context, status=status)
