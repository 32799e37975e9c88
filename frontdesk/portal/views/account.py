"""Customer sign-in by emailed link (SECURITY.md 18) and sign-out."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from frontdesk.core.errors import Invalid
from frontdesk.portal import access, ratelimit
from frontdesk.portal.forms import SignInForm
from frontdesk.portal.services import (
    LINK_LIFETIME,
    do_redeem_sign_in_link,
    do_request_sign_in_link,
    find_usable_link,
)
from frontdesk.portal.views.common import base_url, rate_limited


def sign_in(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = SignInForm(request.POST)
        retry_after = ratelimit.hit(ratelimit.SIGN_IN_PER_IP, ratelimit.client_ip(request))
        if not retry_after and form.is_valid():
            email = form.cleaned_data["email"].strip().lower()
            retry_after = ratelimit.hit(ratelimit.SIGN_IN_PER_EMAIL, email)
        if retry_after:
            return rate_limited(request, retry_after)
        if form.is_valid():
            do_request_sign_in_link(email=form.cleaned_data["email"], base_url=base_url(request))
            minutes = int(LINK_LIFETIME.total_seconds() // 60)
            context = {"email": form.cleaned_data["email"], "minutes": minutes}
            return render(request, "portal/sign_in_sent.html", context)
    else:
        form = SignInForm()
    return render(request, "portal/sign_in.html", {"form": form})


@never_cache
def sign_in_link(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button and consumes nothing (mail scanners open links); POST signs in."""
    if request.method == "POST":
        try:
            redeemed = do_redeem_sign_in_link(raw_token=token)
        except Invalid:
            return render(request, "portal/link_invalid.html", status=410)
        access.sign_in(request, redeemed.customer, version=redeemed.customer_version)
        return redirect("portal:request-list")
    link = find_usable_link(token)
    if link is None:
        return render(request, "portal/link_invalid.html", status=410)
    return render(request, "portal/link_confirm.html", {"customer": link.customer})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    access.sign_out(request)
    return redirect("portal:home")
