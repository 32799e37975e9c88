"""The organization condition of an SLA policy, for workspaces with many organizations.

Up to `MANY` organizations the policy form offers a list. Above that a list of every
organization would make the page heavy and unusable, so the form asks for the name
instead, with suggestions as the manager types (`policy_views.organization_options`,
an HTML `<datalist>` filled by htmx). The name is checked when the form is saved.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from frontdesk.customers.models import Organization

MANY = 200  # more organizations than this: typed with suggestions, not a list
SUGGESTIONS = 20


class OrganizationInput(forms.TextInput):
    """A text input with its own `<datalist>`, refilled from the server as one types."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        attrs = dict(attrs or {})
        options = f"{attrs.get('id') or 'id_' + name}-options"
        attrs.update(
            {
                "list": options,
                "autocomplete": "off",
                "hx-get": reverse("sla_settings:policy-organizations"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#{options}",
                "hx-swap": "innerHTML",
            }
        )
        field = super().render(name, value, attrs, renderer)
        return format_html('{}<datalist id="{}"></datalist>', field, options)


class OrganizationByName(forms.CharField):
    """An organization given by its name; blank for any. Cleans to the Organization."""

    widget = OrganizationInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(max_length=200, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        # A saved policy's initial value is the organization's id.
        if isinstance(value, Organization):
            return value.name
        if isinstance(value, int):
            return Organization.objects.filter(pk=value).values_list("name", flat=True).first()
        return value

    def clean(self, value: Any) -> Organization | None:  # type: ignore[override]
        name = (super().clean(value) or "").strip()
        if not name:
            return None
        exact = Organization.objects.filter(name=name).first()
        if exact is not None:
            return exact
        alike = list(Organization.objects.filter(name__iexact=name)[:2])
        if len(alike) == 1:
            return alike[0]
        if alike:
            raise forms.ValidationError(
                _("Several organizations are called “%(name)s”: type one exactly."),
                params={"name": name},
            )
        raise forms.ValidationError(
            _("No organization is called “%(name)s”."), params={"name": name}
        )


def many_organizations() -> bool:
    return Organization.objects.all()[MANY : MANY + 1].exists()


def suggestions(typed: str) -> SafeString:
    """`<option>`s for up to `SUGGESTIONS` organizations whose name contains `typed`,
    those that start with it first."""
    typed = typed.strip()[:200]
    if not typed:
        return SafeString("")
    starting = list(
        Organization.objects.filter(name__istartswith=typed)
        .order_by("name")
        .values_list("name", flat=True)[:SUGGESTIONS]
    )
    if len(starting) < SUGGESTIONS:
        containing = (
            Organization.objects.filter(name__icontains=typed)
            .exclude(name__in=starting)
            .order_by("name")
            .values_list("name", flat=True)[: SUGGESTIONS - len(starting)]
        )
        starting += list(containing)
    return format_html_join("", '<option value="{}"></option>', ((name,) for name in starting))
