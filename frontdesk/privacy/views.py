"""Staff screens of privacy (administrators only): a customer's export and erasure, and
Settings → Data retention. Thin: access, a form, a service, a page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontdesk.accounts.decorators import staff_of
from frontdesk.audit.services import do_record_audit
from frontdesk.core.errors import ServiceError
from frontdesk.core.files import AsyncFileResponse
from frontdesk.privacy import export, retention
from frontdesk.privacy.access import (
    access_customer_for_privacy,
    access_retention_rule,
    admin_required,
)
from frontdesk.privacy.forms import EraseForm, RetentionRuleForm
from frontdesk.privacy.models import ErasedCustomer, RetentionRule
from frontdesk.privacy.services import (
    do_delete_retention_rule,
    do_erase_customer,
    do_save_retention_rule,
)
from frontdesk.tickets.forms import add_service_error

SECTION = "data-retention"


def export_response(customer_id: int, actor: object, *, include_internal: bool) -> HttpResponseBase:
    """The ZIP download (shared by the page and the API)."""
    customer = access_customer_for_privacy(actor, customer_id)
    archive = export.build_archive(customer, include_internal=include_internal)
    do_record_audit(
        action="privacy.customer_exported",
        actor=actor,
        target=customer,
        after={"include_internal": include_internal},
    )
    response = AsyncFileResponse(
        archive,
        as_attachment=True,
        filename=export.archive_name(customer),
        content_type="application/zip",
    )
    response["Cache-Control"] = "no-store"
    return response


@admin_required
@require_GET
def customer_export(request: HttpRequest, customer_id: int) -> HttpResponseBase:
    include_internal = request.GET.get("internal") == "1"
    return export_response(customer_id, staff_of(request), include_internal=include_internal)


@admin_required
@require_http_methods(["GET", "POST"])
def customer_erase(request: HttpRequest, customer_id: int) -> HttpResponse:
    actor = staff_of(request)
    customer = access_customer_for_privacy(actor, customer_id)
    erased = ErasedCustomer.objects.filter(customer=customer).first()
    form = EraseForm(request.POST or None)
    if request.method == "POST" and erased is None and form.is_valid():
        try:
            do_erase_customer(actor=actor, customer=customer, confirm=form.cleaned_data["confirm"])
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The customer was erased."))
            return redirect("customers:customer-detail", customer_id=customer.pk)
    context = {
        "customer": customer,
        "erased": erased,
        "form": form,
        "ticket_count": customer.tickets.count(),
        "confirm_hint": customer.email or f"#{customer.pk}",
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "privacy/customer_erase.html", context, status=status)


@admin_required
@require_GET
def retention_list(request: HttpRequest) -> HttpResponse:
    preview = retention.preview(timezone.now())
    context = {"preview": preview, "section": SECTION}
    return render(request, "privacy/retention_list.html", context)


def _form_page(
    request: HttpRequest, form: RetentionRuleForm, rule: RetentionRule | None, status: int
) -> HttpResponse:
    context = {"form": form, "rule": rule, "section": SECTION}
    return render(request, "privacy/retention_form.html", context, status=status)


def _save(request: HttpRequest, form: RetentionRuleForm, rule: RetentionRule | None) -> bool:
    try:
        do_save_retention_rule(actor=staff_of(request), rule=rule, **form.cleaned_data)
    except ServiceError as error:
        add_service_error(form, error)
        return False
    messages.success(request, _("Retention rule saved."))
    return True


@admin_required
@require_http_methods(["GET", "POST"])
def retention_new(request: HttpRequest) -> HttpResponse:
    form = RetentionRuleForm(request.POST or None, initial={"age_days": 365})
    if request.method == "POST" and form.is_valid() and _save(request, form, None):
        return redirect("privacy:retention-list")
    return _form_page(request, form, None, 422 if request.method == "POST" else 200)


@admin_required
@require_http_methods(["GET", "POST"])
def retention_edit(request: HttpRequest, rule_id: int) -> HttpResponse:
    rule = access_retention_rule(staff_of(request), rule_id)
    form = RetentionRuleForm(request.POST or None, initial=RetentionRuleForm.initial_for(rule))
    if request.method == "POST" and form.is_valid() and _save(request, form, rule):
        return redirect("privacy:retention-list")
    return _form_page(request, form, rule, 422 if request.method == "POST" else 200)


@admin_required
@require_POST
def retention_delete(request: HttpRequest, rule_id: int) -> HttpResponse:
    actor = staff_of(request)
    do_delete_retention_rule(actor=actor, rule=access_retention_rule(actor, rule_id))
    messages.success(request, _("Retention rule removed."))
    return redirect("privacy:retention-list")
