"""The pure email parser: the mail-gem corpus, charsets, quotes, automatic mail, bounces.

No database: plain functions. The corpus (fixtures/mail-gem, MIT, see its LICENSE.md)
and its `expected_from_mail_gem_specs.json` are the source of truth for decoding.
"""

from __future__ import annotations

import contextlib
import fnmatch
import json
from email.utils import format_datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontdesk.inbox.email.automatic import bounce_of, classify
from frontdesk.inbox.email.parse import ParsedEmail, UnparseableEmail, parse_email

CORPUS = Path(__file__).parent / "fixtures" / "mail-gem"
# 103 `.eml` files and `sample_output_multipart`, which is empty in this copy of the corpus.
_NOT_MAIL = ("expected_from_mail_gem_specs.json", "LICENSE.md", ".gitattributes")
MAIL_FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name not in _NOT_MAIL)
EML_FILES = [p for p in MAIL_FILES if p.suffix == ".eml"]
EXPECTED = json.loads((CORPUS / "expected_from_mail_gem_specs.json").read_text("utf-8"))


def _name(path: Path) -> str:
    return path.relative_to(CORPUS).as_posix()


def _corpus(name: str) -> tuple[bytes, ParsedEmail]:
    raw = (CORPUS / name).read_bytes()
    return raw, parse_email(raw)


def _mail(body: str | bytes, *, headers: str = "", content_type: str = "") -> bytes:
    """A small raw mail; `headers` are extra lines, the body is sent 8bit."""
    content_type = content_type or "text/plain; charset=utf-8"
    head = (
        "From: Customer <Customer@Example.org>\r\nTo: help@example.com\r\n"
        "Subject: Re: Order 42\r\nDate: Mon, 08 Jan 2024 10:00:00 +0200\r\n"
        f"Message-ID: <m1@example.org>\r\n{headers}Content-Type: {content_type}\r\n\r\n"
    )
    data = body if isinstance(body, bytes) else body.replace("\n", "\r\n").encode("utf-8")
    return head.encode("utf-8") + data


# --- the corpus ----------------------------------------------------------------------


def test_it_has_the_whole_corpus() -> None:
    assert (len(MAIL_FILES), len(EML_FILES)) == (104, 103)


def test_it_quarantines_the_empty_corpus_file() -> None:
    assert (CORPUS / "sample_output_multipart").read_bytes() == b""
    with pytest.raises(UnparseableEmail):
        parse_email(b"")


@pytest.mark.parametrize("path", EML_FILES, ids=_name)
def test_it_parses_every_corpus_mail(path: Path) -> None:
    raw = path.read_bytes()
    parsed = parse_email(raw)
    assert isinstance(parsed.subject, str)
    assert "\n" not in parsed.subject
    assert parsed.from_address == "" or "@" in parsed.from_address
    assert parsed.from_address == parsed.from_address.lower()
    assert all(item.startswith("<") and item.endswith(">") for item in parsed.references)
    assert parsed.message_id == "" or parsed.message_id.startswith("<")
    assert parsed.date is None or parsed.date.tzinfo is not None
    assert parsed.raw_size == len(raw)
    assert bool(parsed.visible_text.strip()) == bool(parsed.text.strip())
    assert all(a.filename and "/" not in a.filename for a in parsed.attachments)
    classify(parsed)
    bounce_of(raw, parsed)


_CHECKED_KEYS = {
    "attachment_count",
    "attachment_filenames",
    "attachment_decoded_sizes",
    "attachment_decoded_sizes_by_index",
    "first_attachment_inline",
    "to",
    "decoded_body",
    "decoded_body_stripped",
    "must_parse_without_error",
    "note",
}
_EXPECTATIONS = [
    (name, spec) for name, spec in EXPECTED.items() if not name.startswith("_") and "*" not in name
]


@pytest.mark.parametrize(("name", "spec"), _EXPECTATIONS, ids=[n for n, _ in _EXPECTATIONS])
def test_it_meets_the_mail_gem_expectations(name: str, spec: dict[str, object]) -> None:
    assert set(spec) <= _CHECKED_KEYS, "a new kind of expectation needs a check here"
    _raw, parsed = _corpus(name)
    attachments = parsed.attachments
    if "attachment_count" in spec:
        assert len(attachments) == spec["attachment_count"]
    if "attachment_filenames" in spec:
        assert [a.filename for a in attachments] == spec["attachment_filenames"]
    if "attachment_decoded_sizes" in spec:
        assert [len(a.content) for a in attachments] == spec["attachment_decoded_sizes"]
    for index, size in dict(spec.get("attachment_decoded_sizes_by_index", {})).items():  # type: ignore[call-overload]
        assert len(attachments[int(index)].content) == size
    if "first_attachment_inline" in spec:
        assert attachments[0].inline is spec["first_attachment_inline"]
    if "to" in spec:
        assert parsed.to == spec["to"]
    if "decoded_body" in spec:
        assert parsed.text == spec["decoded_body"]
    if "decoded_body_stripped" in spec:
        assert parsed.text.strip() == spec["decoded_body_stripped"]


_GLOBS = [name for name in EXPECTED if "*" in name]


@pytest.mark.parametrize(
    "path", [p for p in EML_FILES if any(fnmatch.fnmatch(_name(p), g) for g in _GLOBS)], ids=_name
)
def test_it_parses_every_malformed_mail(path: Path) -> None:
    assert len(_GLOBS) == 1 and EXPECTED[_GLOBS[0]]["must_parse_without_error"] is True
    assert isinstance(parse_email(path.read_bytes()), ParsedEmail)


def test_it_decodes_corpus_headers_and_charsets() -> None:
    utf8 = _corpus("rfc6532/utf8_headers.eml")[1]
    assert (utf8.from_name, utf8.from_address, utf8.subject) == (
        "Jöhn Doe",
        "jdöe@mächine.example",
        "Säying Hello",
    )
    assert utf8.to == ["märy@exämple.net"]
    sjis = _corpus("multi_charset/japanese_shift_jis.eml")[1]
    assert sjis.text.startswith("あいうえお\n\nこのメールはテスト用のメールです。")
    korean = _corpus("plain_emails/raw_email.eml")[1]
    assert korean.subject == "NOTE: 한국말로 하는 것"
    latin = _corpus("error_emails/invalid_subject_characters.eml")[1]
    assert latin.subject.startswith("Formação FrenetikPolis")  # raw 8-bit ISO-8859-1
    split = _corpus("error_emails/bad_subject.eml")[1]
    assert split.from_name == "MySurvey.com & Carol Adams"
    long_name = _corpus("multi_charset/japanese_attachment_long_name.eml")[1]
    assert long_name.attachments[0].filename == "かきくけこ" * 5 + ".txt"  # RFC 2231 *0* *1*
    unknown = _corpus("plain_emails/raw_email10.eml")[1]
    assert "Envoyé par le service" in unknown.quoted_text  # charset=X-UNKNOWN, UTF-8 bytes


def test_it_keeps_attached_messages_and_finds_their_attachments() -> None:
    parsed = _corpus("attachment_emails/attachment_message_rfc822.eml")[1]
    forwarded, pdf = parsed.attachments
    assert (forwarded.filename, forwarded.content_type) == (
        "ForwardedMessage.eml",
        "message/rfc822",
    )
    assert forwarded.content.startswith(b"From xxxx@xxxx.com") and b"\r\n" not in forwarded.content
    assert (pdf.filename, pdf.content[:5]) == ("broken.pdf", b"%PDF-")
    report = _corpus("mime_emails/raw_email_with_mimepart_without_content_type.eml")[1]
    assert "Est-ce toi ?.eml" in [a.filename for a in report.attachments]  # named by subject


def test_it_reads_a_missing_space_and_stray_lines_in_the_header_block() -> None:
    obsolete = _corpus("rfc2822/example13.eml")[1]  # "Subject     : Saying Hello"
    assert (obsolete.subject, obsolete.message_id) == (
        "Saying Hello",
        "<1234@local.machine.example>",
    )
    stray = _corpus("plain_emails/raw_email_incorrect_header.eml")[1]  # "quite Delivered-To:"
    assert stray.from_address == "xxx@xxx.xxx"


# --- hand-written mails: charsets, names, headers --------------------------------------


@pytest.mark.parametrize(
    ("charset", "text"),
    [
        ("windows-1251", "Здравствуйте, заказ не пришёл."),
        ("big5", "您好，訂單沒有到。"),
        ("euc-kr", "주문이 도착하지 않았습니다."),
        ("ks_c_5601-1987", "주문이 도착하지 않았습니다."),
        ("shift_jis", "注文が届きません。"),
        ("iso-2022-jp", "注文が届きません。"),
        ("iso-8859-9", "Siparişim gelmedi."),
        ("iso-8859-13", "Pasūtījums nav saņemts."),
        ("iso-8859-2", "Objednávka neprišla. Naročilo ni prišlo."),
    ],
)
def test_it_decodes_text_in_each_charset(charset: str, text: str) -> None:
    body = text.encode("cp949" if charset == "ks_c_5601-1987" else charset)
    parsed = parse_email(_mail(body, content_type=f"text/plain; charset={charset}"))
    assert parsed.text == text


def test_it_falls_back_for_bogus_charsets() -> None:
    utf8 = parse_email(_mail("Grüße".encode(), content_type="text/plain; charset=bogus-9"))
    latin = parse_email(_mail("Grüße".encode("latin-1"), content_type="text/plain; charset=x"))
    base64 = parse_email(_mail(b"abc", content_type="text/plain; charset=base64"))
    assert (utf8.text, latin.text, base64.text) == ("Grüße", "Grüße", "abc")


def test_it_joins_flowed_lines_and_reads_the_html_meta_charset() -> None:
    flowed = "Hello, this is a \nflowed line.\n> quoted and \n> flowed\n-- \nSig\n"
    parsed = parse_email(_mail(flowed, content_type="text/plain; charset=utf-8; format=flowed"))
    assert parsed.text == "Hello, this is a flowed line.\n> quoted and flowed\n-- \nSig\n"
    html = '<html><head><meta charset="windows-1251"></head><body>Привет</body></html>'
    parsed = parse_email(_mail(html.encode("cp1251"), content_type="text/html"))
    assert (parsed.text, parsed.visible_text) == ("Привет", "Привет")


def test_it_joins_a_character_split_across_encoded_words() -> None:
    subject = "=?UTF-8?B?44GC44GE?= =?UTF-8?B?44GG?=\r\n =?UTF-8?Q?=E3=81?= =?UTF-8?Q?=88?="
    raw = _mail("x").replace(b"Subject: Re: Order 42", f"Subject: {subject}".encode())
    assert parse_email(raw).subject == "あいうえ"


def test_it_decodes_attachment_names_safely() -> None:
    raw = (
        b"From: a@example.org\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n"
        b"--XX\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
        b'--XX\r\nContent-Type: application/pdf; name="../../etc/passwd"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n"
        b"--XX\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
        b"\r\n!!not base64 at all\r\n"
        b"--XX\r\nContent-Type: image/png\r\nContent-ID: <logo@x>\r\n"
        b"Content-Disposition: inline\r\n\r\nPNG\r\n--XX--\r\n"
    )
    parsed = parse_email(raw)
    names = [a.filename for a in parsed.attachments]
    assert names == ["passwd", "attachment-2.bin", "attachment-3.png"]
    assert parsed.attachments[0].content == b"%PDF-"
    logo = parsed.attachments[2]
    assert (logo.inline, logo.content_id) == (True, "logo@x")
    assert parsed.text == "see attached"


def test_it_normalises_ids_addresses_and_dates() -> None:
    raw = _mail(
        "x",
        headers=(
            "In-Reply-To: abc@example.com\r\nReferences: <a@x> <b@x>\r\n <a@x>\r\n"
            'Cc: "Doe, Jane" <JANE@Example.COM>, undisclosed-recipients:;\r\n'
            "Reply-To: <Sales@Example.org>\r\n"
        ),
    ).replace(b"Date: Mon, 08 Jan 2024 10:00:00 +0200", b"Date: someday soon")
    parsed = parse_email(raw.replace(b"Message-ID: <m1@example.org>", b"Message-ID:  m1@x "))
    assert parsed.message_id == "<m1@x>"
    assert (parsed.in_reply_to, parsed.references) == (["<abc@example.com>"], ["<a@x>", "<b@x>"])
    assert (parsed.cc, parsed.reply_to) == (["jane@example.com"], ["sales@example.org"])
    assert (parsed.from_address, parsed.from_name, parsed.date) == (
        "customer@example.org",
        "Customer",
        None,
    )


def test_it_refuses_only_what_is_not_a_mail() -> None:
    for raw in (b"", b"  \r\n ", b"just some text without any header\r\n"):
        with pytest.raises(UnparseableEmail):
            parse_email(raw)
    assert parse_email(b"Subject: only a subject\r\n").from_address == ""


# --- visible text and quotes -----------------------------------------------------------

_QUOTES = {
    "gmail": (
        "Thanks, that fixed it.\nBut the printer jams.\n\n"
        "On Mon, Jan 8, 2024 at 10:00 AM Support <help@example.com> wrote:\n"
        "> Please restart it.\n",
        "Thanks, that fixed it.\nBut the printer jams.",
    ),
    "gmail wrapped header": (
        "Yes please.\n\nOn Mon, Jan 8, 2024 at 10:00 AM Very Long Support Team <\n"
        "help@example.com> wrote:\n\n> Do you want a refund?\n",
        "Yes please.",
    ),
    "apple mail": (
        "Sounds good.\n\n> On 8 Jan 2024, at 10:00, Support <help@example.com> wrote:\n>\n"
        "> Your order shipped.\n",
        "Sounds good.",
    ),
    "outlook original message": (
        "Please cancel.\n\n-----Original Message-----\nFrom: Support <help@example.com>\n"
        "Sent: Monday, January 8, 2024 10:00 AM\nTo: John\nSubject: Order\n\nShipped.\n",
        "Please cancel.",
    ),
    "outlook from/sent block": (
        "Please cancel.\n\n________________________________\nFrom: Support <help@example.com>\n"
        "Sent: Monday, January 8, 2024 10:00\nTo: John\nSubject: Order\n\nShipped.\n",
        "Please cancel.",
    ),
    "turkish": (
        "Siparişimi iptal edin.\n\n8 Oca 2024 Pzt, 10:00 tarihinde Destek <help@example.com> "
        "şunu yazdı:\n> Siparişiniz kargoda.\n",
        "Siparişimi iptal edin.",
    ),
    "turkish outlook": (
        "Teşekkürler.\n\nKimden: Destek <help@example.com>\nGönderildi: 8 Ocak 2024 10:00\n"
        "Kime: Ahmet\nKonu: Sipariş\n\nKargoda.\n",
        "Teşekkürler.",
    ),
    "latvian": (
        "Lūdzu atceliet.\n\npirmd., 2024. g. 8. janv., plkst. 10:00 — lietotājs Atbalsts "
        "(<help@example.com>) rakstīja:\n> Nosūtīts.\n",
        "Lūdzu atceliet.",
    ),
    "slovak": (
        "Prosím zrušte.\n\npo 8. 1. 2024 o 10:00 Podpora <help@example.com> napísal(a):\n"
        "> Odoslané.\n",
        "Prosím zrušte.",
    ),
    "slovenian": (
        "Prosim, prekličite.\n\nV pon., 8. jan. 2024 ob 10:00 je Podpora <help@example.com> "
        "napisal(a):\n> Poslano.\n",
        "Prosim, prekličite.",
    ),
    "german (from the library)": (
        "Bitte stornieren.\n\nAm Mo., 8. Jan. 2024 um 10:00 Uhr schrieb Support "
        "<help@example.com>:\n> Versandt.\n",
        "Bitte stornieren.",
    ),
    "rfc 3676 signature": ("Hello,\nmy invoice is wrong.\n\n-- \nJohn\nACME\n", None),
    "closing formula": ("The invoice is wrong.\n\nBest regards,\nJohn Smith\nACME Ltd\n", None),
    "sent from my phone": ("Call me please.\n\nSent from my iPhone\n", "Call me please."),
    "bottom posting": (
        "On Mon, Jan 8, 2024 at 10:00 AM Support <help@example.com> wrote:\n> Did it work?\n\n"
        "Yes, it works now.\n",
        "Yes, it works now.",
    ),
}


@pytest.mark.parametrize(("body", "visible"), _QUOTES.values(), ids=_QUOTES.keys())
def test_it_strips_quotes_and_signatures(body: str, visible: str | None) -> None:
    parsed = parse_email(_mail(body))
    expected = visible or body.split("\n\n")[0]
    assert parsed.visible_text == expected
    assert parsed.quoted_text
    assert expected not in parsed.quoted_text


@pytest.mark.parametrize(
    "body",
    [
        "Hi,\nThanks, that fixed it. But now the scanner fails.\nCan you help?",
        "Hi,\nTake the old one back please.\n/var/log is full too.",
        "Steps:\n- open the app\n- click login\n- it crashes",
        "Invoice:\nTo: ACME\nSubject: 3 chairs",
        "> only a quote\n> and nothing else",
        "FYI\n\n---------- Forwarded message ---------\nFrom: Bank <no@bank.example>\n"
        "Date: Mon, Jan 8, 2024\nSubject: Payment\nTo: me@example.org\n\nPayment failed.",
    ],
)
def test_it_keeps_text_that_only_looks_like_a_quote(body: str) -> None:
    parsed = parse_email(_mail(body))
    assert parsed.visible_text == body


def test_it_keeps_a_forward_found_by_its_subject() -> None:
    body = "See below.\n\nFrom: Bank <no@bank.example>\nSent: Mon, Jan 8, 2024\nTo: me\n\nPaid."
    raw = _mail(body).replace(b"Subject: Re: Order 42", b"Subject: FW: Payment")
    assert parse_email(raw).visible_text == body


@pytest.mark.parametrize(
    "html",
    [
        '<div dir="ltr">Yes, please refund.</div><br><div class="gmail_quote">'
        '<div class="gmail_attr">On Mon, Jan 8, 2024 at 10:00 AM Support &lt;help@example.com&gt;'
        ' wrote:<br></div><blockquote class="gmail_quote"><div>Do you want a refund?</div>'
        "</blockquote></div>",
        '<html><body><p>Yes, please refund.</p><blockquote type="cite"><p>Do you want a '
        "refund?</p></blockquote></body></html>",
        '<div>Yes, please refund.</div><div id="appendonsend"></div><hr><div id="divRplyFwdMsg">'
        "<b>From:</b> Support &lt;help@example.com&gt;<br><b>Sent:</b> Monday, January 8, 2024"
        "<br><b>To:</b> John<br><b>Subject:</b> Order</div><div>Do you want a refund?</div>",
    ],
    ids=["gmail_quote", "blockquote", "outlook"],
)
def test_it_strips_quotes_from_html_only_mail(html: str) -> None:
    parsed = parse_email(_mail(html + "<script>alert(1)</script>", content_type="text/html"))
    assert parsed.visible_text == "Yes, please refund."
    assert "Do you want a refund?" in parsed.quoted_text
    assert "Do you want a refund?" in parsed.text
    assert "<script" not in parsed.html and "Yes, please refund." in parsed.html


# --- automatic mail and bounces --------------------------------------------------------

_AUTOMATIC = [
    ("Auto-Submitted: auto-replied\r\n", "", True),
    ("Auto-Submitted: auto-generated (failure)\r\n", "", True),
    ("Auto-Submitted: no\r\n", "", False),
    ("Precedence: bulk\r\n", "", True),
    ("Precedence: junk\r\n", "", True),
    ("Precedence: list\r\n", "", True),
    ("List-Id: News <news.example.com>\r\n", "", True),
    ("List-Unsubscribe: <mailto:leave@example.com>\r\n", "", True),
    ("Return-Path: <>\r\n", "", True),
    ("X-Autoreply: yes\r\n", "", True),
    ("X-Autorespond: Out of office\r\n", "", True),
    ("X-Auto-Response-Suppress: All\r\n", "", True),
    ("X-Auto-Response-Suppress: OOF, AutoReply\r\n", "", True),
    ("X-Auto-Response-Suppress: DR, RN, NRN\r\n", "", False),
    ("X-Frontdesk-Ticket: FD-1234\r\n", "", True),
    ("", "MAILER-DAEMON@mx.example.com", True),
    ("", "Postmaster@example.com", True),
    ("", "noreply@example.com", True),
    ("", "No-Reply@example.com", True),
    ("", "do-not-reply@example.com", True),
    ("", "noreply-alerts@example.com", True),
    ("Return-Path: <customer@example.org>\r\nPrecedence: first-class\r\n", "", False),
    ("", "", False),  # an ordinary customer mail
]


@pytest.mark.parametrize(("headers", "sender", "automatic"), _AUTOMATIC)
def test_it_classifies_automatic_mail(headers: str, sender: str, automatic: bool) -> None:
    raw = _mail("Hello", headers=headers)
    if sender:
        raw = raw.replace(b"Customer <Customer@Example.org>", sender.encode())
    result = classify(parse_email(raw))
    assert result.is_automatic is automatic
    assert bool(result.reason) is automatic


def test_it_treats_reports_and_read_receipts_as_automatic() -> None:
    for report_type in ("delivery-status", "disposition-notification"):
        content_type = f"multipart/report; report-type={report_type}; boundary=B"
        raw = _mail(
            "--B\r\nContent-Type: text/plain\r\n\r\nx\r\n--B--\r\n", content_type=content_type
        )
        parsed = parse_email(raw)
        assert classify(parsed).is_automatic
        assert bounce_of(raw, parsed) is None


_POSTFIX_ORIGINAL = "<118707422.15521266992174819.JavaMail.root@lvmail01>"
_REPORTS = {
    "multi_address_bounce1.eml": (5, "5.1.1", _POSTFIX_ORIGINAL),
    "multi_address_bounce2.eml": (5, "5.1.1", _POSTFIX_ORIGINAL),
    "multipart_report_multiple_status.eml": (
        1,
        "5.3.0",
        "<4c2a146147ac8_61ff157c4ec1652df@s.h.c.mail>",
    ),
    "report_422.eml": (
        1,
        "4.2.2",
        "<15655788.13.1200472642578.JavaMail.Administrator@mail.ttttt.com.au>",
    ),
    "report_530.eml": (1, "5.3.0", "<200712232303.lBNN3jDq002941@mail12.rrrr.com.au>"),
}


@pytest.mark.parametrize(("name", "expected"), _REPORTS.items(), ids=_REPORTS.keys())
def test_it_recognises_the_corpus_bounces(name: str, expected: tuple[int, str, str]) -> None:
    raw, parsed = _corpus(f"multipart_report_emails/{name}")
    bounce = bounce_of(raw, parsed)
    assert bounce is not None and classify(parsed).is_automatic
    count, status, original = expected
    assert (len(bounce.failed_recipients), bounce.status) == (count, status)
    assert bounce.original_message_id == original
    assert bounce.permanent is status.startswith("5")
    assert bounce.diagnostic and "\n" not in bounce.diagnostic
    assert all(address.encode() in raw.lower() for address in bounce.failed_recipients)


def test_it_names_the_failed_recipients_of_the_corpus_bounces() -> None:
    raw, parsed = _corpus("multipart_report_emails/report_530.eml")
    assert bounce_of(raw, parsed).failed_recipients == ["edwin@zzzzzzz.com"]  # type: ignore[union-attr]
    raw, parsed = _corpus("multipart_report_emails/multipart_report_multiple_status.eml")
    assert bounce_of(raw, parsed).failed_recipients == ["u@ci.com"]  # type: ignore[union-attr]


def test_it_recognises_a_non_standard_bounce() -> None:
    raw = (
        b"From: MAILER-DAEMON@mx.example.com\r\nTo: help@example.com\r\n"
        b"Subject: failure notice\r\nMessage-ID: <bounce1@mx.example.com>\r\n\r\n"
        b"Hi. This is the qmail-send program at mx.example.com.\r\n"
        b"I'm afraid I wasn't able to deliver your message to the following addresses.\r\n\r\n"
        b"<gone@customer.example>:\r\n"
        b"550 5.1.1 <gone@customer.example>: Recipient address rejected: User unknown\r\n\r\n"
        b"--- Below this line is a copy of the message.\r\n\r\n"
        b"From: help@example.com\r\nTo: gone@customer.example\r\n"
        b"Message-ID: <fd-42@help.example.com>\r\nSubject: Your ticket\r\n\r\nHello\r\n"
    )
    bounce = bounce_of(raw, parse_email(raw))
    assert bounce is not None
    assert (bounce.failed_recipients, bounce.status) == (["gone@customer.example"], "5.1.1")
    assert (bounce.original_message_id, bounce.permanent) == ("<fd-42@help.example.com>", True)


def test_it_does_not_take_a_forwarded_bounce_for_a_bounce() -> None:
    body = (
        "Why did this fail?\n\nUndelivered Mail Returned to Sender\n550 5.1.1 x@y.example unknown"
    )
    raw = _mail(body).replace(b"Re: Order 42", b"Fwd: Undelivered Mail Returned to Sender")
    parsed = parse_email(raw)
    assert bounce_of(raw, parsed) is None
    assert not classify(parsed).is_automatic


# --- never raise -----------------------------------------------------------------------

_HEADER_NAMES = [
    "From", "To", "Cc", "Reply-To", "Subject", "Date", "Message-ID", "In-Reply-To", "References",
    "Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "MIME-Version",
    "Auto-Submitted", "Return-Path", "List-Id", "Content-ID", "Content-Location",
]  # fmt: skip
_TRICKY_VALUES = [
    "multipart/mixed; boundary=B", "multipart/alternative; boundary=\"B\"", "text/html",
    "message/rfc822", "text/plain; charset=\"ks_c_5601-1987\"", "base64", "quoted-printable",
    "x-uuencode", "=?utf-8?B?4pyT?=", "=?bogus?Q?=FF=FE?=", "attachment; filename*0*=utf-8''%E2",
    "<>", "<a@b> <c@d", "Mon, 99 Foo 99999 25:61:61 +9999", "multipart/report; boundary=B",
]  # fmt: skip
_VALUES = st.one_of(
    st.text(max_size=80).map(lambda s: s.replace("\r", " ").replace("\n", "\n ")),
    st.binary(max_size=80).map(lambda b: b.translate(bytes.maketrans(b"\r\n", b"  "))),
    st.sampled_from(_TRICKY_VALUES),
)
_FIELDS = st.lists(st.tuples(st.sampled_from(_HEADER_NAMES), _VALUES), max_size=12)
_PARTS = st.lists(st.tuples(_FIELDS, st.binary(max_size=200)), max_size=4)


def _field(name: str, value: str | bytes) -> bytes:
    data = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
    return name.encode() + b": " + data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_it_never_raises_on_arbitrary_bytes(raw: bytes) -> None:
    with contextlib.suppress(UnparseableEmail):
        assert isinstance(parse_email(raw).visible_text, str)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_FIELDS, _PARTS)
def test_it_never_raises_on_header_soup(
    fields: list[tuple[str, str | bytes]], parts: list[tuple[list[tuple[str, str | bytes]], bytes]]
) -> None:
    head = b"\r\n".join([b"From: a@example.com", *(_field(n, v) for n, v in fields)])
    body = b"".join(
        b"--B\r\n"
        + b"\r\n".join(_field(n, v) for n, v in headers)
        + b"\r\n\r\n"
        + content
        + b"\r\n"
        for headers, content in parts
    )
    raw = head + b"\r\n\r\n" + body + b"--B--\r\n"
    parsed = parse_email(raw)  # a From line makes it a mail: it must parse, degraded or not
    assert parsed.text.strip() == "" or parsed.visible_text.strip()
    classify(parsed)
    bounce_of(raw, parsed)


def test_it_formats_dates_it_parsed() -> None:
    parsed = parse_email(_mail("x"))
    assert parsed.date is not None
    assert format_datetime(parsed.date) == "Mon, 08 Jan 2024 10:00:00 +0200"
