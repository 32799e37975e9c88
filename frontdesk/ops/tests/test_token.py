"""`frontdesk token create`: the raw token alone on stdout, clear errors otherwise."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command

from frontdesk.accounts.models import ApiToken, hash_token
from frontdesk.customers.models import CustomerToken
from frontdesk.ops.tests.conftest import run_frontdesk

CREATE_ADMIN = (
    "from frontdesk.accounts.services import do_create_staff_user\n"
    "do_create_staff_user(username='admin', role='admin')\n"
)


@pytest.fixture(scope="module")
def token_dir(migrated_dir):
    result = run_frontdesk(migrated_dir, "shell", "-c", CREATE_ADMIN)
    assert result.returncode == 0, result.stderr
    return migrated_dir


def test_it_prints_only_a_staff_token(token_dir):
    result = run_frontdesk(token_dir, "token", "create", "admin", "--name", "CI")
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"fds_[A-Za-z0-9_-]{40,}\n", result.stdout)


def test_it_creates_the_customer_for_a_customer_token(token_dir):
    result = run_frontdesk(token_dir, "token", "create", "--customer", "Ayse@Example.com")
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"fdc_[A-Za-z0-9_-]{40,}\n", result.stdout)
    check = run_frontdesk(
        token_dir, "shell", "-c",
        "from frontdesk.customers.models import Customer as C\n"
        "print(C.objects.get(email='ayse@example.com').api_tokens.count())",
    )  # fmt: skip
    assert check.stdout.strip().splitlines()[-1] == "1"


def test_it_refuses_an_unknown_user_in_one_line(token_dir):
    result = run_frontdesk(token_dir, "token", "create", "nobody")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == "frontdesk token: no staff user named 'nobody'\n"


def test_it_stores_only_the_hash(personas):
    out = StringIO()
    call_command("token", "create", personas.agent.username, "--name", "laptop", stdout=out)
    raw = out.getvalue().strip()
    token = ApiToken.objects.get(user=personas.agent)
    assert token.name == "laptop" and token.token_hash == hash_token(raw)
    out = StringIO()
    call_command("token", "create", "--customer", personas.customer.email, stdout=out)
    assert CustomerToken.objects.get(customer=personas.customer).token_hash == hash_token(
        out.getvalue().strip()
    )


@pytest.mark.django_db
def test_it_wants_exactly_one_of_user_or_customer(capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("token", "create", "admin", "--customer", "a@example.com")
    assert exit_info.value.code == 1
    assert capsys.readouterr().err.count("\n") == 1
