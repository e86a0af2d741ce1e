from __future__ import annotations

import datetime

from django.utils import timezone

from alongside.peers.models import Credential, PeerProfile, Training, TrainingCompletion
from alongside.peers.tests.factories import CheckInFactory, CredentialFactory, TrainingFactory
from conftest import World, sign_in


def test_a_peer_edits_their_profile_through_the_form(world: World, client) -> None:
    sign_in(client, world.own["peer"])
    response = client.post(
        "/peers/me/edit/",
        {
            "bio": "Ten years in recovery.",
            "languages": "English, Spanish",
            "specialties": ["youth", "family"],
            "max_caseload": "6",
            "experience_for_matching": "Recovery from opioid use\n",
            "experience_private": "Foster care",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/peers/me/"
    profile = PeerProfile.objects.get(user=world.own["peer"])
    assert profile.languages == ["English", "Spanish"]
    assert {(e.area, e.use_for_matching) for e in profile.lived_experiences.all()} == {
        ("Recovery from opioid use", True),
        ("Foster care", False),
    }
    page = client.get("/peers/me/").content.decode()
    assert "Ten years in recovery." in page
    assert "may be used for matching" in page


def test_a_supervisor_sees_a_peers_page_but_a_peer_cannot_see_another_peers(world: World, client) -> None:
    CredentialFactory.create(peer=world.own["peer"], name="Certified Recovery Coach")
    sign_in(client, world.own["supervisor"])
    assert "Certified Recovery Coach" in client.get(f"/peers/{world.own['peer'].pk}/").content.decode()
    sign_in(client, world.own["peer_b"])
    assert client.get(f"/peers/{world.own['peer'].pk}/").status_code == 404


def test_a_peer_adds_a_credential_and_a_training_for_themselves(world: World, client) -> None:
    training = TrainingFactory.create(organization=world.own.organization, name="Ethics and boundaries")
    peer = world.own["peer"]
    sign_in(client, peer)
    response = client.post(
        f"/peers/{peer.pk}/credentials/new/",
        {"name": "CPS", "issuer": "State board", "issued_on": "2025-01-01", "expires_on": "2024-01-01"},
    )
    assert response.status_code == 200
    assert "The expiry date must be on or after the issue date." in response.content.decode()
    assert not Credential.objects.exists()
    response = client.post(f"/peers/{peer.pk}/trainings/new/", {"training": training.pk, "completed_on": "2025-03-01"})
    assert response.status_code == 302
    assert TrainingCompletion.objects.get().training == training


def test_an_admin_adds_the_standard_trainings_and_their_own(world: World, client) -> None:
    sign_in(client, world.own["org_admin"])
    assert client.post("/peers/trainings/standard/").status_code == 302
    assert client.post("/peers/trainings/", {"name": "Motivational interviewing", "hours": "12"}).status_code == 302
    assert Training.objects.filter(organization=world.own.organization).count() == 8
    page = client.get("/peers/trainings/").content.decode()
    assert "Youth peer training" in page


def test_the_dashboard_shows_expiring_credentials_and_hides_small_team_wellbeing(world: World, client) -> None:
    CredentialFactory.create(
        peer=world.own["peer"],
        name="Peer Recovery Specialist",
        expires_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    CheckInFactory.create(peer=world.own["peer"], burnout=41)
    sign_in(client, world.own["supervisor"])
    page = client.get("/peers/").content.decode()
    assert "Peer Recovery Specialist" in page
    assert "Team results show only when at least 5 peers have answered" in page
    assert "41" not in page
    assert "The Center for Victims of Torture" in page


def test_the_team_page_costs_the_same_queries_for_a_bigger_team(world: World, client) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from alongside.accounts.roles import Role
    from alongside.accounts.tests.factories import UserFactory

    sign_in(client, world.own["supervisor"])
    client.get("/peers/")
    with CaptureQueriesContext(connection) as small:
        client.get("/peers/")
    for _ in range(5):
        peer = UserFactory.create(role=Role.PEER, organization=world.own.organization)
        PeerProfile.objects.create(user=peer, organization=world.own.organization, max_caseload=3)
    with CaptureQueriesContext(connection) as big:
        assert client.get("/peers/").status_code == 200
    assert len(big) == len(small)
