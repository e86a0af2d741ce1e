from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboxMessage(models.Model):
    """A message to the outside world, sent at most once from our side.

    ``key`` names what, for whom and for when (never personal data); a second enqueue with the same
    key is a no-op. A worker claims a row by moving it to ``sending`` with a lease and a claim token;
    a row whose lease ran out (the worker died) is claimed again, and that is counted in
    ``lease_expiries`` because the provider may have accepted the message before the worker died.
    The body is cleared once the message is sent: it can hold sign-in links.
    """

    key = models.CharField(max_length=200, unique=True)
    channel = models.CharField(max_length=10, default="email")
    recipient = models.CharField(max_length=254)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    organization = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    retry_at = models.DateTimeField(null=True, blank=True)
    lease_expiries = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "lease_until"])]

    def __str__(self) -> str:
        return f"{self.channel} {self.key} ({self.status})"
