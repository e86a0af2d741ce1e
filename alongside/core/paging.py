"""Page a list for an HTML table, keeping the current filters in the page links."""

from __future__ import annotations

from typing import Any, TypedDict

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 50


class PageContext(TypedDict):
    page: Page[Any]
    query: str


def page_context(request: HttpRequest, items: Any, per_page: int = PAGE_SIZE) -> PageContext:
    """``page`` and ``query`` (the filters without ``page``) for templates/_pagination.html."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"page": page, "query": query.urlencode()}
