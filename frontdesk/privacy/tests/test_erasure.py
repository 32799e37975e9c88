"""Erasing a customer (SECURITY.md 50): gone everywhere, numbers kept, admins only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from frontdesk.audit.models import AuditEntry
from frontdesk.core.errors import Conflict, Forbidden, Invalid
from frontdesk.customers.models import Customer, CustomerToken
from frontdesk.inbox.models import InboundEmail
from frontdesk.portal.models import SignInLink
from frontdesk.privacy.erasure import ERASED
from frontdesk.privacy.services import do_erase_customer
from frontdesk.privacy.tests.scan import database_hits, file_hits
from frontdesk.privacy.tests.support import leave_footprint, portal_session, staff_client
from frontdesk.tickets import search
from frontdesk.tickets.access import tickets_for_actor
from frontdesk.tickets.models import Attachment, Message, Ticket
from frontdesk.tickets.services import do_add_message

pytestmark = pytest.mark.django_db


def needles(footprint) -> list[str]:
    return [footprint.email, footprint.name, footprint.name.split()[-1], footprint.phrase]


@pytest.fixture
def both(personas, mailbox, data_dir, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ayse = leave_footprint(
            personas, personas.customer, phrase="Blue tent zipper broke.", mailbox=mailbox
        )
        janez = leave_footprint(
            personas, personas.other_customer, phrase="Red kayak paddle.", mailbox=mailbox
        )
    return ayse, janez


def erase(personas, footprint, django_capture_on_commit_callbacks) -> Customer:
    with django_capture_on_commit_callbacks(execute=True):
        return do_erase_customer(
            actor=personas.admin, customer=footprint.customer, confirm=footprint.email.upper()
        )


def test_after_erasure_no_table_index_or_file_holds_her_email_name_or_words(
    personas, both, django_capture_on_commit_callbacks
):
    ayse, janez = both
    before = database_hits(needles(ayse))
    # The scan does find her everywhere beforehand (it is not a scan that cannot fail).
    for place in (
        "customers.Customer.email",
        "tickets.Message.body",
        "tickets.Ticket.subject",
        "inbox.InboundEmail.raw",
        "tickets.Attachment.filename",
        "search index",
    ):
        assert any(place in hit for hit in before), place
    assert file_hits([ayse.email])
    portal = portal_session(ayse.customer)
    assert portal.get(reverse("portal:request-list")).status_code == 200

    erase(personas, ayse, django_capture_on_commit_callbacks)

    assert database_hits(needles(ayse)) == []
    assert file_hits(needles(ayse)) == []
    # Janez is untouched, and still found by the same scan.
    assert any("tickets.Message.body" in hit for hit in database_hits(needles(janez)))
    assert file_hits([janez.email])
    # Her portal session and links no longer work.
    assert portal.get(reverse("portal:request-list")).status_code == 302
    assert not SignInLink.objects.filter(customer=ayse.customer).exists()
    assert not CustomerToken.objects.filter(customer=ayse.customer).exists()


def test_erasure_keeps_the_numbers(personas, both, django_capture_on_commit_callbacks):
    ayse, _janez = both
    tickets = list(Ticket.objects.filter(customer=ayse.customer).order_by("pk"))
    shape = [(t.status, t.team_id, t.created_at, t.channel, t.messages.count()) for t in tickets]

    customer = erase(personas, ayse, django_capture_on_commit_callbacks)

    assert customer.name == f"Erased customer #{customer.pk}"
    assert customer.email.startswith("erased-") and customer.email.endswith("@invalid")
    assert (customer.phone, customer.notes, customer.organization_id) == ("", "", None)
    after = list(Ticket.objects.filter(customer=customer).order_by("pk"))
    assert [(t.status, t.team_id, t.created_at, t.channel, t.messages.count()) for t in after] == (
        shape
    )
    assert {t.subject for t in after} == {ERASED}
    assert set(Message.objects.filter(ticket__in=after).values_list("body", flat=True)) == {ERASED}
    assert not Attachment.objects.filter(message__ticket__in=after).exists()
    assert not InboundEmail.objects.filter(ticket__in=after).exists()
    visible = tickets_for_actor(personas.admin)
    assert search.search_ticket_ids("tent", visible=visible, include_internal=True) == []
    assert search.search_ticket_ids("kayak", visible=visible, include_internal=True)
    entry = AuditEntry.objects.get(action="privacy.customer_erased")
    assert entry.target_id == str(customer.pk) and entry.actor_id == personas.admin.pk


def test_only_administrators_erase_and_only_with_the_typed_address(personas, both):
    ayse, _janez = both
    for actor in (personas.manager, personas.agent, ayse.customer):
        with pytest.raises(Forbidden):
            do_erase_customer(actor=actor, customer=ayse.customer, confirm=ayse.email)
    with pytest.raises(Invalid):
        do_erase_customer(actor=personas.admin, customer=ayse.customer, confirm="janez@example.si")
    assert Customer.objects.get(pk=ayse.customer.pk).email == ayse.email
    do_erase_customer(actor=personas.admin, customer=ayse.customer, confirm=ayse.email)
    with pytest.raises(Conflict):
        do_erase_customer(actor=personas.admin, customer=ayse.customer, confirm="#1")


def test_the_confirm_screen_erases_after_typing_the_address(personas, both):
    ayse, _janez = both
    url = reverse("privacy:customer-erase", args=[ayse.customer.pk])
    admin = staff_client(personas.admin)
    page = admin.get(url)
    assert page.status_code == 200 and ayse.email in page.content.decode()
    wrong = admin.post(url, {"confirm": "someone@example.com"})
    assert wrong.status_code == 422
    assert Customer.objects.get(pk=ayse.customer.pk).email == ayse.email
    done = admin.post(url, {"confirm": ayse.email})
    assert done.status_code == 302
    assert Customer.objects.get(pk=ayse.customer.pk).name.startswith("Erased customer")


def test_outsiders_cannot_reach_the_erase_screen(personas, client):
    url = reverse("privacy:customer-erase", args=[personas.customer.pk])
    assert client.get(url).status_code == 302  # anonymous: to sign-in
    assert reverse("accounts:sign-in") in client.get(url)["Location"]
    for user in (personas.manager, personas.agent, personas.light_agent):
        assert staff_client(user).get(url).status_code == 404
        assert staff_client(user).post(url, {"confirm": personas.customer.email}).status_code == 404
    assert portal_session(personas.customer).get(url).status_code == 302
    missing = reverse("privacy:customer-erase", args=[999999])
    assert staff_client(personas.admin).get(missing).status_code == 404
    assert Customer.objects.get(pk=personas.customer.pk).email == personas.customer.email


def test_her_words_on_a_ticket_of_someone_else_go_and_that_ticket_stays_findable(
    personas, both, django_capture_on_commit_callbacks
):
    ayse, janez = both
    theirs = janez.tickets[0]
    do_add_message(actor=ayse.customer, ticket=theirs, body="Ayşe here: orange lantern.")
    visible = tickets_for_actor(personas.admin)
    assert search.search_ticket_ids("lantern", visible=visible, include_internal=True) == [
        theirs.pk
    ]

    erase(personas, ayse, django_capture_on_commit_callbacks)

    assert search.search_ticket_ids("lantern", visible=visible, include_internal=True) == []
    found = search.search_ticket_ids("kayak", visible=visible, include_internal=True)
    assert set(found) == {t.pk for t in janez.tickets}  # her neighbours' words still indexed
    assert Ticket.objects.get(pk=theirs.pk).subject == f"Refund for {janez.name}"
    assert database_hits(["orange lantern"]) == []
