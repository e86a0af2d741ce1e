"""Demo participants and referrals for Riverbend, created through the services (so audited). Idempotent."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import Organization, User
from alongside.participants import services
from alongside.participants.models import ConsentKind, EnrollmentStatus, Participant, SignatureMethod
from alongside.programs.models import Program

# preferred name, pronouns, languages, program, status, peer email (None: not assigned yet)
PEOPLE: list[tuple[str, str, str, str, str, str | None]] = [
    ("Alex Morgan", "they/them", "English", "Recovery Mentors", EnrollmentStatus.ACTIVE, "peer@riverbend.example"),
    (
        "Maria Lopez",
        "she/her",
        "Spanish, English",
        "Recovery Mentors",
        EnrollmentStatus.ACTIVE,
        "peer@riverbend.example",
    ),
    ("Dev Patel", "he/him", "English", "Tuesday Night Circle", EnrollmentStatus.ACTIVE, "peer3@riverbend.example"),
    ("Tasha Green", "she/her", "English", "Families Together", EnrollmentStatus.ACTIVE, "peer2@riverbend.example"),
    ("Luis Ortega", "he/him", "Spanish", "Recovery Mentors", EnrollmentStatus.WAITLISTED, None),
    ("Robin Ellis", "", "English", "Recovery Mentors", EnrollmentStatus.REFERRED, None),
]

# name, program, phone, what they would like help with
REFERRALS: list[tuple[str, str, str, str]] = [
    ("Jamie Cruz", "Recovery Mentors", "555-0142", "I just got out of the hospital and want someone to talk to."),
    ("Pat Kim", "Families Together", "555-0177", "My son is struggling and I do not know where to start."),
    ("Ana Souza", "Recovery Mentors", "555-0190", "Quiero apoyo de alguien que hable español."),
]


class Command(BaseCommand):
    help = "Load demo participants and referrals (idempotent)."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        organization = Organization.objects.get(slug="riverbend")
        if Participant.objects.filter(organization=organization).exists():
            return
        admin = User.objects.get(email="admin@riverbend.example")
        programs = {program.name: program for program in Program.objects.filter(organization=organization)}
        for name, pronouns, languages, program_name, status, peer_email in PEOPLE:
            self._person(admin, programs[program_name], name, pronouns, languages, status, peer_email)
        for name, program_name, phone, help_wanted in REFERRALS:
            services.referral_submit(
                organization=organization,
                program=programs[program_name],
                person_name=name,
                phone=phone,
                help_wanted=help_wanted,
            )

    def _person(
        self,
        admin: User,
        program: Program,
        name: str,
        pronouns: str,
        languages: str,
        status: str,
        peer_email: str | None,
    ) -> None:
        participant = services.participant_create(
            actor=admin,
            preferred_name=name,
            pronouns=pronouns,
            languages=languages,
            date_of_birth=datetime.date(1988, 3, 14),
        )
        services.consent_grant(
            actor=admin,
            participant=participant,
            kind=ConsentKind.TAKE_PART,
            signature_method=SignatureMethod.ON_SCREEN,
            signed_name=name,
            signature_confirmed=True,
            revocation_right_acknowledged=True,
        )
        first = EnrollmentStatus.WAITLISTED if status == EnrollmentStatus.WAITLISTED else EnrollmentStatus.REFERRED
        enrollment = services.enrollment_create(
            actor=admin,
            participant=participant,
            program=program,
            status=first,
            referred_on=timezone.localdate() - datetime.timedelta(days=20),
        )
        if status == EnrollmentStatus.ACTIVE:
            services.enrollment_change_status(actor=admin, enrollment=enrollment, status=EnrollmentStatus.ACTIVE)
        account = User.objects.filter(email="participant@riverbend.example", full_name=name).first()
        if account is not None:
            services.participant_link_account(actor=admin, participant=participant, account=account)
        if peer_email:
            services.peer_assign(actor=admin, participant=participant, peer=User.objects.get(email=peer_email))
