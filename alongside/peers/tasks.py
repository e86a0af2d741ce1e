from django.utils import timezone
from django_tasks import task

from alongside.peers.services import credential_reminders_send


@task()
def peers_credential_reminders() -> int:
    """Queue the day's credential expiry reminders (idempotent: run it as often as you like)."""
    return credential_reminders_send(today=timezone.localdate())
