"""Nobody raises themselves (SECURITY.md 17): privileged fields sent with one's own
profile, to one's own member page or to the API are ignored or refused, and the role,
the switches and the teams stay as they were."""

from __future__ import annotations

import pytest
from django.test import Client

from frontdesk.accounts.choices import Role
from frontdesk.accounts.models import User
from frontdesk.tickets.tests.api_support import client_for

PRIVILEGED = {
    "role": Role.ADMIN,
    "is_superuser": "on",
    "is_staff": "on",
    "is_active": "on",
    "teams": ["1", "2"],
    "branch_restricted": "",
    "username": "root",
}


def _state(user: User) -> tuple:
    user.refresh_from_db()
    teams = sorted(user.teams.values_list("pk", flat=True))
    return (user.role, user.is_superuser, user.is_staff, user.username, teams)


@pytest.mark.parametrize("name", ["agent", "light_agent", "manager"])
def test_the_own_profile_takes_no_privileged_field(personas, name) -> None:
    user = getattr(personas, name)
    before = _state(user)
    client = Client()
    client.force_login(user)
    data = {"op": "profile", "language": "en", "time_zone": "UTC", **PRIVILEGED}
    assert client.post("/account/", data).status_code in (200, 302)
    assert _state(user) == before


@pytest.mark.parametrize("name", ["agent", "light_agent", "manager"])
def test_the_own_member_page_does_not_raise_the_role(personas, name) -> None:
    user = getattr(personas, name)
    before = _state(user)
    client = Client()
    client.force_login(user)
    response = client.post(f"/settings/members/{user.pk}/", PRIVILEGED)
    assert response.status_code in (403, 404, 422)
    assert _state(user) == before


@pytest.mark.parametrize("name", ["agent", "manager"])
def test_the_api_has_no_way_to_change_oneself(personas, name) -> None:
    user = getattr(personas, name)
    before = _state(user)
    api = client_for(user)
    for method in ("post", "put", "patch", "delete"):
        response = getattr(api, method)(
            "/api/v1/me", {"role": Role.ADMIN}, content_type="application/json"
        )
        assert response.status_code == 405, method
    for path in (f"/api/v1/agents/{user.pk}", "/api/v1/agents"):
        response = api.patch(path, {"role": Role.ADMIN}, content_type="application/json")
        assert response.status_code in (404, 405)
    assert _state(user) == before
    assert api.get("/api/v1/me").json().get("role") == user.role
