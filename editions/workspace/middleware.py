"""A catalog the strict reader refuses is shown as its one-line message, never a traceback."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class CatalogErrorMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from .views import CatalogUnreadable

        if isinstance(exception, CatalogUnreadable):
            return render(request, "workspace/catalog_error.html",
                          {"error": exception.error}, status=500)
        return None
