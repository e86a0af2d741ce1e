"""The audit log over the API. (No ``from __future__ import annotations``: ninja reads ``Query[...]`` at import.)"""

from datetime import date, datetime
from typing import Self

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import model_validator

from alongside.api.pagination import PageNumber
from alongside.audit.models import AuditAction
from alongside.audit.selectors import audit_event_search

router = Router(tags=["audit"])

BIGINT_MAX = 2**63 - 1


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


class AuditEventFilters(Schema):
    action: AuditAction | None = Field(None, description="Only this kind of event.")
    actor_id: int | None = Field(None, ge=1, le=BIGINT_MAX, description="Only events by this person.")
    object_type: str = Field("", max_length=60, description='Kind of record, as "app.model" (e.g. "accounts.user").')
    object_id: str = Field("", max_length=64, description="Record number (with object_type).")
    participant_id: str = Field("", max_length=64, description="Only events about this participant.")
    since: date | None = Field(None, description="From this day (local time), included.")
    until: date | None = Field(None, description="To this day (local time), included.")

    @model_validator(mode="after")
    def _dates_in_order(self) -> Self:
        if self.since and self.until and self.since > self.until:
            raise ValueError("until must be on or after since")
        return self


@router.get("/events", response=list[AuditEventOut], summary="Search my organization's audit log (org admins)")
@paginate(PageNumber)
def audit_events(request: HttpRequest, filters: Query[AuditEventFilters]) -> object:
    if not request.user.has_perm("audit.view_events"):
        raise PermissionDenied("Only organization admins can read the audit log.")
    return audit_event_search(
        viewer=request.user,  # type: ignore[arg-type]
        action=filters.action or "",
        actor_id=filters.actor_id,
        object_type=filters.object_type,
        object_id=filters.object_id,
        participant_id=filters.participant_id,
        since=filters.since,
        until=filters.until,
    )
