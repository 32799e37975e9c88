"""The Authentication-Results parser and verdict (RFC 8601): table tests, no database."""

from __future__ import annotations

import pytest

from frontdesk.inbox.email.authresults import UNNAMED, Status, aligned, parse, trusted_ids, verdict

GMAIL = (
    "mx.google.com;\r\n       dkim=pass header.i=@example.com header.s=20230601 header.b=Ab1/cD2e;"
    "\r\n       spf=pass (google.com: domain of ayse@example.com designates 203.0.113.5 as "
    "permitted sender) smtp.mailfrom=ayse@example.com;\r\n       dmarc=pass (p=NONE sp=QUARANTINE "
    "dis=NONE) header.from=example.com"
)
GMAIL_SPOOF = (
    "mx.google.com; spf=softfail (google.com: domain of transitioning ayse@example.com does not "
    "designate 198.51.100.7 as permitted sender) smtp.mailfrom=ayse@example.com; "
    "dmarc=fail (p=QUARANTINE sp=QUARANTINE dis=QUARANTINE) header.from=example.com"
)
M365_SPOOF = (
    "spf=fail (sender IP is 198.51.100.7) smtp.mailfrom=example.com; dkim=none (message not "
    "signed) header.d=none;dmarc=fail action=none header.from=example.com;compauth=fail "
    "reason=000"
)
M365_PASS = (
    "spf=pass (sender IP is 203.0.113.5) smtp.mailfrom=example.com; dkim=pass (signature was "
    "verified) header.d=example.com;dmarc=pass action=none header.from=example.com;"
    "compauth=pass reason=100"
)
FASTMAIL = (
    "mx6.messagingengine.com; dkim=pass (2048-bit rsa key sha256) header.d=example.com "
    "header.i=@example.com header.b=Xy12 header.a=rsa-sha256 header.s=fm1 x-bits=2048; "
    "dmarc=pass policy.published-domain-policy=none policy.applied-disposition=none "
    "policy.evaluated-disposition=none (p=none,d=none,d.eval=none) policy.policy-from=p "
    "header.from=example.com; iprev=pass smtp.remote-ip=203.0.113.5 (mail.example.com); "
    "spf=pass smtp.mailfrom=ayse@example.com smtp.helo=mail.example.com; x-me-sender=none"
)
FASTMAIL_ARC = (
    "mx6.messagingengine.com; arc=none (no signatures found); "
    "bimi=skipped (DMARC Policy is not at enforcement)"
)
SENDER = "ayse@example.com"


def test_it_reads_a_gmail_header_with_comments_and_folding() -> None:
    header = parse(GMAIL)

    assert header.authserv_id == "mx.google.com"
    assert [(r.method, r.result) for r in header.results] == [
        ("dkim", "pass"),
        ("spf", "pass"),
        ("dmarc", "pass"),
    ]
    assert header.results[0].properties["header.i"] == "@example.com"
    assert header.results[1].properties == {"smtp.mailfrom": "ayse@example.com"}
    assert header.results[2].properties["header.from"] == "example.com"


def test_it_reads_a_microsoft_header_without_authserv_id_or_separators() -> None:
    header = parse(M365_SPOOF)

    assert header.authserv_id == UNNAMED
    assert [(r.method, r.result) for r in header.results] == [
        ("spf", "fail"),
        ("dkim", "none"),
        ("dmarc", "fail"),
        ("compauth", "fail"),
    ]
    assert header.results[2].properties == {"action": "none", "header.from": "example.com"}


def test_it_reads_fastmail_with_policy_properties_and_a_version() -> None:
    header = parse(FASTMAIL)
    methods = {r.method: r for r in header.results}

    assert header.authserv_id == "mx6.messagingengine.com"
    assert methods["dmarc"].result == "pass"
    assert methods["dmarc"].properties["header.from"] == "example.com"
    assert methods["spf"].properties["smtp.helo"] == "mail.example.com"
    assert parse("mx.example.net 1; dkim=pass header.d=example.com").authserv_id == (
        "mx.example.net"
    )


@pytest.mark.parametrize(
    "value",
    [
        "",
        "mx.example.net; none",
        "mx.example.net;;; ((nested (comment)) dkim",
        'mx.example.net; dkim=pass reason="a ; quoted; reason" header.d=example.com',
        "=?utf-8?q?=C3=A9?=; spf=pass\x00",
        "(" * 5000,
    ],
)
def test_it_never_raises_on_odd_values(value: str) -> None:
    parse(value)


def test_a_semicolon_inside_a_quoted_reason_does_not_split() -> None:
    header = parse('mx.example.net; dkim=pass reason="a ; b" header.d=example.com')

    assert [(r.method, r.properties.get("header.d")) for r in header.results] == [
        ("dkim", "example.com")
    ]


@pytest.mark.parametrize(
    ("headers", "trusted", "expected", "method"),
    [
        # Gmail, Microsoft 365 and Fastmail as their receiving servers write them
        ([(3, GMAIL)], "mx.google.com", Status.VERIFIED, "dmarc"),
        ([(3, GMAIL_SPOOF)], "mx.google.com", Status.FAILED, "dmarc"),
        ([(0, M365_SPOOF)], UNNAMED, Status.FAILED, "dmarc"),
        ([(0, M365_PASS)], UNNAMED, Status.VERIFIED, "dmarc"),
        ([(1, FASTMAIL), (2, FASTMAIL_ARC)], "mx6.messagingengine.com", Status.VERIFIED, "dmarc"),
        # nothing trusted: nobody is verified, whatever the headers say
        ([(3, GMAIL)], "", Status.UNVERIFIED, ""),
        # a header from another server is ignored, even above the trusted one
        ([(0, "evil.example; dmarc=pass header.from=example.com"), (3, GMAIL_SPOOF)],
         "mx.google.com", Status.FAILED, "dmarc"),
        ([(0, "evil.example; dmarc=pass header.from=example.com")],
         "mx.google.com", Status.UNVERIFIED, ""),
        # Microsoft's unnamed header is not trusted by a mailbox that trusts Google
        ([(0, M365_PASS)], "mx.google.com", Status.UNVERIFIED, ""),
        # the sender's own header naming the trusted server sits below it: not counted
        ([(3, GMAIL_SPOOF), (9, "mx.google.com; dmarc=pass header.from=example.com")],
         "mx.google.com", Status.FAILED, "dmarc"),
        # ... and when directly below, the topmost result per method still wins
        ([(3, GMAIL_SPOOF), (4, "mx.google.com; dmarc=pass header.from=example.com")],
         "mx.google.com", Status.FAILED, "dmarc"),
        # no DMARC result: an aligned DKIM or SPF pass verifies, an aligned failure fails
        ([(1, "mx.example.net; dkim=pass header.d=mail.example.com")],
         "mx.example.net", Status.VERIFIED, "dkim"),
        ([(1, "mx.example.net; spf=pass smtp.mailfrom=bounces@example.com")],
         "mx.example.net", Status.VERIFIED, "spf"),
        ([(1, "mx.example.net; spf=fail smtp.mailfrom=example.com; dkim=none")],
         "mx.example.net", Status.FAILED, "spf"),
        ([(1, "mx.example.net; spf=fail smtp.mailfrom=example.com; dkim=pass header.d=example.com")],  # noqa: E501
         "mx.example.net", Status.VERIFIED, "dkim"),
        # a pass for another domain is not alignment: unverified, not verified
        ([(1, "mx.example.net; dkim=pass header.d=mailer.example.org; "
                "spf=pass smtp.mailfrom=x@mailer.example.org")],
         "mx.example.net", Status.UNVERIFIED, ""),
        # DMARC about another From than the one we read is ignored
        ([(1, "mx.example.net; dmarc=pass header.from=other.example")],
         "mx.example.net", Status.UNVERIFIED, ""),
        ([(1, "mx.example.net; dmarc=temperror header.from=example.com")],
         "mx.example.net", Status.UNVERIFIED, ""),
        # authserv-ids compare without case
        ([(3, GMAIL.replace("mx.google.com", "MX.Google.COM", 1))],
         "mx.google.com", Status.VERIFIED, "dmarc"),
    ],
)  # fmt: skip
def test_the_verdict(
    headers: list[tuple[int, str]], trusted: str, expected: Status, method: str
) -> None:
    result = verdict(headers, trusted=trusted_ids(trusted), from_address=SENDER)

    assert (result.status, result.method) == (expected, method)


def test_the_verdict_names_the_failed_check() -> None:
    result = verdict([(0, M365_SPOOF)], trusted=trusted_ids(UNNAMED), from_address=SENDER)

    assert result.detail == "dmarc=fail header.from=example.com"


@pytest.mark.parametrize(
    ("domain", "from_domain", "expected"),
    [
        ("example.com", "example.com", True),
        ("mail.example.com", "example.com", True),
        ("example.com", "eu.example.com", True),
        ("a.example.com", "b.example.com", False),
        ("badexample.com", "example.com", False),
        ("", "example.com", False),
    ],
)
def test_alignment(domain: str, from_domain: str, expected: bool) -> None:
    assert aligned(domain, from_domain) is expected


def test_trusted_ids_are_split_and_lower_cased() -> None:
    assert trusted_ids(" MX.google.com, unnamed  mx6.messagingengine.com ") == {
        "mx.google.com",
        "unnamed",
        "mx6.messagingengine.com",
    }
