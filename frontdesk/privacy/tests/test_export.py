"""A customer's data export (SECURITY.md 51): her data, nobody else's, admins only."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from frontdesk.accounts.services import do_create_api_token
from frontdesk.audit.models import AuditEntry
from frontdesk.customers.services import do_create_customer_token
from frontdesk.privacy.tests.support import leave_footprint, portal_session, staff_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def both(personas, mailbox, data_dir):
    ayse = leave_footprint(
        personas, personas.customer, phrase="Blue tent zipper broke.", mailbox=mailbox
    )
    janez = leave_footprint(
        personas, personas.other_customer, phrase="Red kayak paddle.", mailbox=mailbox
    )
    return ayse, janez


def unzip(response) -> tuple[dict, dict[str, bytes]]:
    content = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    return json.loads(files.pop("customer.json")), files


def test_the_archive_holds_her_profile_tickets_messages_and_files(personas, both):
    ayse, _janez = both
    url = reverse("privacy:customer-export", args=[ayse.customer.pk])
    response = staff_client(personas.admin).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    data, files = unzip(response)
    assert data["customer"]["email"] == ayse.email
    assert data["customer"]["phone"] == "+371 2000 1111"
    assert "staff_notes" not in data["customer"]
    assert {t["reference"] for t in data["tickets"]} == {t.reference for t in ayse.tickets}
    texts = [m["text"] for t in data["tickets"] for m in t["messages"]]
    assert any(ayse.phrase in text for text in texts)
    assert any(text.startswith("Dear ") for text in texts)  # the agents' replies to her
    assert not any("Internal:" in text for text in texts)  # notes only when asked
    assert sorted(files) == sorted(
        m["file"] for t in data["tickets"] for msg in t["messages"] for m in msg["attachments"]
    )
    assert len(files) == 2
    for name in files:
        assert name.startswith("attachments/") and "/" not in name.split("/", 1)[1]
        assert " " not in name  # sanitised
    assert AuditEntry.objects.filter(action="privacy.customer_exported").count() == 1


def test_internal_notes_come_only_when_asked(personas, both):
    ayse, _janez = both
    url = reverse("privacy:customer-export", args=[ayse.customer.pk]) + "?internal=1"
    data, _files = unzip(staff_client(personas.admin).get(url))
    texts = [m["text"] for t in data["tickets"] for m in t["messages"]]
    assert any("Internal:" in text for text in texts)
    assert data["customer"]["staff_notes"] == f"Prefers {ayse.phrase}"


def test_the_archive_of_one_customer_holds_nothing_of_another(personas, both):
    ayse, janez = both
    for url in (
        reverse("privacy:customer-export", args=[ayse.customer.pk]) + "?internal=1",
        f"/api/v1/customers/{ayse.customer.pk}/export?include_internal=true",
    ):
        if url.startswith("/api/"):
            token = do_create_api_token(user=personas.admin)
            response = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get(url)
        else:
            response = staff_client(personas.admin).get(url)
        assert response.status_code == 200, url
        data, files = unzip(response)
        everything = json.dumps(data, ensure_ascii=False) + "".join(
            f.decode("utf-8", "replace") for f in files.values()
        )
        assert ayse.email in everything and ayse.phrase in everything
        for foreign in (janez.email, janez.name, "Novak", janez.phrase, "kayak"):
            assert foreign.lower() not in everything.lower(), foreign


def test_outsiders_cannot_export(personas, client):
    url = reverse("privacy:customer-export", args=[personas.customer.pk])
    assert client.get(url).status_code == 302  # anonymous: to sign-in
    for user in (personas.manager, personas.agent, personas.light_agent):
        assert staff_client(user).get(url).status_code == 404
    assert portal_session(personas.customer).get(url).status_code == 302
    missing = reverse("privacy:customer-export", args=[999999])
    assert staff_client(personas.admin).get(missing).status_code == 404


def test_the_api_export_is_for_administrator_tokens_only(personas):
    url = f"/api/v1/customers/{personas.customer.pk}/export"
    assert Client().get(url).status_code == 401
    for user in (personas.manager, personas.agent):
        token = do_create_api_token(user=user)
        assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get(url).status_code == 403
    own = do_create_customer_token(customer=personas.customer)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {own}").get(url).status_code == 403
    admin = Client(HTTP_AUTHORIZATION=f"Bearer {do_create_api_token(user=personas.admin)}")
    assert admin.get("/api/v1/customers/999999/export").status_code == 404
    response = admin.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_customer_page_offers_export_and_erase_to_administrators_only(personas):
    url = reverse("customers:customer-detail", args=[personas.customer.pk])
    export = reverse("privacy:customer-export", args=[personas.customer.pk])
    assert export in staff_client(personas.admin).get(url).content.decode()
    assert export not in staff_client(personas.manager).get(url).content.decode()
