"""The audit log records who did what, from where, and cannot be rewritten (SECURITY.md 6, 54)."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from frontdesk.accounts.choices import Role
from frontdesk.accounts.services import (
    do_add_team_member,
    do_create_api_token,
    do_create_staff_user,
    do_remove_team_member,
    do_update_staff_user,
    do_update_workspace,
)
from frontdesk.audit.models import AppendOnly, AuditEntry
from frontdesk.audit.services import do_record_audit
from frontdesk.customers.services import do_update_customer
from frontdesk.inbox.mailboxes import do_create_mailbox, do_update_mailbox
from frontdesk.sla.policy_services import do_create_policy, do_update_policy

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


def test_it_refuses_to_change_or_delete_an_entry(personas):
    entry = do_record_audit(action="test.something", actor=personas.admin)
    entry.action = "test.other"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(action="test.other")
    with pytest.raises(AppendOnly):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.bulk_update([entry], ["action"])
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.something"


def test_the_admin_site_cannot_add_change_or_delete(personas):
    client = Client()
    client.force_login(personas.admin)
    entry = do_record_audit(action="test.something", actor=personas.admin)
    assert client.get("/admin/audit/auditentry/add/").status_code == 403
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403
    page = client.get(f"/admin/audit/auditentry/{entry.pk}/change/")
    assert page.status_code == 200  # view only
    assert b'name="_save"' not in page.content


def test_it_records_sign_in_failure_and_sign_out_with_ip_and_agent(personas):
    client = Client(REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="curl/8\r\nforged: line")
    client.post("/sign-in/", {"username": "anna", "password": "wrong password"})
    assert client.login(username="anna", password=PASSWORD)
    client.logout()
    failed = entries("auth.sign_in_failed")[-1]
    assert (failed.actor_kind, failed.actor_label) == ("anonymous", "anna")
    assert failed.ip == "203.0.113.9"
    assert failed.user_agent == "curl/8\\r\\nforged: line"
    signed_in = entries("auth.sign_in")[-1]
    assert (signed_in.actor_kind, signed_in.actor_id) == ("staff", personas.agent.pk)
    assert entries("auth.sign_out")[-1].actor_id == personas.agent.pk


def test_a_typed_user_name_cannot_inject_lines(personas):
    Client().post("/sign-in/", {"username": "x\r\n\x1b[31madmin", "password": "nope"})
    assert entries("auth.sign_in_failed")[-1].actor_label == "x\\r\\n\\x1b[31madmin"


def test_it_records_a_failed_api_token_and_refused_api_calls(personas):
    Client(HTTP_AUTHORIZATION="Bearer fds_not-a-token").get("/api/v1/me")
    assert entries("auth.token_failed")[-1].actor_kind == "anonymous"
    token = do_create_api_token(user=personas.agent)
    response = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/audit-log")
    assert response.status_code == 403
    denied = entries("access.denied")[-1]
    assert (denied.actor_kind, denied.actor_id) == ("staff", personas.agent.pk)
    assert denied.after["path"] == "/api/v1/audit-log"


def test_it_records_a_refused_settings_page(personas):
    client = Client()
    client.force_login(personas.agent)
    assert client.get("/settings/teams/").status_code == 404
    denied = entries("access.denied")[-1]
    assert (denied.actor_id, denied.after["path"]) == (personas.agent.pk, "/settings/teams/")


def test_it_records_member_changes_with_before_and_after(personas):
    new = do_create_staff_user(username="nina", role=Role.AGENT)
    assert entries("member.created")[-1].target_id == str(new.pk)
    do_update_staff_user(actor=personas.admin, user=new, role=Role.MANAGER, is_active=True)
    changed = entries("member.role_changed")[-1]
    assert (changed.actor_id, changed.target_label) == (personas.admin.pk, "nina")
    assert (changed.before, changed.after) == ({"role": "agent"}, {"role": "manager"})
    do_update_staff_user(actor=personas.admin, user=new, role=Role.MANAGER, is_active=False)
    assert entries("member.deactivated")[-1].target_id == str(new.pk)
    do_add_team_member(actor=personas.manager, team=personas.team, user=personas.other_agent)
    do_remove_team_member(actor=personas.manager, team=personas.team, user=personas.other_agent)
    assert entries("team.member_added")[-1].after == {"team": "Riga shop"}
    assert entries("team.member_removed")[-1].before == {"team": "Riga shop"}


def test_it_records_tokens_and_settings(personas):
    do_create_api_token(user=personas.agent, name="ci")
    assert entries("token.created")[-1].after["name"] == "ci"
    do_update_workspace(actor=personas.manager, name="Acme help")
    settings_changed = entries("settings.changed")[-1]
    assert settings_changed.after == {"name": "Acme help"}
    assert settings_changed.actor_id == personas.manager.pk


def test_customer_contact_changes_are_recorded_masked(personas):
    do_update_customer(
        actor=personas.manager, customer=personas.customer, email="ayse.new@example.org"
    )
    entry = entries("customer.contact_changed")[-1]
    assert entry.before == {"email": "a***@example.com"}
    assert entry.after == {"email": "a***@example.org"}
    assert entry.target_label == ""  # customers are named by id only
    recorded = str(list(AuditEntry.objects.values()))
    assert "ayse" not in recorded and "Yılmaz" not in recorded


def test_sla_policy_and_mailbox_changes_are_recorded(personas):
    policy = do_create_policy(actor=personas.manager, name="Gold")
    do_update_policy(actor=personas.manager, policy=policy, changes={"name": "Platinum"})
    assert entries("settings.sla_policy_changed")[-1].after == {"name": "Platinum"}
    mailbox = do_create_mailbox(actor=personas.admin, name="Support", address="s@example.com")
    do_update_mailbox(
        actor=personas.admin,
        mailbox=mailbox,
        name="Help",
        imap_host="imap.example.com",
        imap_username="s",
        imap_password="hunter2-secret",
    )
    entry = entries("settings.mailbox_changed")[-1]
    assert entry.after["name"] == "Help"
    assert entry.after["passwords"] == "changed"
    assert "hunter2" not in str(entry.after)


@override_settings(FRONTDESK_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_the_ip_comes_from_a_trusted_proxy_only(personas):
    Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.4").post(
        "/sign-in/", {"username": "anna", "password": "nope"}
    )
    Client(REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.4").post(
        "/sign-in/", {"username": "anna", "password": "nope"}
    )
    assert [e.ip for e in entries("auth.sign_in_failed")] == ["198.51.100.4", "192.0.2.1"]


def test_it_records_password_changes_and_second_factors(personas):
    from frontdesk.accounts.mfa import do_remove_totp
    from frontdesk.accounts.passwords import do_change_own_password

    do_change_own_password(user=personas.agent, current=PASSWORD, new="a brand new passphrase 42")
    changed = entries("auth.password_changed")[-1]
    assert (changed.actor_id, changed.target_id) == (personas.agent.pk, str(personas.agent.pk))
    assert "passphrase" not in str(changed.before) + str(changed.after)
    do_remove_totp(user=personas.agent)
    assert entries("auth.second_factor_removed")[-1].before == {"kind": "totp"}
