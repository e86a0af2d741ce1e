from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import override_settings
from django.utils import timezone

from alongside.audit.models import AuditEvent
from alongside.participants import selectors, services
from alongside.participants.models import (
    Consent,
    ConsentKind,
    Enrollment,
    EnrollmentStatus,
    Participant,
    PeerAssignment,
    SignatureMethod,
)
from alongside.participants.tests.factories import (
    ConsentFactory,
    EnrollmentFactory,
    ParticipantFactory,
    PeerAssignmentFactory,
)
from conftest import World, other_program, own_program

TODAY = dt.date.today


def _take_part(participant: Participant, **extra: object) -> Consent:
    return services.consent_grant(
        actor=extra.pop("actor", None) or _supervisor_of(participant),  # type: ignore[arg-type]
        participant=participant,
        kind=ConsentKind.TAKE_PART,
        signature_method=SignatureMethod.ON_SCREEN,
        signed_name=participant.preferred_name,
        signature_confirmed=True,
        revocation_right_acknowledged=True,
        **extra,  # type: ignore[arg-type]
    )


_SUPERVISORS: dict[int, object] = {}


def _supervisor_of(participant: Participant) -> object:
    return _SUPERVISORS[participant.organization_id]


@pytest.fixture(autouse=True)
def _register(world: World) -> None:
    for personas in (world.own, world.other):
        _SUPERVISORS[personas.organization.pk] = personas["supervisor"]


# --- Intake -------------------------------------------------------------------------------------


def test_intake_creates_the_participant_in_the_actors_organization_and_audits_it(world: World) -> None:
    participant = services.participant_create(
        actor=world.own["supervisor"], preferred_name="  Sam  ", pronouns="they/them", prefer_not_to_say=["gender"]
    )
    assert participant.organization == world.own.organization
    assert participant.preferred_name == "Sam"
    event = AuditEvent.objects.get(object_type="participants.participant", action="create")
    assert event.participant_id == str(participant.pk)


def test_a_peer_who_does_intake_is_assigned_and_sees_the_person(world: World) -> None:
    peer = world.own["peer"]
    participant = services.participant_create(actor=peer, preferred_name="Ana")
    assert PeerAssignment.objects.filter(participant=participant, peer=peer, ended_at__isnull=True).exists()
    assert selectors.participant_get(viewer=peer, participant_id=participant.pk) == participant


@pytest.mark.parametrize("role", ["clinician", "participant", "network_admin"])
def test_intake_is_refused_to_roles_that_do_not_do_intake(world: World, role: str) -> None:
    with pytest.raises(PermissionError):
        services.participant_create(actor=world.own[role], preferred_name="Nope")
    assert not Participant.objects.filter(preferred_name="Nope").exists()


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"date_of_birth": dt.date(2999, 1, 1)}, "date_of_birth"),
        ({"date_of_birth": dt.date(1850, 1, 1)}, "date_of_birth"),
        ({"preferred_name": "   "}, "preferred_name"),
        ({"gender": "woman", "prefer_not_to_say": ["gender"]}, "gender"),
        ({"prefer_not_to_say": ["income"]}, "prefer_not_to_say"),
        ({"contact_channel": "email"}, "email"),
    ],
)
def test_intake_rejects_bad_input_and_saves_nothing(world: World, fields: dict, error_field: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.participant_create(actor=world.own["supervisor"], **{"preferred_name": "Kim", **fields})
    assert error_field in excinfo.value.message_dict
    assert not Participant.objects.exists()
    assert not AuditEvent.objects.filter(object_type="participants.participant").exists()


def test_update_records_only_changed_fields(world: World) -> None:
    participant = ParticipantFactory.create(organization=world.own.organization, pronouns="he/him")
    services.participant_update(
        actor=world.own["supervisor"],
        participant=participant,
        pronouns="they/them",
        preferred_name=participant.preferred_name,
    )
    event = AuditEvent.objects.filter(object_type="participants.participant", action="update").latest("id")
    assert event.changed_fields == ["pronouns"]


def test_update_is_refused_to_a_peer_who_is_not_assigned(world: World) -> None:
    participant = ParticipantFactory.create(organization=world.own.organization)
    with pytest.raises(PermissionError):
        services.participant_update(actor=world.own["peer"], participant=participant, pronouns="x")


# --- Scoping ------------------------------------------------------------------------------------


def test_each_role_sees_only_the_participants_it_should(world: World) -> None:
    mine = ParticipantFactory.create(organization=world.own.organization, user=world.own["participant"])
    assigned = ParticipantFactory.create(organization=world.own.organization)
    PeerAssignmentFactory.create(participant=assigned, peer=world.own["peer"])
    unassigned = ParticipantFactory.create(organization=world.own.organization)
    ParticipantFactory.create(organization=world.other.organization)
    every = {mine, assigned, unassigned}

    def visible(role: str) -> set[Participant]:
        return set(selectors.participant_list(viewer=world.own[role]))

    assert visible("org_admin") == every
    assert visible("supervisor") == every
    assert visible("peer") == {assigned}
    assert visible("peer_b") == set()
    assert visible("participant") == {mine}
    assert visible("clinician") == set()
    assert visible("network_admin") == set()


def test_an_ended_assignment_hides_the_participant_from_the_peer(world: World) -> None:
    participant = ParticipantFactory.create(organization=world.own.organization)
    assignment = services.peer_assign(actor=world.own["supervisor"], participant=participant, peer=world.own["peer"])
    services.peer_unassign(actor=world.own["supervisor"], assignment=assignment)
    assert list(selectors.participant_list(viewer=world.own["peer"])) == []


def test_reading_a_record_is_audited_with_the_participant_id(world: World) -> None:
    participant = ParticipantFactory.create(organization=world.own.organization)
    selectors.participant_get(viewer=world.own["supervisor"], participant_id=participant.pk)
    event = AuditEvent.objects.get(action="view", object_type="participants.participant")
    assert event.participant_id == str(participant.pk)
    assert event.actor == world.own["supervisor"]


def test_another_organizations_record_is_not_found_and_the_attempt_is_audited(world: World) -> None:
    participant = ParticipantFactory.create(organization=world.other.organization)
    with pytest.raises(Http404):
        selectors.participant_get(viewer=world.own["org_admin"], participant_id=participant.pk)
    assert AuditEvent.objects.get(action="permission_denied").participant_id == str(participant.pk)


# --- Peer assignment ----------------------------------------------------------------------------


def test_a_supervisor_assigns_a_peer_and_it_is_audited(world: World) -> None:
    participant = ParticipantFactory.create(organization=world.own.organization)
    services.peer_assign(actor=world.own["supervisor"], participant=participant, peer=world.own["peer"])
    assert AuditEvent.objects.get(object_type="participants.peerassignment").participant_id == str(participant.pk)


def test_a_peer_cannot_assign_peers(world: World) -> None:
    participant = ParticipantFactory.create(organization=world.own.organization)
    with pytest.raises(PermissionError):
        services.peer_assign(actor=world.own["peer"], participant=participant, peer=world.own["peer"])


@pytest.mark.parametrize("who", ["other_org_peer", "own_clinician"])
def test_only_a_peer_of_the_organization_can_be_assigned(world: World, who: str) -> None:
    participant = ParticipantFactory.create(organization=world.own.organization)
    peer = world.other["peer"] if who == "other_org_peer" else world.own["clinician"]
    with pytest.raises(ValidationError):
        services.peer_assign(actor=world.own["supervisor"], participant=participant, peer=peer)
    assert not PeerAssignment.objects.exists()


# --- Enrollment ---------------------------------------------------------------------------------


def test_an_enrollment_moves_through_its_statuses_and_each_change_is_audited(world: World) -> None:
    supervisor = world.own["supervisor"]
    participant = ParticipantFactory.create(organization=world.own.organization)
    _take_part(participant)
    enrollment = services.enrollment_create(actor=supervisor, participant=participant, program=own_program(world))
    for status in ("waitlisted", "active", "paused", "active"):
        services.enrollment_change_status(actor=supervisor, enrollment=enrollment, status=status)
    services.enrollment_change_status(actor=supervisor, enrollment=enrollment, status="discharged", reason="goals_met")
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.DISCHARGED
    assert enrollment.discharge_reason == "goals_met"
    assert enrollment.ended_on == timezone.localdate()
    assert enrollment.started_on == timezone.localdate()
    updates = AuditEvent.objects.filter(object_type="participants.enrollment", action="update")
    assert updates.count() == 5
    assert {event.participant_id for event in updates} == {str(participant.pk)}


@pytest.mark.parametrize(
    ("start", "to"), [("referred", "paused"), ("discharged", "active"), ("waitlisted", "referred")]
)
def test_an_invalid_transition_is_refused(world: World, start: str, to: str) -> None:
    enrollment = EnrollmentFactory.create(
        participant__organization=world.own.organization,
        program=own_program(world),
        status=start,
        discharge_reason="moved" if start == "discharged" else "",
    )
    with pytest.raises(ValidationError):
        services.enrollment_change_status(actor=world.own["supervisor"], enrollment=enrollment, status=to)
    enrollment.refresh_from_db()
    assert enrollment.status == start


def test_discharge_needs_a_reason(world: World) -> None:
    enrollment = EnrollmentFactory.create(participant__organization=world.own.organization, program=own_program(world))
    with pytest.raises(ValidationError) as excinfo:
        services.enrollment_change_status(actor=world.own["supervisor"], enrollment=enrollment, status="discharged")
    assert "reason" in excinfo.value.message_dict
    enrollment.refresh_from_db()
    assert enrollment.status == "referred"


def test_services_need_a_consent_to_take_part(world: World) -> None:
    enrollment = EnrollmentFactory.create(participant__organization=world.own.organization, program=own_program(world))
    with pytest.raises(ValidationError):
        services.enrollment_change_status(actor=world.own["supervisor"], enrollment=enrollment, status="active")


def test_a_participant_can_be_in_several_programs_but_not_twice_in_one(world: World) -> None:
    supervisor = world.own["supervisor"]
    participant = ParticipantFactory.create(organization=world.own.organization)
    from alongside.programs.tests.factories import ProgramFactory

    second = ProgramFactory.create(organization=world.own.organization)
    services.enrollment_create(actor=supervisor, participant=participant, program=own_program(world))
    services.enrollment_create(actor=supervisor, participant=participant, program=second)
    with pytest.raises(ValidationError):
        services.enrollment_create(actor=supervisor, participant=participant, program=second)
    assert Enrollment.objects.filter(participant=participant).count() == 2


def test_enrolling_in_another_organizations_program_is_refused(world: World) -> None:
    participant = ParticipantFactory.create(organization=world.own.organization)
    with pytest.raises(ValidationError):
        services.enrollment_create(actor=world.own["supervisor"], participant=participant, program=other_program(world))


def test_a_peer_cannot_change_an_enrollment(world: World) -> None:
    enrollment = EnrollmentFactory.create(participant__organization=world.own.organization, program=own_program(world))
    PeerAssignmentFactory.create(participant=enrollment.participant, peer=world.own["peer"])
    with pytest.raises(PermissionError):
        services.enrollment_change_status(actor=world.own["peer"], enrollment=enrollment, status="waitlisted")


# --- Minors -------------------------------------------------------------------------------------


def _minor(world: World) -> Participant:
    today = timezone.localdate()
    return ParticipantFactory.create(
        organization=world.own.organization, date_of_birth=today.replace(year=today.year - 15)
    )


def test_a_minor_cannot_sign_for_themselves(world: World) -> None:
    participant = _minor(world)
    with pytest.raises(ValidationError) as excinfo:
        _take_part(participant)
    assert "signed_by_guardian" in excinfo.value.message_dict
    assert not Consent.objects.exists()


def test_a_guardian_consent_needs_the_young_persons_assent(world: World) -> None:
    participant = _minor(world)
    with pytest.raises(ValidationError) as excinfo:
        _take_part(
            participant,
            signed_by_guardian=True,
            guardian_name="Rosa",
            guardian_relationship="mother",
            guardian_contact="555-0100",
        )
    assert "minor_assent" in excinfo.value.message_dict


def test_a_minor_is_blocked_until_a_guardian_signs_and_then_can_start(world: World) -> None:
    participant = _minor(world)
    enrollment = EnrollmentFactory.create(participant=participant, program=own_program(world))
    # A self-signed consent that slipped in (say, before the birth date was known) does not count.
    ConsentFactory.take_part(participant=participant)
    with pytest.raises(ValidationError) as excinfo:
        services.enrollment_change_status(actor=world.own["supervisor"], enrollment=enrollment, status="active")
    assert "guardian" in excinfo.value.message_dict["status"][0]
    _take_part(
        participant,
        signed_by_guardian=True,
        guardian_name="Rosa",
        guardian_relationship="mother",
        guardian_contact="555-0100",
        minor_assent=True,
    )
    services.enrollment_change_status(actor=world.own["supervisor"], enrollment=enrollment, status="active")
    assert Enrollment.objects.get(pk=enrollment.pk).status == "active"


@override_settings(PARTICIPANT_AGE_OF_CONSENT=14)
def test_the_age_of_consent_is_a_setting(world: World) -> None:
    participant = _minor(world)  # 15
    _take_part(participant)
    assert Consent.objects.filter(participant=participant, signed_by_guardian=False).exists()


# --- Consent ------------------------------------------------------------------------------------


def _share(participant: Participant, **extra: object) -> Consent:
    values: dict = {
        "kind": ConsentKind.SHARE_TPO,
        "signature_method": SignatureMethod.ON_SCREEN,
        "signed_name": participant.preferred_name,
        "signature_confirmed": True,
        "revocation_right_acknowledged": True,
        "categories": ["summary", "plan"],
        "recipient_kind": "organization",
        "recipient_name": "Partner clinic",
        "purpose": "tpo",
        "expires_on": timezone.localdate() + dt.timedelta(days=90),
    }
    values.update(extra)
    return services.consent_grant(actor=_supervisor_of(participant), participant=participant, **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("change", "error_field"),
    [
        ({"recipient_name": "", "recipient_kind": ""}, "recipient_name"),
        ({"expires_on": None}, "expires_on"),
        ({"expires_on": dt.date(2001, 1, 1)}, "expires_on"),
        ({"signature_confirmed": False}, "signature_confirmed"),
        ({"revocation_right_acknowledged": False}, "revocation_right_acknowledged"),
        ({"categories": []}, "categories"),
        ({"categories": ["summary", "counselling_notes"]}, "categories"),
        ({"purpose": "at_request"}, "purpose"),
        ({"signature_method": "paper"}, "signed_on"),
        ({"signature_method": "paper", "signed_on": dt.date(2999, 1, 1)}, "signed_on"),
    ],
)
def test_a_sharing_consent_with_a_missing_element_is_refused_and_nothing_is_saved(
    world: World, change: dict, error_field: str
) -> None:
    participant = ParticipantFactory.create(organization=world.own.organization)
    with pytest.raises(ValidationError) as excinfo:
        _share(participant, **change)
    assert error_field in excinfo.value.message_dict
    assert not Consent.objects.exists()
    assert not AuditEvent.objects.filter(object_type="participants.consent").exists()


def test_a_consent_keeps_the_section_2_31_elements_and_the_text_version(world: World) -> None:
    participant = ParticipantFactory.create(organization=world.own.organization)
    consent = _share(participant, expires_on_event="end_of_participation")
    assert consent.participant_name == participant.preferred_name
    assert consent.discloser == world.own.organization.name
    assert consent.recipient_name == "Partner clinic"
    assert consent.text_version == services.CONSENT_TEXT_VERSION
    assert consent.signed_at is not None
    assert AuditEvent.objects.get(object_type="participants.consent").participant_id == str(participant.pk)


def test_a_paper_consent_keeps_the_date_on_the_form(world: World) -> None:
    participant = ParticipantFactory.create(organization=world.own.organization)
    signed_on = timezone.localdate() - dt.timedelta(days=3)
    consent = _share(participant, signature_method="paper", signed_on=signed_on)
    assert timezone.localdate(consent.signed_at) == signed_on


def test_a_consent_is_revoked_in_one_step_and_cannot_be_revoked_again(world: World) -> None:
    participant = ParticipantFactory.create(organization=world.own.organization)
    consent = _share(participant)
    services.consent_revoke(actor=world.own["supervisor"], consent=consent)
    assert Consent.objects.get(pk=consent.pk).revoked_at is not None
    with pytest.raises(ValidationError):
        services.consent_revoke(actor=world.own["supervisor"], consent=consent)


def test_a_participant_can_take_back_their_own_consent_but_not_anyone_elses(world: World) -> None:
    mine = ParticipantFactory.create(organization=world.own.organization, user=world.own["participant"])
    someone = ParticipantFactory.create(organization=world.own.organization)
    services.consent_revoke(actor=world.own["participant"], consent=_share(mine))
    with pytest.raises(PermissionError):
        services.consent_revoke(actor=world.own["participant"], consent=_share(someone))


def test_revoking_the_consent_to_take_part_blocks_a_new_start(world: World) -> None:
    participant = ParticipantFactory.create(organization=world.own.organization)
    consent = _take_part(participant)
    services.consent_revoke(actor=world.own["supervisor"], consent=consent)
    enrollment = EnrollmentFactory.create(participant=participant, program=own_program(world))
    with pytest.raises(ValidationError):
        services.enrollment_change_status(actor=world.own["supervisor"], enrollment=enrollment, status="active")
