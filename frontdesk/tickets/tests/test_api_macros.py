"""REST API: listing macros and applying them to a ticket."""

from __future__ import annotations

import pytest

from frontdesk.tickets.models import Macro
from frontdesk.tickets.tests.api_support import client_for, make_ticket, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def macros(personas):
    return {
        "global": Macro.objects.create(name="Thanks", body="Thank you, {{customer.first_name}}!"),
        "riga": Macro.objects.create(
            name="Riga pickup",
            team=personas.team,
            body="{{ ticket.reference }} is ready in Riga. {{agent.first_name}}",
        ),
        "ljubljana": Macro.objects.create(name="LJ", team=personas.other_team, body="Živjo"),
        "inactive": Macro.objects.create(name="Old", body="Old", active=False),
    }


def test_agents_see_global_and_own_team_macros(personas, macros):
    names = [m["name"] for m in client_for(personas.agent).get("/api/v1/macros").json()]
    assert names == ["Riga pickup", "Thanks"]
    assert client_for(personas.customer).get("/api/v1/macros").status_code == 403


def test_it_applies_a_macro_as_a_message(personas, macros):
    personas.agent.first_name = "Anna"
    personas.agent.save()
    ticket = make_ticket(personas.customer, team=personas.team)
    agent = client_for(personas.agent)
    response = post(agent, f"/api/v1/tickets/{ticket.pk}/macros/{macros['riga'].pk}/apply", {})
    assert response.status_code == 201, response.json()
    assert response.json()["body"] == f"{ticket.reference} is ready in Riga. Anna"
    assert response.json()["internal"] is False

    note = post(
        agent, f"/api/v1/tickets/{ticket.pk}/macros/{macros['global'].pk}/apply", {"internal": True}
    )
    assert note.json()["body"] == "Thank you, Ayşe!"
    assert note.json()["internal"] is True


@pytest.mark.parametrize("name", ["ljubljana", "inactive"])
def test_foreign_or_inactive_macros_are_not_found(personas, macros, name):
    ticket = make_ticket(personas.customer, team=personas.team)
    response = post(
        client_for(personas.agent),
        f"/api/v1/tickets/{ticket.pk}/macros/{macros[name].pk}/apply",
        {},
    )
    assert response.status_code == 404
    assert ticket.messages.count() == 1


def test_customers_cannot_apply_macros(personas, macros):
    ticket = make_ticket(personas.customer, team=personas.team)
    response = post(
        client_for(personas.customer),
        f"/api/v1/tickets/{ticket.pk}/macros/{macros['global'].pk}/apply",
        {},
    )
    assert response.status_code == 403
