"""Base pieces every domain model shares."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.db import models

if TYPE_CHECKING:
    from alongside.accounts.models import User


class ScopedQuerySet(models.QuerySet[Any]):
    """A queryset that knows which rows a user may see. Each protected model defines ``visible_to``."""

    def visible_to(self, user: User) -> Self:
        raise NotImplementedError(f"{self.model.__name__} must define visible_to(user)")


class ScopedModel(models.Model):
    """Marks a protected model: rows are read only through ``objects.visible_to(user)``.

    ``make lint`` refuses a raw ``.objects.get(``/``.filter(`` of such a model outside its app's
    selectors and services.
    """

    class Meta:
        abstract = True


class OrganizationOwned(ScopedModel):
    """A row that belongs to exactly one organization."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
