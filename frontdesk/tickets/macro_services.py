"""The write path for macros (canned replies, T8): managers and administrators only."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from frontdesk.accounts.models import Team, User
from frontdesk.core.errors import Forbidden, Invalid
from frontdesk.core.text import clean_text, one_line
from frontdesk.tickets import macros
from frontdesk.tickets.models import Macro

UNSET: Any = object()
# Anything that looks like a placeholder, so a typo is caught before an agent sends it.
_LOOKS_LIKE_PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]{1,60})\s*\}\}")


def placeholders() -> list[str]:
    """Every placeholder a macro may use, as written in a macro."""
    return ["{{ %s.%s }}" % key for key in macros._VALUES]  # noqa: UP031


def unknown_placeholders(body: str) -> list[str]:
    known = {f"{a}.{b}" for a, b in macros._VALUES}
    return [
        match.group(0)
        for match in _LOOKS_LIKE_PLACEHOLDER.finditer(body)
        if match.group(1) not in known
    ]


def _require_manager(actor: User) -> None:
    if not actor.is_active or not actor.is_manager:
        raise Forbidden(_("Only managers and administrators can change macros."))


def _clean(name: str, body: str, language: str) -> tuple[str, str, str]:
    name = one_line(name, 120)
    body = clean_text(body).strip()
    if not name:
        raise Invalid(_("The macro needs a name."), field="name")
    if not body:
        raise Invalid(_("The macro needs a text."), field="body")
    unknown = unknown_placeholders(body)
    if unknown:
        raise Invalid(
            _("Unknown placeholder %(placeholder)s; use one of: %(known)s")
            % {"placeholder": unknown[0], "known": ", ".join(placeholders())},
            field="body",
        )
    if language and language not in {code for code, _name in settings.LANGUAGES}:
        raise Invalid(_("Unknown language %(code)r.") % {"code": language}, field="language")
    return name, body, language


@transaction.atomic
def do_create_macro(
    *,
    actor: User,
    name: str,
    body: str,
    language: str = "",
    team: Team | None = None,
    active: bool = True,
) -> Macro:
    _require_manager(actor)
    name, body, language = _clean(name, body, language)
    return Macro.objects.create(name=name, body=body, language=language, team=team, active=active)


@transaction.atomic
def do_update_macro(
    *,
    actor: User,
    macro: Macro,
    name: str = UNSET,
    body: str = UNSET,
    language: str = UNSET,
    team: Team | None = UNSET,
    active: bool = UNSET,
) -> Macro:
    _require_manager(actor)
    macro = Macro.objects.select_for_update().get(pk=macro.pk)
    new_name, new_body, new_language = _clean(
        macro.name if name is UNSET else name,
        macro.body if body is UNSET else body,
        macro.language if language is UNSET else language,
    )
    macro.name, macro.body, macro.language = new_name, new_body, new_language
    if team is not UNSET:
        macro.team = team
    if active is not UNSET:
        macro.active = bool(active)
    macro.save()
    return macro
