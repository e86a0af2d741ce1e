"""manage.py outbox_sweep: one pass, or a loop that stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import threading
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from alongside.outbox.models import OutboxMessage


def _queue(count: int) -> None:
    for n in range(count):
        OutboxMessage.objects.create(
            key=f"reminder:{n}", recipient=f"person{n}@example.org", subject="Hi", body="Hello"
        )


@pytest.mark.django_db
def test_one_pass_sends_what_is_due_and_reports_counts() -> None:
    _queue(3)
    out = StringIO()
    call_command("outbox_sweep", stdout=out)
    assert len(mail.outbox) == 3
    report = out.getvalue()
    assert "outbox: sent 3. Now queued 0, sending 0, sent 3, failed 0; 0 may have been sent twice" in report
    assert "@example.org" not in report


@pytest.mark.django_db
def test_a_pass_with_nothing_due_says_so() -> None:
    out = StringIO()
    call_command("outbox_sweep", stdout=out)
    assert out.getvalue().startswith("outbox: nothing due.")


@pytest.mark.django_db(transaction=True)
def test_the_loop_stops_cleanly_on_sigterm() -> None:
    _queue(2)
    before = signal.getsignal(signal.SIGTERM)
    timer = threading.Timer(0.5, os.kill, args=(os.getpid(), signal.SIGTERM))
    timer.start()
    out = StringIO()
    try:
        call_command("outbox_sweep", every=0.05, stdout=out)
    finally:
        timer.cancel()
    assert out.getvalue().rstrip().endswith("outbox_sweep stopped.")
    assert len(mail.outbox) == 2
    assert signal.getsignal(signal.SIGTERM) is before
