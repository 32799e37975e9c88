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


def current_customer(request: HttpRequest) -> Customer | None:
    """The signed-in customer of this session (a magic-link sign-in), or None."""
    if hasattr(request, "_portal_customer"):
        return request._portal_customer  # type: ignore[no-any-return]
    customer_id = request.session.get(SESSION_KEY)
    customer = None
    if customer_id is not None:
        customer = Customer.objects.filter(pk=customer_id).first()
        if customer is None:
            request.session.pop(SESSION_KEY, None)
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
