import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from alongside.peers.models import Credential, Training, WellbeingCheckIn


class TrainingFactory(DjangoModelFactory[Training]):
    class Meta:
        model = Training

    name = factory.Sequence(lambda n: f"Training {n}")
    hours = Decimal(8)


class CredentialFactory(DjangoModelFactory[Credential]):
    class Meta:
        model = Credential

    organization = factory.LazyAttribute(lambda o: o.peer.organization)
    name = "Certified Peer Specialist"
    issuer = "State certification board"
    number = factory.Sequence(lambda n: f"CPS-{n:05d}")
    issued_on = datetime.date(2024, 1, 15)
    expires_on = datetime.date(2026, 1, 15)


class CheckInFactory(DjangoModelFactory[WellbeingCheckIn]):
    """A complete check-in with the given scores (answers are not recomputed)."""

    class Meta:
        model = WellbeingCheckIn

    organization = factory.LazyAttribute(lambda o: o.peer.organization)
    answers = factory.LazyFunction(lambda: {str(i): 3 for i in range(1, 31)})
    status = "complete"
    compassion_satisfaction = 30
    burnout = 30
    secondary_traumatic_stress = 30
