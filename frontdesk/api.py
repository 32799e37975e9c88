"""The REST API v1: one NinjaAPI, token auth, JSON errors, routers from each app (wiring only)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import NinjaAPI
from ninja.security import HttpBearer

from frontdesk.accounts.api import router as accounts_router
from frontdesk.accounts.models import ApiToken, User, hash_token
from frontdesk.audit.api import router as audit_router
from frontdesk.audit.services import do_record_audit, record_refusal
from frontdesk.core import ratelimit
from frontdesk.core.api_docs import StaffSwagger
from frontdesk.core.api_errors import install_error_handlers, reject_unknown_query
from frontdesk.customers.api import router as customers_router
from frontdesk.customers.models import Customer, CustomerToken
from frontdesk.privacy.api import router as privacy_router
from frontdesk.resolution.api import router as resolution_router
from frontdesk.resolution.guard import enforce_checklist
from frontdesk.sla.api import router as sla_router
from frontdesk.tickets.api import router as tickets_router
from frontdesk.tickets.reports_api import router as reports_router

# last_used_at is refreshed at most this often: no write on every request.
LAST_USED_PRECISION = timedelta(minutes=1)
MAX_TOKEN_LENGTH = 200


def _touch(model: type[ApiToken] | type[CustomerToken], token: ApiToken | CustomerToken) -> None:
    now = timezone.now()
    stale = now - LAST_USED_PRECISION
    if token.last_used_at is None or token.last_used_at < stale:
        model.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=stale)
        ).update(last_used_at=now)


def actor_for_token(raw: str) -> User | Customer | None:
    """The staff user (fds_…) or customer (fdc_…) a personal API token acts as, if valid."""
    raw = raw.strip()
    if len(raw) > MAX_TOKEN_LENGTH:
        return None
    if raw.startswith(ApiToken.PREFIX):
        staff_token = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if staff_token is None:
            return None
        _touch(ApiToken, staff_token)
        return staff_token.user
    if raw.startswith(CustomerToken.PREFIX):
        customer_token = (
            CustomerToken.objects.select_related("customer")
            .filter(token_hash=hash_token(raw), revoked_at__isnull=True)
            .first()
        )
        if customer_token is None:
            return None
        _touch(CustomerToken, customer_token)
        return customer_token.customer
    return None


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` with a staff (fds_) or customer (fdc_) token.

    Rate limits (core/ratelimit.py): failed attempts per client IP, then reads and writes
    per token and per IP; over a budget the answer is 429 with Retry-After."""

    def __call__(self, request: HttpRequest) -> User | Customer | None:
        ratelimit.refuse_if_auth_blocked(request)
        actor = super().__call__(request)
        presented = request.headers.get(self.header, "")
        if actor is None:
            if presented:
                do_record_audit(action="auth.token_failed", request=request)
                ratelimit.count_failed_auth(request)
            return None
        ratelimit.count_api_request(request, token=presented)
        return actor

    def authenticate(self, request: HttpRequest, token: str) -> User | Customer | None:
        return actor_for_token(token)


api = NinjaAPI(
    title="Frontdesk API",
    version="1",
    urls_namespace="api",
    auth=TokenAuth(),
    docs=StaffSwagger(),  # signed-in staff only, no inline script (core/api_docs.py)
    description="Personal API tokens: `Authorization: Bearer fds_…` (staff) or `fdc_…` "
    "(a customer). Errors are JSON: `{message, errors: [{field, message}]}`.",
)
install_error_handlers(api, on_refused=record_refusal)
api.add_decorator(reject_unknown_query)
# A ticket solved through the API answers the solve checklist (POST …/solve), see guard.py.
api.add_decorator(enforce_checklist)
api.add_router("/", accounts_router)
api.add_router("/", customers_router)
api.add_router("/", privacy_router)
api.add_router("/", tickets_router)
api.add_router("/", resolution_router)
api.add_router("/", sla_router)
api.add_router("/", reports_router)
api.add_router("/", audit_router)
