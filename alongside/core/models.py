"""Base pieces every domain model shares."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any, Self

from django.db import models

if TYPE_CHECKING:
    from alongside.accounts.models import Membership, User


def viewer_membership(user: Any) -> Membership | None:
    """The active membership of a signed-in user; None for anonymous or deactivated people."""
    return user.active_membership if user.is_authenticated else None  # type: ignore[no-any-return]


class ScopedQuerySet(models.QuerySet[Any]):
    """A queryset that knows which rows a user may see. Each protected model defines ``visible_to``."""

    def visible_to(self, user: User) -> Self:
        raise NotImplementedError(f"{self.model.__name__} must define visible_to(user)")

    def in_viewer_organization(self, user: Any, roles: Collection[str] | None = None) -> Self:
        """Rows of the viewer's organization when the viewer has one of ``roles`` (any role if None)."""
        membership = viewer_membership(user)
        if membership is None or (roles is not None and membership.role not in roles):
            return self.none()
        return self.filter(organization_id=membership.organization_id)


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


class IdempotencyRecord(models.Model):
    """The first answer to an API create sent with an ``Idempotency-Key``, so a retry gets it again.

    Neither the key nor the answer is kept as sent: ``key`` and ``body_hash`` are keyed hashes, and
    ``response_body`` (the answer's JSON) is encrypted with a key derived from the client's
    Idempotency-Key, because an answer can hold a new API token's secret or a person's details.
    ``response_status`` is empty while the first request is still being processed.
    """

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=255)
    body_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_record_user_key_unique")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.response_status or 'in progress'})"
