"""Email backends that behave like troublesome providers."""

from __future__ import annotations

import smtplib
import threading
import time
from collections.abc import Sequence
from typing import Any

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

sent: list[EmailMessage] = []
calls: list[str] = []
_lock = threading.Lock()


def reset() -> None:
    sent.clear()
    calls.clear()


class FailingBackend(BaseEmailBackend):
    """Refuses every message, with an error that quotes the recipient's address (as SMTP servers do)."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            calls.append(message.to[0])
            raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"mailbox unavailable")})
        return 0


class SlowBackend(BaseEmailBackend):
    """Accepts messages, slowly, so two workers would overlap if both were sending."""

    def __init__(self, *args: Any, timeout: float | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.timeout = timeout

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        time.sleep(0.2)
        with _lock:
            sent.extend(email_messages)
        return len(email_messages)
