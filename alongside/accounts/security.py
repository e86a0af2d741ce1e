from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The login name axes counts failures against, lowercased so case cannot dodge the lockout."""
    if credentials:
        value = credentials.get("username") or credentials.get("email") or ""
    else:
        value = request.POST.get("auth-username", "") or request.POST.get("username", "")
    return str(value).strip().lower()
