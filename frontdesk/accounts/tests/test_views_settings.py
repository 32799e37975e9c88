"""Settings pages: business profile, teams, members, macros. Managers and admins only."""

from __future__ import annotations

import pytest
from django.test import Client

from frontdesk.accounts.choices import Role
from frontdesk.accounts.models import Team, User, Workspace
from frontdesk.tickets.models import Macro

SETTINGS_PAGES = [
    "/settings/",
    "/settings/business/",
    "/settings/teams/",
    "/settings/members/",
    "/settings/members/new/",
    "/settings/macros/",
    "/settings/macros/new/",
]


@pytest.mark.parametrize("path", SETTINGS_PAGES)
def test_agents_do_not_find_settings(client: Client, personas, path: str) -> None:
    for user in (personas.agent, personas.light_agent):
        client.force_login(user)
        assert client.get(path).status_code == 404
        assert client.post(path, {"name": "x"}).status_code == 404


@pytest.mark.parametrize("path", SETTINGS_PAGES)
def test_managers_open_every_settings_page(client: Client, personas, path: str) -> None:
    client.force_login(personas.manager)
    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert "style=" not in response.content.decode()


def test_a_manager_edits_the_business_profile(client: Client, personas) -> None:
    client.force_login(personas.manager)
    data = {
        "name": "Kettle Corner",
        "default_language": "lv",
        "agents_see_all_tickets": "on",
        "response_promise_hours": "8",
        "support_email": "help@kettle.example",
        "support_phone": "+371 2000 0000",
        "tagline": "Hot water, fast",
        "about": "",
        "address": "Brīvības iela 1, Rīga",
        "opening_hours": "Mon–Fri 9–18",
    }
    assert client.post("/settings/business/", data).status_code == 302
    workspace = Workspace.current()
    assert workspace.name == "Kettle Corner"
    assert workspace.agents_see_all_tickets is True
    assert workspace.response_promise_hours == 8


def test_bad_input_keeps_what_was_typed(client: Client, personas) -> None:
    client.force_login(personas.manager)
    response = client.post(
        "/settings/business/",
        {
            "name": "Typed name",
            "default_language": "en",
            "response_promise_hours": "soon",
            "support_email": "not-an-email",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'value="Typed name"' in html and 'value="not-an-email"' in html
    assert Workspace.current().name != "Typed name"


def test_a_manager_creates_renames_and_staffs_a_team(client: Client, personas) -> None:
    client.force_login(personas.manager)
    response = client.post("/settings/teams/", {"name": "Returns desk", "branch": ""})
    team = Team.objects.get(name="Returns desk")
    assert response["Location"] == f"/settings/teams/{team.pk}/"
    duplicate = client.post("/settings/teams/", {"name": "returns DESK"})
    assert duplicate.status_code == 422 and "already exists" in duplicate.content.decode()

    url = f"/settings/teams/{team.pk}/"
    client.post(url, {"op": "rename", "name": "Returns", "branch": str(personas.branch.pk)})
    client.post(url, {"op": "add", "user": str(personas.other_agent.pk)})
    team.refresh_from_db()
    assert team.name == "Returns" and team.branch == personas.branch
    assert list(team.members.all()) == [personas.other_agent]
    client.post(url, {"op": "remove", "user": str(personas.other_agent.pk)})
    assert not team.members.exists()


def test_a_manager_invites_an_agent_but_not_an_admin(client: Client, personas) -> None:
    client.force_login(personas.manager)
    form = client.get("/settings/members/new/").content.decode()
    assert 'type="password"' not in form  # nobody types a password for someone else
    assert '<option value="agent" selected>' in form  # adding a member defaults to Agent
    data = {
        "username": "peter",
        "first_name": "Peter",
        "email": "peter@example.com",
        "role": Role.ADMIN,
        "teams": [str(personas.team.pk)],
    }
    response = client.post("/settings/members/new/", data)
    assert response.status_code == 422
    assert not User.objects.filter(username="peter").exists()
    assert 'value="peter"' in response.content.decode()

    data["role"] = Role.AGENT
    assert client.post("/settings/members/new/", data).status_code == 200
    peter = User.objects.get(username="peter")
    assert peter.role == Role.AGENT and not peter.is_superuser
    assert list(peter.teams.all()) == [personas.team]
    assert not peter.has_usable_password()  # they choose it from the invitation


def test_a_manager_cannot_raise_anyone_to_admin(client: Client, personas) -> None:
    client.force_login(personas.manager)
    url = f"/settings/members/{personas.agent.pk}/"
    response = client.post(url, {"role": Role.ADMIN, "is_active": "on"})
    assert response.status_code == 422
    personas.agent.refresh_from_db()
    assert personas.agent.role == Role.AGENT


def test_a_manager_cannot_change_an_admin(client: Client, personas) -> None:
    client.force_login(personas.manager)
    url = f"/settings/members/{personas.admin.pk}/"
    response = client.post(url, {"role": Role.AGENT})
    assert response.status_code == 422
    personas.admin.refresh_from_db()
    assert personas.admin.role == Role.ADMIN and personas.admin.is_active


def test_an_admin_makes_an_admin_and_switches_access_off(client: Client, personas) -> None:
    client.force_login(personas.admin)
    url = f"/settings/members/{personas.manager.pk}/"
    assert client.post(url, {"role": Role.ADMIN, "is_active": "on"}).status_code == 302
    personas.manager.refresh_from_db()
    assert personas.manager.is_admin
    client.post(f"/settings/members/{personas.agent.pk}/", {"role": Role.AGENT})
    personas.agent.refresh_from_db()
    assert not personas.agent.is_active
    own = client.post(f"/settings/members/{personas.admin.pk}/", {"role": Role.ADMIN})
    assert own.status_code == 422  # nobody switches their own access off


def test_a_manager_writes_and_switches_off_a_macro(client: Client, personas) -> None:
    client.force_login(personas.manager)
    body = "Hello {{ customer.first_name }}, this is {{ agent.name }} about {{ ticket.reference }}."
    data = {"name": "Greeting", "body": body, "language": "", "team": "", "active": "on"}
    assert client.post("/settings/macros/new/", data).status_code == 302
    macro = Macro.objects.get(name="Greeting")
    assert macro.active and macro.body == body

    typo = {**data, "body": "Hi {{ customer.nmae }}"}
    response = client.post(f"/settings/macros/{macro.pk}/", typo)
    assert response.status_code == 422
    assert "Unknown placeholder" in response.content.decode()
    macro.refresh_from_db()
    assert macro.body == body

    data["team"] = str(personas.team.pk)
    client.post(f"/settings/macros/{macro.pk}/", data)
    client.post(f"/settings/macros/{macro.pk}/active/", {"active": "0"})
    macro.refresh_from_db()
    assert macro.team == personas.team and not macro.active


def test_the_macro_form_lists_placeholders(client: Client, personas) -> None:
    client.force_login(personas.manager)
    html = client.get("/settings/macros/new/").content.decode()
    for placeholder in (
        "{{ customer.name }}",
        "{{ customer.first_name }}",
        "{{ ticket.reference }}",
        "{{ agent.name }}",
    ):
        assert placeholder in html
