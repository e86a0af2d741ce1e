from __future__ import annotations

import datetime as dt

from django.utils import timezone

from alongside.participants.disclosures import authorize
from alongside.participants.models import Consent, Enrollment, Participant, PeerAssignment
from alongside.participants.tests.factories import ConsentFactory, ParticipantFactory, PeerAssignmentFactory
from conftest import World, own_program, sign_in

CRISIS_LINK = 'href="tel:988"'


def test_a_supervisor_adds_a_participant_through_the_intake_form(world: World, client) -> None:
    sign_in(client, world.own["supervisor"])
    response = client.post(
        "/participants/new/",
        {"preferred_name": "Dee", "pronouns": "", "prefer_not_to_say": ["pronouns"], "contact_channel": "none"},
    )
    participant = Participant.objects.get(preferred_name="Dee")
    assert response.status_code == 302
    assert response["Location"] == f"/participants/{participant.pk}/"
    assert participant.prefer_not_to_say == ["pronouns"]


def test_the_intake_form_explains_an_impossible_birth_date_and_saves_nothing(world: World, client) -> None:
    sign_in(client, world.own["supervisor"])
    response = client.post(
        "/participants/new/", {"preferred_name": "Dee", "date_of_birth": "2999-01-01", "contact_channel": "none"}
    )
    assert response.status_code == 200
    assert "Enter a real date of birth. It cannot be in the future." in response.content.decode()
    assert not Participant.objects.exists()


def test_the_list_shows_a_peer_only_assigned_participants(world: World, client) -> None:
    assigned = ParticipantFactory.create(organization=world.own.organization, preferred_name="Assigned Person")
    PeerAssignmentFactory.create(participant=assigned, peer=world.own["peer"])
    ParticipantFactory.create(organization=world.own.organization, preferred_name="Someone Else")
    sign_in(client, world.own["peer"])
    page = client.get("/participants/").content.decode()
    assert "Assigned Person" in page
    assert "Someone Else" not in page


def test_staff_pages_about_a_participant_show_how_to_reach_988(world: World, client) -> None:
    participant = ParticipantFactory.create(organization=world.own.organization)
    sign_in(client, world.own["supervisor"])
    for path in (
        f"/participants/{participant.pk}/",
        f"/participants/{participant.pk}/consents/new/",
        "/participants/new/",
    ):
        assert CRISIS_LINK in client.get(path).content.decode(), path


def test_a_participant_finds_their_own_record_with_the_988_banner(world: World, client) -> None:
    mine = ParticipantFactory.create(organization=world.own.organization, user=world.own["participant"])
    sign_in(client, world.own["participant"])
    response = client.get("/participants/mine/")
    assert response["Location"] == f"/participants/{mine.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert CRISIS_LINK in page
    assert "Need to talk to someone now?" in page


def test_a_supervisor_enrolls_and_changes_status_from_the_detail_page(world: World, client) -> None:
    participant = ParticipantFactory.create(organization=world.own.organization)
    ConsentFactory.take_part(participant=participant)
    sign_in(client, world.own["supervisor"])
    client.post(
        f"/participants/{participant.pk}/enrollments/", {"program": own_program(world).pk, "status": "referred"}
    )
    enrollment = Enrollment.objects.get(participant=participant)
    client.post(f"/participants/enrollments/{enrollment.pk}/status/", {"status": "active", "reason": ""})
    assert Enrollment.objects.get(pk=enrollment.pk).status == "active"
    response = client.post(
        f"/participants/enrollments/{enrollment.pk}/status/", {"status": "discharged", "reason": ""}, follow=True
    )
    assert "Choose why the person finished." in response.content.decode()
    assert Enrollment.objects.get(pk=enrollment.pk).status == "active"


def test_a_supervisor_assigns_a_peer_from_the_detail_page(world: World, client) -> None:
    participant = ParticipantFactory.create(organization=world.own.organization)
    sign_in(client, world.own["supervisor"])
    client.post(f"/participants/{participant.pk}/assign/", {"peer": world.own["peer"].pk})
    assert PeerAssignment.objects.filter(participant=participant, peer=world.own["peer"]).exists()


def test_the_consent_form_records_a_signed_consent(world: World, client) -> None:
    participant = ParticipantFactory.create(organization=world.own.organization)
    sign_in(client, world.own["supervisor"])
    response = client.post(
        f"/participants/{participant.pk}/consents/new/",
        {
            "kind": "share_tpo",
            "recipient_kind": "organization",
            "recipient_name": "Riverside Clinic",
            "purpose": "tpo",
            "categories": ["summary", "plan"],
            "expires_on": str(timezone.localdate() + dt.timedelta(days=60)),
            "signature_method": "on_screen",
            "signed_name": "Jo Rivera",
            "signature_confirmed": "on",
            "revocation_right_acknowledged": "on",
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get(participant=participant)
    assert consent.categories == ["plan", "summary"]


def test_the_consent_form_explains_a_missing_recipient_and_saves_nothing(world: World, client) -> None:
    participant = ParticipantFactory.create(organization=world.own.organization)
    sign_in(client, world.own["supervisor"])
    response = client.post(
        f"/participants/{participant.pk}/consents/new/",
        {
            "kind": "specific",
            "purpose": "at_request",
            "categories": ["summary"],
            "expires_on_event": "end_of_participation",
            "signature_method": "on_screen",
            "signed_name": "Jo",
            "signature_confirmed": "on",
            "revocation_right_acknowledged": "on",
        },
    )
    assert response.status_code == 200
    assert "Name the person or organization who may receive the information." in response.content.decode()
    assert not Consent.objects.exists()


def test_a_participant_takes_back_a_consent_with_one_button(world: World, client) -> None:
    mine = ParticipantFactory.create(organization=world.own.organization, user=world.own["participant"])
    consent = ConsentFactory.create(participant=mine)
    sign_in(client, world.own["participant"])
    page = client.get(f"/participants/{mine.pk}/").content.decode()
    assert f"/participants/consents/{consent.pk}/revoke/" in page
    response = client.post(f"/participants/consents/{consent.pk}/revoke/", follow=True)
    assert "Consent taken back." in response.content.decode()
    assert Consent.objects.get(pk=consent.pk).revoked_at is not None


def test_a_participant_sees_to_whom_their_record_was_disclosed(world: World, client) -> None:
    mine = ParticipantFactory.create(organization=world.own.organization, user=world.own["participant"])
    ConsentFactory.create(
        participant=mine, recipient_organization=world.other.organization, recipient_name="Beta Clinic"
    )
    authorize(
        actor=world.own["supervisor"],
        participant=mine,
        recipient=world.other.organization,
        category="summary",
        purpose="tpo",
        path="export",
    )
    sign_in(client, world.own["participant"])
    page = client.get(f"/participants/{mine.pk}/").content.decode()
    assert "Who it was shared with" in page
    assert "Beta Clinic" in page
    assert "Nothing has been shared." not in page
