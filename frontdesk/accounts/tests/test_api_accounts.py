"""REST API: teams, agents and /me for staff tokens."""

from __future__ import annotations

import pytest
from django.test import Client

from frontdesk.accounts.services import do_create_api_token

pytestmark = pytest.mark.django_db


def bearer(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def test_me_describes_the_staff_user(personas):
    response = bearer(do_create_api_token(user=personas.agent)).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json() == {
        "kind": "staff",
        "id": personas.agent.pk,
        "name": "anna",
        "email": "",
        "role": "agent",
        "team_ids": [personas.team.pk],
    }


def test_staff_read_teams_and_agents(personas):
    client = bearer(do_create_api_token(user=personas.agent))
    teams = client.get("/api/v1/teams").json()
    assert [t["name"] for t in teams] == ["Ljubljana shop", "Riga shop"]
    agents = {a["username"]: a for a in client.get("/api/v1/agents").json()}
    assert set(agents) == {"admin", "maria", "anna", "oskar", "lena"}
    assert agents["anna"]["team_ids"] == [personas.team.pk]
    assert "password" not in agents["anna"]
