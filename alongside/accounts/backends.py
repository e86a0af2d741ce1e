from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from alongside.accounts import selectors
from alongside.accounts.models import User


class EmailBackend(ModelBackend):
    """Django's password backend, loading the member's organization and role with the user.

    Every signed-in request needs the role and organization; one query instead of two.
    """

    def get_user(self, user_id: Any) -> User | None:
        user = selectors.user_for_session(user_id=user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
