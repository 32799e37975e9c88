"""Incoming mail kept as sent (issue 20.18-20): the HTML part, names in the older
`address (Full Name)` form, delivery reports byte for byte, and quote headers in more
languages and positions."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from frontdesk.inbox.email.parse import parse_email
from frontdesk.inbox.email.quotes import split_reply
from frontdesk.inbox.models import Mailbox
from frontdesk.inbox.services import do_ingest_email
from frontdesk.inbox.tests.mail_factory import raw_email
from frontdesk.tickets.models import Ticket

CORPUS = Path(__file__).parent / "fixtures" / "mail-gem"
HTML = '<p>Hello <b>team</b></p><script>alert("x")</script><a href="javascript:x()">x</a>'


@pytest.fixture
def mailbox(personas) -> Mailbox:
    return Mailbox.objects.create(name="Support", address="support@example.com", team=personas.team)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ticket_of(raw: bytes) -> Ticket:
    return Ticket.objects.get(reference=do_ingest_email(raw).reference)


# --- the HTML part -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_sanitised_html_part_is_kept_with_the_message_and_shown_sandboxed(
    personas, mailbox
) -> None:
    message = ticket_of(raw_email(html=HTML)).messages.get()

    assert "<b>team</b>" in message.body_html
    assert "script" not in message.body_html and "javascript:" not in message.body_html
    page = client_for(personas.agent).get(
        f"/tickets/{message.ticket_id}/messages/{message.pk}/original/"
    )
    srcdoc = page.content.decode().split('sandbox="" srcdoc="', 1)[1].split('"', 1)[0]
    assert "&lt;b&gt;team&lt;/b&gt;" in srcdoc and "script" not in srcdoc


@pytest.mark.django_db
def test_a_reply_keeps_its_html_part_too(personas, mailbox) -> None:
    ticket = ticket_of(raw_email())
    first_id = ticket.messages.get().external_id

    do_ingest_email(raw_email(html="<p>The <i>lid</i> too</p>", in_reply_to=first_id))

    assert "<i>lid</i>" in ticket.messages.order_by("pk").last().body_html


@pytest.mark.django_db
def test_a_text_only_mail_has_no_html(mailbox) -> None:
    assert ticket_of(raw_email()).messages.get().body_html == ""


# --- sender names in the older form ----------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("ayse@example.com (Ayse Yilmaz)", "Ayse Yilmaz"),
        ("ayse@example.com (=?utf-8?q?Ay=C5=9Fe_Y=C4=B1lmaz?=)", "Ayşe Yılmaz"),
        ("ayse@example.com (Ayse (shop) Yilmaz)", "Ayse (shop) Yilmaz"),
        ("ayse@example.com (Ayse), bob@example.com (Bob)", "Ayse"),
        ("Ayse Yilmaz <ayse@example.com>", "Ayse Yilmaz"),
        ("ayse@example.com", ""),
    ],
)
def test_it_reads_the_name_of_every_from_form(header: str, name: str) -> None:
    raw = f"From: {header}\r\nTo: support@example.com\r\nSubject: x\r\n\r\nHello\r\n".encode()

    parsed = parse_email(raw)

    assert (parsed.from_address, parsed.from_name) == ("ayse@example.com", name)


def test_it_reads_the_name_of_a_real_bounce_in_the_older_form() -> None:
    raw = (CORPUS / "multipart_report_emails" / "multi_address_bounce1.eml").read_bytes()

    assert parse_email(raw).from_name == "Mail Delivery System"


@pytest.mark.django_db
def test_a_new_customer_gets_the_name_in_parentheses(mailbox) -> None:
    raw = raw_email(sender="new.person@example.com")
    raw = raw.replace(b"From: new.person@example.com", b"From: new.person@example.com (Jan Novak)")

    assert ticket_of(raw).customer.name == "Jan Novak"


# --- delivery reports and attachments byte for byte ---------------------------------------


@pytest.mark.parametrize(
    "name", ["report_422.eml", "report_530.eml", "multipart_report_multiple_status.eml"]
)
def test_a_real_delivery_report_is_kept_byte_for_byte(name: str) -> None:
    raw = (CORPUS / "multipart_report_emails" / name).read_bytes()

    reports = [
        a for a in parse_email(raw).attachments if a.content_type == "message/delivery-status"
    ]

    assert reports
    for report in reports:
        assert report.content in raw  # the part's bytes as sent, not rewritten
        assert report.content.rstrip(b"\r\n") == report.content.rstrip()


def forwarded_report(report: bytes) -> bytes:
    return (
        b"From: ayse@example.com\r\nTo: support@example.com\r\nSubject: Why did this bounce?\r\n"
        b"Message-ID: <fwd-dsn@example.com>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n'
        b"--b1\r\nContent-Type: text/plain\r\n\r\nMy mail to the shop bounced, see attached.\r\n"
        b'--b1\r\nContent-Type: message/delivery-status; name="details.txt"\r\n'
        b'Content-Disposition: attachment; filename="delivery status.txt"\r\n\r\n'
        + report
        + b"\r\n--b1--\r\n"
    )


REPORT = (
    b"Reporting-MTA: dns; mx.shop.example\r\n"
    b"Arrival-Date: Mon,  7 Dec 2026 10:00:00 +0000\r\n\r\n"
    b"Final-Recipient: rfc822;  orders@shop.example\r\n"
    b"Action: failed\r\nStatus: 5.1.1\r\n"
    b"Diagnostic-Code: smtp; 550 5.1.1 <orders@shop.example>:\r\n"
    b"    Recipient address rejected\r\n"
)


def test_a_delivery_report_keeps_its_own_name() -> None:
    [report] = parse_email(forwarded_report(REPORT)).attachments

    assert report.filename == "delivery status.txt"
    assert report.content == REPORT


@pytest.mark.django_db
def test_a_forwarded_delivery_report_is_stored_as_sent(mailbox) -> None:
    ticket = ticket_of(forwarded_report(REPORT))

    [attachment] = ticket.messages.get().attachments.all()
    assert attachment.filename == "delivery status.txt"
    with attachment.file.open("rb") as handle:
        assert handle.read() == REPORT


# --- quote headers --------------------------------------------------------------------------

OUTLOOK_BLOCKS = {
    "en": "From: Support <support@example.com>\nSent: Monday, January 5, 2026 10:00 AM\n"
    "To: Jan <jan@example.com>\nSubject: Order",
    "pl": "Od: Support <support@example.com>\nWysłane: poniedziałek, 5 stycznia 2026 10:00\n"
    "Do: Jan <jan@example.com>\nTemat: Zamówienie",
    "tr": "Kimden: Destek <support@example.com>\nGönderildi: 5 Ocak 2026 Pazartesi 10:00\n"
    "Kime: Ayşe <ayse@example.com>\nKonu: Sipariş",
    "lv": "No: Atbalsts <support@example.com>\nNosūtīts: pirmdiena, 2026. gada 5. janvāris 10:00\n"
    "Kam: Anna <anna@example.com>\nTēma: Pasūtījums",
    "sk": "Od: Podpora <support@example.com>\nOdoslané: pondelok 5. januára 2026 10:00\n"
    "Komu: Ján <jan@example.com>\nPredmet: Objednávka",
    "sl": "Od: Podpora <support@example.com>\nPoslano: ponedeljek, 5. januar 2026 10:00\n"
    "Za: Janez <janez@example.si>\nZadeva: Naročilo",
    "zh": "发件人: 客服 <support@example.com>\n发送时间: 2026年1月5日 10:00\n"
    "收件人: 张三 <zhang@example.com>\n主题: 订单",
    "zh-full-width": "发件人：客服 <support@example.com>\n发送时间：2026年1月5日 10:00\n"
    "收件人：张三 <zhang@example.com>\n主题：订单",
}
WROTE_HEADERS = {
    "zh": "在 2026年1月5日 周一 上午10:00，客服 <support@example.com> 写道：",
    "zh-tw": "於 2026年1月5日 週一 上午10:00，客服 <support@example.com> 寫道：",
    "zh-ascii-colon": "在 2026年1月5日 10:00，客服 <support@example.com> 写道:",
    "pl": "W dniu 5.01.2026 o 10:00, Support <support@example.com> napisał:",
    "en": "On Mon, 5 Jan 2026 at 10:00, Support <support@example.com> wrote:",
    "tr": "5 Oca 2026 Pzt 10:00 tarihinde Destek <support@example.com> şunu yazdı:",
    "lv": "pirmd., 2026. g. 5. janv., plkst. 10:00 — Atbalsts <support@example.com> rakstīja:",
    "sk": "po 5. 1. 2026 o 10:00 Podpora <support@example.com> napísal(a):",
    "sl": "V pon., 5. jan. 2026 ob 10:00 je Podpora <support@example.com> napisal(a):",
}
QUOTED = "Your order shipped.\nKind regards, Support"


@pytest.mark.parametrize("language", OUTLOOK_BLOCKS)
def test_an_outlook_block_below_the_reply_is_cut(language: str) -> None:
    text = f"Thank you!\n\n{OUTLOOK_BLOCKS[language]}\n\n{QUOTED}\n"

    visible, quoted = split_reply(text)

    assert visible == "Thank you!"
    assert quoted.startswith(OUTLOOK_BLOCKS[language].split("\n", 1)[0]) and QUOTED in quoted


@pytest.mark.parametrize("language", OUTLOOK_BLOCKS)
def test_an_outlook_block_on_the_first_line_hides_the_whole_quote(language: str) -> None:
    text = f"{OUTLOOK_BLOCKS[language]}\n\n{QUOTED}\n"

    visible, quoted = split_reply(text)

    assert (visible, quoted) == ("", text.strip())


@pytest.mark.parametrize("language", WROTE_HEADERS)
def test_a_wrote_header_is_cut(language: str) -> None:
    quote = "\n".join(f"> {line}" for line in QUOTED.splitlines())
    text = f"好的，谢谢！\n\n{WROTE_HEADERS[language]}\n{quote}\n"

    assert split_reply(text) == ("好的，谢谢！", f"{WROTE_HEADERS[language]}\n{quote}")


@pytest.mark.parametrize("language", WROTE_HEADERS)
def test_a_wrote_header_on_the_first_line_with_an_answer_below_is_a_bottom_post(
    language: str,
) -> None:
    quote = "\n".join(f"> {line}" for line in QUOTED.splitlines())
    text = f"{WROTE_HEADERS[language]}\n{quote}\n\nGot it, thanks."

    assert split_reply(text)[0] == "Got it, thanks."


def test_a_mail_without_any_quote_stays_whole() -> None:
    text = "From: my account page I cannot order.\nDate: today\nPlease help."

    assert split_reply(text) == (text, "")


@pytest.mark.django_db
def test_a_reply_that_is_only_a_quote_shows_no_text_and_keeps_the_quote(mailbox) -> None:
    ticket = ticket_of(raw_email())
    body = f"{OUTLOOK_BLOCKS['pl']}\n\n{QUOTED}\n"

    do_ingest_email(
        raw_email(body=body, in_reply_to=ticket.messages.get().external_id),
    )

    reply = ticket.messages.order_by("pk").last()
    assert reply.body == "(no text)"
    assert reply.quoted_text.startswith("Od: Support") and QUOTED in reply.quoted_text
