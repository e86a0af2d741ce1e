"""API authentication: a personal API token (Bearer) or the browser session (with CSRF).

The rules:

- ``Authorization: Bearer als_…`` is tried first. A token that is unknown, revoked, or belongs to a
  deactivated person is refused with 401 at once: we never fall back to a session cookie when a
  client presented a token, so a broken integration fails loudly.
- The browser session works for the same person who is signed in on the website, with the same
  second-step rule: a role that must use two-step sign-in gets 401 until the session is verified.
  Unsafe methods (POST, PUT, PATCH, DELETE) must carry the CSRF token (``X-CSRFToken``).
- A token of a person whose role must use two-step sign-in works only while they have an
  authenticator set up (someone promoted after making a token cannot skip enrolment with it).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_otp import user_has_device
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from alongside.accounts.services import api_token_authenticate
from alongside.api.problems import Refused, Unauthenticated

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

BAD_TOKEN = "This API token is not valid: it is unknown, was revoked, or its account is deactivated."
NOT_BEARER = "Send an API token as 'Authorization: Bearer als_…'; no other scheme is accepted."
TOKEN_NEEDS_TWO_FACTOR = (
    "Your role needs two-step sign-in. Set up an authenticator app on the website before using an API token."
)
SESSION_NEEDS_TWO_FACTOR = (
    "Your role needs two-step sign-in. Sign in again on the website with the code from your authenticator app."
)
CSRF_FAILED = (
    "The CSRF check failed. A browser session must send the csrftoken cookie's value in the X-CSRFToken header."
)


def _needs_two_factor(user: Any) -> bool:
    return getattr(user, "role", None) in settings.TWO_FACTOR_REQUIRED_ROLES


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header)
        if not header:
            return None
        scheme, _space, token = header.strip().partition(" ")
        if scheme.lower() != self.openapi_scheme:
            raise Unauthenticated(NOT_BEARER)
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is None:
            raise Unauthenticated(BAD_TOKEN, invalid_token=True)
        if _needs_two_factor(user) and not user_has_device(user):
            raise Unauthenticated(TOKEN_NEEDS_TWO_FACTOR, invalid_token=True)
        request.user = user
        request.api_token_user = True  # type: ignore[attr-defined]
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session. CSRF is checked on unsafe methods."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        # The session middleware has already resolved the cookie to request.user.
        return "session" if request.user.is_authenticated else None

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if key is None or not user.is_authenticated or not user.is_active:
            return None
        if _needs_two_factor(user) and not user.is_verified():  # type: ignore[union-attr,attr-defined]  # OTPMiddleware
            raise Unauthenticated(SESSION_NEEDS_TWO_FACTOR)
        if (
            self.csrf
            and request.method not in SAFE_METHODS
            and not getattr(request, "_ninja_csrf_exempt", False)
            and check_csrf(request) is not None
        ):
            raise Refused(CSRF_FAILED)
        return user


api_auth = [TokenAuth(), SessionAuth()]
