"""The participants endpoints: intake, records, enrollments, assignments and consents, end to end."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from alongside.audit.models import AuditEvent
from alongside.participants.models import Consent, Enrollment, Participant
from alongside.participants.tests.factories import ConsentFactory, ParticipantFactory, PeerAssignmentFactory
from conftest import World, other_program, own_program
from tests.api.helpers import assert_problem, send, session_client

pytestmark = pytest.mark.django_db

CONSENT = {
    "kind": "share_tpo",
    "signature_method": "on_screen",
    "signed_name": "Jo Rivera",
    "signature_confirmed": True,
    "revocation_right_acknowledged": True,
    "categories": ["summary"],
    "recipient_kind": "organization",
    "recipient_name": "Riverside Clinic",
    "purpose": "tpo",
}


def test_a_supervisor_takes_a_person_from_intake_to_active_through_the_api(world: World) -> None:
    client = session_client(world.own["supervisor"])
    response = send(client, "POST", "/participants", {"preferred_name": "Jo Rivera", "pronouns": "she/her"})
    assert response.status_code == 201, response.content
    pid = response.json()["id"]
    assert send(client, "GET", f"/participants/{pid}").json()["preferred_name"] == "Jo Rivera"
    assert AuditEvent.objects.filter(action="view", participant_id=pid).exists()

    enrollment = send(client, "POST", f"/participants/{pid}/enrollments", {"program_id": own_program(world).pk})
    assert enrollment.status_code == 201, enrollment.content
    eid = enrollment.json()["id"]
    # No consent to take part yet: refused with a readable 422.
    refused = send(client, "POST", f"/participants/enrollments/{eid}/status", {"status": "active"})
    body = assert_problem(refused, 422)
    assert body["errors"][0]["field"] == "status"

    take_part = {
        k: v for k, v in CONSENT.items() if k not in {"categories", "recipient_kind", "recipient_name", "purpose"}
    }
    granted = send(client, "POST", f"/participants/{pid}/consents", {**take_part, "kind": "take_part"})
    assert granted.status_code == 201, granted.content
    active = send(client, "POST", f"/participants/enrollments/{eid}/status", {"status": "active"})
    assert active.status_code == 200, active.content
    assert active.json()["status"] == "active"
    listed = send(client, "GET", f"/participants/{pid}/enrollments").json()
    assert [item["status"] for item in listed["items"]] == ["active"]


def test_a_sharing_consent_is_granted_listed_and_revoked_and_cannot_be_revoked_twice(world: World) -> None:
    participant = ParticipantFactory.create(organization=world.own.organization)
    client = session_client(world.own["supervisor"])
    response = send(
        client,
        "POST",
        f"/participants/{participant.pk}/consents",
        {**CONSENT, "expires_on": str(timezone.localdate() + dt.timedelta(days=30))},
    )
    assert response.status_code == 201, response.content
    consent_id = response.json()["id"]
    assert response.json()["text_version"]
    assert send(client, "GET", f"/participants/{participant.pk}/consents").json()["count"] == 1
    revoked = send(client, "POST", f"/participants/consents/{consent_id}/revoke")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert_problem(send(client, "POST", f"/participants/consents/{consent_id}/revoke"), 422, "already taken back")


@pytest.mark.parametrize(
    ("change", "field"),
    [({"recipient_name": "", "recipient_kind": None}, "recipient_name"), ({}, "expires_on")],
)
def test_a_consent_without_recipient_or_expiry_is_a_422_and_nothing_is_saved(
    world: World, change: dict, field: str
) -> None:
    participant = ParticipantFactory.create(organization=world.own.organization)
    body = {**CONSENT, **change}
    if field != "expires_on":
        body["expires_on"] = str(timezone.localdate() + dt.timedelta(days=30))
    problem = assert_problem(
        send(session_client(world.own["supervisor"]), "POST", f"/participants/{participant.pk}/consents", body), 422
    )
    assert field in {error["field"] for error in problem["errors"]}
    assert not Consent.objects.exists()


def test_an_impossible_birth_date_is_a_422_and_nothing_is_saved(world: World) -> None:
    client = session_client(world.own["supervisor"])
    assert_problem(send(client, "POST", "/participants", {"preferred_name": "X", "date_of_birth": "2999-01-01"}), 422)
    assert_problem(send(client, "POST", "/participants", {"preferred_name": "X", "date_of_birth": "2020-02-30"}), 422)
    assert not Participant.objects.exists()


def test_a_minor_is_blocked_until_a_guardian_signs(world: World) -> None:
    today = timezone.localdate()
    participant = ParticipantFactory.create(
        organization=world.own.organization, date_of_birth=today.replace(year=today.year - 16)
    )
    client = session_client(world.own["supervisor"])
    eid = send(
        client, "POST", f"/participants/{participant.pk}/enrollments", {"program_id": own_program(world).pk}
    ).json()["id"]
    take_part = {
        "kind": "take_part",
        "signature_method": "on_screen",
        "signed_name": "Teen",
        "signature_confirmed": True,
        "revocation_right_acknowledged": True,
    }
    assert_problem(send(client, "POST", f"/participants/{participant.pk}/consents", take_part), 422)
    assert_problem(send(client, "POST", f"/participants/enrollments/{eid}/status", {"status": "active"}), 422, "")
    guardian = {
        **take_part,
        "signed_name": "Rosa Diaz",
        "signed_by_guardian": True,
        "guardian_name": "Rosa Diaz",
        "guardian_relationship": "mother",
        "guardian_contact": "555-0100",
        "minor_assent": True,
    }
    assert send(client, "POST", f"/participants/{participant.pk}/consents", guardian).status_code == 201
    assert send(client, "POST", f"/participants/enrollments/{eid}/status", {"status": "active"}).status_code == 200


def test_a_program_of_another_organization_in_the_body_is_a_422_naming_the_field(world: World) -> None:
    participant = ParticipantFactory.create(organization=world.own.organization)
    response = send(
        session_client(world.own["supervisor"]),
        "POST",
        f"/participants/{participant.pk}/enrollments",
        {"program_id": other_program(world).pk},
    )
    assert assert_problem(response, 422)["errors"][0]["field"] == "program_id"
    assert not Enrollment.objects.exists()


def test_a_peer_of_another_organization_cannot_be_assigned(world: World) -> None:
    participant = ParticipantFactory.create(organization=world.own.organization)
    client = session_client(world.own["supervisor"])
    response = send(client, "POST", f"/participants/{participant.pk}/assignments", {"peer_id": world.other["peer"].pk})
    assert assert_problem(response, 422)["errors"][0]["field"] == "peer_id"
    ok = send(client, "POST", f"/participants/{participant.pk}/assignments", {"peer_id": world.own["peer"].pk})
    assert ok.status_code == 201, ok.content
    assert send(session_client(world.own["peer"]), "GET", f"/participants/{participant.pk}").status_code == 200


def test_a_peer_lists_only_assigned_participants_and_a_clinician_cannot_list(world: World) -> None:
    assigned = ParticipantFactory.create(organization=world.own.organization, preferred_name="Assigned")
    PeerAssignmentFactory.create(participant=assigned, peer=world.own["peer"])
    ParticipantFactory.create(organization=world.own.organization, preferred_name="Not mine")
    body = send(session_client(world.own["peer"]), "GET", "/participants").json()
    assert [item["preferred_name"] for item in body["items"]] == ["Assigned"]
    assert_problem(send(session_client(world.own["clinician"]), "GET", "/participants"), 403)


def test_a_participant_reads_their_own_record_and_revokes_their_consent(world: World) -> None:
    mine = ParticipantFactory.create(organization=world.own.organization, user=world.own["participant"])
    consent = ConsentFactory.create(participant=mine)
    client = session_client(world.own["participant"])
    assert send(client, "GET", f"/participants/{mine.pk}").status_code == 200
    assert send(client, "POST", f"/participants/consents/{consent.pk}/revoke").status_code == 200
    other = ParticipantFactory.create(organization=world.own.organization)
    assert_problem(send(client, "GET", f"/participants/{other.pk}"), 404)


def test_unknown_fields_in_the_body_are_refused(world: World) -> None:
    response = send(
        session_client(world.own["supervisor"]),
        "POST",
        "/participants",
        {"preferred_name": "X", "organization_id": world.other.organization.pk},
    )
    assert_problem(response, 422)
    assert not Participant.objects.exists()
