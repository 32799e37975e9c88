"""`Workspace.current()` is read once per request, and never remembered across requests."""

from __future__ import annotations

import pytest
from django.test import Client

from frontdesk.accounts.models import Workspace
from frontdesk.accounts.services import do_update_workspace

pytestmark = pytest.mark.django_db


def test_one_read_per_request_scope(django_assert_num_queries):
    Workspace.current()  # creates the row
    with Workspace.request_scope(), django_assert_num_queries(1):
        first = Workspace.current()
        assert Workspace.current() is first
    with django_assert_num_queries(2):  # outside a request: read every time
        Workspace.current()
        Workspace.current()


def test_a_change_saved_during_the_request_is_read_again(personas):
    Workspace.current()
    with Workspace.request_scope():
        shown = Workspace.current()
        do_update_workspace(actor=personas.manager, name="Renamed")
        assert shown.name != "Renamed"  # the request's copy was not edited in place
        assert Workspace.current().name == "Renamed"


def test_the_next_request_sees_a_change_made_elsewhere(client: Client, personas):
    client.force_login(personas.agent)
    assert "Frontdesk" in client.get("/inbox/").content.decode()
    Workspace.objects.update(name="Northwind <Shop>")  # no save(): another process
    assert "Northwind &lt;Shop&gt;" in client.get("/inbox/").content.decode()
