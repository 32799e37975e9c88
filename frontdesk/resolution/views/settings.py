"""Settings → Solving: the solve checklist in every language, follow-up, auto-close and
reminder lead (managers and administrators)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from frontdesk.accounts.decorators import manager_required, staff_of
from frontdesk.core.errors import ServiceError
from frontdesk.resolution.forms import ChecklistItemForm, ResolutionSettingsForm
from frontdesk.resolution.models import ChecklistItem, ResolutionSettings
from frontdesk.resolution.services import (
    do_create_checklist_item,
    do_update_checklist_item,
    do_update_resolution_settings,
)
from frontdesk.tickets.forms import add_service_error

MAX_ITEMS = 200


@manager_required
@require_http_methods(["GET", "POST"])
def solving_settings(request: HttpRequest) -> HttpResponse:
    config = ResolutionSettings.current()
    form = ResolutionSettingsForm(request.POST or None, instance=config)
    if request.method == "POST" and form.is_valid():
        try:
            do_update_resolution_settings(actor=staff_of(request), **form.cleaned_data)
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Solving settings saved."))
            return redirect("resolution:settings")
    language = translation.get_language()
    items = [
        {"item": item, "text": item.text_for(language), "languages": sorted(item.texts)}
        for item in ChecklistItem.objects.all()[:MAX_ITEMS]
    ]
    context = {"form": form, "items": items, "section": "solving"}
    status = 422 if request.method == "POST" else 200
    return render(request, "resolution/settings/solving.html", context, status=status)


def _item_page(
    request: HttpRequest, form: ChecklistItemForm, item: ChecklistItem | None, status: int
) -> HttpResponse:
    context = {"form": form, "item": item, "section": "solving"}
    return render(request, "resolution/settings/item_form.html", context, status=status)


@manager_required
@require_http_methods(["GET", "POST"])
def item_new(request: HttpRequest) -> HttpResponse:
    form = ChecklistItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            do_create_checklist_item(
                actor=staff_of(request),
                texts=form.texts(),
                position=data["position"],
                required=data["required"],
                active=data["active"],
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Checklist item added."))
            return redirect("resolution:settings")
    return _item_page(request, form, None, 422 if request.method == "POST" else 200)


@manager_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_object_or_404(ChecklistItem, pk=item_id)
    form = ChecklistItemForm(request.POST or None, initial=ChecklistItemForm.initial_for(item))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            do_update_checklist_item(
                actor=staff_of(request),
                item=item,
                texts=form.texts(),
                position=data["position"],
                required=data["required"],
                active=data["active"],
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Checklist item saved."))
            return redirect("resolution:settings")
    return _item_page(request, form, item, 422 if request.method == "POST" else 200)
