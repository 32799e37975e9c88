"""Settings → Macros: list, create, edit, switch on and off (managers and admins)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from frontdesk.accounts.decorators import manager_required, staff_of
from frontdesk.accounts.models import Team
from frontdesk.core.errors import ServiceError
from frontdesk.tickets.macro_services import do_create_macro, do_update_macro, placeholders
from frontdesk.tickets.models import Macro


class MacroForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    body = forms.CharField(
        label=gettext_lazy("Text"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        required=False,
        help_text=gettext_lazy("Leave empty for a macro used in every language."),
    )
    team = forms.ModelChoiceField(
        label=gettext_lazy("Team"),
        queryset=Team.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("Every team"),
        help_text=gettext_lazy("Only this team's agents see the macro."),
    )
    active = forms.BooleanField(label=gettext_lazy("Active"), required=False, initial=True)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["language"].choices = [("", "—"), *settings.LANGUAGES]  # type: ignore[attr-defined]


def _add_error(form: forms.Form, error: ServiceError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


@manager_required
def macro_list(request: HttpRequest) -> HttpResponse:
    macros = Macro.objects.select_related("team").order_by("-active", "name")[:500]
    return render(
        request, "tickets/settings/macro_list.html", {"macros": macros, "section": "macros"}
    )


def _form_page(
    request: HttpRequest, form: MacroForm, macro: Macro | None, status: int
) -> HttpResponse:
    context = {"form": form, "macro": macro, "placeholders": placeholders(), "section": "macros"}
    return render(request, "tickets/settings/macro_form.html", context, status=status)


@manager_required
@require_http_methods(["GET", "POST"])
def macro_new(request: HttpRequest) -> HttpResponse:
    form = MacroForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            macro = do_create_macro(actor=staff_of(request), **data)
        except ServiceError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Macro “%(name)s” created.") % {"name": macro.name})
            return redirect("tickets:macro-list")
    return _form_page(request, form, None, 422 if request.method == "POST" else 200)


@manager_required
@require_http_methods(["GET", "POST"])
def macro_edit(request: HttpRequest, macro_id: int) -> HttpResponse:
    macro = get_object_or_404(Macro, pk=macro_id)
    initial = {
        "name": macro.name,
        "body": macro.body,
        "language": macro.language,
        "team": macro.team_id,
        "active": macro.active,
    }
    form = MacroForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            do_update_macro(actor=staff_of(request), macro=macro, **data)
        except ServiceError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Macro “%(name)s” saved.") % {"name": data["name"]})
            return redirect("tickets:macro-list")
    return _form_page(request, form, macro, 422 if request.method == "POST" else 200)


@manager_required
@require_POST
def macro_set_active(request: HttpRequest, macro_id: int) -> HttpResponse:
    macro = get_object_or_404(Macro, pk=macro_id)
    active = request.POST.get("active") == "1"
    try:
        do_update_macro(actor=staff_of(request), macro=macro, active=active)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        text = _("Macro “%(name)s” switched on.") if active else _("Macro “%(name)s” switched off.")
        messages.success(request, text % {"name": macro.name})
    return redirect("tickets:macro-list")
