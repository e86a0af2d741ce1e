from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import Membership, User
from alongside.accounts.roles import Role
from alongside.peers import services
from alongside.peers.models import Credential, Training
from alongside.programs.models import Program, ProgramModel

# email → (bio, languages, specialties, max caseload, lived experience (area, may match), trainings)
PROFILES: dict[str, tuple[str, list[str], list[str], int, list[tuple[str, bool]], list[str]]] = {
    "peer@riverbend.example": (
        "I have been in recovery for nine years. I know how hard the first weeks are.",
        ["English", "Spanish"],
        ["youth", "groups"],
        8,
        [("Recovery from alcohol use", True), ("Living with depression", True)],
        ["Core peer specialist training", "Youth peer training", "Ethics and boundaries"],
    ),
    "peer2@riverbend.example": (
        "I was a parent in the system. I help families find their way.",
        ["English"],
        ["family", "warm_line"],
        6,
        [("Parent of a child with mental illness", True), ("Housing loss", False)],
        ["Core peer specialist training", "Family peer training", "Warm-line training"],
    ),
    "peer3@riverbend.example": (
        "Ask me about living well with a psychosis diagnosis.",
        ["English", "Vietnamese"],
        ["warm_line"],
        3,
        [("Psychosis", True)],
        ["Core peer specialist training", "Trauma-informed care"],
    ),
}


class Command(BaseCommand):
    help = "Load the peer workforce demo: standard trainings, peer profiles, training records, credentials."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        for admin_membership in Membership.objects.filter(role=Role.ORG_ADMIN, is_active=True).select_related("user"):
            admin = admin_membership.user
            services.training_seed_defaults(actor=admin)
            youth_training = Training.objects.get(
                organization_id=admin_membership.organization_id, name="Youth peer training"
            )
            for program in Program.objects.filter(
                organization_id=admin_membership.organization_id, model=ProgramModel.YOUTH
            ):
                services.program_requirement_add(actor=admin, program=program, training=youth_training)
        for index, (email, spec) in enumerate(PROFILES.items()):
            peer = User.objects.filter(email=email).first()
            if peer is None:
                continue
            bio, languages, specialties, caseload, experiences, trainings = spec
            services.profile_update(
                actor=peer,
                bio=bio,
                languages=languages,
                specialties=specialties,
                max_caseload=caseload,
                lived_experiences=experiences,
            )
            for name in trainings:
                training = Training.objects.get(organization_id=peer.active_membership.organization_id, name=name)  # type: ignore[union-attr]
                services.training_completion_record(
                    actor=peer, peer=peer, training=training, completed_on=today - datetime.timedelta(days=200)
                )
            if not Credential.objects.filter(peer=peer).exists():
                # The first peer's certification runs out soon, so the dashboard and reminders show it.
                expires = today + datetime.timedelta(days=25 if index == 0 else 400 + 30 * index)
                services.credential_add(
                    actor=peer,
                    peer=peer,
                    name="Certified Peer Recovery Specialist",
                    issuer="State Certification Board",
                    number=f"CPRS-{1040 + index}",
                    issued_on=expires - datetime.timedelta(days=730),
                    expires_on=expires,
                )
