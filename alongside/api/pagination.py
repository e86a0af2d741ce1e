"""Page-number pagination for every API list: ``?page=N&per_page=M``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

# Far beyond any real list; it keeps the row offset (page × per_page) inside a 64-bit integer.
MAX_PAGE = 1_000_000


class PageNumber(PaginationBase):
    """``?page=N&per_page=M``; the answer says the total count and the next page.

    A page past the end is an empty page (with the true ``count``), not an error.
    """

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
        per_page: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE,
            ge=1,
            le=settings.NINJA_PAGINATION_MAX_PER_PAGE_SIZE,
            description="Items per page.",
        )

    class Output(Schema):
        items: list[Any]
        count: int
        page: int
        per_page: int
        next_page: int | None

    items_attribute = "items"

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Input, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        offset = (pagination.page - 1) * pagination.per_page
        count = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
        items = list(queryset[offset : offset + pagination.per_page])
        has_next = offset + pagination.per_page < count
        return {
            "items": items,
            "count": count,
            "page": pagination.page,
            "per_page": pagination.per_page,
            "next_page": pagination.page + 1 if has_next else None,
        }
