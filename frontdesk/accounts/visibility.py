"""Who is limited to some branches, and who sees sensitive tickets (X1; SECURITY.md 12).

Two narrowings of the ticket visibility rule (`tickets.access.ticket_scopes`), which reads
them from here, as do reports, search and the customer pages:

- **Branch restriction.** A member of any role but administrator can be limited to the
  branches they work in (`User.branch_restricted` + `User.restricted_branches`). They then
  see only tickets of those branches (what "a ticket's branch" means is written in
  `tickets.access`), plus tickets assigned to them. The flag restricts and the list says
  where: deleting a branch leaves its members restricted to fewer branches, never open.
- **Sensitive tickets** (health or other special data) are seen by administrators, by
  the roles the workspace names (`Workspace.sensitive_roles`, managers by default) and
  by the ticket's assignee.

Both are changed only here: by managers and administrators who are not restricted
themselves (a restricted manager cannot widen anyone's view, their own included), and
the sensitive roles by administrators only.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from frontdesk.accounts.choices import Role
from frontdesk.accounts.models import Branch, Team, User, Workspace
from frontdesk.audit.services import do_record_audit
from frontdesk.core.errors import Forbidden, Invalid

# The roles a workspace may name: administrators always see sensitive tickets.
SENSITIVE_ROLE_CHOICES = [(value, label) for value, label in Role.choices if value != Role.ADMIN]


def is_branch_restricted(user: User) -> bool:
    return user.branch_restricted and not user.is_admin


def restricted_branch_ids(user: User) -> QuerySet:
    """The user's branches, as a subquery (`values("branch_id")`): no query of its own."""
    through = User.restricted_branches.through.objects
    return through.filter(user_id=user.pk).values("branch_id")


def restricted_team_ids(user: User) -> QuerySet:
    """The teams of the user's branches, as a subquery (`values("pk")`)."""
    return Team.objects.filter(branch_id__in=restricted_branch_ids(user)).values("pk")


def may_see_sensitive(user: User, workspace: Workspace | None = None) -> bool:
    """Administrators and the roles the workspace names (the assignee is the rule's own).
    `workspace`: the row already read, if the caller has it."""
    if not user.is_active:
        return False
    if user.is_admin:
        return True
    return user.role in (workspace or Workspace.current()).sensitive_roles


def may_change_visibility(actor: User) -> bool:
    """Managers and administrators who are not restricted themselves."""
    return actor.is_active and actor.is_manager and not is_branch_restricted(actor)


@transaction.atomic
def do_set_branch_restriction(*, actor: User, user: User, branches: Iterable[Branch]) -> User:
    """Limit `user` to `branches`, or (none) lift the limit. Takes effect on their next
    request."""
    if not may_change_visibility(actor):
        raise Forbidden(_("Only managers and administrators who see every branch can change this."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.pk == actor.pk:
        raise Invalid(_("You cannot change your own branch restriction."))
    if user.is_admin:
        raise Invalid(_("Administrators always see every branch."), field="branches")
    chosen = sorted({branch.pk for branch in branches})
    before = sorted(user.restricted_branches.values_list("name", flat=True))
    was_restricted = user.branch_restricted
    user.restricted_branches.set(chosen)
    user.branch_restricted = bool(chosen)
    user.save(update_fields=["branch_restricted"])
    after = sorted(Branch.objects.filter(pk__in=chosen).values_list("name", flat=True))
    if (was_restricted, before) != (user.branch_restricted, after):
        do_record_audit(
            action="member.branches_changed",
            actor=actor,
            target=user,
            before={"branches": before if was_restricted else "all"},
            after={"branches": after if chosen else "all"},
        )
    return user


@transaction.atomic
def do_set_sensitive_roles(*, actor: User, roles: Iterable[str]) -> Workspace:
    """Which roles see sensitive tickets, besides administrators and the assignee."""
    if not actor.is_active or not actor.is_admin:
        raise Forbidden(_("Only administrators can change who sees sensitive tickets."))
    allowed = {value for value, _label in SENSITIVE_ROLE_CHOICES}
    chosen = sorted(set(roles))
    unknown = [role for role in chosen if role not in allowed]
    if unknown:
        raise Invalid(_("Unknown role %(role)r.") % {"role": unknown[0]}, field="roles")
    workspace = Workspace.current(fresh=True)
    before = list(workspace.sensitive_roles)
    workspace.sensitive_roles = chosen
    workspace.save(update_fields=["sensitive_roles"])
    if before != chosen:
        do_record_audit(
            action="settings.changed",
            actor=actor,
            target=workspace,
            before={"sensitive_roles": before},
            after={"sensitive_roles": chosen},
        )
    return workspace
