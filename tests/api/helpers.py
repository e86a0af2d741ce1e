"""Helpers for the API tests: clients signed in by session or by token, and problem checks."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.accounts import services, stepup
from alongside.accounts.models import User
from alongside.api.problems import PROBLEM_CONTENT_TYPE
from conftest import sign_in

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

API = "/api/v1"


def session_client(user: User, *, csrf: bool = False, recent_code: bool = True) -> Client:
    """A browser session for ``user`` (second step verified), optionally enforcing CSRF like a browser.

    ``recent_code`` says whether a code from the authenticator app was entered in the last few
    minutes (step-up, alongside.accounts.stepup); ``False`` makes a session that has not.
    """
    client = sign_in(Client(enforce_csrf_checks=csrf), user)
    session = client.session
    if recent_code:
        session[stepup.SESSION_KEY] = int(time.time())
    else:
        session.pop(stepup.SESSION_KEY, None)
    session.save()
    return client


def token_for(user: User, name: str = "integration") -> str:
    """A new API token's secret. A role that needs two-step sign-in gets an authenticator first."""
    if user.role in settings.TWO_FACTOR_REQUIRED_ROLES:
        TOTPDevice.objects.get_or_create(user=user, name="default", defaults={"confirmed": True})
    _token, raw = services.api_token_create(user=user, name=name)
    return raw


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def send(client: Client, method: str, path: str, body: Any = None, **extra: Any) -> Response:
    """Any method with an optional JSON body (a str body is sent as it is, for malformed JSON)."""
    data = body if isinstance(body, str | bytes) or body is None else json.dumps(body)
    handler = getattr(client, method.lower())
    if data is None:
        if method.upper() in {"GET", "HEAD", "OPTIONS", "DELETE"}:
            return handler(API + path, **extra)  # type: ignore[no-any-return]
        data = ""  # an empty body, as curl -X POST sends it
    return handler(API + path, data, content_type="application/json", **extra)  # type: ignore[no-any-return]


def assert_problem(response: Response, status: int, detail_contains: str = "") -> dict[str, Any]:
    """The answer is an RFC 9457 problem with this status and a readable detail."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE, response["Content-Type"]
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"] and body["type"] == "about:blank"
    assert isinstance(body["detail"], str) and len(body["detail"]) > 5, body
    assert "Traceback" not in body["detail"]
    if detail_contains:
        assert detail_contains in body["detail"], body["detail"]
    return body
