"""The ticket summary report: counts by status and team, median response and resolution."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from frontdesk.tickets.models import Ticket
from frontdesk.tickets.tests.api_support import client_for, make_ticket

URL = "/api/v1/reports/tickets"


def _ticket(customer, team, *, age_days, first_response_min=None, solved_hours=None, status=None):
    ticket = make_ticket(customer, team=team)
    created = timezone.now() - timedelta(days=age_days)
    fields = {"created_at": created}
    if first_response_min is not None:
        fields["first_response_at"] = created + timedelta(minutes=first_response_min)
    if solved_hours is not None:
        fields["solved_at"] = created + timedelta(hours=solved_hours)
    if status:
        fields["status"] = status
    Ticket.objects.filter(pk=ticket.pk).update(**fields)
    return ticket


@pytest.mark.django_db
def test_a_manager_sees_counts_and_medians_of_the_window(personas):
    p = personas
    _ticket(p.customer, p.team, age_days=1, first_response_min=10, solved_hours=2, status="solved")
    _ticket(p.customer, p.team, age_days=2, first_response_min=30, solved_hours=6, status="solved")
    _ticket(p.customer, p.team, age_days=3, first_response_min=50)
    _ticket(p.other_customer, p.other_team, age_days=4)
    _ticket(p.other_customer, None, age_days=5)
    # Older than the window: counted by neither the groups nor the medians.
    _ticket(p.customer, p.team, age_days=45, first_response_min=1, solved_hours=1)

    response = client_for(p.manager).get(URL, {"days": 30})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["days"] == 30
    assert body["tickets"] == 5
    groups = {(g["team"], g["status"]): g["tickets"] for g in body["by_status_and_team"]}
    assert groups == {
        ("Riga shop", "solved"): 2,
        ("Riga shop", "new"): 1,
        ("Ljubljana shop", "new"): 1,
        ("", "new"): 1,
    }
    assert body["median_first_response_seconds"] == pytest.approx(30 * 60, abs=1)
    # Two solved (2 h, 6 h): the lower middle.
    assert body["median_resolution_seconds"] == pytest.approx(2 * 3600, abs=1)


@pytest.mark.django_db
def test_the_default_window_is_30_days_and_empty_medians_are_null(personas):
    _ticket(personas.customer, personas.team, age_days=31, first_response_min=5)
    body = client_for(personas.admin).get(URL).json()
    assert body["days"] == 30
    assert body["tickets"] == 0
    assert body["by_status_and_team"] == []
    assert body["median_first_response_seconds"] is None
    assert body["median_resolution_seconds"] is None


@pytest.mark.django_db
@pytest.mark.parametrize("days", ["0", "367", "x"])
def test_a_bad_window_is_a_422(personas, days):
    response = client_for(personas.manager).get(URL, {"days": days})
    assert response.status_code == 422
    assert "days" in response.content.decode()


@pytest.mark.django_db
def test_outsiders_cannot_read_reports(personas):
    assert Client().get(URL).status_code == 401
    assert Client(HTTP_AUTHORIZATION="Bearer fds_nonsense").get(URL).status_code == 401
    for outsider in (personas.agent, personas.light_agent, personas.customer):
        response = client_for(outsider).get(URL)
        assert response.status_code == 403, outsider
        assert "managers" in response.json()["message"]
