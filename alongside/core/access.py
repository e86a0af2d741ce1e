"""The one way views, the API and tasks fetch a single protected row.

Not found and not allowed give the same answer (404), so ids leak nothing. A refused lookup of a
row that exists is written to the audit log as ``permission_denied``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models, transaction
from django.http import Http404

if TYPE_CHECKING:
    from alongside.accounts.models import User

M = TypeVar("M", bound=models.Model)


def get_visible_or_404(model: type[M], user: User, pk: Any, *, perm: str | None = None, audit_view: bool = False) -> M:
    from alongside.audit.models import AuditAction
    from alongside.audit.services import audit_record

    try:
        obj = model.objects.visible_to(user).filter(pk=pk).first()  # type: ignore[attr-defined]
    except (ValueError, TypeError):
        obj = None
    allowed = obj is not None and (perm is None or user.has_perm(perm, obj))
    if not allowed:
        existing = obj if obj is not None else _existing(model, pk)
        if existing is not None and user.is_authenticated:
            with transaction.atomic():
                audit_record(
                    actor=user,
                    action=AuditAction.PERMISSION_DENIED,
                    obj=existing,
                    participant_id=_participant_id(existing),
                    reason="not visible" if obj is None else f"no permission: {perm}",
                )
        raise Http404
    if audit_view:
        with transaction.atomic():
            audit_record(actor=user, action=AuditAction.VIEW, obj=obj, participant_id=_participant_id(obj))
    return obj  # type: ignore[return-value]


def _existing(model: type[models.Model], pk: Any) -> models.Model | None:
    try:
        return model._base_manager.filter(pk=pk).first()
    except (ValueError, TypeError):
        return None


def _participant_id(obj: models.Model) -> str:
    participant_id = getattr(obj, "participant_id", None)
    if participant_id is None and obj._meta.label_lower == "participants.participant":
        participant_id = obj.pk
    return str(participant_id or "")
