"""Form widgets that render without templates; selects in one pass (docs/performance.md).

Django's `Select` renders each `<option>` through its own template include and a
`ModelChoiceField` builds a model instance per option: with a few hundred staff users
that was most of the ticket page's time. `FastSelect` writes the same HTML as Django's
`django/forms/widgets/select.html` in Python, and `ValuesChoiceIterator` reads the
choices with `values_list` instead of building model instances. The forms keep their
fields, validation, bound values and errors; only the rendering is different code.
The text, hidden and textarea widgets likewise write Django's own templates' output.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django import forms
from django.forms import BoundField
from django.forms.models import ModelChoiceIterator
from django.forms.widgets import Input
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe


def esc(value: Any) -> str:
    """`conditional_escape` without building a `SafeString` per call."""
    if type(value) is str:  # the usual case, first
        return html.escape(value)
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


def flat_attrs(attrs: dict[str, Any]) -> str:
    """Attributes as `django/forms/widgets/attrs.html` writes them."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {name}")
        else:
            parts.append(f' {name}="{esc(value)}"')
    return "".join(parts)


def option_tags(choices: Any, selected: list[str]) -> SafeString:
    """The `<option>`s, each on its own line as Django's template writes them; only the
    first option whose value is among `selected` is marked (as `ChoiceWidget` does)."""
    parts = []
    has_selected = False
    for value, label in choices:
        text = "" if value is None else str(value)
        mark = not has_selected and text in selected
        has_selected |= mark
        flag = " selected" if mark else ""
        parts.append(f'\n  <option value="{esc(text)}"{flag}>{esc(label)}</option>\n')
    return mark_safe("".join(parts))  # noqa: S308 - values and labels escaped above


PreparedOption = tuple[str, str, str]


def prepared_option(value: Any, label: Any) -> PreparedOption:
    """One `<option>` of `option_tags`, escaped ahead: (value as text, the markup before
    ` selected`, the markup after it). Several selects can share the same rows."""
    text = "" if value is None else str(value)
    return text, f'\n  <option value="{esc(text)}"', f">{esc(label)}</option>\n"


def prepared_option_tags(options: Iterable[PreparedOption], selected: list[str]) -> SafeString:
    """`option_tags` of prepared options: the same markup and the same selection."""
    parts = []
    has_selected = False
    for text, head, tail in options:
        if not has_selected and text in selected:
            has_selected = True
            parts.append(f"{head} selected{tail}")
        else:
            parts.append(f"{head}{tail}")
    return mark_safe("".join(parts))  # noqa: S308 - escaped by prepared_option


def option_tags_plain(
    items: Iterable[Any], selected: Any, value_attr: str = "", label_attr: str = ""
) -> SafeString:
    """`<option value="v"[ selected]>label</option>`s side by side (see the template tag
    `option_list`); every option whose value equals `selected` is marked."""
    parts = []
    for item in items:
        if value_attr:
            value, label = getattr(item, value_attr), getattr(item, label_attr)
        elif isinstance(item, str):
            value = label = item
        else:
            value, label = item
        flag = " selected" if value == selected else ""
        parts.append(f'<option value="{esc(value)}"{flag}>{esc(label)}</option>')
    return mark_safe("".join(parts))  # noqa: S308 - values and labels escaped above


class FastSelect(forms.Select):
    """`forms.Select` with the same output, written without per-option templates.

    Choices must be flat (no optgroups) and the widget single-valued; anything else
    falls back to Django's own rendering. `prepared`, when set, are the options already
    escaped (`prepared_option`), shown instead of reading `choices`.
    """

    prepared: list[PreparedOption] | None = None

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        if self.prepared is not None and not self.allow_multiple_selected:
            head = f'<select name="{esc(name)}"{flat_attrs(self.build_attrs(self.attrs, attrs))}>'
            options = prepared_option_tags(self.prepared, self.format_value(value))
            return mark_safe(f"{head}{options}\n</select>")  # noqa: S308 - every part escaped
        choices = list(iter(self.choices))  # iter(): no len(), which would COUNT(*)
        if self.allow_multiple_selected or any(
            isinstance(label, (list, tuple)) for _value, label in choices
        ):
            return super().render(name, value, attrs, renderer)
        all_attrs = self.build_attrs(self.attrs, attrs)
        head = f'<select name="{esc(name)}"{flat_attrs(all_attrs)}>'
        options = option_tags(choices, self.format_value(value))
        return mark_safe(f"{head}{options}\n</select>")  # noqa: S308 - every part escaped


class FastInputMixin:
    """`django/forms/widgets/input.html` in Python (text, hidden, ...)."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        assert isinstance(self, Input)
        widget = {
            "type": self.input_type,
            "name": name,
            "value": self.format_value(value),
            "attrs": self.build_attrs(self.attrs, attrs),
        }
        return mark_safe(input_tag(widget))  # noqa: S308 - every part escaped


class FastTextInput(FastInputMixin, forms.TextInput):
    pass


class FastHiddenInput(FastInputMixin, forms.HiddenInput):
    pass


class FastDateTimeInput(FastInputMixin, forms.DateTimeInput):
    pass


class FastCheckboxInput(forms.CheckboxInput):
    """`django/forms/widgets/checkbox.html` in Python (`checked` from `check_test`)."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        return mark_safe(input_tag(self.get_context(name, value, attrs)["widget"]))  # noqa: S308


class FastTextarea(forms.Textarea):
    """`django/forms/widgets/textarea.html` in Python."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        shown = self.format_value(value)
        all_attrs = flat_attrs(self.build_attrs(self.attrs, attrs))
        text = esc(shown) if shown else ""
        return mark_safe(f'<textarea name="{esc(name)}"{all_attrs}>\n{text}</textarea>')  # noqa: S308


def input_tag(widget: dict[str, Any]) -> str:
    """`django/forms/widgets/input.html` for a widget context (`type`, `name`, ...)."""
    value = widget["value"]
    value_attr = "" if value is None else f' value="{esc(value)}"'
    attrs = flat_attrs(widget["attrs"])
    return f'<input type="{esc(widget["type"])}" name="{esc(widget["name"])}"{value_attr}{attrs}>'


class FastRadioSelect(forms.RadioSelect):
    """`forms.RadioSelect` whose radios (`{{ radio.tag }}`, `{% for radio in field %}`)
    are written in Python; the whole group still renders through Django's template."""

    def _render(self, template_name: str, context: dict[str, Any], renderer: Any = None) -> str:
        if template_name != self.option_template_name:
            return super()._render(template_name, context, renderer)  # type: ignore[misc]
        widget = context["widget"]
        tag = input_tag(widget)
        if not widget.get("wrap_label"):
            return mark_safe(tag)  # noqa: S308 - every part escaped
        option_id = widget["attrs"].get("id")
        label_for = f' for="{esc(option_id)}"' if option_id else ""
        # input.html's own trailing newline stays inside the label (only the outer
        # template's output is stripped).
        html = f"<label{label_for}>{tag}\n {esc(widget['label'])}</label>"
        return mark_safe(html)  # noqa: S308 - every part escaped


class ValuesChoiceIterator(ModelChoiceIterator):
    """A `ModelChoiceField`'s choices read as `values_list(*fields)` rows, labelled by
    the field's `label_from_values(*row)`: no model instance per option."""

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        field: Any = self.field  # a StaffChoiceField or TeamChoiceField (tickets/forms.py)
        if field.empty_label is not None:
            yield ("", field.empty_label)
        label: Callable[..., str] = field.label_from_values
        for row in self.queryset.values_list("pk", *field.label_fields):
            yield (row[0], label(*row[1:]))


def field_block(field: BoundField) -> SafeString:
    """One form field as the side panel shows it: label, widget, errors, help text.

    The markup of `tickets/partials/ticket_field.html` (which calls this), written in
    Python: an include per field cost the ticket page about 0.1 ms each.
    """
    errors = field.errors
    has_error = " has-error" if errors else ""
    help_text = field.help_text
    help_html = (
        f'<p class="help" id="{esc(field.auto_id)}_helptext">{esc(help_text)}</p>'
        if help_text
        else ""
    )
    return mark_safe(  # noqa: S308 - every part escaped or already safe HTML
        f'<div class="field{has_error}">\n'
        f'  <label for="{esc(field.id_for_label)}">{esc(field.label)}</label>\n'
        f"  {field}\n"
        f"  {errors if errors else ''}\n"
        f"  {help_html}\n"
        "</div>\n"
    )
