"""Sign-in, sign-out and failed sign-in become audit events."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from alongside.accounts import selectors
from alongside.accounts.models import User
from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record


@receiver(user_logged_in)
def _on_login(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    with transaction.atomic():
        audit_record(actor=user, action=AuditAction.LOGIN, obj=user)


@receiver(user_logged_out)
def _on_logout(sender: Any, request: Any, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        with transaction.atomic():
            audit_record(actor=user, action=AuditAction.LOGOUT, obj=user)


@receiver(user_login_failed)
def _on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    email = str(credentials.get("username") or credentials.get("email") or "").strip().lower()
    user = selectors.user_for_sign_in_email(email=email)
    with transaction.atomic():
        audit_record(
            actor=None,
            action=AuditAction.LOGIN_FAILED,
            organization=user.organization if user else None,
            object_type="accounts.user" if user else "",
            object_id=str(user.pk) if user else "",
        )
