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


class SessionLimitsMiddleware:
    """Ends a session after the idle limit (default 30 minutes) and the absolute limit (12 hours)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and not getattr(request, "api_token_user", False):
            now = int(time.time())
            started = request.session.get(SESSION_STARTED)
            last_seen = request.session.get(SESSION_LAST_SEEN, now)
            if started is None:
                request.session[SESSION_STARTED] = now
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS or now - last_seen > settings.SESSION_IDLE_SECONDS:
                logout(request)
                messages.info(request, _("You were signed out to protect your information. Please sign in again."))
                return HttpResponseRedirect(reverse(settings.LOGIN_URL))
            request.session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


class RequireTwoFactorMiddleware:
    """Staff roles that must use two-factor sign-in are sent to enrol, or to verify, before anything else."""

    EXEMPT_PREFIXES = ("/account/", "/static/", "/i18n/", "/api/", "/health", "/invite/", "/password-reset/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "role", None) in settings.TWO_FACTOR_REQUIRED_ROLES
            and not user.is_verified()  # type: ignore[union-attr]
            and not request.path.startswith(self.EXEMPT_PREFIXES)
        ):
            from django_otp import user_has_device

            if user_has_device(user):
                # Signed in without the second step (e.g. a session from before enrolment): sign in again.
                logout(request)
                return HttpResponseRedirect(reverse(settings.LOGIN_URL))
            messages.info(request, _("Your role needs a second sign-in step. Set up an authenticator app to continue."))
            return HttpResponseRedirect(reverse("two_factor:setup"))
        return self.get_response(request)
