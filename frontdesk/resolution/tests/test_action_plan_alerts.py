"""An action plan's reminder reaches its author where they look (issue 20 item 23): an
alert on the Deadlines page and the alert email, and marking it done offers a reply to
the customer in her language, which is not sent until the agent sends it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from frontdesk.accounts.visibility import do_set_branch_restriction
from frontdesk.resolution.services import do_complete_action_plan, do_create_action_plan
from frontdesk.resolution.sweeps import do_sweep_resolution
from frontdesk.resolution.tests.support import api_client, make_ticket, utc, web_client
from frontdesk.sla.alert_emails import do_email_deadline_alerts
from frontdesk.sla.alert_services import do_set_alert_emails
from frontdesk.sla.choices import AlertKind
from frontdesk.sla.models import DeadlineAlert
from frontdesk.tickets.models import Message

pytestmark = pytest.mark.django_db

MONDAY = utc(2026, 11, 16, 9, 0)
PLAN = "Ask the warehouse about the spare part"


def planned(personas, *, author=None, **fields):
    ticket = make_ticket(personas, now=MONDAY, **fields)
    plan = do_create_action_plan(
        actor=author or personas.agent,
        ticket=ticket,
        text=PLAN,
        due_at=MONDAY + timedelta(hours=2),
        now=MONDAY,
    )
    return ticket, plan


def remind() -> int:
    return do_sweep_resolution(now=MONDAY + timedelta(hours=1, minutes=30)).reminded


def test_the_reminder_is_an_alert_on_the_authors_deadlines_page(personas):
    ticket, _plan = planned(personas)
    assert remind() == 1
    assert remind() == 0  # once
    alert = DeadlineAlert.objects.get()
    assert (alert.recipient, alert.kind, alert.target) == (personas.agent, "action_plan", None)
    assert alert.due_at == MONDAY + timedelta(hours=2)

    page = web_client(personas.agent).get(reverse("sla:alerts")).text
    assert "Action plan due" in page and PLAN in page
    assert f'href="/tickets/{ticket.pk}/#action-plans"' in page
    assert ticket.reference in page
    # It is the author's: a colleague's page stays empty.
    other = web_client(personas.manager).get(reverse("sla:alerts")).text
    assert PLAN not in other and "No deadline alerts." in other


def test_the_reminder_is_emailed_unless_the_author_switched_alert_emails_off(personas, mailoutbox):
    personas.agent.email = "anna@example.com"
    personas.agent.save()
    ticket, _plan = planned(personas)
    remind()
    assert DBTaskResult.objects.filter(task_path__endswith="email_deadline_alerts").exists()
    assert do_email_deadline_alerts(now=MONDAY + timedelta(hours=1, minutes=31)).sent == 1
    [mail] = mailoutbox
    assert mail.to == ["anna@example.com"]
    assert PLAN in mail.body and ticket.reference in mail.body
    assert "Action plan due" in mail.body

    do_set_alert_emails(user=personas.agent, enabled=False)
    ticket2 = make_ticket(personas, now=MONDAY)
    do_create_action_plan(
        actor=personas.agent,
        ticket=ticket2,
        text="Call the courier",
        due_at=MONDAY + timedelta(hours=3),
        now=MONDAY,
    )
    assert do_sweep_resolution(now=MONDAY + timedelta(hours=2, minutes=30)).reminded == 1
    assert do_email_deadline_alerts(now=MONDAY + timedelta(hours=2, minutes=31)).sent == 0
    assert len(mailoutbox) == 1
    page = web_client(personas.agent).get(reverse("sla:alerts")).text
    assert "Call the courier" in page  # still on the page


def test_the_assignee_is_alerted_when_the_author_is_gone(personas):
    planned(personas, assignee=personas.other_agent)
    personas.agent.is_active = False
    personas.agent.save()
    remind()
    assert DeadlineAlert.objects.get().recipient == personas.other_agent


def test_the_alert_is_hidden_when_its_ticket_is_out_of_the_authors_branches(personas):
    planned(personas)
    remind()
    do_set_branch_restriction(
        actor=personas.admin, user=personas.agent, branches=[personas.other_branch]
    )
    page = web_client(personas.agent).get(reverse("sla:alerts")).text
    assert PLAN not in page


def test_the_api_lists_the_action_plan_alert(personas):
    ticket, _plan = planned(personas)
    remind()
    [alert] = api_client(personas.agent).get("/api/v1/sla/alerts").json()
    assert alert["kind"] == AlertKind.ACTION_PLAN
    assert alert["ticket_id"] == ticket.pk and alert["target_id"] is None
    assert alert["plan_text"] == PLAN


def test_marking_done_offers_a_reply_in_the_customers_language_and_sends_nothing(
    personas, mailoutbox
):
    ticket, plan = planned(personas)
    ticket.language = "tr"  # Ayşe writes Turkish
    ticket.save(update_fields=["language"])
    messages_before = Message.objects.filter(ticket=ticket).count()
    client = web_client(personas.agent)
    done = client.post(reverse("resolution:action-plan-done", args=[ticket.pk, plan.pk]))
    reply_url = reverse("resolution:action-plan-reply", args=[ticket.pk, plan.pk])
    assert done.status_code == 302 and done["Location"] == f"{reply_url}#editor"

    page = client.get(reply_url).text
    box = page[page.index('id="reply-body"') :]
    box = box[: box.index("</textarea>")]
    assert "Sayın Ayşe Yılmaz," in box  # the customer's language (Turkish)
    assert PLAN in box  # what was done
    assert "Saygılarımızla," in box
    assert Message.objects.filter(ticket=ticket).count() == messages_before
    assert mailoutbox == []


def test_the_reply_page_is_for_those_who_see_the_ticket_and_may_reply(personas):
    ticket, plan = planned(personas)
    url = reverse("resolution:action-plan-reply", args=[ticket.pk, plan.pk])
    # Not done yet: just the ticket page.
    response = web_client(personas.agent).get(url)
    assert response.status_code == 302 and response["Location"].startswith(f"/tickets/{ticket.pk}/")
    do_complete_action_plan(actor=personas.agent, plan=plan)

    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/sign-in/" in anonymous["Location"]
    assert web_client(personas.other_agent).get(url).status_code == 404  # not their team
    foreign, _plan = planned(personas, team=personas.other_team, author=personas.manager)
    wrong_pair = reverse("resolution:action-plan-reply", args=[foreign.pk, plan.pk])
    assert web_client(personas.manager).get(wrong_pair).status_code == 404
    # A light agent of the team sees the ticket but writes internal notes only: no draft.
    light = web_client(personas.light_agent).get(url)
    assert light.status_code == 302 and light["Location"].startswith(f"/tickets/{ticket.pk}/")
    # A customer's token is no staff session: the page asks for a staff sign-in.
    customer = api_client(personas.customer).get(url)
    assert customer.status_code == 302 and "/sign-in/" in customer["Location"]
