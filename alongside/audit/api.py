from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from alongside.api.pagination import PageNumber
from alongside.audit.models import AuditAction
from alongside.audit.selectors import audit_event_search

router = Router(tags=["audit"])


class AuditEventOut(Schema):
    id: int
    occurred_at: datetime
    actor_id: int | None
    actor_role: str
    action: str
    object_type: str
    object_id: str
    participant_id: str
    changed_fields: list[str]
    reason: str
    ip: str | None


@router.get("/events", response=list[AuditEventOut], summary="Search my organization's audit log (org admins)")
@paginate(PageNumber)
def audit_events(
    request: HttpRequest,
    action: AuditAction | None = None,
    actor_id: int | None = None,
    object_type: str = "",
    object_id: str = "",
    participant_id: str = "",
    since: date | None = None,
    until: date | None = None,
) -> object:
    if not request.user.has_perm("audit.view_events"):
        raise PermissionDenied("Only organization admins can read the audit log.")
    return audit_event_search(
        viewer=request.user,  # type: ignore[arg-type]
        action=action or "",
        actor_id=actor_id,
        object_type=object_type,
        object_id=object_id,
        participant_id=participant_id,
        since=since,
        until=until,
    )
