"""REST API v1: a customer's data export (administrators' staff tokens only)."""

from __future__ import annotations

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from ninja import Router

from frontdesk.core.api_errors import errors
from frontdesk.core.api_types import Id
from frontdesk.core.errors import Forbidden
from frontdesk.privacy.access import is_admin
from frontdesk.privacy.views import export_response

router = Router(tags=["privacy"])


@router.get(
    "/customers/{customer_id}/export",
    response={200: None, **errors(403, 404)},
    summary="Export everything about one customer (ZIP: customer.json and attachments/)",
)
def export_customer(
    request: HttpRequest, customer_id: Id, include_internal: bool = False
) -> HttpResponseBase:
    """Administrators only. `include_internal` adds internal notes and the profile's staff
    notes (review them before handing the archive over)."""
    if not is_admin(request.auth):  # type: ignore[attr-defined]
        raise Forbidden(_("Only administrators can do this."))
    return export_response(customer_id, request.auth, include_internal=include_internal)  # type: ignore[attr-defined]
