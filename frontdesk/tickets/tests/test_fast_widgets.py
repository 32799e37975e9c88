"""The template-free widgets and helpers (tickets/widgets.py) write exactly what Django's
own widget templates and the templates they replaced wrote: same markup, same escaping,
same selected option, same errors."""

from __future__ import annotations

import pytest
from django import forms
from django.template import engines

from frontdesk.accounts.models import Team, User
from frontdesk.tickets.forms import CollaboratorForm, StaffChoiceField, TeamChoiceField, staff_rows
from frontdesk.tickets.templatetags.ticket_tags import option_list
from frontdesk.tickets.tests.inbox_support import make_ticket
from frontdesk.tickets.widgets import (
    FastCheckboxInput,
    FastDateTimeInput,
    FastHiddenInput,
    FastRadioSelect,
    FastSelect,
    FastTextarea,
    FastTextInput,
    field_block,
)

CHOICES = [("", "—"), ("a", "A & <b>"), ("b", 'Quote "b"'), (3, "Three"), ("a", "again")]
ATTRS = [None, {"id": "id_x", "required": True, "aria-invalid": "true", "disabled": False}]


@pytest.mark.parametrize("value", [None, "", "a", "b", 3, "3", "zzz", ["b"]])
@pytest.mark.parametrize("attrs", ATTRS)
def test_select_matches_django(value, attrs):
    fast = FastSelect(attrs={"class": "c<"}, choices=CHOICES)
    django = forms.Select(attrs={"class": "c<"}, choices=CHOICES)
    assert fast.render("f<", value, attrs) == django.render("f<", value, attrs)


@pytest.mark.parametrize("value", [None, "", "text <b>&", 0, 12, False, True])
@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize(
    "fast, django",
    [
        (FastTextInput, forms.TextInput),
        (FastHiddenInput, forms.HiddenInput),
        (FastTextarea, forms.Textarea),
    ],
)
def test_inputs_match_django(fast, django, value, attrs):
    base = {"maxlength": "50", "rows": 2}
    assert fast(attrs=base).render("n", value, attrs) == django(attrs=base).render(
        "n", value, attrs
    )


@pytest.mark.parametrize("value", [None, "", "on", True, False, "x<"])
@pytest.mark.parametrize("attrs", ATTRS)
def test_checkbox_matches_django(value, attrs):
    assert FastCheckboxInput().render("c", value, attrs) == forms.CheckboxInput().render(
        "c", value, attrs
    )


@pytest.mark.parametrize("value", [None, "", "2026-01-02T03:04", "bad <x>"])
def test_datetime_input_matches_django(value):
    attrs = {"type": "datetime-local"}
    fast = FastDateTimeInput(attrs=attrs, format="%Y-%m-%dT%H:%M")
    django = forms.DateTimeInput(attrs=attrs, format="%Y-%m-%dT%H:%M")
    assert fast.render("due", value, {"id": "d"}) == django.render("due", value, {"id": "d"})


@pytest.mark.parametrize("value", [None, "reply", "note"])
def test_radios_match_django(value):
    choices = [("reply", "Reply <public>"), ("note", "Note")]

    class Fast(forms.Form):
        kind = forms.ChoiceField(choices=choices, widget=FastRadioSelect)

    class Django(forms.Form):
        kind = forms.ChoiceField(choices=choices, widget=forms.RadioSelect)

    data = None if value is None else {"kind": value}
    fast, django = Fast(data)["kind"], Django(data)["kind"]
    assert str(fast) == str(django)
    assert [r.tag() for r in fast] == [r.tag() for r in django]
    assert [str(r) for r in fast] == [str(r) for r in django]


@pytest.mark.django_db
def test_model_pickers_match_django_and_keep_an_inactive_assignee():
    ann = User.objects.create(username="ann", first_name="Ann <i>", last_name="Lee & co")
    gone = User.objects.create(username="gone", is_active=False)
    User.objects.create(username="zed")
    Team.objects.create(name="B <team>")
    Team.objects.create(name="A team")
    staff = User.objects.filter(is_active=True) | User.objects.filter(pk=gone.pk)

    class Fast(forms.Form):
        user = StaffChoiceField(queryset=staff.order_by("username"), empty_label="None <x>")
        team = TeamChoiceField(queryset=Team.objects.order_by("name"), required=False)

    class PlainStaffField(forms.ModelChoiceField):
        label_from_instance = StaffChoiceField.label_from_instance

    class Django(forms.Form):
        user = PlainStaffField(queryset=staff.order_by("username"), empty_label="None <x>")
        team = forms.ModelChoiceField(queryset=Team.objects.order_by("name"), required=False)

    for data in (None, {"user": str(gone.pk), "team": "x"}, {"user": str(ann.pk)}):
        fast, django = Fast(data), Django(data)
        if data:
            assert fast.is_valid() == django.is_valid()
        assert str(fast["user"]) == str(django["user"])
        assert str(fast["team"]) == str(django["team"])
    assert "Ann &lt;i&gt; Lee &amp; co (ann)" in str(Fast()["user"])

    rows = staff_rows(gone.pk)
    shared = CollaboratorForm()
    before = str(shared["user"])
    shared.show_staff(rows)
    assert str(shared["user"]) == before  # the active ones only, as its own query


FIELD_TEMPLATE = (
    '<div class="field{% if field.errors %} has-error{% endif %}">\n'
    '  <label for="{{ field.id_for_label }}">{{ field.label }}</label>\n'
    "  {{ field }}\n"
    "  {{ field.errors }}\n"
    '  {% if field.help_text %}<p class="help" id="{{ field.auto_id }}_helptext">'
    "{{ field.help_text }}</p>{% endif %}\n"
    "</div>\n"
)


class SampleForm(forms.Form):
    name = forms.CharField(label="Name <b>", max_length=5, help_text="Help & <i>more</i>")
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea)


@pytest.mark.parametrize("data", [None, {"name": "far too long <x>", "note": "a&b"}, {"name": ""}])
def test_field_block_matches_the_template_it_replaced(data):
    form = SampleForm(data)
    if data:
        form.is_valid()
    template = engines["django"].from_string(FIELD_TEMPLATE)
    for name in ("name", "note"):
        assert field_block(form[name]) == template.render({"field": form[name]})


LOOP = (
    '{% for value, label in items %}<option value="{{ value }}"'
    "{% if value == selected %} selected{% endif %}>{{ label }}</option>{% endfor %}"
)


@pytest.mark.parametrize("selected", ["", "b", None, 2])
def test_option_list_matches_the_loop_it_replaced(selected):
    items = [("a", "A & <b>"), ("b", "B"), (2, "Two")]
    template = engines["django"].from_string(LOOP)
    assert option_list(items, selected) == template.render({"items": items, "selected": selected})
    assert option_list(["x<", "b"], "b") == (
        '<option value="x&lt;">x&lt;</option><option value="b" selected>b</option>'
    )


def test_staff_rows_list_the_helpers_of_a_ticket_without_adding_them_to_the_pickers(personas):
    p = personas
    ticket = make_ticket(p.customer, team=p.team)
    helper = User.objects.create(username="helper", first_name="Hel", last_name="Per <b>")
    gone = User.objects.create(username="gone", is_active=False)
    ticket.collaborators.add(helper, gone)
    rows = staff_rows(None, ticket_id=ticket.pk)
    helpers = [row.name for row in rows if row.helping]
    assert helpers == [str(u) for u in ticket.collaborators.order_by("username")]
    without_ticket = staff_rows(None)
    assert [r.option for r in rows if r.listed] == [r.option for r in without_ticket]
    assert [r.option for r in rows if r.active] == [r.option for r in without_ticket]
