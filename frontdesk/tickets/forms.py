"""Forms of the ticket page. They parse input only; the services decide what is allowed."""

from __future__ import annotations

from typing import NamedTuple

from django import forms
from django.db.models import Exists, OuterRef, Q, Value
from django.utils.translation import gettext_lazy as _

from frontdesk.accounts.models import Team, User
from frontdesk.core.errors import ServiceError
from frontdesk.tickets.choices import MessageKind, Priority, Status, TicketType
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.widgets import (
    FastHiddenInput,
    FastRadioSelect,
    FastSelect,
    FastTextarea,
    FastTextInput,
    PreparedOption,
    ValuesChoiceIterator,
    prepared_option,
)


def add_service_error(
    form: forms.Form, error: ServiceError, aliases: dict[str, str] | None = None
) -> None:
    """Show a service's refusal on the field it names, or on the whole form."""
    field = (aliases or {}).get(error.field or "", error.field)
    form.add_error(field if field in form.fields else None, error.message)


def staff_label(first_name: str, last_name: str, username: str) -> str:
    """The option label of a staff user: full name and username, or the username."""
    full = f"{first_name} {last_name}".strip()
    return f"{full} ({username})" if full else username


class StaffChoiceField(forms.ModelChoiceField):
    """Staff users as options, read without building a `User` per option."""

    iterator = ValuesChoiceIterator
    widget = FastSelect
    label_fields = ("first_name", "last_name", "username")

    def label_from_instance(self, obj: object) -> str:
        assert isinstance(obj, User)
        return staff_label(obj.first_name, obj.last_name, obj.username)

    def label_from_values(self, first_name: str, last_name: str, username: str) -> str:
        return staff_label(first_name, last_name, username)

    def show_staff(self, rows: list[StaffRow], *, active_only: bool) -> None:
        """Render these rows (see `staff_rows`) instead of querying the users again; their
        options are escaped once for all the pickers that show them."""
        widget = self.widget
        assert isinstance(widget, FastSelect)
        widget.prepared = [
            prepared_option("", self.empty_label),
            *[row.option for row in rows if (row.active if active_only else row.listed)],
        ]


class StaffRow(NamedTuple):
    pk: int
    label: str  # as in the pickers: "Full Name (username)"
    active: bool
    option: PreparedOption  # the picker's <option>
    listed: bool  # in the assignee picker: active, or the ticket's assignee
    helping: bool  # a collaborator of the ticket
    name: str  # str(user): the full name, or the username


def staff_rows(include_pk: int | None, ticket_id: int | None = None) -> list[StaffRow]:
    """The active staff plus `include_pk` (and the collaborators of ticket `ticket_id`),
    by username: the ticket page's assignee and colleague pickers and its list of
    helpers share this one query."""
    wanted = Q(is_active=True) | Q(pk=include_pk)
    users = User.objects.all()
    if ticket_id is not None:
        helpers = Ticket.collaborators.through.objects.filter(
            ticket_id=ticket_id, user_id=OuterRef("pk")
        )
        users = users.annotate(helping=Exists(helpers))
        wanted |= Q(helping=True)
    else:
        users = users.annotate(helping=Value(False))
    rows: list[StaffRow] = []
    for pk, first, last, username, active, helping in (
        users.filter(wanted)
        .order_by("username")
        .values_list("pk", "first_name", "last_name", "username", "is_active", "helping")
    ):
        label = staff_label(first, last, username)
        name = f"{first} {last}".strip() or username  # User.__str__
        listed = active or pk == include_pk
        rows.append(StaffRow(pk, label, active, prepared_option(pk, label), listed, helping, name))
    return rows


class TeamChoiceField(forms.ModelChoiceField):
    iterator = ValuesChoiceIterator
    widget = FastSelect
    label_fields = ("name",)

    def label_from_values(self, name: str) -> str:
        return name


# The longest message typed on the ticket page (the help center's limit too). No
# `maxlength` on the textarea: the browser would cut a long paste without a word; a
# counter (static/frontdesk/counter.js) warns near the limit and the form refuses above.
MAX_MESSAGE_CHARS = 50_000


def check_length(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """`text`, or a clear refusal that says how long it is (the form keeps the text)."""
    if len(text) > limit:
        raise forms.ValidationError(
            _(
                "This text is %(length)s characters long; the limit is %(limit)s. Shorten it "
                "or send it in two parts: nothing was sent and your text is kept below."
            ),
            params={"length": f"{len(text):,}", "limit": f"{limit:,}"},
            code="too_long",
        )
    return text


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        required=False,
        widget=FastTextarea(
            attrs={"rows": 5, "id": "reply-body", "data-max-chars": str(MAX_MESSAGE_CHARS)}
        ),
    )
    kind = forms.ChoiceField(
        label=_("Send as"),
        choices=MessageKind.choices,
        initial=MessageKind.REPLY,
        widget=FastRadioSelect,
    )
    last_message_id = forms.IntegerField(required=False, widget=FastHiddenInput)
    confirm = forms.BooleanField(required=False, widget=FastHiddenInput)

    def __init__(self, *args: object, can_reply_publicly: bool = True, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not can_reply_publicly:
            kind = self.fields["kind"]
            assert isinstance(kind, forms.ChoiceField)
            kind.choices = [(MessageKind.NOTE.value, MessageKind.NOTE.label)]
            kind.initial = MessageKind.NOTE
            if not self.is_bound:
                self.initial["kind"] = MessageKind.NOTE

    def clean_body(self) -> str:
        return check_length(self.cleaned_data["body"])

    @property
    def internal(self) -> bool:
        return self.cleaned_data.get("kind") == MessageKind.NOTE


class PropertiesForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, widget=FastSelect)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, widget=FastSelect)
    type = forms.ChoiceField(label=_("Type"), choices=TicketType.choices, widget=FastSelect)
    assignee = StaffChoiceField(label=_("Assignee"), queryset=User.objects.none(), required=False)
    team = TeamChoiceField(label=_("Team"), queryset=Team.objects.order_by("name"), required=False)
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        widget=FastTextInput,
        help_text=_("Separate tags with commas."),
    )
    handoff_note = forms.CharField(
        label=_("Hand-off note"),
        required=False,
        max_length=5000,
        widget=FastTextarea(attrs={"rows": 3}),
        help_text=_("Required when the ticket moves to another agent or team."),
    )

    def __init__(self, *args: object, ticket: Ticket, tag_names: list[str], **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        assignee = self.fields["assignee"]
        assert isinstance(assignee, forms.ModelChoiceField)
        assignee.queryset = User.objects.filter(
            Q(is_active=True) | Q(pk=ticket.assignee_id)
        ).order_by("username")
        assignee.empty_label = str(_("Unassigned"))
        team = self.fields["team"]
        assert isinstance(team, forms.ModelChoiceField)
        team.empty_label = str(_("No team"))
        if not self.is_bound:
            self.initial.update(
                status=ticket.status,
                priority=ticket.priority,
                type=ticket.type,
                assignee=ticket.assignee_id,
                team=ticket.team_id,
                tags=", ".join(tag_names),
            )

    def show_staff(self, rows: list[StaffRow]) -> None:
        """The assignee options from `staff_rows(ticket.assignee_id)`."""
        assignee = self.fields["assignee"]
        assert isinstance(assignee, StaffChoiceField)
        assignee.show_staff(rows, active_only=False)

    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.cleaned_data.get("tags", "").split(",") if t.strip()]


class EscalateForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=5000, widget=FastTextarea(attrs={"rows": 2})
    )


class DeescalateForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=5000, widget=FastTextarea(attrs={"rows": 2})
    )


class CollaboratorForm(forms.Form):
    user = StaffChoiceField(label=_("Colleague"), queryset=User.objects.none())
    note = forms.CharField(
        label=_("What do you need?"),
        required=False,
        max_length=5000,
        widget=FastTextarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        user = self.fields["user"]
        assert isinstance(user, forms.ModelChoiceField)
        user.queryset = User.objects.filter(is_active=True).order_by("username")
        user.empty_label = str(_("Choose a colleague"))

    def show_staff(self, rows: list[StaffRow]) -> None:
        """The colleague options from `staff_rows(...)`: the active ones."""
        user = self.fields["user"]
        assert isinstance(user, StaffChoiceField)
        user.show_staff(rows, active_only=True)


class MergeForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference of the duplicate"),
        max_length=16,
        widget=FastTextInput,
        help_text=_("Its messages move into this ticket and it is closed."),
    )

    def clean_reference(self) -> str:
        return str(self.cleaned_data["reference"]).strip().upper()
