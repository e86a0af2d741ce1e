from __future__ import annotations

import logging
from datetime import timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from alongside.core.tasks import enqueue_on_commit
from alongside.outbox.models import OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 5


def outbox_email_enqueue(*, key: str, to: str, subject: str, body: str, organization_id: int | None = None) -> OutboxMessage:
    """Queue an email; the same key queued twice is one message."""
    from alongside.outbox.tasks import outbox_deliver

    message, created = OutboxMessage.objects.get_or_create(
        key=key,
        defaults={"recipient": to, "subject": subject, "body": body, "organization_id": organization_id},
    )
    if created:
        enqueue_on_commit(outbox_deliver, message.pk)
    return message


def _claim(message_id: int) -> bool:
    now = timezone.now()
    claimable = Q(status=OutboxStatus.QUEUED) | Q(status=OutboxStatus.SENDING, lease_until__lt=now)
    claimed = (
        OutboxMessage.objects.filter(claimable, pk=message_id, attempts__lt=MAX_ATTEMPTS)
        .update(status=OutboxStatus.SENDING, lease_until=now + LEASE)
    )
    return claimed == 1


def outbox_deliver_one(*, message_id: int) -> str:
    """Send one message if it is still ours to send. Safe to run twice, or from two workers."""
    if not _claim(message_id):
        return "skipped"
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        send_mail(message.subject, message.body, None, [message.recipient])
    except Exception as exc:  # noqa: BLE001 - any provider error is recorded and retried
        attempts = message.attempts + 1
        status = OutboxStatus.FAILED if attempts >= MAX_ATTEMPTS else OutboxStatus.QUEUED
        OutboxMessage.objects.filter(pk=message_id).update(
            status=status, attempts=attempts, lease_until=None, last_error=type(exc).__name__
        )
        logger.warning("outbox send failed", extra={"outbox_id": message_id, "error": type(exc).__name__})
        return "retry" if status == OutboxStatus.QUEUED else "failed"
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message_id).update(
            status=OutboxStatus.SENT, sent_at=timezone.now(), attempts=message.attempts + 1, lease_until=None
        )
    return "sent"


def outbox_pending_ids() -> list[int]:
    """Messages to (re)try: queued, or sending with a lease that ran out."""
    now = timezone.now()
    return list(
        OutboxMessage.objects.filter(
            Q(status=OutboxStatus.QUEUED) | Q(status=OutboxStatus.SENDING, lease_until__lt=now),
            attempts__lt=MAX_ATTEMPTS,
        ).values_list("pk", flat=True)[:500]
    )
