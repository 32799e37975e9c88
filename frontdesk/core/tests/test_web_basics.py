"""Health probes, security headers and safe attachment downloads."""

from __future__ import annotations

from django.test import Client

from frontdesk.tickets.services import NewAttachment, do_create_ticket


def test_healthz_and_readyz_answer(db, client: Client):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["database"] == "ok"


def test_html_responses_carry_the_security_headers(db, client: Client):
    response = client.get("/sign-in/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"]


def test_svg_attachments_download_as_files_for_staff_only(
    personas, client: Client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.FRONTDESK_UPLOAD_TYPES = {"portal": ["default", "image/svg+xml"]}  # not by default
    ticket = do_create_ticket(
        actor=personas.customer,
        customer=personas.customer,
        subject="Logo",
        body="see file",
        team=personas.team,
        acknowledge=False,
        attachments=[
            NewAttachment('logo".svg', b"<svg><script>alert(1)</script></svg>", "image/png")
        ],
    )
    attachment = ticket.messages.get().attachments.get()
    url = f"/attachments/{attachment.pk}"
    assert client.get(url).status_code == 302  # not signed in: to the sign-in page
    client.force_login(personas.other_agent)
    assert client.get(url).status_code == 404
    client.force_login(personas.agent)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content).startswith(b"<svg")
