"""Card numbers are masked but their last four digits; everything else is left alone."""

from __future__ import annotations

import pytest

from frontdesk.core.cards import is_card_number, luhn_valid, mask_card_numbers

MASKED = [
    # Visa, Mastercard (5x and 2x), Amex, Discover, JCB, Diners, Visa 13 and 19 digits.
    ("4111 1111 1111 1111", "•••• •••• •••• 1111"),
    ("4111111111111111", "••••••••••••1111"),
    ("4111-1111-1111-1111", "••••-••••-••••-1111"),
    ("5555 5555 5555 4444", "•••• •••• •••• 4444"),
    ("2223003122003222", "••••••••••••3222"),
    ("3782 822463 10005", "•••• •••••• •0005"),
    ("371449635398431", "•••••••••••8431"),
    ("6011 1111 1111 1117", "•••• •••• •••• 1117"),
    ("3530111333300000", "••••••••••••0000"),
    ("30569309025904", "••••••••••5904"),
    ("4222222222222", "•••••••••2222"),
    ("4111 1111 1111 1111 003", "•••• •••• •••• •••1 003"),
    # In sentences, HTML and next to other numbers.
    ("Card: 4111 1111 1111 1111, exp 12/25.", "Card: •••• •••• •••• 1111, exp 12/25."),
    ("no.4111111111111111", "no.••••••••••••1111"),
    ("<td>4111&nbsp;1111&nbsp;1111&nbsp;1111</td>", "<td>••••&nbsp;••••&nbsp;••••&nbsp;1111</td>"),
    ("order 12345 4111 1111 1111 1111", "order 12345 •••• •••• •••• 1111"),
    ("4111 1111 1111 1111 12 25", "•••• •••• •••• 1111 12 25"),
    (
        "4111 1111 1111 1111 and 5555 5555 5555 4444",
        "•••• •••• •••• 1111 and •••• •••• •••• 4444",
    ),
    ("4111 1111 1111 1111 5555 5555 5555 4444", "•••• •••• •••• 1111 •••• •••• •••• 4444"),
]

UNTOUCHED = [
    "4111 1111 1111 1112",  # fails the Luhn check
    "1234567812345670",  # passes Luhn, but no card starts with 1
    "Order 90000000000001 shipped",  # order number: Luhn-valid, not a card prefix
    "ref 7000 1234 5678 9010",  # Luhn-valid, grouped like a card, no card starts with 7
    "20240115123045",  # a timestamp
    "2024-01-15 12:30, 15.01.2024",
    "+44 20 7946 0958",
    "+371 2000 1111 2222 33",
    "call 0044 20 7946 0958 12",
    "IBAN DE89 3704 0044 0532 0130 00",
    "DE89370400440532013000",
    "GB29 NWBK 6016 1331 9268 19",
    "LV80 BANK 0000 4351 9500 1",
    "tracking 123456789012345678901234",
    "INV4111111111111111",
    "4111 1111 1111 1111abc",
    "12.4111111111111111",
    "4111 1111 1111",  # too short
    "",
    "no digits at all",
]


@pytest.mark.parametrize(("text", "expected"), MASKED)
def test_it_masks_card_numbers_but_the_last_four_digits(text, expected):
    assert mask_card_numbers(text) == expected


@pytest.mark.parametrize("text", UNTOUCHED)
def test_it_leaves_other_numbers_alone(text):
    assert mask_card_numbers(text) == text


def test_the_luhn_check():
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398710")
    assert is_card_number("4111111111111111")
    assert not is_card_number("411111111111111111111")  # 21 digits


def test_masking_is_idempotent_and_keeps_the_length():
    text = "Pay with 4111 1111 1111 1111 or 3782 822463 10005 today"
    once = mask_card_numbers(text)
    assert mask_card_numbers(once) == once
    assert len(once) == len(text)
