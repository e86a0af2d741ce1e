from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from alongside.accounts.models import User
from alongside.audit.models import AuditChain, AuditEvent


def _start_of(day: date) -> datetime:
    """Midnight at the start of ``day`` in the organization's time zone, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_event_search(
    *,
    viewer: User,
    action: str = "",
    actor_id: int | None = None,
    without_actor: bool = False,
    object_type: str = "",
    object_id: str = "",
    participant_id: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    """Audit events of the viewer's organization (org admins only), newest first.

    ``since`` and ``until`` are whole days in the local time zone, both included. They become a range
    on ``occurred_at`` so the (organization, occurred_at) index serves them on every database.
    """
    events = AuditEvent.objects.visible_to(viewer).select_related("actor")
    if action:
        events = events.filter(action=action)
    if actor_id:
        events = events.filter(actor_id=actor_id)
    elif without_actor:
        events = events.filter(actor__isnull=True)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if participant_id:
        events = events.filter(participant_id=participant_id)
    # The first and last days the calendar has bound nothing (and their midnights overflow in some zones).
    if since and since > date.min:
        events = events.filter(occurred_at__gte=_start_of(since))
    if until and until < date.max:
        events = events.filter(occurred_at__lt=_start_of(until + timedelta(days=1)))
    return events.order_by("-occurred_at", "-id")


def audit_chain_events(*, chain: AuditChain) -> QuerySet[AuditEvent]:
    """Every event of one chain in order, for verification (a system read: there is no viewer)."""
    if chain.pk is None:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(chain=chain).order_by("seq")
