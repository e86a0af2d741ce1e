"""The disclosure gate: consent_allows honours recipient, category, purpose, expiry and revocation."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from alongside.audit.models import AuditEvent
from alongside.participants.disclosures import authorize, consent_allows
from alongside.participants.models import Disclosure, Participant
from alongside.participants.services import REDISCLOSURE_NOTICE, consent_revoke
from alongside.participants.tests.factories import ConsentFactory, EnrollmentFactory, ParticipantFactory
from conftest import World, own_program


def _participant(world: World) -> Participant:
    return ParticipantFactory.create(organization=world.own.organization)


def test_a_consent_naming_an_organization_covers_its_people_for_the_named_category_and_purpose(world: World) -> None:
    participant = _participant(world)
    ConsentFactory.create(participant=participant, recipient_organization=world.other.organization)
    clinician = world.other["clinician"]
    assert consent_allows(participant, clinician, "summary", purpose="tpo") is True
    assert consent_allows(participant, world.other.organization, "summary", purpose="tpo") is True


def test_it_refuses_what_the_consent_does_not_name(world: World) -> None:
    participant = _participant(world)
    ConsentFactory.create(participant=participant, recipient_organization=world.other.organization)
    clinician = world.other["clinician"]
    assert consent_allows(participant, clinician, "plan", purpose="tpo") is False
    assert consent_allows(participant, clinician, "summary", purpose="at_request") is False
    assert consent_allows(participant, clinician, "summary", purpose="anything") is False
    assert consent_allows(participant, world.own["clinician"], "summary", purpose="tpo") is False
    assert consent_allows(_participant(world), clinician, "summary", purpose="tpo") is False


def test_a_consent_naming_a_person_covers_only_that_person(world: World) -> None:
    participant = _participant(world)
    ConsentFactory.create(
        participant=participant,
        recipient_kind="person",
        recipient_name="Dr Lee",
        recipient_user=world.other["clinician"],
    )
    assert consent_allows(participant, world.other["clinician"], "summary", purpose="tpo") is True
    assert consent_allows(participant, world.other["supervisor"], "summary", purpose="tpo") is False
    assert consent_allows(participant, world.other.organization, "summary", purpose="tpo") is False


def test_it_stops_at_the_expiry_date(world: World) -> None:
    participant = _participant(world)
    ends = timezone.localdate() + dt.timedelta(days=30)
    ConsentFactory.create(participant=participant, recipient_organization=world.other.organization, expires_on=ends)
    before = timezone.now() + dt.timedelta(days=29)
    after = timezone.now() + dt.timedelta(days=32)
    assert consent_allows(participant, world.other.organization, "summary", purpose="tpo", at=before) is True
    assert consent_allows(participant, world.other.organization, "summary", purpose="tpo", at=after) is False


def test_it_does_not_allow_before_signing(world: World) -> None:
    participant = _participant(world)
    ConsentFactory.create(participant=participant, recipient_organization=world.other.organization)
    earlier = timezone.now() - dt.timedelta(days=5)
    assert consent_allows(participant, world.other.organization, "summary", purpose="tpo", at=earlier) is False


def test_it_stops_at_revocation_but_the_past_stays_as_it_was(world: World) -> None:
    participant = _participant(world)
    consent = ConsentFactory.create(participant=participant, recipient_organization=world.other.organization)
    consent_revoke(actor=world.own["supervisor"], consent=consent)
    assert consent_allows(participant, world.other.organization, "summary", purpose="tpo") is False
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    assert consent_allows(participant, world.other.organization, "summary", purpose="tpo", at=an_hour_ago) is True


def test_it_stops_when_the_end_of_participation_event_happens(world: World) -> None:
    participant = _participant(world)
    ConsentFactory.create(
        participant=participant,
        recipient_organization=world.other.organization,
        expires_on=None,
        expires_on_event="end_of_participation",
    )
    enrollment = EnrollmentFactory.create(participant=participant, program=own_program(world), status="active")
    assert consent_allows(participant, world.other.organization, "summary", purpose="tpo") is True
    enrollment.status, enrollment.discharge_reason = "discharged", "goals_met"
    enrollment.save(update_fields=["status", "discharge_reason"])
    assert consent_allows(participant, world.other.organization, "summary", purpose="tpo") is False


def test_a_consent_to_take_part_shares_nothing(world: World) -> None:
    participant = _participant(world)
    ConsentFactory.take_part(participant=participant, recipient_organization=world.other.organization, purpose="tpo")
    assert consent_allows(participant, world.other.organization, "summary", purpose="tpo") is False


def test_authorize_writes_the_accounting_row_with_the_notice_and_audits_it(world: World) -> None:

    participant = _participant(world)
    consent = ConsentFactory.create(participant=participant, recipient_organization=world.other.organization)
    disclosure = authorize(
        actor=world.own["supervisor"],
        participant=participant,
        recipient=world.other["clinician"],
        category="summary",
        purpose="tpo",
        path="care_team_summary",
    )
    assert disclosure is not None
    assert disclosure.consent == consent
    assert disclosure.notice == REDISCLOSURE_NOTICE
    assert disclosure.recipient_user == world.other["clinician"]
    event = AuditEvent.objects.get(action="export", object_type="participants.disclosure")
    assert event.participant_id == str(participant.pk)


def test_authorize_refuses_and_records_nothing_without_a_consent_in_force(world: World) -> None:

    participant = _participant(world)
    consent = ConsentFactory.create(participant=participant, recipient_organization=world.other.organization)
    consent_revoke(actor=world.own["supervisor"], consent=consent)
    refused = authorize(
        actor=world.own["supervisor"],
        participant=participant,
        recipient=world.other.organization,
        category="summary",
        purpose="tpo",
        path="export",
    )
    assert refused is None
    assert not Disclosure.objects.exists()
