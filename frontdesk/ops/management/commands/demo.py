"""`frontdesk demo`: load the demo data set once (migrations must be applied)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from frontdesk.ops.demo import load_demo


class Command(BaseCommand):
    help = "Load a realistic demo data set: branches, staff, customers and tickets."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--tickets", type=int, default=2000, help="Tickets (2000).")
        parser.add_argument("--customers", type=int, default=200, help="Customers (200).")
        parser.add_argument("--seed", type=int, default=2025, help="Random seed (2025).")

    def handle(self, *args: Any, tickets: int, customers: int, seed: int, **options: Any) -> None:
        if tickets < 0 or customers < 5:
            raise CommandError("--tickets must be >= 0 and --customers >= 5")
        report = load_demo(tickets=tickets, customers=customers, seed=seed)
        self.stdout.write(report.summary())
