"""Suggestions for the inbox's tag filter: a text box with a `<datalist>` filled by htmx
as the agent types (the pattern of the SLA policy's organization field), instead of a
`<select>` of every tag a shop ever made."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from frontdesk.accounts.decorators import staff_required
from frontdesk.core.html import html_join
from frontdesk.tickets.queries import tag_suggestions


@staff_required
@require_GET
def tag_options(request: HttpRequest) -> HttpResponse:
    """`<option>`s for the tags whose name contains what was typed (`?tag=`). Tag names
    are the same for all staff: every member may filter the inbox by any of them."""
    names = tag_suggestions(request.GET.get("tag", ""))
    return HttpResponse(html_join('<option value="{}"></option>', [(name,) for name in names]))
