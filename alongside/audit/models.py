from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NoReturn, Self

from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.core.models import ScopedModel, ScopedQuerySet

APPEND_ONLY = "Audit events are append-only: they are never changed or removed."


class AuditAction(models.TextChoices):
    VIEW = "view", _("Viewed")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Removed")
    EXPORT = "export", _("Exported")
    LOGIN = "login", _("Signed in")
    LOGOUT = "logout", _("Signed out")
    LOGIN_FAILED = "login_failed", _("Sign-in failed")
    PERMISSION_DENIED = "permission_denied", _("Access refused")


class AuditChain(models.Model):
    """The head of one hash chain: one per organization, one for network and system events."""

    key = models.CharField(max_length=64, unique=True)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        return self.key


class AuditEventQuerySet(ScopedQuerySet):
    """Reads are scoped; every way the ORM offers to change or remove rows is refused.

    PostgreSQL also refuses UPDATE and DELETE with a trigger (migration 0002), whatever the client.
    """

    def visible_to(self, user: Any) -> Self:
        from alongside.accounts.roles import Role

        return self.in_viewer_organization(user, {Role.ORG_ADMIN})

    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError(APPEND_ONLY)

    def _update(self, values: Any) -> NoReturn:
        raise PermissionError(APPEND_ONLY)

    def bulk_update(self, objs: Iterable[Any], fields: Iterable[str], batch_size: int | None = None) -> NoReturn:
        raise PermissionError(APPEND_ONLY)

    def bulk_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("Audit events are written one at a time by audit_record(), which chains them.")

    def update_or_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError(APPEND_ONLY)

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise PermissionError(APPEND_ONLY)

    def _raw_delete(self, using: Any) -> NoReturn:
        raise PermissionError(APPEND_ONLY)


class AuditEvent(ScopedModel):
    """One append-only, hash-chained record of who did what to which record, from where and when."""

    chain = models.ForeignKey(AuditChain, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveBigIntegerField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_role = models.CharField(max_length=20, blank=True)
    organization = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    participant_id = models.CharField(max_length=64, blank=True, db_index=True)
    changed_fields = models.JSONField(default=list, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        # The base manager is the guarded one too, so no internal ORM path (refresh, related
        # lookups, deletion collectors) reaches a plain queryset that could update or delete.
        base_manager_name = "objects"
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_event_chain_seq_unique")]
        indexes = [
            models.Index(fields=["organization", "-occurred_at"]),
            models.Index(fields=["actor", "-occurred_at"]),
        ]
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type} {self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields") is not None:
            raise PermissionError(APPEND_ONLY)
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError(APPEND_ONLY)

    @property
    def actor_role_label(self) -> str:
        from alongside.accounts.roles import Role

        return str(Role(self.actor_role).label) if self.actor_role in Role.values else self.actor_role

    @property
    def object_type_label(self) -> str:
        return object_type_label(self.object_type)


def object_type_label(object_type: str) -> str:
    """A record kind ("accounts.user") as people say it ("user")."""
    from django.apps import apps
    from django.utils.text import capfirst

    try:
        return str(capfirst(apps.get_model(object_type)._meta.verbose_name))
    except (LookupError, ValueError):
        return object_type
