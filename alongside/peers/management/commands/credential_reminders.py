from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from alongside.peers.services import credential_reminders_send


class Command(BaseCommand):
    help = (
        "Queue credential expiry reminders (60, 30 and 7 days before) to each peer and their supervisors. "
        "Run it daily; running it more often, or twice, sends each reminder once."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        queued = credential_reminders_send(today=timezone.localdate())
        self.stdout.write(f"credential_reminders: {queued} reminder(s) queued.")
