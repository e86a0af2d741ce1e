from typing import Any

from django.core.management.base import BaseCommand, CommandError

from alongside.audit.verify import verify_all


class Command(BaseCommand):
    help = (
        "Check every audit chain against its keyed hashes and the heads anchored outside the database. "
        "Names the first broken link and exits non-zero if any chain is broken; reports a restore from "
        "backup (anchored events the database no longer holds) without failing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_all()
        for chain in report.chains:
            if not chain.ok:
                self.stderr.write(f"{chain.key}: BROKEN at event {chain.broken_at}: {chain.problem}")
                continue
            self.stdout.write(f"{chain.key}: {chain.events} events, intact")
            if chain.restore_gap:
                self.stdout.write(f"{chain.key}: RESTORE noted: {chain.restore_gap}")
            if chain.unanchored:
                self.stdout.write(f"{chain.key}: the newest {chain.unanchored} events are not anchored yet")
        if not report.chains:
            self.stdout.write("No audit events yet.")
        if not report.ok:
            raise CommandError("The audit log has been tampered with or damaged (see above).")
