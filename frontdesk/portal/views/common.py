"""Shared bits of the portal views: the 429 page and service errors on forms."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from frontdesk.core.errors import ServiceError

# Service field names -> form field names.
FIELD_NAMES = {"body": "message", "email": "email", "subject": "subject", "name": "name"}


def rate_limited(request: HttpRequest, retry_after: int) -> HttpResponse:
    minutes = max(1, (retry_after + 59) // 60)
    response = render(request, "portal/rate_limited.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def add_service_error(form: forms.Form, error: ServiceError) -> None:
    field = FIELD_NAMES.get(error.field or "", error.field)
    form.add_error(field if field in form.fields else None, error.message)


def base_url(request: HttpRequest) -> str:
    """Where links in emails point: the configured address, else this (validated) host."""
    return settings.FRONTDESK_BASE_URL or request.build_absolute_uri("/")
