"""The one escaping path for HTML written in Python (SECURITY.md check 21).

Pages that render many rows (the inbox, option lists, form widgets) write their markup
in Python rather than through templates (docs/performance.md). They do it only through
the builders here, `format_html`-like but cheaper: every value is escaped unless it is
already safe HTML (it has `__html__`, e.g. the result of another builder, a form field),
and the result is marked safe once. Templates are code (string literals), never data.

Only this module and the HTML sanitiser (`core/text.py`) may mark text safe:
`frontdesk/core/tests/test_html.py` fails on `mark_safe`, `SafeString(...)`, `|safe` and
`{% autoescape off %}` (in HTML templates) anywhere else.
"""

from __future__ import annotations

import html as _html
import keyword
from collections.abc import Callable, Iterable
from string import Formatter
from typing import Any

from django.utils.functional import Promise
from django.utils.safestring import SafeString

__all__ = [
    "EMPTY",
    "HtmlTemplate",
    "esc",
    "html",
    "html_attrs",
    "html_concat",
    "html_join",
]

_escape = _html.escape  # the same as django.utils.html.escape: & < > " ' escaped
_plain = str.__str__
EMPTY = SafeString("")


def esc(value: Any) -> str:
    """`conditional_escape` as plain text, without a `SafeString` per call: the escaped
    value, or the markup of a value that is already safe HTML."""
    kind = type(value)
    if kind is str:  # the usual case, first; most texts have nothing to escape
        if "&" in value or "<" in value or ">" in value or '"' in value or "'" in value:
            return _escape(value)
        return value  # type: ignore[no-any-return]
    if kind is SafeString:
        return _plain(value)  # a plain copy: formatting it calls no Python `__str__`
    if kind is int:
        return str(value)
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return _escape(str(value))


def html(template: str, /, *values: Any) -> SafeString:
    """`template.format(*values)` with every value escaped (`format_html` semantics).

    `template` is a literal in the code with `{}` fields; values that are safe HTML
    (another builder's result, a bound field) are inserted as they are.
    """
    return SafeString(template.format(*[esc(value) for value in values]))


class HtmlTemplate:
    """`html_format` compiled once, for markup written many times per page (inbox rows,
    option lists): `row = HtmlTemplate('<a href="{url}">{text}</a>')`, then
    `row.fill(url=..., text=...)`, or `row.join(rows)` with one tuple per row, its values
    in the order of `row.fields` (first appearance in the template).

    The template becomes an f-string whose fields are `esc(<field>)` and whose literal
    parts are closure variables: the generated source holds only field names (checked to
    be plain identifiers), never the template's text. `format` would parse a long
    template on every call; this parses it once.
    """

    __slots__ = ("fields", "fill", "join")

    fill: Callable[..., SafeString]
    join: Callable[[Iterable[tuple[Any, ...]]], SafeString]

    def __init__(self, template: str) -> None:
        literals: list[str] = []
        pieces: list[str] = []
        fields: list[str] = []
        for literal, field, spec, conversion in Formatter().parse(template):
            if literal:
                pieces.append(f"{{_l{len(literals)}}}")
                literals.append(literal)
            if field is None:
                continue
            if not field.isidentifier() or keyword.iskeyword(field) or field.startswith("_"):
                raise ValueError(f"HtmlTemplate: {field!r} is not a plain field name")
            if spec or conversion:
                raise ValueError(f"HtmlTemplate: {field!r} has a format spec or conversion")
            pieces.append(f"{{_e({field})}}")
            if field not in fields:
                fields.append(field)
        closure = "".join(f", _l{index}" for index in range(len(literals)))
        names = ", ".join(fields)
        body = "".join(pieces)
        target = f"{names}," if fields else ""
        source = (
            f"def _make(_e, _S{closure}):\n"
            f"    def fill({'*, ' if fields else ''}{names}):\n"
            f"        return _S(f'{body}')\n"
            "    def join(rows):\n"
            f"        return _S(''.join([f'{body}' for ({target}) in rows]))\n"
            "    return fill, join\n"
        )
        namespace: dict[str, Any] = {}
        exec(compile(source, "<HtmlTemplate>", "exec"), namespace)  # noqa: S102 - names only
        # The generated functions themselves, not wrapped: no extra call per row.
        self.fill, self.join = namespace["_make"](esc, SafeString, *literals)
        self.fields = tuple(fields)


def html_join(template: str, rows: Iterable[Iterable[Any]], separator: str = "") -> SafeString:
    """`html(template, *row)` for each row, joined by the literal `separator`
    (`format_html_join`, marked safe once for the whole list). `template` uses automatic
    fields (`{}`) only: the rows are written by one `format` of the template repeated."""
    values = []
    count = 0
    for row in rows:
        values += [esc(value) for value in row]
        count += 1
    if not count:
        return EMPTY
    separator = separator.replace("{", "{{").replace("}", "}}")
    return SafeString(separator.join([template] * count).format(*values))


def html_concat(parts: list[Any]) -> SafeString:
    """The parts side by side: safe HTML as it is, anything else escaped."""
    if set(map(type, parts)) <= _ONLY_SAFE:  # the usual case, checked in C
        return SafeString("".join(parts))
    return SafeString("".join([esc(part) for part in parts]))


_ONLY_SAFE = {SafeString}


def html_attrs(attrs: dict[str, Any]) -> SafeString:
    """Attributes as Django's `django/forms/widgets/attrs.html` writes them: ` name="v"`,
    a bare ` name` for True, nothing for False; names and values escaped."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {esc(name)}")
        else:
            parts.append(f' {esc(name)}="{esc(value)}"')
    return SafeString("".join(parts))
