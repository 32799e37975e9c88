"""The member's own API tokens on the account page: create (shown once) and revoke."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from frontdesk.accounts.access import access_api_token
from frontdesk.accounts.decorators import staff_of, staff_required
from frontdesk.accounts.forms import ApiTokenForm
from frontdesk.accounts.services import do_create_api_token, do_revoke_api_token


@never_cache
@staff_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the new token a name (up to 120 characters)."))
        return redirect("accounts:account")
    name = form.cleaned_data["name"].strip()
    raw = do_create_api_token(user=staff_of(request), name=name)
    response = render(request, "accounts/token_created.html", {"name": name, "token": raw})
    response["Cache-Control"] = "no-store"
    return response


@staff_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    """Only the member's own tokens here (administrators revoke others' through the API)."""
    user = staff_of(request)
    token = access_api_token(user, token_id)
    if token.user_id != user.pk:
        raise Http404
    do_revoke_api_token(actor=user, token=token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("accounts:account")
