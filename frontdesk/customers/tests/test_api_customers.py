"""REST API: customers and organizations."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from frontdesk.accounts.models import User
from frontdesk.accounts.services import do_create_api_token
from frontdesk.customers.models import Customer, Organization
from frontdesk.customers.services import do_create_customer_token, do_create_organization

pytestmark = pytest.mark.django_db


def client_for(actor: User | Customer) -> Client:
    if isinstance(actor, User):
        token = do_create_api_token(user=actor)
    else:
        token = do_create_customer_token(customer=actor)
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def post(client: Client, url: str, data: Any) -> Any:
    return client.post(url, data, content_type="application/json")


def patch(client: Client, url: str, data: Any) -> Any:
    return client.patch(url, data, content_type="application/json")


def test_staff_create_read_and_change_customers(personas):
    admin = client_for(personas.agent)
    org = do_create_organization(name="Baltic Outdoor", domain="baltic.example")
    created = post(
        admin,
        "/api/v1/customers",
        {
            "email": "Ilze@Example.lv",
            "name": "Ilze",
            "language": "lv",
            "organization_id": org.pk,
            "notes": "Prefers phone",
        },
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["email"] == "ilze@example.lv"
    assert body["organization_id"] == org.pk
    customer_id = body["id"]

    assert admin.get(f"/api/v1/customers/{customer_id}").json()["notes"] == "Prefers phone"
    changed = patch(
        admin,
        f"/api/v1/customers/{customer_id}",
        {"phone": "+371 2000 0000", "organization_id": None},
    )
    assert changed.status_code == 200
    assert changed.json()["phone"] == "+371 2000 0000"
    assert changed.json()["organization_id"] is None
    assert changed.json()["name"] == "Ilze"

    duplicate = post(admin, "/api/v1/customers", {"email": "ILZE@example.lv"})
    assert duplicate.status_code == 409
    assert duplicate.json()["errors"][0]["field"] == "email"
    taken = patch(admin, f"/api/v1/customers/{customer_id}", {"email": personas.customer.email})
    assert taken.status_code == 409


def test_it_validates_customer_input(personas):
    admin = client_for(personas.admin)
    for payload, field in [
        ({"email": "nope"}, "email"),
        ({"name": "x", "language": "xx"}, "language"),
        ({"name": "x", "time_zone": "Mars/Olympus"}, "time_zone"),
        ({"name": "x", "organization_id": 424242}, "organization_id"),
        ({"name": "x" * 201}, "name"),
        ({"name": "x", "is_vip": True}, "is_vip"),
    ]:
        response = post(admin, "/api/v1/customers", payload)
        assert response.status_code == 422, payload
        assert field in [e["field"] for e in response.json()["errors"]], response.json()
    assert post(admin, "/api/v1/customers", {}).status_code == 422
    assert admin.get("/api/v1/customers/424242").status_code == 404
    assert patch(admin, "/api/v1/customers/424242", {"name": "x"}).status_code == 404


def test_customer_list_filters_and_pages(personas):
    org = do_create_organization(name="Adriatic")
    extra = [
        Customer.objects.create(
            name=f"C{i}", email=f"c{i}@example.com", organization=org if i % 2 else None
        )
        for i in range(5)
    ]
    admin = client_for(personas.admin)
    seen, cursor = [], ""
    while True:
        page = admin.get(f"/api/v1/customers?limit=2&cursor={cursor}").json()
        seen += [c["id"] for c in page["items"]]
        cursor = page["next"]
        if not cursor:
            break
    assert sorted(seen) == sorted(
        [personas.customer.pk, personas.other_customer.pk, *[c.pk for c in extra]]
    )
    assert len(seen) == len(set(seen))

    by_email = admin.get("/api/v1/customers?email=AYSE@example.com").json()["items"]
    assert [c["id"] for c in by_email] == [personas.customer.pk]
    by_org = admin.get(f"/api/v1/customers?organization={org.pk}").json()["items"]
    assert {c["id"] for c in by_org} == {extra[1].pk, extra[3].pk}
    assert admin.get("/api/v1/customers?cursor=bogus").status_code == 400


def test_customer_tokens_see_only_their_own_record(personas):
    customer = client_for(personas.customer)
    own = customer.get(f"/api/v1/customers/{personas.customer.pk}")
    assert own.status_code == 200
    assert own.json()["notes"] is None
    assert customer.get(f"/api/v1/customers/{personas.other_customer.pk}").status_code == 404
    assert customer.get("/api/v1/customers").status_code == 403
    assert post(customer, "/api/v1/customers", {"name": "x"}).status_code == 403
    assert (
        patch(customer, f"/api/v1/customers/{personas.customer.pk}", {"name": "x"}).status_code
        == 403
    )
    assert customer.get("/api/v1/organizations").status_code == 403
    assert post(customer, "/api/v1/organizations", {"name": "x"}).status_code == 403


def test_organizations(personas):
    admin = client_for(personas.manager)
    created = post(
        admin, "/api/v1/organizations", {"name": "Nordic Trails", "domain": "NORDIC.example"}
    )
    assert created.status_code == 201, created.json()
    org_id = created.json()["id"]
    assert created.json()["domain"] == "nordic.example"
    assert post(admin, "/api/v1/organizations", {"name": "nordic trails"}).status_code == 409
    assert post(admin, "/api/v1/organizations", {"name": ""}).status_code == 422
    assert admin.get(f"/api/v1/organizations/{org_id}").json()["name"] == "Nordic Trails"
    changed = patch(admin, f"/api/v1/organizations/{org_id}", {"notes": "Key account"})
    assert changed.json()["notes"] == "Key account"
    assert changed.json()["name"] == "Nordic Trails"
    listed = admin.get("/api/v1/organizations").json()
    assert [o["id"] for o in listed["items"]] == [org_id]
    assert admin.get("/api/v1/organizations/999999").status_code == 404
    assert Organization.objects.count() == 1
