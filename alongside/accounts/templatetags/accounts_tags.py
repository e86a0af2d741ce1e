from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

register = template.Library()


@register.filter
def needs_two_factor(user: Any) -> bool:
    """Whether this person's role requires two-step sign-in."""
    return bool(getattr(user, "is_authenticated", False) and user.role in settings.TWO_FACTOR_REQUIRED_ROLES)
