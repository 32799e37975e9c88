"""@mentions in internal notes: a mentioned colleague becomes a collaborator (T4)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from frontdesk.accounts.models import User
from frontdesk.tickets import event_notes
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.services import do_add_collaborator

# "@anna" but not the middle of "anna@example.com"; bounded, no nested quantifiers.
_MENTION = re.compile(r"(?<![\w@.+-])@([\w.@+-]{1,150})")
MAX_MENTIONS = 20


def mentioned_usernames(text: str) -> list[str]:
    """Usernames written as @name, in order, without trailing punctuation or repeats."""
    names: list[str] = []
    for match in _MENTION.finditer(text):
        name = match.group(1).rstrip(".@+-")
        if name and name not in names:
            names.append(name)
        if len(names) >= MAX_MENTIONS:
            break
    return names


def add_mentioned_collaborators(*, actor: User, ticket: Ticket, text: str) -> list[User]:
    """Add every active staff user mentioned in `text` who is not yet on the ticket."""
    names = mentioned_usernames(text)
    if not names:
        return []
    users = User.objects.filter(username__in=names, is_active=True).exclude(pk=actor.pk)
    added = []
    for user in users:
        if user.pk == ticket.assignee_id:
            continue
        do_add_collaborator(
            actor=actor,
            ticket=ticket,
            user=user,
            note=_("Mentioned in an internal note."),
            facts=event_notes.facts("mentioned"),
        )
        added.append(user)
    return added
