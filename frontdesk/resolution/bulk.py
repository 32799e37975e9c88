"""Solving several tickets at once from the inbox's bulk bar, through the checklist (T7).

The checklist is the workspace's, the same yes/no questions for every ticket, so one set
of answers can stand for all the selected tickets: the agent ticks what holds for every
one of them. Each ticket is still solved by `do_solve_ticket` in its own transaction
and gets its own `SolveRecord` and history entry; one that may not be solved (already
solved, closed) is reported and leaves the others alone.

The inbox sits in the tickets app, below this one, so it reaches this module through
the `tickets.hooks.Solver` registered in `apps.ResolutionConfig.ready`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import translation

from frontdesk.core.errors import Invalid
from frontdesk.resolution.access import active_checklist
from frontdesk.resolution.forms import SolveForm
from frontdesk.resolution.models import SolveRecord
from frontdesk.resolution.services import check_answers, do_solve_ticket
from frontdesk.tickets.access import Actor
from frontdesk.tickets.hooks import Solver
from frontdesk.tickets.models import Ticket

PREFIX = "solve"  # the bulk bar's checklist fields: solve-item_<id>, solve-note


@dataclass(frozen=True)
class Answers:
    answers: dict[int, bool]
    note: str
    language: str


def bulk_solve_form(data: Mapping[str, Any] | None = None) -> SolveForm:
    return SolveForm(
        data,
        items=active_checklist(),
        language=translation.get_language(),
        prefix=PREFIX,
        auto_id="bulk_solve_%s",
    )


def read_answers(data: Mapping[str, Any]) -> Answers:
    """The checklist as ticked in the bulk bar; Invalid when a required box is not."""
    form = bulk_solve_form(data)
    if not form.is_valid():
        raise Invalid(" ".join(str(e) for errors in form.errors.values() for e in errors))
    language = translation.get_language()
    answers = form.answers()
    try:
        check_answers(answers, language=language)
    except Invalid as error:
        raise Invalid(error.message, field="status") from None
    return Answers(answers=answers, note=form.cleaned_data["note"], language=language)


def solve(*, actor: Actor, ticket: Ticket, answers: Answers) -> SolveRecord:
    return do_solve_ticket(
        actor=actor,
        ticket=ticket,
        answers=answers.answers,
        note=answers.note,
        language=answers.language,
    )


SOLVER = Solver(read_answers=read_answers, solve=solve)
