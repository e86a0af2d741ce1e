"""The outbox: queued → sending → sent or failed; never sent twice from our side."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from alongside.outbox import services
from alongside.outbox.models import OutboxMessage, OutboxStatus
from alongside.outbox.services import (
    LEASE,
    MAX_ATTEMPTS,
    outbox_deliver_one,
    outbox_email_enqueue,
    outbox_sweep_once,
)
from alongside.outbox.tests import backends

pytestmark = pytest.mark.django_db

ADDRESS = "robin.example@example.org"


@pytest.fixture(autouse=True)
def _fresh_backends() -> Iterator[None]:
    backends.reset()
    yield
    backends.reset()


@pytest.fixture
def failing(settings) -> None:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "alongside.outbox.tests.backends.FailingBackend"


def _enqueue(key: str = "invitation:1") -> OutboxMessage:
    return outbox_email_enqueue(key=key, to=ADDRESS, subject="Hello", body="Your link: https://example.org/invite/abc/")


_real_now = timezone.now


def _later(monkeypatch: pytest.MonkeyPatch, delta: timedelta) -> None:
    """Set the clock to ``delta`` from the real now (for this test only)."""
    moment = _real_now() + delta
    monkeypatch.setattr(timezone, "now", lambda: moment)


def _crash_mid_send(message: OutboxMessage, *, ago: timedelta) -> None:
    """Leave the row as a worker that died while sending would: claimed, with a lease that ends ``ago``."""
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENDING, attempts=1, claim_token="dead-worker", lease_until=timezone.now() + LEASE - ago
    )


def test_enqueueing_the_same_key_twice_sends_one_email(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        first = _enqueue()
        second = _enqueue()
    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [ADDRESS]


def test_running_the_delivery_twice_sends_once() -> None:
    message = _enqueue()
    assert outbox_deliver_one(message_id=message.pk) == "sent"
    assert outbox_deliver_one(message_id=message.pk) == "skipped"
    assert outbox_sweep_once() == {}
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.lease_until) == ("sent", 1, None)
    assert message.sent_at is not None


def test_a_sent_message_keeps_no_body_but_a_stable_message_id() -> None:
    message = _enqueue()
    outbox_deliver_one(message_id=message.pk)
    message.refresh_from_db()
    assert message.body == ""  # sign-in links do not linger in the database
    assert mail.outbox[0].extra_headers["Message-ID"] == services._message_id(message)
    assert message.key not in mail.outbox[0].extra_headers["Message-ID"]


def test_a_crashed_workers_expired_lease_is_claimed_again(caplog: pytest.LogCaptureFixture) -> None:
    message = _enqueue()
    _crash_mid_send(message, ago=LEASE + timedelta(seconds=1))
    with caplog.at_level(logging.WARNING, logger="alongside.outbox"):
        assert outbox_sweep_once() == {"sent": 1}
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.lease_expiries) == ("sent", 2, 1)
    assert "lease ran out" in caplog.text


def test_a_lease_still_running_is_left_alone() -> None:
    message = _enqueue()
    _crash_mid_send(message, ago=timedelta(minutes=1))
    assert outbox_sweep_once() == {}
    assert outbox_deliver_one(message_id=message.pk) == "skipped"
    assert mail.outbox == []


def test_a_provider_failure_is_retried_with_backoff_then_given_up(
    failing: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = _enqueue()
    assert outbox_deliver_one(message_id=message.pk) == "retry"
    assert outbox_sweep_once() == {}  # not due yet: it waits before trying again
    outcomes = []
    for hours in range(1, MAX_ATTEMPTS + 1):  # each pass a little over an hour later: past any backoff
        _later(monkeypatch, timedelta(hours=hours, minutes=1))
        outcomes.append(dict(outbox_sweep_once()))
    assert outcomes == [{"retry": 1}, {"retry": 1}, {"retry": 1}, {"failed": 1}, {}]
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", MAX_ATTEMPTS)
    assert len(backends.calls) == MAX_ATTEMPTS
    assert message.last_error == "SMTPRecipientsRefused"  # the error's type only: its text quotes the address
    assert message.body  # kept, so someone can see what did not go out


def test_the_backoff_grows_and_is_capped() -> None:
    assert [services._retry_delay(n) for n in (1, 2, 3)] == [
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
    ]
    assert services._retry_delay(20) == timedelta(hours=1)


def test_a_row_whose_last_attempt_died_mid_send_is_marked_failed() -> None:
    message = _enqueue()
    _crash_mid_send(message, ago=LEASE * 2)
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=MAX_ATTEMPTS)
    assert outbox_sweep_once() == {"failed": 1}
    message.refresh_from_db()
    assert (message.status, message.last_error, message.lease_expiries) == ("failed", "LeaseRanOut", 1)
    assert mail.outbox == []


def test_a_send_that_outlives_its_lease_does_not_overwrite_the_new_claim(monkeypatch: pytest.MonkeyPatch) -> None:
    message = _enqueue()
    real_send = services._send

    def send_while_another_worker_takes_over(outgoing: OutboxMessage) -> None:
        real_send(outgoing)
        OutboxMessage.objects.filter(pk=outgoing.pk).update(claim_token="another-worker")

    monkeypatch.setattr(services, "_send", send_while_another_worker_takes_over)
    assert outbox_deliver_one(message_id=message.pk) == "lost_lease"
    message.refresh_from_db()
    assert (message.status, message.claim_token) == ("sending", "another-worker")


def test_failure_logs_name_no_recipient(failing: None, caplog: pytest.LogCaptureFixture) -> None:
    message = _enqueue()
    with caplog.at_level(logging.DEBUG):
        outbox_deliver_one(message_id=message.pk)
    assert "outbox send failed" in caplog.text
    assert ADDRESS not in caplog.text
    assert all(ADDRESS not in str(vars(record)) for record in caplog.records)
