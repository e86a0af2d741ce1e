from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from alongside.audit.forms import AuditSearchForm
from alongside.audit.selectors import audit_event_search


@login_required
def search(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("audit.view_events"):
        raise PermissionDenied
    form = AuditSearchForm(request.GET or None)
    criteria: dict[str, Any] = {}
    if form.is_valid():
        criteria = {key: value for key, value in form.cleaned_data.items() if value not in (None, "")}
    events = audit_event_search(viewer=request.user, **criteria)  # type: ignore[arg-type]
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "audit/_table.html" if getattr(request, "htmx", False) else "audit/search.html"
    return render(request, template, {"form": form, "page": page, "query": query.urlencode()})
