"""Messages to the outside world: queued → sending → sent or failed, never sent twice from our side.

A worker *claims* a row with one conditional UPDATE (queued, or sending with a lease that ran out)
that also sets a fresh claim token, sends, and marks the row sent only if its token still holds the
row. Two workers, or the same task run twice, therefore send once. The one window left is a worker
that dies after the provider accepted the message but before the row says so: the lease runs out,
the row is claimed again and sent again. That case is counted (``lease_expiries``), logged and
reported by ``outbox_sweep``; the stable Message-ID lets the receiving side spot the duplicate.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Count, F, Q
from django.utils import timezone

from alongside.core.tasks import enqueue_on_commit
from alongside.outbox.models import OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
# A provider call must end well inside the lease, or another worker could claim the row mid-send.
SEND_TIMEOUT_SECONDS = 60
MAX_ATTEMPTS = 5
RETRY_BASE = timedelta(minutes=1)
RETRY_MAX = timedelta(hours=1)
SWEEP_BATCH = 500


def outbox_email_enqueue(
    *, key: str, to: str, subject: str, body: str, organization_id: int | None = None
) -> OutboxMessage:
    """Queue an email in the caller's transaction; the same key queued twice is one message.

    Delivery is enqueued on commit; ``outbox_sweep`` picks up anything that delivery left behind.
    """
    from alongside.outbox.tasks import outbox_deliver

    message, created = OutboxMessage.objects.get_or_create(
        key=key,
        defaults={"recipient": to, "subject": subject, "body": body, "organization_id": organization_id},
    )
    if created:
        enqueue_on_commit(outbox_deliver, message.pk)
    return message


def _due() -> Q:
    now = timezone.now()
    return Q(status=OutboxStatus.QUEUED) & (Q(retry_at__isnull=True) | Q(retry_at__lte=now))


def _lease_ran_out() -> Q:
    return Q(status=OutboxStatus.SENDING, lease_until__lt=timezone.now())


def _claim(message_id: int) -> str | None:
    """Take the row for one attempt; return the claim token, or None if it is not ours to send."""
    token = secrets.token_hex(16)
    now = timezone.now()
    claim = {
        "status": OutboxStatus.SENDING,
        "lease_until": now + LEASE,
        "claim_token": token,
        "attempts": F("attempts") + 1,
    }
    ours = OutboxMessage.objects.filter(pk=message_id, attempts__lt=MAX_ATTEMPTS)
    if ours.filter(_due()).update(**claim):
        return token
    if ours.filter(_lease_ran_out()).update(**claim, lease_expiries=F("lease_expiries") + 1):
        logger.warning(
            "outbox lease ran out; sending again (the provider may already have it)", extra={"outbox_id": message_id}
        )
        return token
    return None


def _message_id(message: OutboxMessage) -> str:
    """The same Message-ID on every attempt, so a duplicate delivery can be recognised downstream."""
    domain = urlsplit(settings.SITE_URL).hostname or "alongside.invalid"
    digest = hashlib.sha256(message.key.encode()).hexdigest()[:32]
    return f"<outbox.{message.pk}.{digest}@{domain}>"


def _send(message: OutboxMessage) -> None:
    connection = get_connection(timeout=SEND_TIMEOUT_SECONDS)
    email = EmailMessage(
        message.subject,
        message.body,
        None,
        [message.recipient],
        connection=connection,
        headers={"Message-ID": _message_id(message)},
    )
    email.send()


def _retry_delay(attempts: int) -> timedelta:
    return min(RETRY_BASE * 2 ** max(attempts - 1, 0), RETRY_MAX)


def outbox_deliver_one(*, message_id: int) -> str:
    """Send one message if it is still ours to send. Safe to run twice, or from two workers at once.

    Returns what happened: ``sent``, ``retry`` (the provider failed; tried again later), ``failed``
    (given up after MAX_ATTEMPTS), ``skipped`` (sent, being sent, not due, or gone) or ``lost_lease``
    (sent, but our lease ran out first and another worker holds the row now).
    """
    token = _claim(message_id)
    if token is None:
        return "skipped"
    message = OutboxMessage.objects.get(pk=message_id)
    ours = OutboxMessage.objects.filter(pk=message_id, claim_token=token)
    try:
        _send(message)
    except Exception as exc:  # noqa: BLE001 - any provider error is recorded and retried
        # Only the exception's type: provider messages often quote the recipient's address.
        error = type(exc).__name__
        if message.attempts >= MAX_ATTEMPTS:
            ours.update(status=OutboxStatus.FAILED, lease_until=None, retry_at=None, last_error=error)
            logger.error("outbox message failed for good", extra={"outbox_id": message_id, "error": error})
            return "failed"
        retry_at = timezone.now() + _retry_delay(message.attempts)
        ours.update(status=OutboxStatus.QUEUED, lease_until=None, retry_at=retry_at, last_error=error)
        logger.warning("outbox send failed; will retry", extra={"outbox_id": message_id, "error": error})
        return "retry"
    done = ours.update(
        status=OutboxStatus.SENT, sent_at=timezone.now(), lease_until=None, retry_at=None, last_error="", body=""
    )
    if not done:
        logger.warning("outbox message sent after its lease ran out", extra={"outbox_id": message_id})
        return "lost_lease"
    return "sent"


def outbox_pending_ids(*, limit: int = SWEEP_BATCH) -> list[int]:
    """Messages to (re)try now, oldest first: queued and due, or sending with a lease that ran out."""
    pending = OutboxMessage.objects.filter(_due() | _lease_ran_out(), attempts__lt=MAX_ATTEMPTS)
    return list(pending.order_by("created_at", "pk").values_list("pk", flat=True)[:limit])


def outbox_fail_abandoned() -> int:
    """Give up on rows whose last allowed attempt died mid-send (lease ran out, no attempts left)."""
    return OutboxMessage.objects.filter(_lease_ran_out(), attempts__gte=MAX_ATTEMPTS).update(
        status=OutboxStatus.FAILED,
        lease_until=None,
        lease_expiries=F("lease_expiries") + 1,
        last_error="LeaseRanOut",
    )


def outbox_sweep_once(*, limit: int = SWEEP_BATCH, should_stop: Callable[[], bool] = lambda: False) -> Counter[str]:
    """Retry what crashed or failed sends left behind. Returns how many of each outcome."""
    results: Counter[str] = Counter()
    abandoned = outbox_fail_abandoned()
    if abandoned:
        results["failed"] += abandoned
    for message_id in outbox_pending_ids(limit=limit):
        if should_stop():
            break
        results[outbox_deliver_one(message_id=message_id)] += 1
    return results


def outbox_stats() -> dict[str, int]:
    """Counts for the worker's report: rows by status, and rows that may have been sent twice."""
    stats = dict.fromkeys(OutboxStatus.values, 0)
    for row in OutboxMessage.objects.values("status").order_by().annotate(n=Count("pk")):
        stats[row["status"]] = row["n"]
    stats["lease_expiries"] = OutboxMessage.objects.filter(lease_expiries__gt=0).count()
    return stats
