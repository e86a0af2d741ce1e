"""The API instance (mounted at /api/v1/ in config/urls.py) and the views around its operations."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import URLPattern, URLResolver, re_path
from ninja import NinjaAPI

from alongside.api.auth import api_auth
from alongside.api.problems import PROBLEM_CONTENT_TYPE, install_problem_handlers, problem

UNKNOWN_ENDPOINT = "There is no API endpoint at this address. The list of endpoints is at /api/v1/docs."
NUL_IN_QUERY = "Query parameters may not contain NUL characters."


def unknown_endpoint(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Any address under /api/ that is not an endpoint: 404 as a problem, not the HTML page."""
    return problem(404, UNKNOWN_ENDPOINT)


def _has_nul(request: HttpRequest) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists())


def _guarded(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Checks around every operation that ninja does not make.

    - A NUL character in the query string is refused (422): PostgreSQL cannot compare text with one,
      so it would otherwise end as a server error in whatever filter receives it.
    - ninja answers a method an address does not take with a plain-text 405; make it a problem.
    """

    @wraps(view)  # keeps csrf_exempt: the API checks CSRF itself (alongside.api.auth)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if _has_nul(request):
            return problem(422, NUL_IN_QUERY)
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and response.get("Content-Type") != PROBLEM_CONTENT_TYPE:
            allowed = response.get("Allow", "")
            answer = problem(405, f"This endpoint does not take {request.method}. It takes: {allowed}.")
            answer["Allow"] = allowed
            return answer
        return response

    return wrapped


class AlongsideAPI(NinjaAPI):
    """NinjaAPI whose every answer, including a wrong method or an unknown address, is a problem."""

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                if pattern.name == "api-root":
                    # ninja needs a pattern by this name to know where the API is mounted.
                    pattern.callback = unknown_endpoint
                else:
                    pattern.callback = _guarded(pattern.callback)
        patterns.append(re_path(r"^.*$", unknown_endpoint, name="api-unknown"))
        return patterns


api = AlongsideAPI(
    title="Alongside API",
    version="1",
    description=(
        "Peer support programs end to end. Authenticate with a personal API token "
        "(`Authorization: Bearer als_…`, made on your account page) or the signed-in browser session "
        "(unsafe methods need the `X-CSRFToken` header). Errors are `application/problem+json` "
        "(RFC 9457) with a `detail` and, for invalid input, an `errors` list; lists are paginated with "
        "`?page=` and `?per_page=` and answer `items`, `count` and `next_page`."
    ),
    auth=api_auth,
    urls_namespace="api",
    docs_url="/docs",
)
install_problem_handlers(api)

from alongside.accounts.api import router as accounts_router  # noqa: E402
from alongside.audit.api import router as audit_router  # noqa: E402
from alongside.participants.api import router as participants_router  # noqa: E402
from alongside.peers.api import router as peers_router  # noqa: E402
from alongside.programs.api import router as programs_router  # noqa: E402

api.add_router("/", accounts_router)
api.add_router("/programs", programs_router)
api.add_router("/participants", participants_router)
api.add_router("/peers", peers_router)
api.add_router("/audit", audit_router)
