"""Property-based fuzzing of the whole REST API spec (schemathesis) against the in-process app.

Every operation must answer with a documented status and a body that matches the spec:
no 500s, no schema violations, whatever the input.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from frontdesk.accounts.models import ApiToken, hash_token
from frontdesk.core.api_types import MAX_ID
from frontdesk.customers.services import do_create_organization
from frontdesk.sla.models import BusinessCalendar, SlaPolicy
from frontdesk.tickets.models import Macro
from frontdesk.tickets.services import do_add_message, do_create_ticket

# The admin's token, stored (hashed) by the fixture; schemathesis sends it as the spec says.
ADMIN_TOKEN = ApiToken.PREFIX + "schemathesis-admin-token-for-tests-only"

# A request valid by the schema may still be refused by a business rule: an id that does
# not exist (404, or 422 naming the field), a duplicate (409), a damaged cursor (400).
CONFIG = SchemathesisConfig.from_dict(
    {
        "auth": {"openapi": {"TokenAuth": {"bearer": ADMIN_TOKEN}}},
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2XX", "400", "401", "403", "404", "409", "422"]
            }
        },
    }
)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler(), config=CONFIG)

# Ids of rows that exist, so that generated paths reach real objects, not only 404s.
KNOWN_IDS: dict[str, list[int]] = {}


def use_known_ids(case: Any) -> None:
    """Point about half of the valid generated ids at rows that exist."""
    for name, value in list((case.path_parameters or {}).items()):
        known = KNOWN_IDS.get(name)
        number = int(value) if isinstance(value, str) and value.isdigit() else value
        if known and isinstance(number, int) and 1 <= number <= MAX_ID and number % 2 == 0:
            case.path_parameters[name] = known[number // 2 % len(known)]


@pytest.fixture(autouse=True)
def _no_rate_limits() -> Iterator[None]:
    """The fuzzer sends hundreds of requests per route with one token; the API budgets
    are tested in frontdesk/core/tests/test_ratelimit.py."""
    off = ("READ", "WRITE", "IP_READ", "IP_WRITE", "FAILED_AUTH")
    with override_settings(**{f"FRONTDESK_API_RATE_{name}": "0/min" for name in off}):
        yield


@pytest.fixture
def api_data(personas: Any) -> Iterator[None]:
    # The app runs in this thread inside the test transaction: keep Django from closing
    # the connection at the start and end of each request (as django.test.Client does).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        org = do_create_organization(name="Baltic Outdoor")
        personas.customer.organization = org
        personas.customer.save()
        tickets = []
        for i, customer in enumerate(
            [personas.customer, personas.customer, personas.other_customer]
        ):
            ticket = do_create_ticket(
                actor=None,
                customer=customer,
                subject=f"Request {i}",
                body="Hello",
                team=personas.team,
                tags=["vip"],
                acknowledge=False,
            )
            do_add_message(actor=personas.agent, ticket=ticket, body="Note", internal=True)
            tickets.append(ticket)
        macro = Macro.objects.create(name="Thanks", body="Thanks {{ customer.first_name }}")
        KNOWN_IDS.update(
            {
                "ticket_id": [t.pk for t in tickets],
                "macro_id": [macro.pk],
                "customer_id": [personas.customer.pk, personas.other_customer.pk],
                "organization_id": [org.pk],
                "team_id": [personas.team.pk, personas.other_team.pk],
                "branch_id": [personas.branch.pk, personas.other_branch.pk],
                "calendar_id": list(BusinessCalendar.objects.values_list("pk", flat=True)),
                "policy_id": list(SlaPolicy.objects.values_list("pk", flat=True)),
            }
        )
        ApiToken.objects.create(user=personas.admin, token_hash=hash_token(ADMIN_TOKEN))
        yield
    finally:
        KNOWN_IDS.clear()
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("FRONTDESK_FUZZ_EXAMPLES", "25")),
    # Same examples on every CI run; set FRONTDESK_FUZZ_EXAMPLES for a deeper random run.
    derandomize="FRONTDESK_FUZZ_EXAMPLES" not in os.environ,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_conforms_to_its_spec(case: Any, api_data: None) -> None:
    use_known_ids(case)
    case.call_and_validate()
