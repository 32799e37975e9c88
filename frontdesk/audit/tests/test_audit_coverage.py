"""SECURITY.md 54: API-token revocation, objects refused with 404, and Django admin changes
reach the audit log."""

from __future__ import annotations

import pytest
from django.test import Client

from frontdesk.accounts.models import ApiToken
from frontdesk.accounts.services import do_create_api_token
from frontdesk.audit.models import AuditEntry
from frontdesk.customers.models import Customer
from frontdesk.customers.services import do_create_customer_token
from frontdesk.tickets.access import access_attachment
from frontdesk.tickets.models import Attachment, Tag
from frontdesk.tickets.services import NewAttachment
from frontdesk.tickets.tests.ticket_page_support import open_ticket

pytestmark = pytest.mark.django_db


def entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def bearer(raw: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


# --- 1. API tokens: create and revoke, on the account page and through the API -------


def test_a_member_creates_a_token_on_the_account_page_sees_it_once_and_revokes_it(personas):
    client = signed_in(personas.agent)
    response = client.post("/account/tokens/", {"name": "Reporting script"})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    raw = response.context["token"]
    assert raw.startswith("fds_") and raw in response.content.decode()
    assert bearer(raw).get("/api/v1/me").status_code == 200
    token = ApiToken.objects.get(user=personas.agent)
    page = client.get("/account/").content.decode()
    assert "Reporting script" in page and raw not in page
    assert f"/account/tokens/{token.pk}/revoke/" in page

    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert bearer(raw).get("/api/v1/me").status_code == 401
    revoked = entries("token.revoked")[-1]
    assert (revoked.actor_id, revoked.target_id) == (personas.agent.pk, str(personas.agent.pk))
    assert revoked.after == {"token": token.pk, "name": "Reporting script"}
    assert raw not in str(revoked.after) and token.token_hash not in str(revoked.after)
    assert f"/account/tokens/{token.pk}/revoke/" not in client.get("/account/").content.decode()


def test_a_token_needs_a_name(personas):
    response = signed_in(personas.agent).post("/account/tokens/", {"name": "  "})
    assert response.status_code == 302
    assert not ApiToken.objects.exists()


def test_nobody_revokes_another_members_token_on_the_account_page(personas):
    raw = do_create_api_token(user=personas.agent, name="Anna's script")
    token = ApiToken.objects.get()
    url = f"/account/tokens/{token.pk}/revoke/"
    assert signed_in(personas.other_agent).post(url).status_code == 404
    assert signed_in(personas.admin).post(url).status_code == 404  # admins use the API
    response = Client().post(url)
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
    assert Client().post("/account/tokens/", {"name": "x"})["Location"].startswith("/sign-in/")
    token.refresh_from_db()
    assert token.revoked_at is None and not entries("token.revoked")
    assert "Anna's script" not in signed_in(personas.other_agent).get("/account/").content.decode()
    assert bearer(raw).get("/api/v1/me").status_code == 200


def test_the_api_revokes_own_tokens_and_an_admin_revokes_anyones(personas):
    anna = do_create_api_token(user=personas.agent, name="one")
    second = do_create_api_token(user=personas.agent, name="two")
    one, two = ApiToken.objects.order_by("pk")
    assert bearer(anna).delete(f"/api/v1/tokens/{two.pk}").status_code == 204
    assert bearer(second).get("/api/v1/me").status_code == 401
    # once is enough: a second revocation keeps the time and records nothing new
    revoked_at = ApiToken.objects.get(pk=two.pk).revoked_at
    assert bearer(anna).delete(f"/api/v1/tokens/{two.pk}").status_code == 204
    assert ApiToken.objects.get(pk=two.pk).revoked_at == revoked_at
    assert len(entries("token.revoked")) == 1

    admin = do_create_api_token(user=personas.admin)
    assert bearer(admin).delete(f"/api/v1/tokens/{one.pk}").status_code == 204
    assert bearer(anna).get("/api/v1/me").status_code == 401
    last = entries("token.revoked")[-1]
    assert (last.actor_id, last.target_id) == (personas.admin.pk, str(personas.agent.pk))


def test_the_api_answers_404_for_another_members_token_and_401_without_one(personas):
    do_create_api_token(user=personas.agent, name="anna")
    token = ApiToken.objects.get()
    oskar = do_create_api_token(user=personas.other_agent)
    manager = do_create_api_token(user=personas.manager)
    assert bearer(oskar).delete(f"/api/v1/tokens/{token.pk}").status_code == 404
    assert bearer(manager).delete(f"/api/v1/tokens/{token.pk}").status_code == 404
    assert bearer(oskar).delete("/api/v1/tokens/999999").status_code == 404
    assert Client().delete(f"/api/v1/tokens/{token.pk}").status_code == 401
    customer = do_create_customer_token(customer=personas.customer, name="c")
    assert bearer(customer).delete(f"/api/v1/tokens/{token.pk}").status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


# --- 2. an object that exists but is hidden: access.denied; one that does not: nothing --


def test_a_hidden_ticket_is_recorded_and_a_missing_one_is_not(personas):
    ticket = open_ticket(personas)  # Anna's team; Oskar's is another
    client = signed_in(personas.other_agent)
    assert client.get(f"/tickets/{ticket.pk}/").status_code == 404
    denied = entries("access.denied")
    assert len(denied) == 1
    assert (denied[0].actor_id, denied[0].target_type, denied[0].target_id) == (
        personas.other_agent.pk,
        "tickets.Ticket",
        str(ticket.pk),
    )
    assert denied[0].target_label == "" and ticket.subject not in str(denied[0].after)
    assert client.get(f"/tickets/{ticket.pk + 1000}/").status_code == 404
    api = bearer(do_create_api_token(user=personas.other_agent))
    assert api.get(f"/api/v1/tickets/{ticket.pk + 1000}").status_code == 404
    assert len(entries("access.denied")) == 1
    assert api.get(f"/api/v1/tickets/{ticket.pk}").status_code == 404
    assert len(entries("access.denied")) == 2
    # the member who may see it leaves no trace
    assert signed_in(personas.agent).get(f"/tickets/{ticket.pk}/").status_code == 200
    assert len(entries("access.denied")) == 2


def test_a_hidden_attachment_is_recorded_and_a_missing_one_is_not(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ticket = open_ticket(personas, attachments=[NewAttachment("receipt.pdf", b"%PDF-1.4 x")])
    attachment = Attachment.objects.get(message__ticket=ticket)
    assert access_attachment(personas.agent, attachment.pk) == attachment
    assert not entries("access.denied")
    with pytest.raises(Exception, match="No such attachment"):
        access_attachment(personas.other_agent, attachment.pk + 1000)
    assert not entries("access.denied")
    with pytest.raises(Exception, match="No such attachment"):
        access_attachment(personas.other_agent, attachment.pk)
    denied = entries("access.denied")[-1]
    assert (denied.target_type, denied.target_id) == ("tickets.Attachment", str(attachment.pk))
    assert "receipt" not in str(denied.after) + denied.target_label


def test_a_hidden_customer_is_recorded_and_a_missing_one_is_not(personas):
    oskar = personas.other_agent
    oskar.branch_restricted = True
    oskar.save()
    oskar.restricted_branches.set([personas.other_branch])
    customer: Customer = personas.customer  # no ticket in Ljubljana: hidden from Oskar
    client = signed_in(oskar)
    assert client.get(f"/customers/{customer.pk + 1000}/").status_code == 404
    assert not entries("access.denied")
    assert client.get(f"/customers/{customer.pk}/").status_code == 404
    denied = entries("access.denied")[-1]
    assert (denied.actor_id, denied.target_type, denied.target_id) == (
        oskar.pk,
        "customers.Customer",
        str(customer.pk),
    )
    assert customer.email not in str(denied.after) and denied.target_label == ""


# --- 3. the Django admin ----------------------------------------------------------------


def test_changes_and_deletions_in_the_django_admin_are_recorded(personas):
    client = signed_in(personas.admin)
    tag = Tag.objects.create(name="refund")
    response = client.post(f"/admin/tickets/tag/{tag.pk}/change/", {"name": "refunds"})
    assert response.status_code == 302, response.content.decode()[:2000]
    changed = entries("admin.changed")[-1]
    assert (changed.actor_id, changed.target_type, changed.target_id) == (
        personas.admin.pk,
        "tickets.Tag",
        str(tag.pk),
    )
    assert changed.after == {"fields": ["name"]}
    assert "refunds" not in str(changed.after)  # names of fields, never values

    raw = do_create_api_token(user=personas.agent, name="script")
    token = ApiToken.objects.get()
    response = client.post(
        f"/admin/accounts/apitoken/{token.pk}/delete/", {"post": "yes"}, follow=False
    )
    assert response.status_code == 302
    assert not ApiToken.objects.exists()
    deleted = entries("admin.deleted")[-1]
    assert (deleted.target_type, deleted.target_id) == ("accounts.ApiToken", str(token.pk))
    assert raw not in str(deleted.after) and token.token_hash not in str(deleted.after)

    other = Tag.objects.create(name="late")
    response = client.post(
        "/admin/tickets/tag/",
        {"action": "delete_selected", "_selected_action": [other.pk], "post": "yes"},
    )
    assert response.status_code == 302 and not Tag.objects.filter(pk=other.pk).exists()
    assert entries("admin.deleted")[-1].target_id == str(other.pk)
