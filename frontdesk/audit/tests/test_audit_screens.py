"""Settings → Audit log and GET /api/v1/audit-log: administrators only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from frontdesk.accounts.services import do_create_api_token
from frontdesk.audit.models import AuditEntry
from frontdesk.audit.services import Actor, do_record_audit
from frontdesk.customers.services import do_create_customer_token

pytestmark = pytest.mark.django_db
PAGE = "/settings/audit-log/"
API = "/api/v1/audit-log"
ROLE = "<code>member.role_changed</code>"
SIGN_IN = "<code>auth.sign_in_failed</code>"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def bearer(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def test_outsiders_cannot_open_the_page(personas):
    anonymous = Client().get(PAGE)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/sign-in/")
    for user in (personas.manager, personas.agent, personas.light_agent):
        assert signed_in(user).get(PAGE).status_code == 404


def test_outsiders_cannot_read_the_api(personas):
    assert Client().get(API).status_code == 401
    for user in (personas.manager, personas.agent):
        assert bearer(do_create_api_token(user=user)).get(API).status_code == 403
    customer = do_create_customer_token(customer=personas.customer)
    assert bearer(customer).get(API).status_code == 403


def test_the_page_lists_newest_first_and_filters(personas):
    now = datetime(2026, 12, 1, 12, tzinfo=UTC)
    do_record_audit(action="auth.sign_in_failed", actor=personas.agent, ip="192.0.2.1", at=now)
    do_record_audit(
        action="member.role_changed", actor=personas.admin, ip="192.0.2.2", at=now + timedelta(1)
    )
    client = signed_in(personas.admin)
    page = client.get(PAGE)
    assert page.status_code == 200
    text = page.content.decode()
    assert text.index(ROLE) < text.index(SIGN_IN)
    assert 'href="/settings/audit-log/"' in text  # the settings menu links it
    only_auth = client.get(PAGE, {"action": "auth."}).content.decode()
    assert SIGN_IN in only_auth and ROLE not in only_auth
    by_ip = client.get(PAGE, {"ip": "192.0.2.2"}).content.decode()
    assert ROLE in by_ip and "192.0.2.1" not in by_ip
    by_day = client.get(PAGE, {"since": "2026-12-02", "until": "2026-12-02"}).content.decode()
    assert ROLE in by_day and SIGN_IN not in by_day
    by_actor = client.get(PAGE, {"actor": "ANNA"}).content.decode()
    assert SIGN_IN in by_actor and ROLE not in by_actor


def test_the_page_pages_through_a_long_log(personas):
    start = datetime(2026, 12, 1, tzinfo=UTC)
    AuditEntry.objects.bulk_create(
        AuditEntry(action=f"test.n{n:03}", actor_kind="system", at=start + timedelta(minutes=n))
        for n in range(60)
    )
    client = signed_in(personas.admin)
    first = client.get(PAGE, {"action": "test."}).content.decode()
    assert "test.n059" in first and "test.n009" not in first
    link = first.split('class="button" href="?')[1].split('"')[0].replace("&amp;", "&")
    second = client.get(f"{PAGE}?{link}").content.decode()
    assert "test.n009" in second and "test.n059" not in second
    assert "action=test." in link  # the filters stay on the next page


def test_the_api_lists_failed_sign_ins_with_actor_ip_and_time(personas):
    Client(REMOTE_ADDR="198.51.100.7").post("/sign-in/", {"username": "anna", "password": "x"})
    token = do_create_api_token(user=personas.admin)
    body = bearer(token).get(API, {"action": "auth.sign_in_failed"}).json()
    assert body["next"] is None
    [entry] = body["items"]
    assert "sign_in_failed" in entry["action"]
    assert entry["actor"] == {"kind": "anonymous", "id": None, "label": "anna"}
    assert entry["ip"] == "198.51.100.7"
    assert entry["at"]


def test_the_api_filters_by_time_and_pages(personas):
    start = datetime(2026, 12, 1, tzinfo=UTC)
    for n in range(5):
        do_record_audit(
            action="test.x", actor=Actor("system", None, "system"), at=start + timedelta(hours=n)
        )
    client = bearer(do_create_api_token(user=personas.admin))
    window = client.get(
        API, {"action": "test.", "since": "2026-12-01T01:00:00Z", "until": "2026-12-01T04:00:00Z"}
    ).json()
    assert [item["at"][11:13] for item in window["items"]] == ["03", "02", "01"]
    first = client.get(API, {"action": "test.", "limit": 2}).json()
    second = client.get(API, {"action": "test.", "limit": 2, "cursor": first["next"]}).json()
    assert [i["at"][11:13] for i in first["items"] + second["items"]] == ["04", "03", "02", "01"]
    assert client.get(API, {"actoin": "x"}).status_code == 422  # unknown filters are refused


def test_the_api_wants_iso_times(personas):
    client = bearer(do_create_api_token(user=personas.admin))
    assert client.get(API, {"until": "0.5"}).status_code == 422
    assert client.get(API, {"since": "1733000000"}).status_code == 422
    assert client.get(API, {"since": "2026-12-01"}).status_code == 200
