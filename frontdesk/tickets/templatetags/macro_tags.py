"""`{% macro_menu macros ticket as menu %}`: the customer's language first (tickets/macros.py)."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from frontdesk.tickets.acknowledgement import language_for
from frontdesk.tickets.macros import MacroMenu, macro_menu
from frontdesk.tickets.models import Macro, Ticket

register = template.Library()


@register.simple_tag(name="macro_menu")
def macro_menu_tag(macros: Iterable[Macro], ticket: Ticket) -> MacroMenu:
    return macro_menu(macros, language_for(ticket))
