"""Settings → Audit log: administrators only (managers and agents get 404)."""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime, time, timedelta

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from frontdesk.accounts.decorators import staff_of, staff_required
from frontdesk.audit.models import AuditEntry
from frontdesk.audit.queries import AuditFilters, audit_entries
from frontdesk.audit.services import record_refusal
from frontdesk.core.api_errors import BadRequest
from frontdesk.core.paging import keyset_page

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    action = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"placeholder": _("auth. or member.role_changed")}),
    )
    actor = forms.CharField(label=_("User name"), required=False, max_length=150)
    ip = forms.CharField(label=_("IP address"), required=False, max_length=45)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def filters(self) -> AuditFilters:
        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        since = until = None
        if data.get("since"):
            since = datetime.combine(data["since"], time.min, tzinfo=zone)
        if data.get("until"):  # the whole day "to" is included
            until = datetime.combine(data["until"] + timedelta(days=1), time.min, tzinfo=zone)
        return AuditFilters(
            action=data.get("action") or "",
            actor=data.get("actor") or "",
            ip=data.get("ip") or "",
            since=since,
            until=until,
        )


@staff_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    if not staff_of(request).is_admin:
        record_refusal(request, "administrators only")
        raise Http404
    form = AuditFilterForm(request.GET or None)
    rows: list[AuditEntry] = []
    next_cursor: str | None = None
    if not form.is_bound or form.is_valid():  # invalid filters: the form shows the errors
        filters = form.filters() if form.is_bound else AuditFilters()
        with suppress(BadRequest):  # a damaged cursor: an empty page, not an error page
            rows, next_cursor = keyset_page(
                audit_entries(filters),
                field="at",
                limit=PAGE_SIZE,
                cursor=request.GET.get("cursor") or None,
            )
    next_query = ""
    if next_cursor:
        query = request.GET.copy()
        query["cursor"] = next_cursor
        next_query = query.urlencode()
    context = {
        "form": form,
        "entries": rows,
        "next_query": next_query,
        "first_page": not request.GET.get("cursor"),
        "section": "audit",
    }
    return render(request, "audit/audit_log.html", context)
