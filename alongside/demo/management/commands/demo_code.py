from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Print the current two-step sign-in code of a demo account (demo only)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        device = TOTPDevice.objects.filter(user__email=options["email"].lower(), confirmed=True).first()
        if device is None:
            raise CommandError("That account has no authenticator set up.")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
        self.stdout.write(
            f"{code:0{device.digits}d}  (valid for about {device.step - int(time.time()) % device.step} more seconds)"
        )
