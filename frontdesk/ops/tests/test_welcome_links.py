"""Every page the welcome ticket points the administrator to exists (issue 20 item 3)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import resolve

from frontdesk.accounts.models import User
from frontdesk.ops.bootstrap import do_first_start

pytestmark = pytest.mark.django_db

PATH = re.compile(r"\((?:Your account, )?(/[a-z0-9/-]*)\)")


def test_each_page_the_welcome_ticket_names_opens_for_the_administrator():
    first = do_first_start()
    assert first is not None
    body = first.welcome_ticket.messages.get().body
    paths = PATH.findall(body)
    assert {"/account/", "/settings/business/", "/settings/members/"} <= set(paths)
    assert len(paths) == body.count("(/") + body.count(", /")  # every link was found

    client = Client()
    client.force_login(User.objects.get(username=first.username))
    for path in paths:
        resolve(path)  # a page of ours, not a guess
        response = client.get(path)
        assert response.status_code == 200, f"{path} answered {response.status_code}"


def test_it_names_the_places_as_the_product_calls_them():
    body = do_first_start().welcome_ticket.messages.get().body
    assert "Workspace settings" not in body
    assert "Settings → Business profile" in body and "Settings → Members" in body
    assert "Your account" in body
