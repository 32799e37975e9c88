"""Settings → a member's branches, and who sees sensitive tickets: who may change them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from frontdesk.accounts.models import User, Workspace
from frontdesk.accounts.visibility import do_set_branch_restriction, is_branch_restricted
from frontdesk.audit.models import AuditEntry
from frontdesk.core.errors import Forbidden, Invalid


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def branches_of(user: User) -> set[str]:
    return set(User.objects.get(pk=user.pk).restricted_branches.values_list("name", flat=True))


def test_a_manager_limits_an_agent_to_a_branch_on_the_member_page(personas):
    p = personas
    manager = signed_in(p.manager)
    page = manager.get(reverse("accounts:member-edit", args=[p.agent.pk])).content.decode()
    assert "Sees only the tickets of these branches" in page and "Ljubljana" in page
    url = reverse("accounts:member-branches", args=[p.agent.pk])
    response = manager.post(url, {"branches": [p.branch.pk]})
    assert response.status_code == 302
    assert branches_of(p.agent) == {"Riga"}
    assert is_branch_restricted(User.objects.get(pk=p.agent.pk))
    response = manager.post(url, {})  # none ticked: every branch again
    assert response.status_code == 302
    agent = User.objects.get(pk=p.agent.pk)
    assert branches_of(agent) == set() and not is_branch_restricted(agent)
    # Both changes are in the audit log: who, whom, from what to what.
    entries = AuditEntry.objects.filter(action="member.branches_changed").order_by("pk")
    assert [(e.actor_id, e.target_id, e.before, e.after) for e in entries] == [
        (p.manager.pk, str(p.agent.pk), {"branches": "all"}, {"branches": ["Riga"]}),
        (p.manager.pk, str(p.agent.pk), {"branches": ["Riga"]}, {"branches": "all"}),
    ]


def test_a_restricted_manager_cannot_widen_anyones_view(personas):
    p = personas
    do_set_branch_restriction(actor=p.admin, user=p.manager, branches=[p.branch])
    do_set_branch_restriction(actor=p.admin, user=p.agent, branches=[p.branch])
    restricted = signed_in(p.manager)
    url = reverse("accounts:member-branches", args=[p.agent.pk])
    assert restricted.post(url, {}).status_code == 403
    assert branches_of(p.agent) == {"Riga"}
    page = restricted.get(reverse("accounts:member-edit", args=[p.agent.pk])).content.decode()
    assert "Sees only the tickets of:" in page and 'name="branches"' not in page
    manager = User.objects.get(pk=p.manager.pk)
    with pytest.raises(Forbidden):
        do_set_branch_restriction(actor=manager, user=manager, branches=[])


def test_administrators_are_never_restricted_and_nobody_changes_their_own(personas):
    p = personas
    with pytest.raises(Invalid):
        do_set_branch_restriction(actor=p.admin, user=p.admin, branches=[p.branch])
    other_admin = User.objects.create(username="root2", role="admin", is_superuser=True)
    with pytest.raises(Invalid):
        do_set_branch_restriction(actor=p.admin, user=other_admin, branches=[p.branch])
    with pytest.raises(Invalid):
        do_set_branch_restriction(actor=p.manager, user=p.manager, branches=[p.branch])
    # Even a flag left on an administrator by hand restricts nothing.
    User.objects.filter(pk=other_admin.pk).update(branch_restricted=True)
    assert not is_branch_restricted(User.objects.get(pk=other_admin.pk))


def test_outsiders_cannot_reach_the_branch_form(personas):
    p = personas
    url = reverse("accounts:member-branches", args=[p.agent.pk])
    response = Client().post(url, {"branches": [p.branch.pk]})
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
    assert signed_in(p.other_agent).post(url, {"branches": [p.branch.pk]}).status_code == 404
    assert signed_in(p.manager).get(url).status_code == 405
    assert branches_of(p.agent) == set()


def test_only_administrators_choose_who_sees_sensitive_tickets(personas):
    p = personas
    url = reverse("accounts:sensitive-tickets")
    assert Workspace.current().sensitive_roles == ["manager"]
    response = Client().get(url)
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
    assert signed_in(p.agent).get(url).status_code == 404
    assert signed_in(p.manager).post(url, {"roles": ["agent"]}).status_code == 404
    assert Workspace.current(fresh=True).sensitive_roles == ["manager"]
    admin = signed_in(p.admin)
    assert "Who sees tickets marked sensitive" in admin.get(url).content.decode()
    assert admin.post(url, {"roles": ["manager", "agent"]}).status_code == 302
    assert Workspace.current(fresh=True).sensitive_roles == ["agent", "manager"]
    entry = AuditEntry.objects.get(action="settings.changed", actor_id=p.admin.pk)
    assert entry.before == {"sensitive_roles": ["manager"]}
    assert entry.after == {"sensitive_roles": ["agent", "manager"]}
    response = admin.post(url, {"roles": ["admin"]})  # not a choice: always included
    assert response.status_code == 422
    assert Workspace.current(fresh=True).sensitive_roles == ["agent", "manager"]
