"""Staff sign-in (password, then the second factor), sign-out, forgotten passwords,
reset links and invitations.

A correct password alone never signs in a member who has a second factor: it only
marks the session as waiting for the second step (for five minutes); `login()` runs
after the code or passkey checks out. Customers sign in on the help center instead.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import LoginView, LogoutView
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from frontdesk.accounts.forms import (
    ForgotPasswordForm,
    NewPasswordForm,
    SecondFactorForm,
    SignInForm,
)
from frontdesk.accounts.invitations import do_accept_invitation, open_invitation
from frontdesk.accounts.mfa import (
    clear_mfa_failures,
    count_mfa_failure,
    do_use_recovery_code,
    do_verify_totp,
    has_second_factor,
    has_totp,
    mfa_throttled,
)
from frontdesk.accounts.models import Passkey, User
from frontdesk.accounts.passkeys import authentication_options, do_verify_passkey
from frontdesk.accounts.passwords import do_request_password_reset, do_reset_password
from frontdesk.accounts.passwords import user_for_reset as reset_user
from frontdesk.audit.services import do_record_audit
from frontdesk.core.errors import ServiceError
from frontdesk.core.net import client_ip
from frontdesk.core.ratelimit import Limit, hit

SIGN_IN_FAILURES = 10  # per account and per address (SECURITY.md 6)
SIGN_IN_WINDOW = 15 * 60
# Reset links asked for, per client address and per typed address (SECURITY.md 55): no
# flood of reset mail to one member, the same answer for known and unknown addresses.
FORGOT_PER_IP = Limit("forgot-password-ip", 10, 3600)
FORGOT_PER_EMAIL = Limit("forgot-password-email", 3, 3600)
PENDING_KEY = "fd_second_step"
PENDING_SECONDS = 5 * 60


def _failure_keys(request: HttpRequest) -> list[str]:
    username = (request.POST.get("username") or "").strip().lower()[:150]
    address = client_ip(request)  # X-Forwarded-For only from a trusted proxy (core/net.py)
    return [
        "sign-in-fail:" + hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()[:32]
        for kind, value in (("user", username), ("ip", address))
    ]


def _throttled(request: HttpRequest) -> bool:
    return any((cache.get(key) or 0) >= SIGN_IN_FAILURES for key in _failure_keys(request))


def _count_failure(request: HttpRequest) -> None:
    for key in _failure_keys(request):
        if not cache.add(key, 1, timeout=SIGN_IN_WINDOW):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=SIGN_IN_WINDOW)


class SignInView(LoginView):
    """Step one: user name and password."""

    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True
    next_page = "/inbox/"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if _throttled(request):
            form = self.get_form_class()(
                request, initial={"username": request.POST.get("username")}
            )
            context = self.get_context_data(
                form=form,
                throttled=_("Too many failed sign-ins. Wait 15 minutes, then try again."),
            )
            response = self.render_to_response(context, status=429)
            response["Retry-After"] = str(SIGN_IN_WINDOW)
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if has_second_factor(user):
            # No session yet: only a note that the password step passed, for minutes.
            self.request.session.cycle_key()
            self.request.session[PENDING_KEY] = {
                "user": user.pk,
                "backend": user.backend,
                "at": time.time(),
                "next": self.get_success_url(),
            }
            return redirect("accounts:sign-in-second")
        # audit: signed in (password) `user`
        return super().form_valid(form)

    def form_invalid(self, form: Any) -> HttpResponse:
        _count_failure(self.request)
        # audit: failed sign-in for the user name in `self.request.POST`
        return super().form_invalid(form)


sign_out = LogoutView.as_view(next_page="/sign-in/")


# --- second step ------------------------------------------------------------------------


def _pending(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    data = request.session.get(PENDING_KEY)
    if not isinstance(data, dict) or time.time() - float(data.get("at", 0)) > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=int(data.get("user") or 0), is_active=True).first()
    return (user, data) if user is not None else None


def _finish(request: HttpRequest, user: User, data: dict[str, Any]) -> str:
    request.session.pop(PENDING_KEY, None)
    clear_mfa_failures(user)
    login(request, user, backend=data.get("backend"))
    # audit: signed in (password + second factor) `user`
    return str(data.get("next") or "/inbox/")


def _expired(request: HttpRequest) -> HttpResponse:
    request.session.pop(PENDING_KEY, None)
    messages.error(request, _("The sign-in took too long. Enter your password again."))
    return redirect("accounts:sign-in")


@never_cache
@require_http_methods(["GET", "POST"])
def second_step(request: HttpRequest) -> HttpResponse:
    """Step two: a code from the authenticator app, a recovery code or a passkey."""
    pending = _pending(request)
    if pending is None:
        return _expired(request)
    user, data = pending
    form = SecondFactorForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if mfa_throttled(user):
            form.add_error("code", _("Too many wrong codes. Wait 15 minutes, then try again."))
            status = 429
        elif do_verify_totp(user=user, code=code) or do_use_recovery_code(user=user, code=code):
            return redirect(_finish(request, user, data))
        else:
            count_mfa_failure(user)
            do_record_audit(action="auth.second_factor_failed", actor=user, target=user)
            form.add_error("code", _("That code is not right. Try the newest code."))
            status = 422
    context = {
        "form": form,
        "has_totp": has_totp(user),
        "has_passkey": Passkey.objects.filter(user=user).exists(),
    }
    return render(request, "accounts/sign_in_second.html", context, status=status)


@never_cache
@require_POST
def second_step_passkey_options(request: HttpRequest) -> HttpResponse:
    pending = _pending(request)
    if pending is None:
        return JsonResponse({"error": _("Enter your password again.")}, status=401)
    options = authentication_options(request, pending[0])
    return HttpResponse(options, content_type="application/json")


@never_cache
@require_POST
def second_step_passkey(request: HttpRequest) -> HttpResponse:
    pending = _pending(request)
    if pending is None:
        return JsonResponse({"error": _("Enter your password again.")}, status=401)
    user, data = pending
    if mfa_throttled(user):
        return JsonResponse({"error": _("Too many attempts. Wait 15 minutes.")}, status=429)
    if not do_verify_passkey(request=request, user=user, credential=request.body.decode()):
        count_mfa_failure(user)
        do_record_audit(
            action="auth.second_factor_failed", actor=user, target=user, after={"kind": "passkey"}
        )
        return JsonResponse({"error": _("That passkey was not accepted.")}, status=422)
    return JsonResponse({"redirect": _finish(request, user, data)})


# --- forgotten password, reset link, invitation -----------------------------------------


@require_http_methods(["GET", "POST"])
def forgot_password(request: HttpRequest) -> HttpResponse:
    """The same answer whether or not the address belongs to anyone."""
    form = ForgotPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        wait = hit(FORGOT_PER_IP, client_ip(request)) or hit(FORGOT_PER_EMAIL, email)
        if wait:
            form.add_error(None, _("Too many requests for a reset link. Try again later."))
            response = render(request, "accounts/forgot_password.html", {"form": form}, status=429)
            response["Retry-After"] = str(wait)
            return response
        do_request_password_reset(email=form.cleaned_data["email"])
        messages.success(
            request,
            _(
                "If a member of staff has that address, a link to choose a new password is "
                "on its way. It works for one hour."
            ),
        )
        return redirect("accounts:sign-in")
    return render(request, "accounts/forgot_password.html", {"form": form})


def _link_gone(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "accounts/link_gone.html", {"message": message}, status=410)


@never_cache
@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest, uid: str, token: str) -> HttpResponse:
    user = reset_user(uid, token)
    if user is None:
        return _link_gone(request, _("This reset link has expired or was already used."))
    form = NewPasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            do_reset_password(uid=uid, token=token, password=form.cleaned_data["new_password1"])
        except ServiceError as error:
            form.add_error("new_password1" if error.field else None, error.message)
        else:
            # Not signed in here: the sign-in asks for the second factor as always.
            messages.success(request, _("Your password is changed. Sign in with it now."))
            return redirect("accounts:sign-in")
    context = {"form": form, "member": user, "title": _("Choose a new password")}
    return render(
        request, "accounts/set_password.html", context, status=422 if form.errors else 200
    )


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = open_invitation(token)
    if invitation is None:
        return _link_gone(
            request, _("This invitation has expired, was used or was withdrawn. Ask for a new one.")
        )
    user = invitation.user
    form = NewPasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            do_accept_invitation(raw=token, password=form.cleaned_data["new_password1"])
        except ServiceError as error:
            form.add_error("new_password1" if error.field else None, error.message)
        else:
            messages.success(
                request,
                _("Welcome! Sign in as “%(username)s” with your new password.")
                % {"username": user.username},
            )
            return redirect(reverse("accounts:sign-in"))
    context = {"form": form, "member": user, "title": _("Welcome — choose your password")}
    return render(
        request, "accounts/set_password.html", context, status=422 if form.errors else 200
    )
