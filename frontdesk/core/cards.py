"""Payment card numbers in what people write, masked before anything is stored (X3).

A card number is 13 to 19 digits that pass the Luhn check and start like a card issued by
one of the big schemes (Visa, Mastercard, American Express, Discover, Diners, JCB,
UnionPay, Maestro), written in one piece or in groups separated by one space, dash or
non-breaking space. Every digit but the last four becomes "•" and the separators stay:
`4111 1111 1111 1111` → `•••• •••• •••• 1111`, `4111111111111111` → `••••••••••••1111`.

Left alone on purpose: numbers glued to letters or other digits (`DE89 3704…` IBANs,
`INV4111…` ids), numbers after `+` (phone numbers), decimals, runs of digits longer than
a card that are not grouped like one (tracking numbers), and numbers that fail the Luhn
check or start unlike any card (most order numbers, dates, timestamps).

Pure and fast: one regular expression pass; only digit runs of card length are checked.
"""

from __future__ import annotations

import re

MASK = "•"
KEEP = 4
MIN_DIGITS = 13
MAX_DIGITS = 19

# A run of digit groups. What is glued to it (a word character or "+" before, a word
# character after, a digit and a decimal point before) is decided in Python: lookarounds
# in the pattern would be tried at every position and made the scan several times slower.
# At least 13 digits, so shorter numbers never reach Python; possessive, so a run that
# is too short fails at once instead of backtracking through its separators.
_RUN = re.compile(r"[0-9](?:(?:[ \-\u00a0]|&nbsp;)?+[0-9]){12,}+")
_GROUP = re.compile(r"[0-9]+")
_IBAN_BEFORE = re.compile(r"[A-Z]{2}[0-9]{2}(?:[ \-][A-Z0-9]{1,4})*[ \-]$")
_GLUE_BEFORE = re.compile(r"(?:[^\W_]|[+_]|[0-9][.,/])$")


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def looks_issued(digits: str) -> bool:
    """Starts like a number of one of the card schemes (issuer identification number)."""
    first = digits[0]
    if first in "456":  # Visa 4; Mastercard 51-55, Maestro 50/56-59; Discover, UnionPay 6x
        return True
    two = int(digits[:2])
    if first == "3":  # Amex 34/37, Diners 300-305/36/38/39, JCB 3528-3589
        return (
            two in (34, 36, 37, 38, 39)
            or 300 <= int(digits[:3]) <= 305
            or (3528 <= int(digits[:4]) <= 3589)
        )
    if first == "2":  # Mastercard 2221-2720
        return 2221 <= int(digits[:4]) <= 2720
    return False


def is_card_number(digits: str) -> bool:
    return MIN_DIGITS <= len(digits) <= MAX_DIGITS and looks_issued(digits) and luhn_valid(digits)


def _card_shaped(sizes: list[int]) -> bool:
    """Group sizes as cards print them: one block, fours (the last may be shorter),
    or American Express / Diners 4-6-5 and 4-6-4."""
    if len(sizes) == 1:
        return True
    if sizes in ([4, 6, 5], [4, 6, 4]):
        return True
    return all(size == 4 for size in sizes[:-1]) and 1 <= sizes[-1] <= 4


def _mask(text: str, start: int, end: int) -> str:
    """text[start:end] with every digit but the last four masked, separators kept."""
    part = text[start:end]
    digits_seen = sum(ch.isdigit() for ch in part)
    out = []
    for ch in part:
        if ch.isdigit():
            out.append(MASK if digits_seen > KEEP else ch)
            digits_seen -= 1
        else:
            out.append(ch)
    return "".join(out)


def _glued_before(text: str, start: int) -> bool:
    return bool(start) and _GLUE_BEFORE.search(text, max(0, start - 2), start) is not None


def _glued_after(text: str, end: int) -> bool:
    after = text[end : end + 2]
    return bool(after) and (
        after[0].isalnum() or after[0] == "_" or (after[0] in ".,/" and after[1:].isdigit())
    )


def _find_cards(text: str, match: re.Match[str]) -> list[tuple[int, int]]:
    """(start, end) of each card number within one run of digit groups."""
    offset = match.start()
    groups = [(m.start() + offset, m.end() + offset) for m in _GROUP.finditer(match.group())]
    # A group glued to a word ("DE89", "A1", "4111abc") is not part of a card.
    if _glued_before(text, groups[0][0]):
        groups = groups[1:]
    if groups and _glued_after(text, groups[-1][1]):
        groups = groups[:-1]
    sizes = [end - start for start, end in groups]
    if sum(sizes) < MIN_DIGITS:
        return []
    if _IBAN_BEFORE.search(text, max(0, groups[0][0] - 40), groups[0][0]):
        return []
    whole = len(groups) - 1
    found: list[tuple[int, int]] = []
    # The whole run, then (inside a longer run: "order 12345 4111 1111 1111 1111",
    # "4111 1111 1111 1111 12 25") whole groups printed like a card, longest first.
    first = 0
    short_run = sum(sizes) <= MAX_DIGITS  # the whole run may be one card in any grouping
    while first <= whole:
        if sizes[first] != 4 and sizes[first] < MIN_DIGITS and not (first == 0 and short_run):
            # Only a run of four-digit groups or one long block can start a card here:
            # "1 2 3 …" pasted 50,000 characters long is skipped group by group.
            first += 1
            continue
        last = _card_from(text, groups, sizes, first)
        if last is None:
            first += 1
        else:
            found.append((groups[first][0], groups[last][1]))
            first = last + 1
    return found


def _card_from(
    text: str, groups: list[tuple[int, int]], sizes: list[int], first: int
) -> int | None:
    """The last group of the longest card number starting at group `first`, or None."""
    whole = len(groups) - 1
    last = first
    count = sizes[first]
    while last < whole and count + sizes[last + 1] <= MAX_DIGITS:
        last += 1
        count += sizes[last]
    while last >= first and count >= MIN_DIGITS:
        is_whole = first == 0 and last == whole
        if (is_whole or _card_shaped(sizes[first : last + 1])) and is_card_number(
            "".join(text[start:end] for start, end in groups[first : last + 1])
        ):
            return last
        count -= sizes[last]
        last -= 1
    return None


def mask_card_numbers(text: str) -> str:
    """`text` with every payment card number masked but its last four digits."""
    if not text:
        return text
    pieces: list[str] = []
    done = 0
    for match in _RUN.finditer(text):
        for start, end in _find_cards(text, match):
            pieces.append(text[done:start])
            pieces.append(_mask(text, start, end))
            done = end
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def mask_card_numbers_in(*texts: str) -> tuple[str, ...]:
    """Each text masked: for the several texts of one message (body, HTML, quote)."""
    return tuple(mask_card_numbers(text) for text in texts)
