"""The Deadlines page for those who answer for the tickets: managers and administrators see
every team's escalated and late tickets, a team lead their teams', an agent only alerts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from frontdesk.sla.sweep import do_sweep_sla
from frontdesk.sla.tests.sla_support import only_policies, ticket
from frontdesk.tickets.choices import Status
from frontdesk.tickets.services import do_escalate_ticket, do_update_ticket

HOURLY = {"first_response_minutes": 60, "resolution_minutes": 600, "business_hours": False}


@pytest.fixture
def late_and_escalated(personas):
    """A late ticket in each team (alerts go to nobody but the assignee), one escalated."""
    p = personas
    only_policies({**HOURLY, "on_breach_notify": "nobody"})
    then = timezone.now() - timedelta(hours=2)
    riga = ticket(p.customer, then, assignee=p.agent, team=p.team)
    ljubljana = ticket(p.other_customer, then, team=p.other_team)
    assert do_sweep_sla().breached >= 2
    escalated = ticket(p.customer, timezone.now(), team=p.other_team)
    do_escalate_ticket(actor=p.other_agent, ticket=escalated, reason="Angry")
    calm = ticket(p.customer, timezone.now(), team=p.team)
    return riga, ljubljana, escalated, calm


def page(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get("/sla/alerts/")
    assert response.status_code == 200
    return response.content.decode()


def test_managers_and_admins_see_every_teams_escalated_and_late_tickets(
    personas, late_and_escalated
):
    riga, ljubljana, escalated, calm = late_and_escalated
    for user in (personas.manager, personas.admin):
        html = page(user)
        assert "Escalated and missed: every team" in html
        for shown in (riga, ljubljana, escalated):
            assert f'data-attention="{shown.pk}"' in html
        assert f'data-attention="{calm.pk}"' not in html
        # Escalated first.
        assert html.index(f'data-attention="{escalated.pk}"') < html.index(
            f'data-attention="{riga.pk}"'
        )


def test_a_team_lead_sees_the_teams_they_lead_and_an_agent_only_alerts(
    personas, late_and_escalated
):
    riga, ljubljana, escalated, _calm = late_and_escalated
    agent_page = page(personas.agent)
    assert "data-attention=" not in agent_page
    assert riga.reference in agent_page  # her own alert
    assert ljubljana.reference not in agent_page and escalated.reference not in agent_page
    personas.other_team.lead = personas.other_agent
    personas.other_team.save()
    lead_page = page(personas.other_agent)
    assert "the teams you lead" in lead_page
    assert f'data-attention="{ljubljana.pk}"' in lead_page
    assert f'data-attention="{escalated.pk}"' in lead_page
    assert f'data-attention="{riga.pk}"' not in lead_page


def test_a_solved_ticket_leaves_the_list(personas, late_and_escalated):
    riga, *_rest = late_and_escalated
    do_update_ticket(actor=personas.agent, ticket=riga, status=Status.SOLVED)
    assert f'data-attention="{riga.pk}"' not in page(personas.manager)


def test_outsiders_are_sent_to_sign_in(late_and_escalated):
    response = Client().get("/sla/alerts/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
