"""Settings → business profile, teams, members, sign-in security (managers and admins)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from frontdesk.accounts.decorators import manager_required, staff_of
from frontdesk.accounts.forms import (
    MemberCreateForm,
    MemberEditForm,
    SignInSecurityForm,
    TeamForm,
    TeamMemberForm,
    WorkspaceForm,
)
from frontdesk.accounts.invitations import do_invite_member, do_reinvite_member
from frontdesk.accounts.models import Team, User, Workspace
from frontdesk.accounts.passwords import do_send_password_reset
from frontdesk.accounts.services import (
    do_add_team_member,
    do_create_team,
    do_remove_team_member,
    do_update_staff_user,
    do_update_team,
    do_update_two_factor_roles,
    do_update_workspace,
)
from frontdesk.core.errors import ServiceError


def _add_error(form: Any, error: ServiceError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _page(request: HttpRequest, template: str, context: dict[str, Any], **kw: Any) -> HttpResponse:
    return render(request, f"accounts/settings/{template}", context, **kw)


@manager_required
def settings_home(request: HttpRequest) -> HttpResponse:
    return redirect("accounts:workspace-edit")


@manager_required
@require_http_methods(["GET", "POST"])
def workspace_edit(request: HttpRequest) -> HttpResponse:
    workspace = Workspace.current()
    form = WorkspaceForm(request.POST or None, instance=workspace)
    if request.method == "POST":
        if form.is_valid():
            try:
                do_update_workspace(actor=staff_of(request), **form.cleaned_data)
            except ServiceError as error:
                _add_error(form, error)
            else:
                messages.success(request, _("Business profile saved."))
                return redirect("accounts:workspace-edit")
        context = {"form": form, "section": "workspace"}
        return _page(request, "workspace.html", context, status=422)
    return _page(request, "workspace.html", {"form": form, "section": "workspace"})


@manager_required
@require_http_methods(["GET", "POST"])
def team_list(request: HttpRequest) -> HttpResponse:
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = do_create_team(actor=staff_of(request), **form.cleaned_data)
        except ServiceError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Team “%(name)s” created.") % {"name": team.name})
            return redirect("accounts:team-detail", team_id=team.pk)
    teams = Team.objects.select_related("branch").prefetch_related("members").order_by("name")
    context = {"teams": teams, "form": form, "section": "teams"}
    return _page(request, "team_list.html", context, status=422 if form.errors else 200)


@manager_required
@require_http_methods(["GET", "POST"])
def team_detail(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_object_or_404(Team.objects.select_related("branch"), pk=team_id)
    actor = staff_of(request)
    op = request.POST.get("op") if request.method == "POST" else None
    initial = {"name": team.name, "branch": team.branch_id}
    form = TeamForm(request.POST if op == "rename" else None, initial=initial)
    member_form = TeamMemberForm(request.POST if op == "add" else None, team=team)
    try:
        if op == "rename" and form.is_valid():
            do_update_team(actor=actor, team=team, **form.cleaned_data)
            messages.success(request, _("Team saved."))
            return redirect("accounts:team-detail", team_id=team.pk)
        if op == "add" and member_form.is_valid():
            do_add_team_member(actor=actor, team=team, user=member_form.cleaned_data["user"])
            messages.success(request, _("Member added."))
            return redirect("accounts:team-detail", team_id=team.pk)
        if op == "remove":
            user = get_object_or_404(team.members.all(), pk=request.POST.get("user") or 0)
            do_remove_team_member(actor=actor, team=team, user=user)
            messages.success(request, _("%(name)s left the team.") % {"name": user})
            return redirect("accounts:team-detail", team_id=team.pk)
    except ServiceError as error:
        _add_error(member_form if op == "add" else form, error)
    context = {
        "team": team,
        "members": team.members.order_by("first_name", "username"),
        "form": form,
        "member_form": member_form,
        "section": "teams",
    }
    return _page(request, "team_detail.html", context, status=422 if op else 200)


@manager_required
def member_list(request: HttpRequest) -> HttpResponse:
    members = User.objects.prefetch_related("teams").order_by(
        "-is_active", "first_name", "username"
    )
    context = {"members": members[:1000], "section": "members"}
    return _page(request, "member_list.html", context)


@manager_required
@require_http_methods(["GET", "POST"])
def member_new(request: HttpRequest) -> HttpResponse:
    """Invite a member: they get a link by email and set their own password."""
    actor = staff_of(request)
    form = MemberCreateForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, link = do_invite_member(
                actor=actor,
                username=data["username"],
                email=data["email"],
                role=data["role"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                teams=list(data["teams"]),
            )
        except ServiceError as error:
            _add_error(form, error)
        else:
            return _invitation_sent(request, user, link)
    context = {"form": form, "section": "members"}
    return _page(request, "member_new.html", context, status=422 if form.errors else 200)


def _invitation_sent(request: HttpRequest, member: User, link: str) -> HttpResponse:
    """The link is shown this once (never stored in the clear, never in a redirect)."""
    response = _page(
        request, "invitation_sent.html", {"member": member, "link": link, "section": "members"}
    )
    response["Cache-Control"] = "no-store"
    return response


@manager_required
@require_POST
def member_invite(request: HttpRequest, user_id: int) -> HttpResponse:
    member = get_object_or_404(User, pk=user_id)
    try:
        link = do_reinvite_member(actor=staff_of(request), user=member)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("accounts:member-edit", user_id=member.pk)
    return _invitation_sent(request, member, link)


@manager_required
@require_POST
def member_reset_password(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = staff_of(request)
    if not actor.is_admin:
        raise Http404
    member = get_object_or_404(User, pk=user_id)
    try:
        do_send_password_reset(actor=actor, user=member)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("A password reset link was emailed to %(name)s. It works for one hour.")
            % {"name": member},
        )
    return redirect("accounts:member-edit", user_id=member.pk)


@manager_required
@require_http_methods(["GET", "POST"])
def sign_in_security(request: HttpRequest) -> HttpResponse:
    """Administrators choose the roles that must sign in with a second factor."""
    actor = staff_of(request)
    if not actor.is_admin:
        raise Http404
    initial = {"roles": Workspace.current().two_factor_roles or []}
    form = SignInSecurityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            do_update_two_factor_roles(actor=actor, roles=form.cleaned_data["roles"])
        except ServiceError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Sign-in security saved."))
            return redirect("accounts:sign-in-security")
    context = {"form": form, "section": "security"}
    return _page(request, "sign_in_security.html", context, status=422 if form.errors else 200)


@manager_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = staff_of(request)
    member = get_object_or_404(User, pk=user_id)
    locked = member.is_admin and not actor.is_admin
    initial = {
        "first_name": member.first_name,
        "last_name": member.last_name,
        "email": member.email,
        "role": member.role,
        "is_active": member.is_active,
    }
    form = MemberEditForm(request.POST or None, initial=initial, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            do_update_staff_user(actor=actor, user=member, **form.cleaned_data)
        except ServiceError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("%(name)s saved.") % {"name": member})
            return redirect("accounts:member-list")
    context = {"form": form, "member": member, "locked": locked, "section": "members"}
    return _page(request, "member_edit.html", context, status=422 if form.errors else 200)
