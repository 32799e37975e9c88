from __future__ import annotations

from django.test import Client

from frontdesk.customers.models import Customer


def signed_in(customer: Customer) -> Client:
    """A browser whose session belongs to this customer (as after a magic-link sign-in)."""
    client = Client()
    session = client.session
    session["customer_id"] = customer.pk
    session.save()
    return client
