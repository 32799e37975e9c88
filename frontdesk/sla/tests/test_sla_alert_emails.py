"""Deadline alerts by email (S3): one summary per recipient, in their language, once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from frontdesk.core.tests.concurrency import run_at_once
from frontdesk.sla.alert_emails import do_email_deadline_alerts
from frontdesk.sla.choices import AlertKind, BreachNotify
from frontdesk.sla.models import DeadlineAlert
from frontdesk.sla.sweep import do_sweep_sla
from frontdesk.sla.tests.sla_support import only_policies, ticket

HOURLY = {"first_response_minutes": 60, "resolution_minutes": 600, "business_hours": False}
ON_SQLITE = django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def staff_with_email(user, language: str, email: str, time_zone: str = "UTC"):
    user.email, user.language, user.time_zone = email, language, time_zone
    user.save()
    return user


@pytest.fixture
def people(personas):
    """Anna (Latvian, Riga time) works the ticket; Oskar leads her team (Turkish)."""
    p = personas
    staff_with_email(p.agent, "lv", "anna@example.com", "Europe/Riga")
    staff_with_email(p.other_agent, "tr", "oskar@example.com")
    p.team.lead = p.other_agent
    p.team.save()
    return p


def mails_to(address: str) -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if address in message.to]


def test_a_warning_is_emailed_once_to_the_assignee_in_her_language(people):
    p = people
    only_policies({**HOURLY, "on_breach_notify": BreachNotify.TEAM_LEAD})
    made = ticket(p.customer, timezone.now() - timedelta(minutes=50), assignee=p.agent, team=p.team)
    assert do_sweep_sla().warned == 1
    # The sweep enqueued the email job in its own transaction.
    assert DBTaskResult.objects.filter(task_path__endswith="email_deadline_alerts").exists()

    assert do_email_deadline_alerts().sent == 1
    assert do_email_deadline_alerts().sent == 0  # nothing left to send
    assert do_sweep_sla().warned == 0
    [message] = mail.outbox
    assert message.to == ["anna@example.com"]
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    body = message.body
    assert made.reference in body and "Broken kettle" in body
    assert "Tuvojas termiņš" in body and "Pirmā atbilde" in body  # Latvian labels
    assert f"http://localhost:8000/tickets/{made.pk}/" in body
    assert "Europe/Riga" in body
    html = message.alternatives[0][0]
    assert f'href="http://localhost:8000/tickets/{made.pk}/"' in html
    alert = DeadlineAlert.objects.get()
    assert alert.emailed_at is not None and alert.read_at is None  # still unread in the app


def test_a_breach_emails_the_assignee_and_the_team_lead(people, settings):
    p = people
    settings.FRONTDESK_BASE_URL = "https://help.example.com/"
    only_policies({**HOURLY, "on_breach_notify": BreachNotify.TEAM_LEAD})
    made = ticket(p.customer, timezone.now() - timedelta(hours=2), assignee=p.agent, team=p.team)
    result = do_sweep_sla()
    assert result.breached == 1
    do_email_deadline_alerts()
    [to_lead] = mails_to("oskar@example.com")
    assert "Son tarih kaçırıldı" in to_lead.body and "İlk yanıt" in to_lead.body  # Turkish
    assert f"https://help.example.com/tickets/{made.pk}/" in to_lead.body
    [to_agent] = mails_to("anna@example.com")
    assert "Termiņš nokavēts" in to_agent.body
    assert len(mail.outbox) == 2


def test_a_recipient_gets_one_summary_of_several_alerts(people):
    p = people
    only_policies({**HOURLY, "on_breach_notify": BreachNotify.NOBODY})
    then = timezone.now() - timedelta(hours=2)
    tickets = [ticket(p.customer, then, assignee=p.agent, team=p.team) for _ in range(3)]
    assert do_sweep_sla(batch_size=2).breached == 3  # two batches, two jobs
    assert do_email_deadline_alerts().sent == 1
    [message] = mail.outbox
    assert all(made.reference in message.body for made in tickets)
    assert "3" in message.subject


def test_no_email_to_someone_who_switched_them_off(people):
    p = people
    client = Client()
    client.force_login(p.agent)
    page = client.get("/sla/alerts/")
    assert "Stop alert emails" in page.content.decode()
    assert client.post("/sla/alerts/emails/").status_code == 302  # the box unticked: off
    p.agent.refresh_from_db()
    assert p.agent.deadline_alert_emails is False
    assert "Email me alerts" in client.get("/sla/alerts/").content.decode()

    only_policies({**HOURLY, "on_breach_notify": BreachNotify.TEAM_LEAD})
    ticket(p.customer, timezone.now() - timedelta(hours=2), assignee=p.agent, team=p.team)
    do_sweep_sla()
    result = do_email_deadline_alerts()
    assert result.sent == 1 and result.skipped == 1
    assert [m.to for m in mail.outbox] == [["oskar@example.com"]]
    # Her alerts are still in the workspace, and are not emailed later either.
    assert DeadlineAlert.objects.filter(recipient=p.agent, read_at__isnull=True).count() == 1
    assert do_email_deadline_alerts().sent == 0

    client.post("/sla/alerts/emails/", {"enabled": "on"})
    p.agent.refresh_from_db()
    assert p.agent.deadline_alert_emails is True


def test_the_installation_can_switch_alert_emails_off(people, settings):
    settings.FRONTDESK_ALERT_EMAILS = False
    only_policies({**HOURLY, "on_breach_notify": BreachNotify.TEAM_LEAD})
    ticket(
        people.customer,
        timezone.now() - timedelta(hours=2),
        assignee=people.agent,
        team=people.team,
    )
    do_sweep_sla()
    assert do_email_deadline_alerts().sent == 0
    assert mail.outbox == []
    assert not DeadlineAlert.objects.filter(emailed_at__isnull=True).exists()
    assert "Stop alert emails" not in _alerts_page(people.agent)


def _alerts_page(user) -> str:
    client = Client()
    client.force_login(user)
    return client.get("/sla/alerts/").content.decode()


def test_a_failed_send_is_retried_by_the_beat(people, monkeypatch):
    from frontdesk.sla import tasks

    p = people
    only_policies({**HOURLY, "on_breach_notify": BreachNotify.NOBODY})
    ticket(p.customer, timezone.now() - timedelta(hours=2), assignee=p.agent, team=p.team)
    do_sweep_sla()

    def refuse(self, *args, **kwargs):
        raise OSError("mail server down")

    with monkeypatch.context() as patched:
        patched.setattr("django.core.mail.EmailMessage.send", refuse)
        assert do_email_deadline_alerts().failed == 1
    assert DeadlineAlert.objects.get().emailed_at is None
    # Minutes later the SLA beat sees the alert still pending and enqueues a new job.
    DeadlineAlert.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    DBTaskResult.objects.all().delete()
    tasks.sweep_sla.call()
    assert DBTaskResult.objects.filter(task_path__endswith="email_deadline_alerts").exists()
    assert do_email_deadline_alerts().sent == 1
    assert len(mail.outbox) == 1


def test_alerts_older_than_a_day_are_not_mailed(people):
    p = people
    only_policies({**HOURLY, "on_breach_notify": BreachNotify.NOBODY})
    ticket(p.customer, timezone.now() - timedelta(hours=2), assignee=p.agent, team=p.team)
    do_sweep_sla()
    DeadlineAlert.objects.update(created_at=timezone.now() - timedelta(days=2))
    assert do_email_deadline_alerts().skipped == 1
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_the_sweep_job_emails_after_its_batch_commits(people, settings):
    settings.TASKS = IMMEDIATE
    only_policies({**HOURLY, "on_breach_notify": BreachNotify.NOBODY})
    ticket(
        people.customer,
        timezone.now() - timedelta(hours=2),
        assignee=people.agent,
        team=people.team,
    )
    do_sweep_sla()
    [message] = mail.outbox
    assert message.to == ["anna@example.com"]
    assert DeadlineAlert.objects.get(kind=AlertKind.BREACH).emailed_at is not None


@pytest.mark.skipif(
    ON_SQLITE, reason="SQLite runs one writer at a time; this race needs PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_email_each_alert_once(people):
    from django.db import connection

    assert connection.vendor == "postgresql"
    p = people
    only_policies({**HOURLY, "on_breach_notify": BreachNotify.TEAM_LEAD})
    then = timezone.now() - timedelta(hours=2)
    for _ in range(20):
        ticket(p.customer, then, assignee=p.agent, team=p.team)
    assert do_sweep_sla().alerts == 40  # Anna and her lead Oskar, 20 each
    results = run_at_once(do_email_deadline_alerts, workers=4)
    assert sum(r.sent for r in results) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.com", "oskar@example.com"]
    assert all(m.body.count("Broken kettle") == 20 for m in mail.outbox)
    assert not DeadlineAlert.objects.filter(emailed_at__isnull=True).exists()
