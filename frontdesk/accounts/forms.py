"""Forms of the sign-in and settings pages. They parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from frontdesk.accounts.choices import Role
from frontdesk.accounts.models import Branch, Team, User, Workspace
from frontdesk.accounts.services import WORKSPACE_FIELDS


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "That user name and password do not match. Check both and try again "
            "(passwords are case-sensitive)."
        ),
        "inactive": _("This account is switched off. Ask an administrator."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autofocus": True})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class WorkspaceForm(forms.ModelForm):
    class Meta:
        model = Workspace
        fields = list(WORKSPACE_FIELDS)
        widgets = {
            "about": forms.Textarea(attrs={"rows": 4}),
            "opening_hours": forms.Textarea(attrs={"rows": 4}),
        }


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    branch = forms.ModelChoiceField(
        label=_("Branch"),
        queryset=Branch.objects.order_by("name"),
        required=False,
        empty_label=_("No branch"),
    )


class TeamMemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Add a member"), queryset=User.objects.none())

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            User.objects.filter(is_active=True)
            .exclude(teams=team)
            .order_by("first_name", "username")
        )


def role_choices(actor: User) -> list[tuple[str, Any]]:
    """Managers cannot hand out the administrator role."""
    return [
        (value, label) for value, label in Role.choices if actor.is_admin or value != Role.ADMIN
    ]


class MemberForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(actor)  # type: ignore[attr-defined]


class MemberCreateForm(MemberForm):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        help_text=_("Used to sign in. Letters, digits and @ . + - _ only."),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters. Share it safely; they can change it later."),
    )
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"),
        queryset=Team.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    field_order = ["username", "first_name", "last_name", "email", "role", "teams", "password"]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        User.username_validator(username)
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password = data.get("password")
        if password:
            user = User(
                username=data.get("username", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
                email=data.get("email", ""),
            )
            try:
                validate_password(password, user)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class MemberEditForm(MemberForm):
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("Switch off to end this person's access at their next request."),
    )
