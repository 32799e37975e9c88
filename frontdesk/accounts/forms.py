"""Forms of the sign-in, account and settings pages. They parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.db import models
from django.utils.translation import gettext_lazy as _

from frontdesk.accounts.choices import Role
from frontdesk.accounts.models import PUBLIC_TEXTS, Branch, Team, User, Workspace
from frontdesk.accounts.passwords import valid_time_zones
from frontdesk.accounts.services import WORKSPACE_FIELDS
from frontdesk.core.languages import language_choices


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
    """The business profile; the public texts once more for each other language
    (`<text>__<language>`), gathered into `texts` when cleaned."""

    class Meta:
        model = Workspace
        fields = [name for name in WORKSPACE_FIELDS if name != "texts"]
        widgets = {
            "about": forms.Textarea(attrs={"rows": 4}),
            "opening_hours": forms.Textarea(attrs={"rows": 4}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        default = self.instance.default_language
        texts = self.instance.texts or {}
        self.other_languages = [code for code, _name in language_choices() if code != default]
        names = dict(language_choices())
        for code in self.other_languages:
            for name in PUBLIC_TEXTS:
                model_field = Workspace._meta.get_field(name)
                assert isinstance(model_field, models.Field)
                field = model_field.formfield(required=False)
                assert field is not None
                if name in self.Meta.widgets:
                    field.widget = forms.Textarea(attrs={"rows": 3, "lang": code})
                else:
                    field.widget.attrs["lang"] = code
                field.label = f"{model_field.verbose_name} · {names[code]}"
                field.help_text = ""
                field.initial = (texts.get(code) or {}).get(name, "")
                self.fields[f"{name}__{code}"] = field

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        texts: dict[str, dict[str, str]] = {}
        for code in self.other_languages:
            for name in PUBLIC_TEXTS:
                value = data.pop(f"{name}__{code}", "") or ""
                if value.strip():
                    texts.setdefault(code, {})[name] = value.strip()
        data["texts"] = texts
        return data


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
    """Invite a member: no password here, they choose their own from the emailed link."""

    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        help_text=_("Used to sign in. Letters, digits and @ . + - _ only."),
    )
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"),
        queryset=Team.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    field_order = ["username", "first_name", "last_name", "email", "role", "teams"]

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = _(
            "The invitation goes here; they choose their own password from it."
        )
        self.fields["role"].initial = Role.AGENT

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        User.username_validator(username)
        return username


class MemberEditForm(MemberForm):
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("Switch off to end this person's access at their next request."),
    )


class SignInSecurityForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Require two-factor sign-in for"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Members of these roles who have no authenticator app or passkey are sent to "
            "set one up right after their password and can do nothing else until they have."
        ),
    )


# --- passwords and the account page -----------------------------------------------------


def _password_field(label: Any, autocomplete: str, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
        help_text=help_text,
    )


class NewPasswordForm(forms.Form):
    """Choose a password (invitation, reset link, account page): typed twice, checked
    against AUTH_PASSWORD_VALIDATORS (12+ characters, not a common password)."""

    new_password1 = _password_field(_("New password"), "new-password")
    new_password2 = _password_field(_("New password again"), "new-password")

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["new_password1"].help_text = " ".join(
            str(text) for text in password_validators_help_texts()
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("new_password1"), data.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", _("The two passwords are not the same."))
        elif first:
            try:
                validate_password(first, self.user)
            except forms.ValidationError as error:
                self.add_error("new_password1", error)
        return data


class ChangePasswordForm(NewPasswordForm):
    current_password = _password_field(_("Current password"), "current-password")

    field_order = ["current_password", "new_password1", "new_password2"]


class ForgotPasswordForm(forms.Form):
    email = forms.EmailField(
        label=_("Your work email"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
    )


class TotpConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(valid_time_zones())]


class ProfileForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=language_choices)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)
    deadline_alert_emails = forms.BooleanField(
        label=_("Email me deadline alerts"),
        required=False,
        help_text=_("Warnings before a deadline and missed deadlines, also by email."),
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the new token"),
        max_length=120,
        help_text=_("What uses it, such as “Reporting script”."),
    )
