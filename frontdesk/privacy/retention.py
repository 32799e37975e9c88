"""Which tickets the retention rules pick now (read only): the dry run and the job's batches
use the same selection, so the count shown is what the job deletes or anonymises.

A ticket picked by a delete rule is deleted, whatever anonymise rules say; a ticket is
anonymised once (`AnonymisedTicket`), never again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from frontdesk.privacy.choices import RetentionAction, RetentionBasis, RetentionStatus
from frontdesk.privacy.models import AnonymisedTicket, RetentionRule
from frontdesk.tickets.models import Ticket


def rule_matches(rule: RetentionRule, now: datetime) -> Q:
    cutoff = now - timedelta(days=rule.age_days)
    match = Q(status=rule.status)
    if rule.team_id:
        match &= Q(team_id=rule.team_id)
    if rule.basis == RetentionBasis.UPDATED:
        return match & Q(updated_at__lt=cutoff)
    if rule.status == RetentionStatus.CLOSED:
        return match & Q(closed_at__lt=cutoff)
    return match & Q(solved_at__lt=cutoff)


def _any(rules: list[RetentionRule], now: datetime) -> Q | None:
    return reduce(or_, (rule_matches(rule, now) for rule in rules)) if rules else None


def pending(now: datetime, rules: list[RetentionRule] | None = None) -> dict[str, QuerySet]:
    """The tickets each action would take now: {"delete": ..., "anonymise": ...}."""
    rules = list(RetentionRule.objects.all()) if rules is None else rules
    delete = _any([r for r in rules if r.action == RetentionAction.DELETE], now)
    anonymise = _any([r for r in rules if r.action == RetentionAction.ANONYMISE], now)
    none = Ticket.objects.none()
    to_anonymise = none
    if anonymise is not None:
        to_anonymise = Ticket.objects.filter(anonymise).exclude(
            pk__in=AnonymisedTicket.objects.values("ticket_id")
        )
        if delete is not None:
            to_anonymise = to_anonymise.exclude(delete)
    return {
        RetentionAction.DELETE: none if delete is None else Ticket.objects.filter(delete),
        RetentionAction.ANONYMISE: to_anonymise,
    }


@dataclass(frozen=True)
class Preview:
    per_rule: list[tuple[RetentionRule, int]]
    delete: int
    anonymise: int


def preview(now: datetime) -> Preview:
    """The dry run: per rule (rules may overlap) and the totals the job would apply."""
    rules = list(RetentionRule.objects.select_related("team"))
    per_rule = []
    for rule in rules:
        tickets = Ticket.objects.filter(rule_matches(rule, now))
        if rule.action == RetentionAction.ANONYMISE:
            tickets = tickets.exclude(pk__in=AnonymisedTicket.objects.values("ticket_id"))
        per_rule.append((rule, tickets.count()))
    totals = pending(now, rules)
    return Preview(
        per_rule=per_rule,
        delete=totals[RetentionAction.DELETE].count(),
        anonymise=totals[RetentionAction.ANONYMISE].count(),
    )
