from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alongside.core.idempotency import RETENTION, idempotency_prune


class Command(BaseCommand):
    help = "Remove kept answers to idempotent API requests once their keys have expired (after 24 hours)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--hours",
            type=float,
            default=RETENTION.total_seconds() / 3600,
            help="Remove records older than this many hours (at least 24, the time a key is kept).",
        )

    def handle(self, *args: Any, hours: float, **options: Any) -> None:
        if timedelta(hours=hours) < RETENTION:
            raise CommandError("Keys are kept for 24 hours; prune only records older than that.")
        deleted = idempotency_prune(older_than=timedelta(hours=hours))
        self.stdout.write(f"Removed {deleted} idempotency record(s).")
