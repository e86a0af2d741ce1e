from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from alongside.accounts.models import User
from alongside.accounts.stepup import require_recent_otp
from alongside.audit.forms import AuditSearchForm
from alongside.audit.models import AuditAction, AuditEvent
from alongside.audit.selectors import audit_event_search
from alongside.audit.services import audit_record
from alongside.core.exports import csv_response
from alongside.core.paging import page_context


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """The organization's audit log, searchable; htmx requests get only the results table."""
    if not request.user.has_perm("audit.view_events"):
        raise PermissionDenied
    viewer: User = request.user  # type: ignore[assignment]
    form = AuditSearchForm(request.GET or None, viewer=viewer)
    events: QuerySet[AuditEvent] = AuditEvent.objects.none()
    if not form.is_bound or form.is_valid():
        events = audit_event_search(viewer=viewer, **form.criteria())
    context = {"form": form, **page_context(request, events)}
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]
    response = render(request, "audit/_table.html" if partial else "audit/search.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# The CSV export. Only ids, roles, actions, record kinds and ids, field names, address and time:
# never names, reasons or browser details, so the file says nothing more than it must.
EXPORT_COLUMNS = (
    ("id", "event_id"),
    ("occurred_at", "time"),
    ("actor_id", "actor_id"),
    ("actor_role", "actor_role"),
    ("action", "action"),
    ("object_type", "record_type"),
    ("object_id", "record_id"),
    ("participant_id", "participant_id"),
    ("changed_fields", "fields"),
    ("ip", "ip"),
)


def _export_reason(criteria: dict[str, object]) -> str:
    """The search that was exported, for the export's own audit event (ids, codes and dates only)."""
    parts = []
    for name, value in criteria.items():
        if value in ("", None, False):
            continue
        text = str(value)
        parts.append(f"{name}={text}" if re.fullmatch(r"[\w.:-]{1,64}", text) else name)
    return "; ".join(["audit log CSV", *parts])[:200]


@login_required
@permission_required("audit.view_events", raise_exception=True)
@require_GET
@require_recent_otp
def export_csv(request: HttpRequest) -> HttpResponseBase:
    """The audit log search as a CSV download. Needs a recent code; the export is itself audited."""
    viewer: User = request.user  # type: ignore[assignment]
    form = AuditSearchForm(request.GET or None, viewer=viewer)
    if form.is_bound and not form.is_valid():
        return redirect(f"{reverse('audit:search')}?{request.GET.urlencode()}")
    criteria = form.criteria()
    audit_record(
        actor=viewer,
        action=AuditAction.EXPORT,
        object_type=AuditEvent._meta.label_lower,
        changed_fields=[name for name, _column in EXPORT_COLUMNS],
        reason=_export_reason(criteria),
    )
    rows = (
        [*row[:-2], " ".join(row[-2] or []), row[-1]]
        for row in audit_event_search(viewer=viewer, **criteria)
        .values_list(*(field for field, _column in EXPORT_COLUMNS))
        .iterator(chunk_size=2000)
    )
    filename = f"alongside-audit-log-{timezone.localdate().isoformat()}.csv"
    return csv_response(filename=filename, header=[column for _field, column in EXPORT_COLUMNS], rows=rows)
