from __future__ import annotations

from collections.abc import Container, Iterable
from typing import Any

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from frontdesk.tickets.views.inbox_rows import InboxRow, rows_html
from frontdesk.tickets.widgets import field_block as render_field_block
from frontdesk.tickets.widgets import option_tags_plain

register = template.Library()


@register.simple_tag
def field_block(field: BoundField) -> SafeString:
    """A form field with its label, errors and help (`tickets/partials/ticket_field.html`)."""
    return render_field_block(field)


@register.simple_tag
def option_list(
    items: Iterable[Any], selected: Any, value: str = "", label: str = ""
) -> SafeString:
    """`<option>`s for a plain `<select>`, with ` selected` on those equal to `selected`:
    the loop `{% for v, l in items %}<option value="{{ v }}"{% if v == selected %}
    selected{% endif %}>{{ l }}</option>{% endfor %}` in one pass. Items are
    `(value, label)` pairs, strings (value and label alike), or objects whose `value`
    and `label` attributes are named."""
    return option_tags_plain(items, selected, value, label)


@register.simple_tag
def inbox_table_rows(rows: list[InboxRow], selected: Container[int]) -> SafeString:
    """The inbox list's `<tr>`s (see `views/inbox_rows.py`), ticked where selected."""
    return rows_html(rows, selected)
