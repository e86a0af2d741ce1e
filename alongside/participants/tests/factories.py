from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from alongside.accounts.tests.factories import OrganizationFactory
from alongside.participants.models import (
    Consent,
    ConsentCategory,
    ConsentKind,
    ConsentPurpose,
    Enrollment,
    Participant,
    PeerAssignment,
    RecipientKind,
    SignatureMethod,
)


class ParticipantFactory(DjangoModelFactory[Participant]):
    class Meta:
        model = Participant

    organization = factory.SubFactory(OrganizationFactory)
    preferred_name = factory.Sequence(lambda n: f"Participant {n}")
    date_of_birth = dt.date(1990, 5, 17)


class EnrollmentFactory(DjangoModelFactory[Enrollment]):
    class Meta:
        model = Enrollment

    participant = factory.SubFactory(ParticipantFactory)
    organization = factory.SelfAttribute("participant.organization")
    referred_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=10))


class PeerAssignmentFactory(DjangoModelFactory[PeerAssignment]):
    class Meta:
        model = PeerAssignment

    participant = factory.SubFactory(ParticipantFactory)
    organization = factory.SelfAttribute("participant.organization")
    started_at = factory.LazyFunction(timezone.now)


class ConsentFactory(DjangoModelFactory[Consent]):
    """A consent to share the summary with an organization for treatment, payment and operations."""

    class Meta:
        model = Consent

    participant = factory.SubFactory(ParticipantFactory)
    organization = factory.SelfAttribute("participant.organization")
    kind = ConsentKind.SHARE_TPO
    participant_name = factory.SelfAttribute("participant.preferred_name")
    discloser = "Alpha Peer Center"
    categories = factory.LazyFunction(lambda: [ConsentCategory.SUMMARY])
    recipient_kind = RecipientKind.ORGANIZATION
    recipient_name = "Partner clinic"
    purpose = ConsentPurpose.TPO
    revocation_right_acknowledged = True
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=365))
    signature_method = SignatureMethod.ON_SCREEN
    signed_name = factory.SelfAttribute("participant.preferred_name")
    signed_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    text_version = "2026-11"

    @classmethod
    def take_part(cls, **kwargs: Any) -> Consent:
        defaults: dict[str, Any] = {
            "kind": ConsentKind.TAKE_PART,
            "categories": [],
            "recipient_kind": "",
            "recipient_name": "",
            "purpose": "",
            "expires_on": None,
        }
        return cls.create(**{**defaults, **kwargs})
