from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from alongside.accounts.models import User
from alongside.audit.models import AuditEvent


def audit_event_search(
    *,
    viewer: User,
    action: str = "",
    actor_id: int | None = None,
    object_type: str = "",
    object_id: str = "",
    participant_id: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    """Audit events of the viewer's organization (org admins only), newest first."""
    events = AuditEvent.objects.visible_to(viewer).select_related("actor")
    if action:
        events = events.filter(action=action)
    if actor_id:
        events = events.filter(actor_id=actor_id)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if participant_id:
        events = events.filter(participant_id=participant_id)
    if since:
        events = events.filter(occurred_at__date__gte=since)
    if until:
        events = events.filter(occurred_at__date__lte=until)
    return events.order_by("-occurred_at", "-id")
