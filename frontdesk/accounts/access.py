"""Reading staff API tokens on someone's behalf: their own, or any for an administrator."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from frontdesk.accounts.models import ApiToken, User


def own_api_tokens(user: User) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first (the account page)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def access_api_token(actor: User, token_id: int) -> ApiToken:
    """A token of the actor's own, or anyone's for an active administrator; else 404."""
    tokens = ApiToken.objects.select_related("user")
    if not (actor.is_active and actor.is_admin):
        tokens = tokens.filter(user=actor)
    try:
        return tokens.get(pk=token_id)
    except (ApiToken.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("No such token") from None
