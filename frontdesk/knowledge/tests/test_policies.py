"""Policies (K2): versioned, edited by managers only, published in the help center."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from frontdesk.accounts.models import Workspace
from frontdesk.core.errors import Forbidden, Invalid
from frontdesk.knowledge.choices import PolicyKind
from frontdesk.knowledge.models import Policy, PolicyVersion
from frontdesk.knowledge.queries import access_policy
from frontdesk.knowledge.services import do_publish_policy_version, ensure_default_policies

EDIT_URL = "/settings/policies/returns-and-exchanges/en/"


def test_it_creates_the_four_policies_with_starter_texts_once(db):
    ensure_default_policies()
    ensure_default_policies()
    assert set(Policy.objects.values_list("kind", flat=True)) == set(PolicyKind.values)
    languages = set(PolicyVersion.objects.values_list("language", flat=True))
    assert languages == {"en", "tr", "lv", "sk", "sl"}
    assert PolicyVersion.objects.filter(number=1).count() == 4 * 5


def test_it_publishes_a_new_version_and_keeps_the_history(personas):
    policy = access_policy("complaints")
    v2 = do_publish_policy_version(
        actor=personas.manager, policy=policy, language="en", title="Complaints", body="New text"
    )
    assert v2.number == 2 and v2.published_at <= timezone.now()
    assert v2.created_by == personas.manager
    assert list(policy.versions.filter(language="en").values_list("number", flat=True)) == [2, 1]


def test_only_managers_publish(personas):
    policy = access_policy("privacy")
    with pytest.raises(Forbidden):
        do_publish_policy_version(
            actor=personas.agent, policy=policy, language="en", title="T", body="B"
        )
    with pytest.raises(Invalid):
        do_publish_policy_version(
            actor=personas.manager, policy=policy, language="xx", title="T", body="B"
        )
    with pytest.raises(Invalid):
        do_publish_policy_version(
            actor=personas.manager, policy=policy, language="en", title=" ", body="B"
        )


def test_manager_edits_through_the_editor(personas, client: Client):
    client.force_login(personas.manager)
    listing = client.get("/settings/policies/")
    assert listing.status_code == 200
    assert "Returns and exchanges" in listing.content.decode()
    form = client.get(EDIT_URL)
    assert form.status_code == 200 and "30 days" in form.content.decode()
    response = client.post(EDIT_URL, {"title": "Returns", "body": "Within 60 days.\n\nNo fuss."})
    assert response.status_code == 302
    latest = PolicyVersion.objects.filter(language="en", policy__slug="returns-and-exchanges")
    assert latest.first().number == 2 and latest.count() == 2

    public = Client().get("/policies/returns-and-exchanges/").content.decode()
    assert "Within 60 days." in public and "<p>No fuss.</p>" in public
    assert "30 days" not in public
    history = Client().get("/policies/returns-and-exchanges/versions/").content.decode()
    assert "Version 2" in history and "Version 1" in history
    old = Client().get("/policies/returns-and-exchanges/versions/1/")
    assert old.status_code == 200
    assert "30 days" in old.content.decode() and "earlier version" in old.content.decode()
    assert Client().get("/policies/returns-and-exchanges/versions/9/").status_code == 404


def test_invalid_edit_keeps_the_text(personas, client: Client):
    client.force_login(personas.admin)
    response = client.post(EDIT_URL, {"title": "", "body": "Kept text"})
    assert response.status_code == 200
    assert "Kept text" in response.content.decode()


def test_agents_get_403_and_visitors_are_sent_to_sign_in(personas, client: Client):
    assert client.get("/settings/policies/").status_code == 302
    for user in (personas.agent, personas.light_agent):
        client.force_login(user)
        assert client.get("/settings/policies/").status_code == 403
        assert client.get(EDIT_URL).status_code == 403
        assert client.post(EDIT_URL, {"title": "x", "body": "y"}).status_code == 403
    assert PolicyVersion.objects.filter(number=2).count() == 0


def test_public_policy_follows_the_language_with_fallback(personas, client: Client):
    tr = client.get("/policies/privacy/", HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    assert "Gizlilik bildirimi" in tr
    # A language without a translation falls back to the workspace default, then English.
    policy = access_policy("contact")
    policy.versions.filter(language="sk").delete()
    workspace = Workspace.current()
    workspace.default_language = "lv"
    workspace.save()
    sk = client.get("/policies/contact/", HTTP_ACCEPT_LANGUAGE="sk").content.decode()
    assert "Saziņa un atbildes laiks" in sk
    policy.versions.filter(language="lv").delete()
    sk = client.get("/policies/contact/", HTTP_ACCEPT_LANGUAGE="sk").content.decode()
    assert "Contact and response times" in sk


def test_policy_text_is_escaped(personas, client: Client):
    policy = access_policy("privacy")
    do_publish_policy_version(
        actor=personas.manager,
        policy=policy,
        language="en",
        title="<script>alert(1)</script>",
        body="<img src=x onerror=alert(1)>",
    )
    html = client.get("/policies/privacy/").content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_unknown_policy_is_404(db, client: Client):
    assert client.get("/policies/nope/").status_code == 404
