"""The member's own account page: profile, password and two-factor sign-in."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from frontdesk.accounts.access import own_api_tokens
from frontdesk.accounts.decorators import staff_of, staff_required
from frontdesk.accounts.forms import ApiTokenForm, ChangePasswordForm, ProfileForm, TotpConfirmForm
from frontdesk.accounts.mfa import (
    do_confirm_totp,
    do_regenerate_recovery_codes,
    do_remove_totp,
    do_start_totp,
    has_second_factor,
    has_totp,
    pending_totp_secret,
    provisioning_uri,
    qr_svg,
    recovery_codes_left,
    spaced,
    two_factor_required,
)
from frontdesk.accounts.models import Passkey, User
from frontdesk.accounts.passkeys import do_add_passkey, do_remove_passkey, registration_options
from frontdesk.accounts.passwords import do_change_own_password, do_update_own_profile
from frontdesk.core.errors import ServiceError


def _two_factor_context(user: User) -> dict[str, Any]:
    return {
        "has_totp": has_totp(user),
        "passkeys": list(Passkey.objects.filter(user=user).order_by("created_at")),
        "codes_left": recovery_codes_left(user),
        "has_factor": has_second_factor(user),
        "required": two_factor_required(user),
    }


def _initial_profile(user: User) -> dict[str, Any]:
    return {
        "language": user.language,
        "time_zone": user.time_zone,
        "deadline_alert_emails": user.deadline_alert_emails,
    }


@staff_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    user = staff_of(request)
    op = request.POST.get("op") if request.method == "POST" else None
    profile = ProfileForm(request.POST if op == "profile" else None, initial=_initial_profile(user))
    password = ChangePasswordForm(request.POST if op == "password" else None, user=user)
    try:
        if op == "profile" and profile.is_valid():
            do_update_own_profile(user=user, **profile.cleaned_data)
            messages.success(request, _("Your settings are saved."))
            return _with_language(redirect("accounts:account"), profile.cleaned_data["language"])
        if op == "password" and password.is_valid():
            data = password.cleaned_data
            user = do_change_own_password(
                user=user, current=data["current_password"], new=data["new_password1"]
            )
            update_session_auth_hash(request, user)  # stay signed in here, not elsewhere
            messages.success(request, _("Your password is changed."))
            return redirect("accounts:account")
    except ServiceError as error:
        form = password if op == "password" else profile
        form.add_error(error.field if error.field in form.fields else None, error.message)
    context = {
        "profile_form": profile,
        "password_form": password,
        "tokens": list(own_api_tokens(user)),
        "token_form": ApiTokenForm(),
        **_two_factor_context(user),
    }
    return render(request, "accounts/account.html", context, status=422 if op else 200)


def _with_language(response: HttpResponse, language: str) -> HttpResponse:
    """The pages follow the chosen language at once (as the header's language switch does)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@staff_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """The two-factor set-up on its own: where members are sent when their role needs it."""
    return render(request, "accounts/two_factor.html", _two_factor_context(staff_of(request)))


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def totp_setup(request: HttpRequest) -> HttpResponse:
    user = staff_of(request)
    op = request.POST.get("op") if request.method == "POST" else None
    form = TotpConfirmForm(request.POST if op == "confirm" else None)
    try:
        if op == "start":
            do_start_totp(user=user)
            return redirect("accounts:totp-setup")
        if op == "confirm" and form.is_valid():
            codes = do_confirm_totp(user=user, code=form.cleaned_data["code"])
            messages.success(request, _("Your authenticator app is set up."))
            if codes:
                return _show_codes(request, codes)
            return redirect("accounts:account")
    except ServiceError as error:
        if op == "start":
            messages.error(request, error.message)
            return redirect("accounts:account")
        form.add_error("code", error.message)
    secret = None if has_totp(user) else pending_totp_secret(user)
    context: dict[str, Any] = {"form": form, "has_totp": has_totp(user), "secret": secret}
    if secret:
        context["qr"] = qr_svg(provisioning_uri(user, secret))
        context["secret_spaced"] = spaced(secret)
    return render(request, "accounts/totp_setup.html", context, status=422 if op else 200)


def _show_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    response = render(request, "accounts/recovery_codes.html", {"codes": codes})
    response["Cache-Control"] = "no-store"
    return response


@staff_required
@require_POST
def totp_remove(request: HttpRequest) -> HttpResponse:
    do_remove_totp(user=staff_of(request))
    messages.success(request, _("The authenticator app is removed."))
    return redirect("accounts:account")


@staff_required
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    try:
        codes = do_regenerate_recovery_codes(user=staff_of(request))
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("accounts:account")
    return _show_codes(request, codes)


@never_cache
@staff_required
@require_POST
def passkey_options(request: HttpRequest) -> HttpResponse:
    options = registration_options(request, staff_of(request))
    return HttpResponse(options, content_type="application/json")


@staff_required
@require_POST
def passkey_add(request: HttpRequest) -> HttpResponse:
    user = staff_of(request)
    name = unquote(request.headers.get("X-Passkey-Name", ""))
    had_factor = has_second_factor(user)
    try:
        do_add_passkey(request=request, user=user, credential=request.body.decode(), name=name)
    except ServiceError as error:
        return JsonResponse({"error": error.message}, status=422)
    messages.success(request, _("Your passkey is added."))
    if not had_factor:
        codes = do_regenerate_recovery_codes(user=user)
        request.session["fd_new_codes"] = codes
        return JsonResponse({"redirect": "/account/two-factor/recovery-codes/new/"})
    return JsonResponse({"redirect": "/account/"})


@never_cache
@staff_required
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    """Shows the codes made with the first passkey once (the passkey step is a script)."""
    codes = request.session.pop("fd_new_codes", None)
    if not codes:
        return redirect("accounts:account")
    return _show_codes(request, codes)


@staff_required
@require_POST
def passkey_remove(request: HttpRequest, passkey_id: int) -> HttpResponse:
    do_remove_passkey(user=staff_of(request), passkey_id=passkey_id)
    messages.success(request, _("The passkey is removed."))
    return redirect("accounts:account")
