"""Macro placeholders: a fixed list of values, never the template engine."""

from __future__ import annotations

import pytest

from frontdesk.accounts.models import User
from frontdesk.customers.models import Customer
from frontdesk.tickets.macros import render_macro, render_text
from frontdesk.tickets.models import Macro, Ticket


def render(
    text: str,
    *,
    customer_name: str = "Ayşe Yılmaz",
    agent_first: str = "Anna",
    agent_last: str = "Bērziņa",
) -> str:
    customer = Customer(name=customer_name, email="ayse@example.com")
    ticket = Ticket(reference="FD-ABC2345", subject="Broken zipper", customer=customer)
    agent = User(username="anna", first_name=agent_first, last_name=agent_last)
    return render_text(text, ticket=ticket, agent=agent)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello {{customer.name}}", "Hello Ayşe Yılmaz"),
        ("Hello {{ customer.first_name }},", "Hello Ayşe,"),
        ("{{customer.email}}", "ayse@example.com"),
        ("Re {{ticket.reference}}: {{ ticket.subject }}", "Re FD-ABC2345: Broken zipper"),
        ("{{agent.name}} / {{agent.first_name}}", "Anna Bērziņa / Anna"),
        ("{{  customer.name\t}}", "Ayşe Yılmaz"),
        ("{{ customer.password }} {{ user.name }}", "{{ customer.password }} {{ user.name }}"),
        (
            "{% load static %}{{ settings.SECRET_KEY }}{{ customer.name|upper }}",
            "{% load static %}{{ settings.SECRET_KEY }}{{ customer.name|upper }}",
        ),
        ("{{customer.name}", "{{customer.name}"),
        ("no placeholders", "no placeholders"),
        ("", ""),
    ],
)
def test_it_fills_known_placeholders_only(text, expected):
    assert render(text) == expected


def test_values_are_inserted_literally():
    assert render("Hi {{customer.name}}", customer_name="{{agent.name}} {% x %}") == (
        "Hi {{agent.name}} {% x %}"
    )


def test_it_falls_back_when_names_are_missing():
    assert render("{{customer.first_name}}", customer_name="") == "ayse"
    assert render("{{agent.first_name}}|{{agent.name}}", agent_first="", agent_last="") == (
        "anna|anna"
    )


def test_render_macro_uses_the_macro_body():
    customer = Customer(name="Janez Novak")
    ticket = Ticket(reference="FD-X", subject="S", customer=customer)
    macro = Macro(name="Greeting", body="Dear {{ customer.first_name }}")
    assert render_macro(macro, ticket=ticket, agent=User(username="oskar")) == "Dear Janez"


def test_it_is_fast_on_hostile_text():
    text = "{{ " * 50_000 + "{{customer.name" * 10_000
    assert render(text) == text
