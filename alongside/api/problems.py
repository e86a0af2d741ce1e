"""One error shape for the whole API: RFC 9457 problem details (application/problem+json).

Every answer that is not a success goes through here: validation (pydantic's and a service's
``ValidationError``), authentication, permissions, not found, wrong method, unknown address and,
as a last resort, an unexpected error (logged, and answered without any detail of its cause).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger("alongside.api")

PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    422: "Invalid input",
    429: "Too many requests",
    500: "Server error",
}

NOT_FOUND = "Nothing was found at this address, or you do not have access to it."
NOT_SIGNED_IN = "Sign in, or send a valid API token in the Authorization header (Authorization: Bearer als_…)."
NOT_ALLOWED = "Your role does not allow this."
BAD_BODY = "The request body is not valid JSON. Send a JSON object with Content-Type: application/json."
SERVER_ERROR = "Something went wrong on our side. Nothing was half saved; please try again in a moment."

# pydantic's wording for a few error types, said the way we say things elsewhere.
_MESSAGES = {
    "extra_forbidden": "This field is not accepted here.",
    "missing": "This field is required.",
    "json_invalid": BAD_BODY,
    "model_attributes_type": "Send a JSON object here.",
    "dict_type": "Send a JSON object here.",
}


def problem(status: int, detail: str, *, errors: list[dict[str, Any]] | None = None, **extra: Any) -> JsonResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    body.update(extra)
    return JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)


def unauthenticated(detail: str = NOT_SIGNED_IN, *, invalid_token: bool = False) -> JsonResponse:
    """401 with the challenge RFC 6750 asks for (and ``error="invalid_token"`` when one was sent)."""
    response = problem(401, detail)
    response["WWW-Authenticate"] = 'Bearer error="invalid_token"' if invalid_token else "Bearer"
    return response


class Unauthenticated(Exception):
    """Credentials were presented but do not sign anyone in (revoked token, unverified session)."""

    def __init__(self, detail: str, *, invalid_token: bool = False) -> None:
        super().__init__(detail)
        self.detail = detail
        self.invalid_token = invalid_token


class Refused(Exception):
    """A 403 with a message of our own (CSRF, say), raised where ninja expects an exception."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def _django_validation_errors(exc: DjangoValidationError) -> list[dict[str, Any]]:
    if hasattr(exc, "error_dict"):
        return [
            {"field": None if field == "__all__" else field, "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return [{"field": None, "message": message} for message in exc.messages]


def _ninja_validation_errors(exc: NinjaValidationError) -> list[dict[str, Any]]:
    errors = []
    for error in exc.errors:
        location = [
            str(part)
            for part in error.get("loc", ())
            if part not in ("body", "payload", "query", "path", "filters", "ninja_pagination")
        ]
        kind = str(error.get("type", ""))
        if kind == "missing" and not location:
            errors.append({"field": None, "message": "This request needs a JSON body."})
            continue
        message = _MESSAGES.get(kind, error.get("msg", "Invalid value"))
        # pydantic prefixes messages of ValueErrors raised by our validators with "Value error, ".
        message = str(message).removeprefix("Value error, ")
        errors.append({"field": ".".join(location) or None, "message": message})
    return errors


def install_problem_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def on_ninja_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = _ninja_validation_errors(exc)
        first = errors[0] if errors else {"field": None, "message": "Invalid input"}
        detail = f"{first['field']}: {first['message']}" if first["field"] else str(first["message"])
        return problem(422, detail, errors=errors)

    @api.exception_handler(DjangoValidationError)
    def on_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        errors = _django_validation_errors(exc)
        return problem(422, " ".join(str(error["message"]) for error in errors) or "Invalid input.", errors=errors)

    @api.exception_handler(AuthenticationError)
    def on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return unauthenticated()

    @api.exception_handler(Unauthenticated)
    def on_unauthenticated(request: HttpRequest, exc: Unauthenticated) -> HttpResponse:
        return unauthenticated(exc.detail, invalid_token=exc.invalid_token)

    @api.exception_handler(Refused)
    def on_refused(request: HttpRequest, exc: Refused) -> HttpResponse:
        return problem(403, exc.detail)

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem(404, NOT_FOUND)

    @api.exception_handler(ObjectDoesNotExist)
    def on_does_not_exist(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
        return problem(404, NOT_FOUND)

    @api.exception_handler(PermissionDenied)
    def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return problem(403, str(exc) or NOT_ALLOWED)

    @api.exception_handler(PermissionError)
    def on_permission_error(request: HttpRequest, exc: PermissionError) -> HttpResponse:
        return problem(403, str(exc) or NOT_ALLOWED)

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
            return problem(400, BAD_BODY)
        if exc.status_code == 401:
            return unauthenticated(str(exc) or NOT_SIGNED_IN)
        return problem(exc.status_code, str(exc))

    @api.exception_handler(Exception)
    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Logged with the traceback (through the redacting log filter); the client learns nothing of it.
        logger.exception("Unexpected error in %s %s", request.method, request.path, exc_info=exc)
        return problem(500, SERVER_ERROR)
