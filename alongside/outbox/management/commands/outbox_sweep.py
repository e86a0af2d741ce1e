from __future__ import annotations

import logging
import signal
import threading
from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections, connection

from alongside.outbox.services import outbox_stats, outbox_sweep_once

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Send outbox messages that are due: queued ones, failed ones whose retry time has come, and ones "
        "a crashed worker left with a lease that ran out. With --every, repeat until stopped (SIGTERM or "
        "Ctrl-C finish the current message, then exit)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--every", type=float, default=0, metavar="SECONDS", help="Repeat every SECONDS.")

    def handle(self, *args: Any, every: float = 0, **options: Any) -> None:
        stop = threading.Event()
        previous = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}

        def request_stop(signum: int, frame: object) -> None:
            stop.set()

        if every:
            for sig in previous:
                signal.signal(sig, request_stop)
            self.stdout.write(f"outbox_sweep: checking every {every:g} s; SIGTERM or Ctrl-C stops it.")
        try:
            while True:
                self._fresh_connection()
                results: Counter[str] | None
                try:
                    results = outbox_sweep_once(should_stop=stop.is_set)
                except DatabaseError:
                    if not every:
                        raise
                    # The database went away for a moment: say so and try again next time round.
                    logger.exception("outbox sweep failed; trying again")
                    results = None
                if results is not None and (results or not every):
                    self._report(results)
                if not every or stop.wait(every):
                    break
        finally:
            if every:
                for sig, handler in previous.items():
                    signal.signal(sig, handler)
                self._fresh_connection()
        if every:
            self.stdout.write("outbox_sweep stopped.")

    @staticmethod
    def _fresh_connection() -> None:
        """Drop a connection that broke or outlived CONN_MAX_AGE, as Django does between requests."""
        if not connection.in_atomic_block:
            close_old_connections()

    def _report(self, results: dict[str, int]) -> None:
        done = ", ".join(f"{outcome} {count}" for outcome, count in sorted(results.items())) or "nothing due"
        stats = outbox_stats()
        self.stdout.write(
            f"outbox: {done}. Now queued {stats['queued']}, sending {stats['sending']}, sent {stats['sent']}, "
            f"failed {stats['failed']}; {stats['lease_expiries']} may have been sent twice (a worker died mid-send)."
        )
