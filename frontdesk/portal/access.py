"""Who the portal visitor is, and the tickets they may open (X1). Foreign is 404."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect

from frontdesk.customers.models import Customer
from frontdesk.tickets.access import tickets_for_actor
from frontdesk.tickets.models import Ticket

SESSION_KEY = "customer_id"
VERSION_KEY = "customer_sign_in_version"


def sign_in(request: HttpRequest, customer: Customer, *, version: int) -> None:
    """Start a customer session; `version` is the sign-in version the link was sent for."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = customer.pk
    request.session[VERSION_KEY] = version


def sign_out(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.pop(VERSION_KEY, None)
    request.session.cycle_key()


def current_customer(request: HttpRequest) -> Customer | None:
    """The signed-in customer of this session (a magic-link sign-in), or None.

    A session started before the customer's sign-in address changed (an older
    `sign_in_version`) is signed out here, on its next request.
    """
    if hasattr(request, "_portal_customer"):
        return request._portal_customer  # type: ignore[no-any-return]
    customer_id = request.session.get(SESSION_KEY)
    customer = None
    if customer_id is not None:
        customer = Customer.objects.filter(pk=customer_id).first()
        if customer is None or request.session.get(VERSION_KEY, 0) != customer.sign_in_version:
            customer = None
            sign_out(request)
    request._portal_customer = customer  # type: ignore[attr-defined]
    return customer


def customer_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Send visitors who are not signed in to the sign-in page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        customer = current_customer(request)
        if customer is None:
            return redirect("portal:sign-in")
        return view(request, customer, *args, **kwargs)

    return wrapper


def access_customer_ticket(customer: Customer, reference: str) -> Ticket:
    """A ticket by its reference, looked up only among the customer's own tickets."""
    try:
        return tickets_for_actor(customer).get(reference=reference.strip().upper())
    except Ticket.DoesNotExist:
        raise Http404("No such request") from None
