"""The organization condition of a policy when the workspace has many organizations:
typed by name with suggestions instead of a list of every organization."""

from __future__ import annotations

from django.test import Client

from frontdesk.customers.models import Organization
from frontdesk.sla import organization_field
from frontdesk.sla.models import SlaPolicy
from frontdesk.sla.tests.test_sla_settings_pages import policy_form, signed_in

OPTIONS = "/settings/sla-policies/organizations/"


def _many(count: int = organization_field.MANY + 1) -> None:
    Organization.objects.bulk_create(
        Organization(name=f"Client {number:04d}") for number in range(count)
    )


def test_a_few_organizations_are_a_list(personas):
    Organization.objects.create(name="Acme")
    page = signed_in(personas.admin).get("/settings/sla-policies/new/").content.decode()
    assert '<select name="organization"' in page and ">Acme</option>" in page
    assert "<datalist" not in page


def test_many_organizations_are_typed_with_suggestions(personas):
    _many()
    page = signed_in(personas.admin).get("/settings/sla-policies/new/").content.decode()
    assert '<select name="organization"' not in page
    assert "Client 0150" not in page  # no list of every organization
    assert 'list="id_organization-options"' in page
    assert '<datalist id="id_organization-options"></datalist>' in page
    assert f'hx-get="{OPTIONS}"' in page


def test_a_typed_name_saves_the_policy_and_shows_again(personas):
    _many()
    acme = Organization.objects.create(name="Acme Baltic")
    admin = signed_in(personas.admin)
    policy = SlaPolicy.objects.get(priority="urgent")
    data = policy_form(policy, name="Acme urgent", organization="acme baltic", position=3)
    response = admin.post("/settings/sla-policies/new/", data)
    assert response.status_code == 302, response.content.decode()
    created = SlaPolicy.objects.get(name="Acme urgent")
    assert created.organization_id == acme.pk
    page = admin.get(f"/settings/sla-policies/{created.pk}/").content.decode()
    assert 'value="Acme Baltic"' in page
    # Blank: any organization again.
    response = admin.post(f"/settings/sla-policies/{created.pk}/", policy_form(created))
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.organization_id is None


def test_an_unknown_or_ambiguous_name_is_refused_and_kept(personas):
    _many()
    Organization.objects.create(name="Nord")
    Organization.objects.create(name="NORD")
    admin = signed_in(personas.admin)
    policy = SlaPolicy.objects.get(priority="high")
    for typed, message in (
        ("Nobody Ltd", "No organization is called “Nobody Ltd”."),
        ("nord", "Several organizations are called “nord”: type one exactly."),
    ):
        data = policy_form(policy, name="Changed", organization=typed)
        response = admin.post(f"/settings/sla-policies/{policy.pk}/", data)
        assert response.status_code == 422
        page = response.content.decode()
        assert message in page and f'value="{typed}"' in page
    assert SlaPolicy.objects.get(pk=policy.pk).name == "Default high"
    response = admin.post(
        f"/settings/sla-policies/{policy.pk}/", policy_form(policy, organization="NORD")
    )
    assert response.status_code == 302  # the exact name picks one
    assert SlaPolicy.objects.get(pk=policy.pk).organization.name == "NORD"


def test_suggestions_start_with_what_was_typed_and_are_escaped(personas):
    _many(30)
    Organization.objects.create(name="Big Client <b>Ltd</b>")
    Organization.objects.create(name="Clientele")
    manager = signed_in(personas.manager)
    html = manager.get(OPTIONS, {"organization": "client 001"}).content.decode()
    assert html.count("<option") == 10 and 'value="Client 0010"' in html
    html = manager.get(OPTIONS, {"organization": "Client"}).content.decode()
    assert html.count("<option") == organization_field.SUGGESTIONS  # 31 match
    assert "Big Client" not in html  # those that start with it come first
    html = manager.get(OPTIONS, {"organization": "Client 002"}).content.decode()
    assert html.count("<option") == 10
    html = manager.get(OPTIONS, {"organization": "ent 0"}).content.decode()
    assert html.count("<option") == organization_field.SUGGESTIONS  # "contains" fills up
    html = manager.get(OPTIONS, {"organization": "clientel"}).content.decode()
    assert html == '<option value="Clientele"></option>'
    html = manager.get(OPTIONS, {"organization": "t <b"}).content.decode()
    assert html.index("Big Client") >= 0  # found inside the name
    html = manager.get(OPTIONS, {"organization": "<b>"}).content.decode()
    assert 'value="Big Client &lt;b&gt;Ltd&lt;/b&gt;"' in html and "<b>" not in html
    assert manager.get(OPTIONS, {"organization": "  "}).content == b""
    assert manager.get(OPTIONS).content == b""


def test_outsiders_and_agents_get_no_suggestions(personas):
    Organization.objects.create(name="Secret Client")
    response = Client().get(OPTIONS, {"organization": "Secret"})
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
    agent = signed_in(personas.agent).get(OPTIONS, {"organization": "Secret"})
    assert agent.status_code == 404 and b"Secret Client" not in agent.content
    assert signed_in(personas.manager).post(OPTIONS).status_code == 405
