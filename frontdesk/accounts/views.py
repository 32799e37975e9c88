"""Staff sign-in and sign-out, and Settings → business profile, teams, members."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import LoginView, LogoutView
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from frontdesk.accounts.decorators import manager_required, staff_of
from frontdesk.accounts.forms import (
    MemberCreateForm,
    MemberEditForm,
    SignInForm,
    TeamForm,
    TeamMemberForm,
    WorkspaceForm,
)
from frontdesk.accounts.models import Team, User, Workspace
from frontdesk.accounts.services import (
    do_add_team_member,
    do_create_staff_user,
    do_create_team,
    do_remove_team_member,
    do_update_staff_user,
    do_update_team,
    do_update_workspace,
    ensure_can_grant_role,
)
from frontdesk.core.errors import ServiceError

# --- sign-in ---------------------------------------------------------------------------

SIGN_IN_FAILURES = 10  # per account and per address (SECURITY.md 6)
SIGN_IN_WINDOW = 15 * 60


def _failure_keys(request: HttpRequest) -> list[str]:
    username = (request.POST.get("username") or "").strip().lower()[:150]
    address = request.META.get("REMOTE_ADDR") or "unknown"
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
    """Staff only: customers are not users and sign in on the help center."""

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

    def form_invalid(self, form: Any) -> HttpResponse:
        _count_failure(self.request)
        return super().form_invalid(form)


sign_out = LogoutView.as_view(next_page="/sign-in/")


# --- settings ---------------------------------------------------------------------------


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
    actor = staff_of(request)
    form = MemberCreateForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ensure_can_grant_role(actor, data["role"])
            user = do_create_staff_user(
                username=data["username"],
                email=data["email"],
                role=data["role"],
                password=data["password"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                teams=list(data["teams"]),
            )
        except ServiceError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("%(name)s can now sign in.") % {"name": user})
            return redirect("accounts:member-list")
    context = {"form": form, "section": "members"}
    return _page(request, "member_new.html", context, status=422 if form.errors else 200)


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
