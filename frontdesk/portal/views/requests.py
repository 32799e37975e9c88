"""The request form and the signed-in customer's requests (C2, X1)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language

from frontdesk.core.errors import ServiceError
from frontdesk.customers.models import Customer
from frontdesk.portal import ratelimit
from frontdesk.portal.access import access_customer_ticket, current_customer, customer_required
from frontdesk.portal.forms import ReplyForm, RequestForm, to_attachments
from frontdesk.portal.services import do_submit_request
from frontdesk.portal.views.common import add_service_error, rate_limited
from frontdesk.tickets.access import access_attachment, messages_for_actor, tickets_for_actor
from frontdesk.tickets.choices import Channel
from frontdesk.tickets.downloads import attachment_response
from frontdesk.tickets.services import do_add_message

THANKS_KEY = "portal_submitted_reference"


def request_new(request: HttpRequest) -> HttpResponse:
    customer = current_customer(request)
    if request.method == "POST":
        retry_after = ratelimit.hit(ratelimit.REQUEST_FORM, ratelimit.client_ip(request))
        if retry_after:
            return rate_limited(request, retry_after)
        form = RequestForm(request.POST, request.FILES)
        if form.is_bot:
            # Answer like a success, create nothing.
            request.session[THANKS_KEY] = ""
            return redirect("portal:request-thanks")
        if form.is_valid():
            data = form.cleaned_data
            try:
                ticket = do_submit_request(
                    name=data["name"],
                    email=data["email"],
                    subject=data["subject"],
                    message=data["message"],
                    attachments=to_attachments(data["attachments"]),
                    language=get_language() or "",
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                request.session[THANKS_KEY] = ticket.reference
                return redirect("portal:request-thanks")
    else:
        initial = {"name": customer.name, "email": customer.email} if customer else {}
        form = RequestForm(initial=initial)
    return render(request, "portal/request_form.html", {"form": form})


def request_thanks(request: HttpRequest) -> HttpResponse:
    if THANKS_KEY not in request.session:
        return redirect("portal:request-new")
    reference = request.session[THANKS_KEY]
    return render(request, "portal/request_thanks.html", {"reference": reference})


@customer_required
def request_list(request: HttpRequest, customer: Customer) -> HttpResponse:
    tickets = tickets_for_actor(customer).order_by("-updated_at", "-pk")
    page = Paginator(tickets, 25).get_page(request.GET.get("page"))
    return render(request, "portal/request_list.html", {"page": page, "customer": customer})


@customer_required
def request_detail(request: HttpRequest, customer: Customer, reference: str) -> HttpResponse:
    ticket = access_customer_ticket(customer, reference)
    if request.method == "POST":
        form = ReplyForm(request.POST, request.FILES)
        retry_after = ratelimit.hit(ratelimit.REPLY_PER_CUSTOMER, str(customer.pk))
        if retry_after:
            return rate_limited(request, retry_after)
        if form.is_valid():
            try:
                message = do_add_message(
                    actor=customer,
                    ticket=ticket,
                    body=form.cleaned_data["message"],
                    channel=Channel.WEB,
                    attachments=to_attachments(form.cleaned_data["attachments"]),
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                url = reverse("portal:request-detail", args=[ticket.reference])
                return redirect(f"{url}#message-{message.pk}")
    else:
        form = ReplyForm()
    context = {
        "ticket": ticket,
        "conversation": list(messages_for_actor(customer, ticket)),
        "form": form,
        "customer": customer,
    }
    return render(request, "portal/request_detail.html", context)


@customer_required
def attachment_download(
    request: HttpRequest, customer: Customer, attachment_id: int
) -> FileResponse | HttpResponse:
    return attachment_response(access_attachment(customer, attachment_id), request=request)
