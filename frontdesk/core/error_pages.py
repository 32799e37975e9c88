"""404, 403, 400 and 500 pages in the product's look and the reader's language, with a way back
(wired as Django's handler404/403/400/500 in frontdesk/urls.py; API errors stay JSON)."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def _texts(code: int) -> tuple[str, str]:
    if code == 404:
        return _("Page not found"), _("This page does not exist, or you do not have access to it.")
    if code == 403:
        return _("Not allowed"), _("You do not have permission to do this.")
    if code == 400:
        return _("Bad request"), _("The request could not be understood. Please try again.")
    return _("Something went wrong"), _(
        "We could not finish this request. Nothing you sent was lost; please try again in a moment."
    )


def _render(request: HttpRequest | None, code: int) -> HttpResponse:
    title, text = _texts(code)
    if request is not None and request.path.startswith("/api/"):
        return JsonResponse({"message": title, "errors": []}, status=code)
    context = {"error_code": code, "error_title": title, "error_text": text}
    template = loader.get_template("errors/page.html")
    try:
        body = template.render(context, request)
    except Exception:  # a broken context processor must not hide the error page itself
        logger.exception("error page rendered without the request context")
        body = template.render(context, None)
    return HttpResponse(body, status=code)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, 403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    # The request's context may be what failed: render with the bare template context.
    title, text = _texts(500)
    if request.path.startswith("/api/"):
        return JsonResponse({"message": title, "errors": []}, status=500)
    context = {"error_code": 500, "error_title": title, "error_text": text}
    return HttpResponse(loader.get_template("errors/page.html").render(context), status=500)
