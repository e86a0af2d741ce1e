"""Step-up: some actions need a code from the authenticator app entered in the last few minutes.

A session remembers when its user last entered a code from their authenticator app: at the sign-in
code step, when they set the app up, and on the confirm-code page. Exports, break-glass access and
changes of email or two-step sign-in ask for that to be recent (DESIGN.md, "Step-up"), so a session
left open on a shared computer cannot do them.

Only an authenticator app (TOTP) counts. People without one (peers and participants who did not
turn two-step sign-in on) cannot step up, and are told to turn it on first.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from functools import wraps
from typing import Any, TypeVar, overload
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY as SESSION_KEY_AUTH_USER
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.accounts.forms import CODE_ERROR, OTP_ERROR_MESSAGES
from alongside.api.problems import problem

SESSION_KEY = "alongside_code_entered_at"
WINDOW_SECONDS = 5 * 60

View = TypeVar("View", bound=Callable[..., Any])


def _now() -> int:
    return int(time.time())


def stepup_devices(user: Any) -> list[TOTPDevice]:
    """The confirmed authenticator apps a person can confirm a code with."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(TOTPDevice.objects.devices_for_user(user, confirmed=True))


def can_step_up(user: Any) -> bool:
    return bool(stepup_devices(user))


def stepup_record(request: HttpRequest) -> None:
    """Note that the person entered a code from their authenticator app just now."""
    request.session[SESSION_KEY] = _now()


def stepup_is_recent(request: HttpRequest) -> bool:
    """Whether this session's user entered a code from their authenticator app in the last 5 minutes."""
    if getattr(request, "api_token_user", False):
        return False  # an API token is not a person at a keyboard, whatever cookie came with it
    session = getattr(request, "session", None)
    if session is None or session.get(SESSION_KEY_AUTH_USER) != str(request.user.pk):
        return False
    entered = session.get(SESSION_KEY)
    if not isinstance(entered, int):
        return False
    return 0 <= _now() - entered <= WINDOW_SECONDS


class CodeNotAccepted(Exception):
    """The code was wrong, already used, or too many wrong codes were tried; the message says which."""


def stepup_verify(request: HttpRequest, *, code: str) -> TOTPDevice:
    """Check a code against the person's authenticator app and, if it works, note the time.

    django-otp's ``verify_token`` remembers the last time step it accepted, so a code (one already
    used to sign in, too) is never accepted twice, and it slows down repeated wrong guesses.
    """
    devices = stepup_devices(request.user)
    allowed = [device for device in devices if device.verify_is_allowed()[0]]
    if devices and not allowed:
        raise CodeNotAccepted(str(OTP_ERROR_MESSAGES["verification_not_allowed"]))
    for device in allowed:
        if device.verify_token(code.strip()):
            stepup_record(request)
            return device
    raise CodeNotAccepted(str(CODE_ERROR))


def confirm_code_url(next_url: str = "") -> str:
    """The page where a person enters a current code, then goes on to ``next_url``."""
    url = reverse("accounts:confirm_code")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _to_confirm_code(request: HttpRequest) -> HttpResponse:
    url = confirm_code_url(request.get_full_path())
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


@overload
def require_recent_otp(view: View, *, methods: Collection[str] | None = None) -> View: ...
@overload
def require_recent_otp(view: None = None, *, methods: Collection[str] | None = None) -> Callable[[View], View]: ...
def require_recent_otp(view: View | None = None, *, methods: Collection[str] | None = None) -> Any:
    """Let a page through only if a code was entered in the last 5 minutes; else ask for one, then return.

    ``methods`` limits the check to some HTTP methods (``methods={"POST"}`` lets a list page show
    while creating something from it needs the code). A refused POST is not replayed: the person
    comes back to the page and sends it again.
    """

    def decorator(func: View) -> View:
        @wraps(func)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if (methods is None or request.method in methods) and not stepup_is_recent(request):
                return _to_confirm_code(request)
            return func(request, *args, **kwargs)  # type: ignore[no-any-return]

        return wrapped  # type: ignore[return-value]

    return decorator(view) if view is not None else decorator


def stepup_api_refusal(request: HttpRequest) -> HttpResponse | None:
    """The API's answer when a code is needed first (403 problem with a link), or None to go ahead."""
    if stepup_is_recent(request):
        return None
    site = settings.SITE_URL.rstrip("/")
    if getattr(request, "api_token_user", False):
        return problem(
            403,
            _("An API token cannot do this. Sign in on the website and enter a code from your authenticator app."),
            hint=site + confirm_code_url(),
        )
    if not can_step_up(request.user):
        return problem(
            403,
            _("Turn on two-step sign-in first. This needs a code from your authenticator app."),
            hint=site + reverse("two_factor:setup"),
        )
    return problem(403, _("Enter a code from your authenticator app first"), hint=site + confirm_code_url())


def require_recent_otp_api(func: View) -> View:
    """The API version of ``require_recent_otp``; put it under the ``@router.post(...)`` line."""

    @wraps(func)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        refusal = stepup_api_refusal(request)
        if refusal is not None:
            return refusal
        return func(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]
