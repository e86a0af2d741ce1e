from typing import Any

from django.core.management.base import BaseCommand, CommandError

from alongside.audit.verify import verify_all


class Command(BaseCommand):
    help = "Check every audit chain; name the first broken link. Exits non-zero if any chain is broken."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_all()
        for chain in report.chains:
            if chain.ok:
                self.stdout.write(f"{chain.key}: {chain.events} events, intact")
            else:
                self.stderr.write(f"{chain.key}: BROKEN at event {chain.broken_at}: {chain.problem}")
            if chain.restore_gap:
                self.stdout.write(f"{chain.key}: restore noted: {chain.restore_gap}")
        if not report.chains:
            self.stdout.write("No audit events yet.")
        if not report.ok:
            raise CommandError("The audit log has been tampered with or damaged (see above).")
