"""The one way to write an audit event."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from alongside.audit.chain import anchor_head, chain_key_for, compute_hash
from alongside.audit.models import AuditAction, AuditChain, AuditEvent
from alongside.core.request_context import current_request_meta

if TYPE_CHECKING:
    from alongside.accounts.models import Organization, User


def _locked_chain(key: str) -> AuditChain:
    """The chain's head row, locked until the caller's transaction ends.

    On PostgreSQL ``select_for_update`` makes concurrent writers to one chain queue; on SQLite the
    IMMEDIATE transaction mode (settings) already holds the database's write lock from BEGIN.
    """
    chain = AuditChain.objects.select_for_update().filter(key=key).first()
    if chain is not None:
        return chain
    try:
        with transaction.atomic():
            AuditChain.objects.create(key=key)
    except IntegrityError:
        pass  # another transaction created it first; the lock below waits for it
    return AuditChain.objects.select_for_update().get(key=key)


def _clean_ip(ip: str | None) -> str | None:
    """The address as the database will store it (IPv6 normalized), so the hash covers what is read back."""
    if not ip:
        return None
    try:
        return AuditEvent._meta.get_field("ip").to_python(ip)  # type: ignore[no-any-return]
    except ValidationError:
        return None


def audit_record(
    *,
    actor: User | None,
    action: AuditAction | str,
    organization: Organization | None = None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    participant_id: str | int = "",
    changed_fields: Iterable[str] = (),
    reason: str = "",
) -> AuditEvent:
    """Append one event to its organization's chain, in the caller's transaction.

    If the row cannot be written the caller's transaction fails with it: an action that cannot be
    audited does not happen. The new head is anchored outside the database once the outermost
    transaction commits. Never pass names, contact details or note text in ``reason``.
    """
    authenticated = actor is not None and actor.is_authenticated
    if organization is None and actor is not None and authenticated:
        organization = actor.organization
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    meta = current_request_meta()
    occurred_at = timezone.now()
    with transaction.atomic():
        chain = _locked_chain(chain_key_for(organization.pk if organization else None))
        fields: dict[str, Any] = {
            "seq": chain.last_seq + 1,
            "occurred_at": occurred_at.isoformat(),
            "actor_id": actor.pk if actor is not None and authenticated else None,
            "actor_role": (actor.role or "") if actor is not None and authenticated else "",
            "organization_id": organization.pk if organization else None,
            "action": str(action),
            "object_type": object_type,
            "object_id": str(object_id),
            "participant_id": str(participant_id),
            "changed_fields": sorted(set(changed_fields)),
            "reason": reason[:200],
            "ip": _clean_ip(meta.ip),
            "user_agent": meta.user_agent[:300],
        }
        event_hash = compute_hash(chain.last_hash, fields)
        event = AuditEvent(
            chain=chain, prev_hash=chain.last_hash, hash=event_hash, **{**fields, "occurred_at": occurred_at}
        )
        event.save()
        chain.last_seq = fields["seq"]
        chain.last_hash = event_hash
        chain.save(update_fields=["last_seq", "last_hash"])
        key, seq = chain.key, chain.last_seq
        transaction.on_commit(lambda: anchor_head(key, seq, event_hash))
    return event
