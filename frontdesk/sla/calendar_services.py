"""The write path of business calendars and of the hours of teams and branches (S1).

Managers and administrators only, as the other settings. The API and the settings pages
both end here. Every function is a transaction with keyword-only arguments; bad input
is `Invalid` with the field at fault, a calendar still in use is a `Conflict`.
"""

from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import cache
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from frontdesk.accounts.models import Branch, Team, User
from frontdesk.audit.services import changes as audit_changes
from frontdesk.audit.services import do_record_audit
from frontdesk.core.errors import Conflict, Forbidden, Invalid
from frontdesk.core.text import one_line
from frontdesk.sla import calendar as hours
from frontdesk.sla.models import BranchHours, BusinessCalendar, TeamHours

logger = logging.getLogger(__name__)

MAX_NAME = 120
MAX_CLOSED_DAYS = 1000
MAX_RANGES_PER_DAY = 10
CALENDAR_FIELDS = (
    "name",
    "time_zone",
    "weekly_hours",
    "always_open",
    "holiday_country",
    "holiday_subdivision",
    "closed_days",
    "is_default",
)


def require_manager(actor: object) -> User:
    """The actor as a manager or administrator; 403 for anyone else."""
    if not isinstance(actor, User) or not actor.is_active:
        raise Forbidden(_("Only staff can do this."))
    if not actor.is_manager:
        raise Forbidden(_("Only managers and administrators can change this."))
    return actor


@cache
def time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _clean_weekly_hours(value: object) -> dict[str, list[str]]:
    if not isinstance(value, Mapping):
        raise Invalid(_('Give weekly hours like {"mon": ["09:00-17:00"]}.'), field="weekly_hours")
    try:
        parsed = hours.parse_weekly_hours(value)
    except (ValueError, TypeError, AttributeError):
        raise Invalid(
            _(
                "Give opening hours per weekday (mon to sun) as HH:MM-HH:MM, "
                "for example 09:00-17:00 or 22:00-06:00."
            ),
            field="weekly_hours",
        ) from None
    if any(len(ranges) > MAX_RANGES_PER_DAY for ranges in parsed.values()):
        raise Invalid(
            _("At most %(count)d opening ranges a day.") % {"count": MAX_RANGES_PER_DAY},
            field="weekly_hours",
        )
    # Stored as written, in the canonical form: "mon": ["09:00-17:00"] in weekday order.
    return {
        hours.WEEKDAY_NAMES[day]: [f"{start:%H:%M}-{end:%H:%M}" for start, end in ranges]
        for day, ranges in sorted(parsed.items())
        if ranges
    }


def _clean_closed_days(value: object) -> list[str]:
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise Invalid(_("Give extra closed days as a list of dates."), field="closed_days")
    if len(value) > MAX_CLOSED_DAYS:
        raise Invalid(
            _("At most %(count)d extra closed days.") % {"count": MAX_CLOSED_DAYS},
            field="closed_days",
        )
    days = set()
    for item in value:
        try:
            days.add(date.fromisoformat(str(item).strip()))
        except ValueError:
            raise Invalid(
                _("%(value)s is not a date: write it as YYYY-MM-DD, for example 2026-12-24.")
                % {"value": str(item)[:40]},
                field="closed_days",
            ) from None
    return [day.isoformat() for day in sorted(days)]


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """Checked and normalised calendar fields (only those given)."""
    cleaned = dict(values)
    if "name" in values:
        cleaned["name"] = one_line(str(values["name"] or ""), MAX_NAME).strip()
        if not cleaned["name"]:
            raise Invalid(_("Give the calendar a name."), field="name")
    if "time_zone" in values:
        zone = str(values["time_zone"] or "").strip()
        if zone not in time_zones():
            raise Invalid(
                _("Unknown time zone %(zone)s: choose one like Europe/Riga.") % {"zone": zone[:64]},
                field="time_zone",
            )
        cleaned["time_zone"] = zone
    if "weekly_hours" in values:
        cleaned["weekly_hours"] = _clean_weekly_hours(values["weekly_hours"])
    if "closed_days" in values:
        cleaned["closed_days"] = _clean_closed_days(values["closed_days"])
    if "holiday_country" in values:
        cleaned["holiday_country"] = str(values["holiday_country"] or "").strip().upper()
    if "holiday_subdivision" in values:
        cleaned["holiday_subdivision"] = str(values["holiday_subdivision"] or "").strip().upper()
    for flag in ("always_open", "is_default"):
        if flag in values and not isinstance(values[flag], bool):
            raise Invalid(_("Choose yes or no."), field=flag)
    return cleaned


def _check_whole(calendar: BusinessCalendar) -> None:
    """The checks that need every field: holidays of the country, hours or 24/7."""
    country, subdivision = calendar.holiday_country, calendar.holiday_subdivision
    if (country and len(country) != 2) or not hours_of_country(country, None):
        raise Invalid(
            _("Frontdesk has no public holidays for the country %(country)s.")
            % {"country": country[:10]},
            field="holiday_country",
        )
    if subdivision and not country:
        raise Invalid(_("Choose the country of this subdivision."), field="holiday_country")
    if subdivision and (len(subdivision) > 10 or not hours_of_country(country, subdivision)):
        raise Invalid(
            _("%(country)s has no subdivision %(subdivision)s with its own public holidays.")
            % {"country": country, "subdivision": subdivision[:10]},
            field="holiday_subdivision",
        )
    if calendar.always_open:
        calendar.weekly_hours = {}  # 24/7 takes no weekly hours
    try:
        pure = calendar.as_calendar()
    except (ValueError, TypeError, AttributeError) as exc:
        logger.info("calendar refused: %s", exc)
        raise Invalid(_("These business hours are not valid."), field="weekly_hours") from None
    if not pure.has_hours:
        raise Invalid(
            _("Give opening hours for at least one day, or mark the calendar open 24/7."),
            field="weekly_hours",
        )


def hours_of_country(country: str, subdivision: str | None) -> bool:
    """True when the holidays package knows the country (and subdivision); '' is fine."""
    if not country:
        return True
    try:
        hours.BusinessCalendar(
            always_open=True, holiday_country=country, holiday_subdivision=subdivision
        )
    except (ValueError, NotImplementedError, KeyError, AttributeError, TypeError):
        return False
    return True


def _save(calendar: BusinessCalendar) -> BusinessCalendar:
    if BusinessCalendar.objects.filter(name=calendar.name).exclude(pk=calendar.pk).exists():
        raise Invalid(_("Another calendar already has this name."), field="name")
    if calendar.is_default:
        BusinessCalendar.objects.filter(is_default=True).exclude(pk=calendar.pk).update(
            is_default=False
        )
    try:
        with transaction.atomic():
            calendar.save()
    except IntegrityError:
        raise Conflict(_("Another calendar was saved at the same time; try again.")) from None
    return calendar


@transaction.atomic
def do_create_calendar(
    *,
    actor: object,
    name: str,
    time_zone: str = "UTC",
    weekly_hours: Mapping[str, Sequence[str]] | None = None,
    always_open: bool = False,
    holiday_country: str = "",
    holiday_subdivision: str = "",
    closed_days: Sequence[str] = (),
    is_default: bool = False,
) -> BusinessCalendar:
    """A new business calendar."""
    require_manager(actor)
    values = _clean(
        {
            "name": name,
            "time_zone": time_zone,
            "weekly_hours": weekly_hours or {},
            "always_open": always_open,
            "holiday_country": holiday_country,
            "holiday_subdivision": holiday_subdivision,
            "closed_days": list(closed_days),
            "is_default": is_default,
        }
    )
    calendar = BusinessCalendar(**values)
    _check_whole(calendar)
    return _save(calendar)


@transaction.atomic
def do_update_calendar(
    *, actor: object, calendar: BusinessCalendar, changes: Mapping[str, Any]
) -> BusinessCalendar:
    """Change the given fields (any of CALENDAR_FIELDS). Due times already computed stay;
    the new hours apply to due times computed from now on."""
    require_manager(actor)
    unknown = set(changes) - set(CALENDAR_FIELDS)
    if unknown:
        raise TypeError(f"not calendar fields: {sorted(unknown)}")
    calendar = BusinessCalendar.objects.select_for_update().get(pk=calendar.pk)
    cleaned = _clean(dict(changes))
    old = {name: getattr(calendar, name) for name in cleaned}
    for name, value in cleaned.items():
        setattr(calendar, name, value)
    _check_whole(calendar)
    saved = _save(calendar)
    before, after = audit_changes(old, cleaned)
    if after:
        do_record_audit(
            action="settings.calendar_changed",
            actor=actor,
            target=saved,
            before=before,
            after=after,
        )
    return saved


@transaction.atomic
def do_delete_calendar(*, actor: object, calendar: BusinessCalendar) -> None:
    """Delete a calendar no policy uses; its teams and branches fall back (see ticket_hours)."""
    require_manager(actor)
    policies = list(calendar.policies.order_by("position", "pk").values_list("name", flat=True))
    if policies:
        raise Conflict(
            _(
                "The calendar is used by the SLA policies %(names)s: "
                "choose another calendar there first."
            )
            % {"names": ", ".join(f"“{name}”" for name in policies[:5])}
        )
    calendar.delete()


@transaction.atomic
def do_set_team_calendar(
    *, actor: object, team: Team, calendar: BusinessCalendar | None
) -> TeamHours | None:
    """Give a team its own hours, or (None) let it use its branch's or the default."""
    require_manager(actor)
    if calendar is None:
        TeamHours.objects.filter(team=team).delete()
        return None
    link, _created = TeamHours.objects.update_or_create(team=team, defaults={"calendar": calendar})
    return link


@transaction.atomic
def do_set_branch_calendar(
    *, actor: object, branch: Branch, calendar: BusinessCalendar | None
) -> BranchHours | None:
    """Give a branch its hours, or (None) let it use the default calendar."""
    require_manager(actor)
    if calendar is None:
        BranchHours.objects.filter(branch=branch).delete()
        return None
    link, _created = BranchHours.objects.update_or_create(
        branch=branch, defaults={"calendar": calendar}
    )
    return link


@transaction.atomic
def do_set_calendar_users(
    *,
    actor: object,
    calendar: BusinessCalendar,
    teams: Iterable[Team],
    branches: Iterable[Branch],
) -> None:
    """Exactly these teams and branches use `calendar` (the settings page's check boxes)."""
    require_manager(actor)
    team_ids = {team.pk for team in teams}
    branch_ids = {branch.pk for branch in branches}
    TeamHours.objects.filter(calendar=calendar).exclude(team_id__in=team_ids).delete()
    BranchHours.objects.filter(calendar=calendar).exclude(branch_id__in=branch_ids).delete()
    for team_id in team_ids:
        TeamHours.objects.update_or_create(team_id=team_id, defaults={"calendar": calendar})
    for branch_id in branch_ids:
        BranchHours.objects.update_or_create(branch_id=branch_id, defaults={"calendar": calendar})


@transaction.atomic
def do_save_calendar_page(
    *,
    actor: object,
    calendar: BusinessCalendar | None,
    values: Mapping[str, Any],
    teams: Iterable[Team],
    branches: Iterable[Branch],
) -> BusinessCalendar:
    """The Business hours page's save: create (`calendar` None) or change the calendar
    and set exactly which teams and branches use it, all or nothing."""
    if calendar is None:
        calendar = do_create_calendar(actor=actor, **values)
    else:
        calendar = do_update_calendar(actor=actor, calendar=calendar, changes=values)
    do_set_calendar_users(actor=actor, calendar=calendar, teams=teams, branches=branches)
    return calendar
