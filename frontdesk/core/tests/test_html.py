"""The one escaping path (core/html.py, SECURITY.md check 21): hostile values come out as
text, safe HTML is kept, and no other module marks text safe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy

from frontdesk.core.html import HtmlTemplate, esc, html, html_attrs, html_concat, html_join
from frontdesk.tickets.views.inbox_rows import NO_DUE, InboxRow, row_cells, rows_html
from frontdesk.tickets.widgets import FastTextarea, FastTextInput, option_tags_plain

HOSTILE = [
    "<script>alert(1)</script>",
    '"onmouseover="alert(1)',
    "' onfocus='alert(1)",
    "Tom & Jerry &amp; co",
    "</textarea><img src=x onerror=alert(1)>",
    "{} {0} {name}",  # format fields in a value are text, not fields
]


@pytest.mark.parametrize("value", HOSTILE)
def test_it_escapes_like_format_html(value):
    template = '<a title="{}">{}</a>'
    assert html(template, value, value) == format_html(template, value, value)
    compiled = HtmlTemplate('<a title="{v}">{v}</a>{{literal}}')
    assert compiled.fill(v=value) == format_html(template + "{{literal}}", value, value)
    assert compiled.join([(value,), ("x",)]) == compiled.fill(v=value) + compiled.fill(v="x")
    assert esc(value) == conditional_escape(value)
    assert "<script" not in html("{}", value)


def test_it_keeps_safe_html_and_escapes_lazy_text():
    inner = html("<b>{}</b>", "x<y")
    assert html("<p>{}</p>", inner) == "<p><b>x&lt;y</b></p>"
    assert isinstance(html("<p>{}</p>", inner), SafeString)
    assert html("{}", gettext_lazy("<b>")) == "&lt;b&gt;"
    assert html("{}{}", 12, None) == "12None"


@pytest.mark.parametrize(
    "template", ["{0}", "{}", "{a.b}", "{a[0]}", "{a!r}", "{a:>5}", "{_e}", "{import}"]
)
def test_a_compiled_template_takes_plain_field_names_only(template):
    with pytest.raises(ValueError):
        HtmlTemplate(template)


def test_a_compiled_template_keeps_quotes_and_braces_of_its_text():
    template = HtmlTemplate("<p class='a' data-x=\"{{}}\">{text}</p>\n\\")
    assert template.fill(text="'") == "<p class='a' data-x=\"{}\">&#x27;</p>\n\\"
    assert isinstance(template.fill(text=""), SafeString)
    assert HtmlTemplate("no fields").fill() == "no fields"


def test_join_concat_and_attributes_escape_every_value():
    rows = [(value,) for value in HOSTILE]
    joined = html_join("<li>{}</li>", rows, separator="{}\n")
    assert joined == "{}\n".join(format_html("<li>{}</li>", value) for value in HOSTILE)
    assert html_join("<li>{}</li>", []) == ""
    assert html_concat([html("<i>{}</i>", "&"), "<b>"]) == "<i>&amp;</i>&lt;b&gt;"
    assert html_concat([html("<i>"), html("</i>")]) == "<i></i>"
    attrs = html_attrs({'x" onclick="y': "1", "title": '"><script>', "hidden": True, "no": False})
    assert attrs == ' x&quot; onclick=&quot;y="1" title="&quot;&gt;&lt;script&gt;" hidden'


@pytest.mark.parametrize("value", HOSTILE)
def test_widgets_write_hostile_values_as_text(value):
    textarea = FastTextarea().render("body", value)
    assert textarea.count("</textarea>") == 1
    assert "<img" not in textarea and "<script" not in textarea
    text_input = FastTextInput().render("subject", value)
    assert text_input.count('"') == 6  # type, name, value: no quote of the value's own
    options = option_tags_plain([(value, value)], value)
    assert options.count("<option") == 1 and "<script" not in options


def _row(value: str, **extra: object) -> InboxRow:
    row: InboxRow = {
        "pk": 7,
        "url": "/tickets/7/",
        "select_label": value,
        "reference": "FD-AAAAAAA",
        "subject": value,
        "customer": value,
        "status": "open",
        "status_label": value,
        "priority": "high",
        "priority_label": value,
        "team": value,
        "assignee": value,
        "escalated": True,
        "escalation_reason": value,
        "tags": [value, "vip"],
        "updated_iso": "2026-01-01T00:00:00+00:00",
        "updated_title": value,
        "updated_ago": value,
        "due": NO_DUE,
        "cells": SafeString(),
    }
    row.update(extra)  # type: ignore[typeddict-item]
    return row


@pytest.mark.parametrize("value", HOSTILE)
def test_inbox_rows_write_hostile_names_and_subjects_as_text(value):
    row = _row(value)
    row["cells"] = row_cells(row, "Escalated", "<b>Unassigned</b>")
    markup = rows_html([row], {7})
    assert "<script" not in markup and "<img" not in markup
    assert "onmouseover=" not in markup.replace("&quot;onmouseover=&quot;", "")
    # Every place a value appears holds its escaped text; the structure is unchanged.
    assert markup.count(conditional_escape(value)) == 17
    assert markup.count("<td") == 8 and markup.count("<tr") == 1
    unassigned = _row(value, assignee="", team="")
    cells = row_cells(unassigned, "Escalated", "<b>Unassigned</b>")
    assert "&lt;b&gt;Unassigned&lt;/b&gt;" in cells and "<b>" not in cells
    owner = '<td class="hide-sm col-owner"><span class="muted">&lt;b&gt;Unassigned&lt;/b&gt;</span>'
    assert owner + "</td>" in cells  # no team: no " · team" after the assignee


ROOT = Path(__file__).resolve().parents[2]  # the frontdesk package
ALLOWED = {ROOT / "core" / "html.py", ROOT / "core" / "text.py"}
PY_MARKERS = re.compile(r"mark_safe|SafeString\((?!\)|\"\"\)|''\))|SafeText\(|noqa: S308")
TEMPLATE_MARKERS = re.compile(r"\|\s*safe\b|autoescape\s+off|\|\s*safeseq\b")


def test_nothing_else_marks_text_safe():
    """mark_safe, SafeString(...), |safe and {% autoescape off %} only in the audited
    modules. Plain-text templates (.txt, e-mail bodies) may switch autoescaping off: they
    are not HTML."""
    found = []
    for path in ROOT.rglob("*.py"):
        if path in ALLOWED or "tests" in path.relative_to(ROOT).parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if PY_MARKERS.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    for path in ROOT.rglob("templates/**/*"):
        if path.suffix == ".txt" or not path.is_file():
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if TEMPLATE_MARKERS.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


def test_the_guard_would_see_a_new_mark_safe():
    assert PY_MARKERS.search("return mark_safe(text)")
    assert PY_MARKERS.search("SafeString(user_text)")
    assert not PY_MARKERS.search('SafeString("")')
    assert TEMPLATE_MARKERS.search("{{ body|safe }}")
    assert TEMPLATE_MARKERS.search("{% autoescape off %}")
