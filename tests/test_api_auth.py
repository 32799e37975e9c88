"""REST API: personal token authentication (staff and customer tokens), the spec."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from frontdesk.accounts.models import ApiToken
from frontdesk.accounts.services import do_create_api_token
from frontdesk.customers.models import CustomerToken
from frontdesk.customers.services import do_create_customer_token

pytestmark = pytest.mark.django_db


def bearer(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def test_staff_and_customer_tokens_identify_their_actor(personas):
    staff = bearer(do_create_api_token(user=personas.agent)).get("/api/v1/me")
    assert staff.status_code == 200
    assert staff.json() == {
        "kind": "staff",
        "id": personas.agent.pk,
        "name": "anna",
        "email": "",
        "role": "agent",
        "team_ids": [personas.team.pk],
    }
    customer = bearer(do_create_customer_token(customer=personas.customer)).get("/api/v1/me")
    assert customer.json()["kind"] == "customer"
    assert customer.json()["id"] == personas.customer.pk


@pytest.mark.parametrize(
    "header",
    [
        "",
        "Bearer",
        "Bearer ",
        "Bearer fds_nope",
        "Bearer fdc_nope",
        "Token fds_x",
        "Basic YWRtaW46YWRtaW4=",
        "Bearer " + "fds_" + "x" * 5000,
    ],
)
def test_bad_credentials_get_401(personas, header):
    client = Client(HTTP_AUTHORIZATION=header) if header else Client()
    response = client.get("/api/v1/tickets")
    assert response.status_code == 401
    assert response.json()["message"]
    assert response.json()["errors"] == []
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_revoked_tokens_and_inactive_users_are_refused(personas):
    staff_raw = do_create_api_token(user=personas.agent)
    customer_raw = do_create_customer_token(customer=personas.customer)
    assert bearer(staff_raw).get("/api/v1/me").status_code == 200
    ApiToken.objects.update(revoked_at=timezone.now())
    CustomerToken.objects.update(revoked_at=timezone.now())
    assert bearer(staff_raw).get("/api/v1/me").status_code == 401
    assert bearer(customer_raw).get("/api/v1/me").status_code == 401

    other_raw = do_create_api_token(user=personas.other_agent)
    personas.other_agent.is_active = False
    personas.other_agent.save()
    assert bearer(other_raw).get("/api/v1/me").status_code == 401


def test_last_used_is_written_at_most_once_a_minute(personas, django_assert_num_queries):
    client = bearer(do_create_api_token(user=personas.admin))
    token = ApiToken.objects.get()
    assert token.last_used_at is None
    with django_assert_num_queries(3):  # lookup, update, teams
        client.get("/api/v1/me")
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    with django_assert_num_queries(2):  # lookup, teams: no write
        client.get("/api/v1/me")
    assert ApiToken.objects.get().last_used_at == first
    ApiToken.objects.update(last_used_at=timezone.now() - timedelta(minutes=2))
    client.get("/api/v1/me")
    assert ApiToken.objects.get().last_used_at > first


def test_the_spec_is_published(personas):
    spec = Client().get("/api/v1/openapi.json")
    assert spec.status_code == 200
    paths = spec.json()["paths"]
    assert "/api/v1/tickets/{ticket_id}/merge" in paths
    assert spec.json()["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_customer_tokens_cannot_list_staff(personas):
    customer = bearer(do_create_customer_token(customer=personas.customer))
    assert customer.get("/api/v1/teams").status_code == 403
    assert customer.get("/api/v1/agents").status_code == 403
