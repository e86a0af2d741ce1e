from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

# Where the sign-in name can be: Django's authenticate() credentials ("username"), the
# credentials axes builds itself (keyed by AXES_USERNAME_FORM_FIELD, "auth-username"), and the
# raw POST of two_factor's login wizard ("auth-username").
_CREDENTIAL_KEYS = ("username", "email")


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The sign-in name axes counts failures against, lowercased so case cannot dodge the lockout.

    axes asks for it both with Django's credentials ({"username": ...}) and with its own
    ({AXES_USERNAME_FORM_FIELD: ...}); both must give the same answer or the lockout check and the
    failure count would look at different rows.
    """
    form_field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    value: Any = ""
    if credentials:
        value = credentials.get(form_field) or next(
            (credentials[k] for k in _CREDENTIAL_KEYS if credentials.get(k)), ""
        )
    if not value:
        value = request.POST.get(form_field, "") or request.POST.get("username", "")
    return str(value).strip().lower()
