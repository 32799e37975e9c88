"""Changes made in the Django admin go to the audit log too (SECURITY.md 54).

Every ModelAdmin of ours mixes this in. An entry names the model, the object and the
names of the fields that changed, never their values: the admin edits tokens, mailbox
passwords and the like, and names alone cannot leak one.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest

from frontdesk.audit.services import Target, do_record_audit


def _target(obj: Model) -> Target:
    """The model label and id only: `str(obj)` could be a customer's name."""
    return Target(obj._meta.label, str(obj.pk or ""))


class AuditedAdminMixin:
    """`admin.added`, `admin.changed` (with the changed field names) and `admin.deleted`,
    written in the admin's own transaction, by the signed-in member."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        fields = sorted(form.changed_data) if form is not None else []
        if change and not fields:
            return
        do_record_audit(
            action="admin.changed" if change else "admin.added",
            actor=request.user,
            request=request,
            target=_target(obj),
            after={"fields": fields},
        )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Rows edited inline (a policy's versions) are recorded like the object itself."""
        deleted = [f.instance for f in formset.deleted_forms if f.instance.pk is not None]
        for obj in deleted:  # before they go: a deleted row has no id any more
            do_record_audit(
                action="admin.deleted", actor=request.user, request=request, target=_target(obj)
            )
        super().save_formset(request, form, formset, change)  # type: ignore[misc]
        rows: list[tuple[str, Any, list[str]]] = [
            ("admin.added", obj, []) for obj in formset.new_objects
        ]
        rows += [("admin.changed", obj, fields) for obj, fields in formset.changed_objects]
        for action, obj, fields in rows:
            do_record_audit(
                action=action,
                actor=request.user,
                request=request,
                target=_target(obj),
                after={"fields": sorted(fields)},
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        do_record_audit(
            action="admin.deleted", actor=request.user, request=request, target=_target(obj)
        )
        super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            do_record_audit(
                action="admin.deleted", actor=request.user, request=request, target=_target(obj)
            )
        super().delete_queryset(request, queryset)  # type: ignore[misc]
