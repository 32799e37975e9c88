"""A fresh help center tells the people who can fix it, and only them, to fill in the
business profile (issue 20 item 3)."""

from __future__ import annotations

import pytest
from django.test import Client

from frontdesk.accounts.models import Workspace
from frontdesk.customers.services import do_create_customer_token
from frontdesk.resolution.tests.support import web_client

pytestmark = pytest.mark.django_db

HINT = "Fill in your business profile"


def test_the_administrator_sees_the_hint_on_a_fresh_help_center_with_a_working_link(personas):
    admin = web_client(personas.admin)
    page = admin.get("/").text
    assert HINT in page
    assert 'href="/settings/business/"' in page
    assert admin.get("/settings/business/").status_code == 200
    assert HINT in web_client(personas.manager).get("/").text  # managers may fill it in too


def test_visitors_customers_and_agents_never_see_it(personas):
    assert HINT not in Client().get("/").text
    customer = Client()
    session = customer.session
    session["customer_id"] = personas.customer.pk
    session.save()
    assert HINT not in customer.get("/").text
    token = do_create_customer_token(customer=personas.customer, name="tests")
    assert HINT not in Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/").text
    assert HINT not in web_client(personas.agent).get("/").text  # cannot change it


def test_it_goes_away_once_the_business_says_who_it_is_and_how_to_reach_it(personas):
    workspace = Workspace.current()
    workspace.name = "Baltic Outfitters"
    workspace.save()
    admin = web_client(personas.admin)
    assert HINT in admin.get("/").text  # a name, but no address, hours, email or phone
    workspace.opening_hours = "Mon–Fri 9–18"
    workspace.save()
    assert HINT not in admin.get("/").text
