from __future__ import annotations

from django.http import HttpRequest

from alongside.accounts.roles import Role
from alongside.core.navigation import nav_for


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    role = user.role if user is not None and user.is_authenticated else None
    return {
        "nav_items": nav_for(role, request.path),
        "current_role": role,
        "current_role_label": Role(role).label if role else "",
        "show_crisis_banner": role in {None, Role.PARTICIPANT},
    }
