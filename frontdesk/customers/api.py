"""REST API v1: customers and organizations (staff; a customer token sees only itself)."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Router
from ninja.responses import Status as HttpStatus
from pydantic import Field

from frontdesk.accounts.api import require_staff
from frontdesk.core.api_errors import errors
from frontdesk.core.api_types import Id, SafeStr
from frontdesk.core.errors import Invalid
from frontdesk.core.paging import MAX_CURSOR_LENGTH, keyset_page
from frontdesk.customers import queries, services
from frontdesk.customers.models import Customer, Organization
from frontdesk.customers.schemas import (
    CustomerCreateIn,
    CustomerOut,
    CustomerPage,
    CustomerUpdateIn,
    OrganizationCreateIn,
    OrganizationOut,
    OrganizationPage,
    OrganizationUpdateIn,
)

router = Router(tags=["customers"])

Cursor = Annotated[SafeStr, Field(max_length=MAX_CURSOR_LENGTH)]
Limit = Annotated[int, Field(ge=1, le=100)]
EmailFilter = Annotated[SafeStr, Field(min_length=1, max_length=254)]


def customer_out(customer: Customer, *, staff: bool) -> dict[str, Any]:
    return {
        "id": customer.pk,
        "name": customer.name,
        "email": customer.email,
        "phone": customer.phone,
        "language": customer.language,
        "time_zone": customer.time_zone,
        "organization_id": customer.organization_id,
        "notes": customer.notes if staff else None,
        "created_at": customer.created_at,
    }


def _organization(organization_id: int | None) -> Organization | None:
    if organization_id is None:
        return None
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        raise Invalid(
            f"There is no organization with id {organization_id}.", field="organization_id"
        )
    return organization


def _get(model: type[Customer] | type[Organization], pk: int) -> Any:
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@router.get("/customers", response={200: CustomerPage, **errors(403)})
def list_customers(
    request: HttpRequest,
    email: EmailFilter | None = None,
    organization: Id | None = None,
    limit: Limit = 25,
    cursor: Cursor | None = None,
) -> dict[str, Any]:
    """Customers, newest first (staff only; a branch-restricted member: those with a
    ticket in their branches)."""
    staff = require_staff(request.auth)  # type: ignore[attr-defined]
    customers = queries.customers_for_actor(staff)
    if email:
        customers = customers.filter(email__iexact=email.strip())
    if organization:
        customers = customers.filter(organization_id=organization)
    rows, next_cursor = keyset_page(customers, field="created_at", limit=limit, cursor=cursor)
    return {"items": [customer_out(c, staff=True) for c in rows], "next": next_cursor}


@router.post("/customers", response={201: CustomerOut, **errors(403, 409)})
def create_customer(request: HttpRequest, payload: CustomerCreateIn) -> HttpStatus[Any]:
    require_staff(request.auth)  # type: ignore[attr-defined]
    customer = services.do_create_customer(
        email=payload.email,
        name=payload.name,
        phone=payload.phone,
        language=payload.language,
        time_zone=payload.time_zone,
        organization=_organization(payload.organization_id),
        notes=payload.notes,
    )
    return HttpStatus(201, customer_out(customer, staff=True))


@router.get("/customers/{customer_id}", response={200: CustomerOut, **errors(404)})
def get_customer(request: HttpRequest, customer_id: Id) -> dict[str, Any]:
    """A customer; a customer token may read only its own record."""
    actor = request.auth  # type: ignore[attr-defined]
    if isinstance(actor, Customer):
        if actor.pk != customer_id:
            raise Http404
        return customer_out(actor, staff=False)
    return customer_out(queries.access_customer(actor, customer_id), staff=True)


@router.patch("/customers/{customer_id}", response={200: CustomerOut, **errors(403, 404, 409)})
def update_customer(
    request: HttpRequest, customer_id: Id, payload: CustomerUpdateIn
) -> dict[str, Any]:
    """Change the fields sent (staff only).

    The email is the customer's sign-in address for the help center: only someone who sees
    every ticket of the customer may change it (else 403). A change signs the customer out
    of the help center, voids her sign-in links and API tokens, and notifies the old address.
    """
    staff = require_staff(request.auth)  # type: ignore[attr-defined]
    customer = queries.access_customer(staff, customer_id)
    changes = payload.model_dump(exclude_unset=True)
    kwargs: dict[str, Any] = {
        field: value
        for field, value in changes.items()
        if field not in {"organization_id", "email"} and value is not None
    }
    if "email" in changes:
        kwargs["email"] = changes["email"]
    if "organization_id" in changes:
        kwargs["organization"] = _organization(changes["organization_id"])
    customer = services.do_update_customer(actor=staff, customer=customer, **kwargs)
    return customer_out(customer, staff=True)


@router.get("/organizations", response={200: OrganizationPage, **errors(403)})
def list_organizations(
    request: HttpRequest, limit: Limit = 25, cursor: Cursor | None = None
) -> dict[str, Any]:
    require_staff(request.auth)  # type: ignore[attr-defined]
    rows, next_cursor = keyset_page(
        Organization.objects.all(), field="created_at", limit=limit, cursor=cursor
    )
    return {"items": rows, "next": next_cursor}


@router.post("/organizations", response={201: OrganizationOut, **errors(403, 409)})
def create_organization(request: HttpRequest, payload: OrganizationCreateIn) -> HttpStatus[Any]:
    require_staff(request.auth)  # type: ignore[attr-defined]
    organization = services.do_create_organization(
        name=payload.name, domain=payload.domain, notes=payload.notes
    )
    return HttpStatus(201, organization)


@router.get("/organizations/{organization_id}", response={200: OrganizationOut, **errors(403, 404)})
def get_organization(request: HttpRequest, organization_id: Id) -> Organization:
    require_staff(request.auth)  # type: ignore[attr-defined]
    organization: Organization = _get(Organization, organization_id)
    return organization


@router.patch(
    "/organizations/{organization_id}", response={200: OrganizationOut, **errors(403, 404, 409)}
)
def update_organization(
    request: HttpRequest, organization_id: Id, payload: OrganizationUpdateIn
) -> Organization:
    require_staff(request.auth)  # type: ignore[attr-defined]
    organization = _get(Organization, organization_id)
    changes = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    return services.do_update_organization(organization=organization, **changes)
