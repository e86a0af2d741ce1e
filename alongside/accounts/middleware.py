from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

SESSION_STARTED = "alongside_session_started"
SESSION_LAST_SEEN = "alongside_session_last_seen"
LAST_SEEN_RESOLUTION_SECONDS = 60


def _to_sign_in(request: HttpRequest) -> HttpResponse:
    """Send the browser to the sign-in page; an htmx request is told to load it as a full page."""
    url = reverse(settings.LOGIN_URL)
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class SessionLimitsMiddleware:
    """Ends a session after the idle limit (default 30 minutes) and the absolute limit (12 hours).

    The last-seen time is written at most once a minute, so most pages cost no session write; the
    idle limit is therefore exact to within that minute.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.get(SESSION_STARTED)
            last_seen = request.session.get(SESSION_LAST_SEEN, now)
            if started is None:
                request.session[SESSION_STARTED] = now
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS or now - last_seen > settings.SESSION_IDLE_SECONDS:
                logout(request)
                if request.path.startswith("/api/"):
                    # The API answers for itself (401 problem) now that the session is gone.
                    return self.get_response(request)
                messages.info(request, _("You were signed out to protect your information. Please sign in again."))
                return _to_sign_in(request)
            if now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS or SESSION_LAST_SEEN not in request.session:
                request.session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


class RequireTwoFactorMiddleware:
    """Staff roles that must use two-step sign-in are sent to set it up, or to sign in again, first.

    Until they have done so, they can only reach the pages that let them do it: nothing else under
    /account/ (API tokens, for one, would let them skip the second step for good).
    """

    # Always reachable: signing in and out, password reset, invitations, static files, health.
    # The API checks the second step itself (alongside.api.auth).
    OPEN_PREFIXES = (
        "/account/login/",
        "/account/logout/",
        "/password-reset/",
        "/invite/",
        "/static/",
        "/i18n/",
        "/api/",
        "/health",
    )
    # Reachable while enrolling (a person with no authenticator yet).
    SETUP_PREFIXES = ("/account/two_factor/setup/", "/account/two_factor/qrcode/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "role", None) in settings.TWO_FACTOR_REQUIRED_ROLES
            and not user.is_verified()  # type: ignore[attr-defined]  # added by OTPMiddleware
            and not request.path.startswith(self.OPEN_PREFIXES)
        ):
            from django_otp import user_has_device

            if user_has_device(user):
                # Signed in without the second step (e.g. a session from before enrolment): sign in again.
                logout(request)
                messages.info(request, _("Please sign in again with the code from your authenticator app."))
                return _to_sign_in(request)
            if not request.path.startswith(self.SETUP_PREFIXES):
                messages.info(request, _("Your role needs two-step sign-in. Set up an authenticator app to continue."))
                return HttpResponseRedirect(reverse("two_factor:setup"))
        return self.get_response(request)
