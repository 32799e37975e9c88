"""Form widgets that render without templates; selects in one pass (docs/performance.md).

Django's `Select` renders each `<option>` through its own template include and a
`ModelChoiceField` builds a model instance per option: with a few hundred staff users
that was most of the ticket page's time. `FastSelect` writes the same HTML as Django's
`django/forms/widgets/select.html` in Python, and `ValuesChoiceIterator` reads the
choices with `values_list` instead of building model instances. The forms keep their
fields, validation, bound values and errors; only the rendering is different code.
The text, hidden and textarea widgets likewise write Django's own templates' output.
All markup goes through the escaping builders of `core/html.py` (SECURITY.md check 21).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django import forms
from django.forms import BoundField
from django.forms.models import ModelChoiceIterator
from django.forms.widgets import Input
from django.utils.safestring import SafeString

from frontdesk.core.html import EMPTY, HtmlTemplate, html, html_attrs, html_concat

SELECTED = html(" selected")
OPTION = HtmlTemplate('\n  <option value="{value}"{selected}>{label}</option>\n')
PLAIN_OPTION = HtmlTemplate('<option value="{value}"{selected}>{label}</option>')


def option_tags(choices: Any, selected: list[str]) -> SafeString:
    """The `<option>`s, each on its own line as Django's template writes them; only the
    first option whose value is among `selected` is marked (as `ChoiceWidget` does)."""
    rows = []
    has_selected = False
    for value, label in choices:
        text = "" if value is None else str(value)
        mark = not has_selected and text in selected
        has_selected |= mark
        rows.append((text, SELECTED if mark else EMPTY, label))
    return OPTION.join(rows)  # fields: value, selected, label


PreparedOption = tuple[str, SafeString, SafeString]


def prepared_option(value: Any, label: Any) -> PreparedOption:
    """One `<option>` of `option_tags`, escaped ahead: (value as text, the markup before
    ` selected`, the markup after it). Several selects can share the same rows."""
    text = "" if value is None else str(value)
    return text, html('\n  <option value="{}"', text), html(">{}</option>\n", label)


def prepared_option_tags(options: Iterable[PreparedOption], selected: list[str]) -> SafeString:
    """`option_tags` of prepared options: the same markup and the same selection."""
    parts: list[SafeString] = []
    has_selected = False
    for text, head, tail in options:
        if not has_selected and text in selected:
            has_selected = True
            parts += (head, SELECTED, tail)
        else:
            parts += (head, tail)
    return html_concat(parts)


def option_tags_plain(
    items: Iterable[Any], selected: Any, value_attr: str = "", label_attr: str = ""
) -> SafeString:
    """`<option value="v"[ selected]>label</option>`s side by side (see the template tag
    `option_list`); every option whose value equals `selected` is marked."""
    rows = []
    for item in items:
        if value_attr:
            value, label = getattr(item, value_attr), getattr(item, label_attr)
        elif isinstance(item, str):
            value = label = item
        else:
            value, label = item
        rows.append((value, SELECTED if value == selected else EMPTY, label))
    return PLAIN_OPTION.join(rows)


SELECT = '<select name="{}"{}>{}\n</select>'


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
            all_attrs = html_attrs(self.build_attrs(self.attrs, attrs))
            options = prepared_option_tags(self.prepared, self.format_value(value))
            return html(SELECT, name, all_attrs, options)
        choices = list(iter(self.choices))  # iter(): no len(), which would COUNT(*)
        if self.allow_multiple_selected or any(
            isinstance(label, (list, tuple)) for _value, label in choices
        ):
            return super().render(name, value, attrs, renderer)
        all_attrs = html_attrs(self.build_attrs(self.attrs, attrs))
        options = option_tags(choices, self.format_value(value))
        return html(SELECT, name, all_attrs, options)


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
        return input_tag(widget)


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
        return input_tag(self.get_context(name, value, attrs)["widget"])


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
        all_attrs = html_attrs(self.build_attrs(self.attrs, attrs))
        return html('<textarea name="{}"{}>\n{}</textarea>', name, all_attrs, shown or "")


def input_tag(widget: dict[str, Any]) -> SafeString:
    """`django/forms/widgets/input.html` for a widget context (`type`, `name`, ...)."""
    value = widget["value"]
    value_attr = EMPTY if value is None else html(' value="{}"', value)
    attrs = html_attrs(widget["attrs"])
    return html(
        '<input type="{}" name="{}"{}{}>', widget["type"], widget["name"], value_attr, attrs
    )


class FastRadioSelect(forms.RadioSelect):
    """`forms.RadioSelect` whose radios (`{{ radio.tag }}`, `{% for radio in field %}`)
    are written in Python; the whole group still renders through Django's template."""

    def _render(self, template_name: str, context: dict[str, Any], renderer: Any = None) -> str:
        if template_name != self.option_template_name:
            return super()._render(template_name, context, renderer)  # type: ignore[misc]
        widget = context["widget"]
        tag = input_tag(widget)
        if not widget.get("wrap_label"):
            return tag
        option_id = widget["attrs"].get("id")
        label_for = html(' for="{}"', option_id) if option_id else EMPTY
        # input.html's own trailing newline stays inside the label (only the outer
        # template's output is stripped).
        return html("<label{}>{}\n {}</label>", label_for, tag, widget["label"])


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
    help_text = field.help_text
    help_html = (
        html('<p class="help" id="{}_helptext">{}</p>', field.auto_id, help_text)
        if help_text
        else EMPTY
    )
    return html(
        '<div class="field{}">\n  <label for="{}">{}</label>\n  {}\n  {}\n  {}\n</div>\n',
        HAS_ERROR if errors else EMPTY,
        field.id_for_label,
        field.label,
        field,
        errors if errors else EMPTY,
        help_html,
    )


HAS_ERROR = html(" has-error")
