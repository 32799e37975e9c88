"""The interactive API docs (`/api/v1/docs`) for signed-in staff, under the strict CSP.

django-ninja's own Swagger page is public and writes its settings unescaped. This
page is the same Swagger UI, served from ninja's bundled static files (no CDN): the
settings travel as a JSON data block (`json_script`, not executed) that ninja's
`swagger-ui-init.js` reads, so no inline script or style is needed (SECURITY.md check 3).
Staff sign in with their session; anyone else is sent to the sign-in page (customers are
not Django users). The OpenAPI document itself stays public at `/api/v1/openapi.json`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import Swagger

if TYPE_CHECKING:
    from ninja import NinjaAPI


class StaffSwagger(Swagger):
    template = "core/api_docs.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not (user.is_authenticated and user.is_active):
            return redirect_to_login(request.get_full_path())
        swagger_settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(request, self.template, {"swagger_settings": swagger_settings, "api": api})
