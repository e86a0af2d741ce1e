from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.accounts.models import Network, Organization, User
from alongside.accounts.services import user_create_with_membership
from alongside.demo.data import DEMO_PASSWORD, NETWORK, ORGANIZATIONS
from alongside.programs.models import Program


class Command(BaseCommand):
    help = "Load the demo network (idempotent) and print one sign-in per role."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet", action="store_true", help="Do not print the sign-ins.")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        network, _ = Network.objects.get_or_create(name=NETWORK)
        for spec in ORGANIZATIONS:
            org, _ = Organization.objects.get_or_create(
                slug=spec["slug"], defaults={"name": spec["name"], "network": network}
            )
            for name, model, description, min_age, max_age in spec["programs"]:
                Program.objects.get_or_create(
                    organization=org,
                    name=name,
                    defaults={"model": model, "description": description, "min_age": min_age, "max_age": max_age},
                )
            for email, full_name, role in spec["users"]:
                user = User.objects.filter(email=email).first()
                if user is None:
                    user = user_create_with_membership(
                        email=email, full_name=full_name, password=DEMO_PASSWORD, organization=org, role=role
                    )
                if role in settings.TWO_FACTOR_REQUIRED_ROLES:
                    TOTPDevice.objects.get_or_create(user=user, name="default", defaults={"confirmed": True})
        call_command("peers_demo_load")
        call_command("participants_demo_load")
        if not options["quiet"]:
            self._print_logins()

    def _print_logins(self) -> None:
        self.stdout.write("")
        self.stdout.write("Alongside demo is ready at http://127.0.0.1:8000/")
        self.stdout.write(f"Every demo account uses the password: {DEMO_PASSWORD}")
        self.stdout.write("")
        shown: set[str] = set()
        for spec in ORGANIZATIONS:
            for email, _name, role in spec["users"]:
                if spec["slug"] == "riverbend" and role not in shown:
                    shown.add(role)
                    needs_code = (
                        " (asks for a code: make demo-code EMAIL=" + email + ")"
                        if role in settings.TWO_FACTOR_REQUIRED_ROLES
                        else ""
                    )
                    self.stdout.write(f"  {role:<14} {email}{needs_code}")
        self.stdout.write(
            "  A second organization (Harbor) has admin@harbor.example and others, to show that data never crosses."
        )
        self.stdout.write("")
