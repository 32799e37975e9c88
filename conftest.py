"""The one test base: named personas built through the real services."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from frontdesk.accounts.choices import Role
from frontdesk.accounts.models import Branch, Team, User
from frontdesk.accounts.services import do_create_staff_user
from frontdesk.customers.models import Customer
from frontdesk.customers.services import do_create_customer


@dataclass
class Personas:
    admin: User
    manager: User
    agent: User  # team "Riga shop", branch Riga
    other_agent: User  # team "Ljubljana shop", branch Ljubljana
    light_agent: User  # team "Riga shop", notes only
    team: Team
    other_team: Team
    branch: Branch
    other_branch: Branch
    customer: Customer
    other_customer: Customer


@pytest.fixture(autouse=True)
def _english_by_default() -> None:
    """A test that served a page in another language must not leave it active."""
    from django.utils import translation

    translation.activate("en")


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Rate-limit counters and other cached state never leak from one test to the next."""
    from django.core.cache import cache

    from frontdesk.core import ratelimit

    cache.clear()
    ratelimit.forget()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """Production hashing is slow on purpose; tests do not need it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def personas(db: None) -> Personas:
    riga = Branch.objects.create(name="Riga", city="Riga", country="LV", time_zone="Europe/Riga")
    ljubljana = Branch.objects.create(
        name="Ljubljana", city="Ljubljana", country="SI", time_zone="Europe/Ljubljana"
    )
    team = Team.objects.create(name="Riga shop", branch=riga)
    other_team = Team.objects.create(name="Ljubljana shop", branch=ljubljana)
    pw = "correct horse battery staple"
    return Personas(
        admin=do_create_staff_user(username="admin", role=Role.ADMIN, password=pw),
        manager=do_create_staff_user(username="maria", role=Role.MANAGER, password=pw),
        agent=do_create_staff_user(username="anna", role=Role.AGENT, password=pw, teams=[team]),
        other_agent=do_create_staff_user(
            username="oskar", role=Role.AGENT, password=pw, teams=[other_team]
        ),
        light_agent=do_create_staff_user(
            username="lena", role=Role.LIGHT_AGENT, password=pw, teams=[team]
        ),
        team=team,
        other_team=other_team,
        branch=riga,
        other_branch=ljubljana,
        customer=do_create_customer(email="ayse@example.com", name="Ayşe Yılmaz", language="tr"),
        other_customer=do_create_customer(
            email="janez@example.si", name="Janez Novak", language="sl"
        ),
    )


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # type: ignore[no-untyped-def]
    """Say plainly what was skipped and why, grouped by reason; with
    FRONTDESK_TEST_REPORT set, also append one line per run to that file (make test
    prints them together at the very end)."""
    import os
    from collections import Counter

    if hasattr(config, "workerinput"):  # an xdist worker: the controller reports the run
        return

    reasons: Counter[str] = Counter()
    for report in terminalreporter.stats.get("skipped", []):
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reasons[reason.removeprefix("Skipped: ")] += 1
    passed = len(terminalreporter.stats.get("passed", []))
    failed = len(terminalreporter.stats.get("failed", [])) + len(
        terminalreporter.stats.get("error", [])
    )
    from django.db import connection

    database = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    if reasons:
        terminalreporter.write_sep("-", f"skipped on {database}, by reason")
        for reason, count in reasons.most_common():
            terminalreporter.write_line(f"{count:5d}  {reason}")
    path = os.environ.get("FRONTDESK_TEST_REPORT")
    if path:
        skipped = sum(reasons.values())
        why = "; ".join(f"{count} {reason}" for reason, count in reasons.most_common())
        line = f"{database}: {passed} passed, {failed} failed, {skipped} skipped"
        with open(path, "a", encoding="utf-8") as report_file:
            report_file.write(line + (f" ({why})" if why else "") + "\n")
