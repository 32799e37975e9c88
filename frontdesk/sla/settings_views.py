"""Settings → Business hours: the business calendars and who uses them (managers and
administrators). Thin: forms read the input, the calendar services write."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from frontdesk.accounts.decorators import manager_required, staff_of
from frontdesk.core.errors import ServiceError
from frontdesk.sla.calendar_services import do_delete_calendar, do_save_calendar_page
from frontdesk.sla.forms import DAY_LABELS, CalendarForm
from frontdesk.sla.models import BranchHours, BusinessCalendar, TeamHours
from frontdesk.tickets.forms import add_service_error

MAX_CALENDARS = 500
SECTION = "business-hours"


def _calendars() -> list[BusinessCalendar]:
    return list(
        BusinessCalendar.objects.prefetch_related(
            Prefetch("team_hours", TeamHours.objects.select_related("team").order_by("team__name")),
            Prefetch(
                "branch_hours",
                BranchHours.objects.select_related("branch").order_by("branch__name"),
            ),
            "policies",
        ).order_by("name")[:MAX_CALENDARS]
    )


def _week(calendar: BusinessCalendar) -> list[tuple[str, str]]:
    weekly = calendar.weekly_hours if isinstance(calendar.weekly_hours, dict) else {}
    return [(str(label), ", ".join(weekly.get(day, []))) for day, label in DAY_LABELS]


@manager_required
def calendar_list(request: HttpRequest) -> HttpResponse:
    rows = [{"calendar": calendar, "week": _week(calendar)} for calendar in _calendars()]
    return render(request, "sla/settings/calendar_list.html", {"rows": rows, "section": SECTION})


def _form_page(
    request: HttpRequest, form: CalendarForm, calendar: BusinessCalendar | None, status: int
) -> HttpResponse:
    context = {"form": form, "calendar": calendar, "section": SECTION}
    return render(request, "sla/settings/calendar_form.html", context, status=status)


@manager_required
@require_http_methods(["GET", "POST"])
def calendar_new(request: HttpRequest) -> HttpResponse:
    form = CalendarForm(request.POST or None, initial={"time_zone": "UTC"})
    if request.method == "POST" and form.is_valid():
        try:
            calendar = _save(request, form, None)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Business hours “%(name)s” created.") % {"name": calendar})
            return redirect("sla_settings:calendar-list")
    return _form_page(request, form, None, 422 if request.method == "POST" else 200)


@manager_required
@require_http_methods(["GET", "POST"])
def calendar_edit(request: HttpRequest, calendar_id: int) -> HttpResponse:
    calendar = get_object_or_404(BusinessCalendar, pk=calendar_id)
    form = CalendarForm(request.POST or None, initial=CalendarForm.initial_for(calendar))
    if request.method == "POST" and form.is_valid():
        try:
            calendar = _save(request, form, calendar)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Business hours “%(name)s” saved.") % {"name": calendar})
            return redirect("sla_settings:calendar-list")
    return _form_page(request, form, calendar, 422 if request.method == "POST" else 200)


@manager_required
@require_POST
def calendar_delete(request: HttpRequest, calendar_id: int) -> HttpResponse:
    calendar = get_object_or_404(BusinessCalendar, pk=calendar_id)
    try:
        do_delete_calendar(actor=staff_of(request), calendar=calendar)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("sla_settings:calendar-edit", calendar_id=calendar.pk)
    messages.success(request, _("Business hours “%(name)s” deleted.") % {"name": calendar})
    return redirect("sla_settings:calendar-list")


def _save(
    request: HttpRequest, form: CalendarForm, calendar: BusinessCalendar | None
) -> BusinessCalendar:
    return do_save_calendar_page(
        actor=staff_of(request),
        calendar=calendar,
        values=form.values(),
        teams=form.cleaned_data["teams"],
        branches=form.cleaned_data["branches"],
    )
