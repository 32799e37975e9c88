"""Macro placeholders such as {{ customer.first_name }} (T8).

A deliberately tiny substitution, not the Django template engine: macro text is written
by users, so it must never reach template tags, filters or attribute lookups. Only the
placeholders below are replaced; anything else is left exactly as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from frontdesk.accounts.models import User
from frontdesk.tickets.models import Macro, Ticket

# Bounded, backtracking-free: braces, optional blanks, one dotted lower-case name.
_PLACEHOLDER = re.compile(r"\{\{[ \t]{0,8}([a-z]{1,20})\.([a-z_]{1,20})[ \t]{0,8}\}\}")


def _first_word(text: str) -> str:
    words = text.split()
    return words[0] if words else ""


def _agent_name(agent: User) -> str:
    return agent.get_full_name() or agent.username


_VALUES: dict[tuple[str, str], Callable[[Ticket, User], str]] = {
    ("customer", "name"): lambda t, a: t.customer.display_name,
    ("customer", "first_name"): lambda t, a: _first_word(t.customer.display_name),
    ("customer", "email"): lambda t, a: t.customer.email or "",
    ("ticket", "reference"): lambda t, a: t.reference,
    ("ticket", "subject"): lambda t, a: t.subject,
    ("agent", "name"): lambda t, a: _agent_name(a),
    ("agent", "first_name"): lambda t, a: a.first_name or _first_word(_agent_name(a)),
}


def render_text(text: str, *, ticket: Ticket, agent: User) -> str:
    def replace(match: re.Match[str]) -> str:
        value = _VALUES.get((match.group(1), match.group(2)))
        return match.group(0) if value is None else value(ticket, agent)

    return _PLACEHOLDER.sub(replace, text)


@dataclass(frozen=True)
class MacroMenu:
    first: list[Macro]  # in the customer's language, or in none
    other: list[Macro]  # in other languages, behind "Other languages"


def macro_menu(macros: Iterable[Macro], language: str) -> MacroMenu:
    """The macros for a customer who reads `language`: theirs and language-neutral ones
    first, the rest after. `language` "" (unknown) puts every macro first."""
    base = (language or "").split("-")[0]
    first: list[Macro] = []
    other: list[Macro] = []
    for macro in macros:
        own = not macro.language or not base or macro.language.split("-")[0] == base
        (first if own else other).append(macro)
    return MacroMenu(first=first, other=other)


def render_macro(macro: Macro, *, ticket: Ticket, agent: User) -> str:
    """The macro's text with its placeholders filled in for this ticket and agent."""
    return render_text(macro.body, ticket=ticket, agent=agent)
