"""The peers endpoints through HTTP: my profile, records, check-ins and the team views."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from alongside.accounts.roles import Role
from alongside.accounts.tests.factories import UserFactory
from alongside.peers.models import Credential, WellbeingCheckIn
from alongside.peers.tests.factories import CheckInFactory, CredentialFactory, TrainingFactory
from conftest import World
from tests.api.helpers import API, assert_problem, send, session_client

pytestmark = pytest.mark.django_db


def test_a_peer_edits_and_reads_their_profile(world: World) -> None:
    client = session_client(world.own["peer"])
    response = send(
        client,
        "PUT",
        "/peers/me",
        {
            "bio": "In my own words.",
            "languages": ["Spanish"],
            "specialties": ["warm_line"],
            "max_caseload": 5,
            "lived_experiences": [{"area": "Psychosis", "use_for_matching": True}],
            "availability": [{"weekday": 2, "starts_at": "17:00", "ends_at": "21:00"}],
        },
    )
    assert response.status_code == 200, response.content
    profile = client.get(API + "/peers/me").json()["profile"]
    assert profile["bio"] == "In my own words."
    assert profile["lived_experiences"] == [{"area": "Psychosis", "use_for_matching": True}]
    assert profile["availability"] == [{"weekday": 2, "starts_at": "17:00:00", "ends_at": "21:00:00"}]
    # A supervisor of the same organization sees it; another organization's does not.
    peer_id = world.own["peer"].pk
    assert session_client(world.own["supervisor"]).get(f"{API}/peers/{peer_id}").json()["profile"]["max_caseload"] == 5
    assert_problem(session_client(world.other["supervisor"]).get(f"{API}/peers/{peer_id}"), 404)
    assert_problem(session_client(world.own["peer_b"]).get(f"{API}/peers/{peer_id}"), 404)


def test_the_profile_body_refuses_unknown_fields(world: World) -> None:
    response = send(session_client(world.own["peer"]), "PUT", "/peers/me", {"user_id": world.own["peer_b"].pk})
    assert_problem(response, 422)


def test_a_supervisor_adds_a_credential_and_a_training_record_for_a_peer(world: World) -> None:
    training = TrainingFactory.create(organization=world.own.organization)
    client = session_client(world.own["supervisor"])
    peer_id = world.own["peer"].pk
    response = send(
        client,
        "POST",
        f"/peers/{peer_id}/credentials",
        {"name": "CPS", "issuer": "State board", "issued_on": "2025-01-01", "expires_on": "2027-01-01"},
    )
    assert response.status_code == 201, response.content
    assert Credential.objects.get().peer_id == peer_id
    response = send(
        client,
        "POST",
        f"/peers/{peer_id}/training-completions",
        {"training_id": training.pk, "completed_on": "2025-02-01"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["training_name"] == training.name


def test_a_training_of_another_organization_in_the_body_is_a_field_error(world: World) -> None:
    foreign = TrainingFactory.create(organization=world.other.organization)
    peer = world.own["peer"]
    response = send(
        session_client(peer),
        "POST",
        f"/peers/{peer.pk}/training-completions",
        {"training_id": foreign.pk, "completed_on": "2025-02-01"},
    )
    body = assert_problem(response, 422)
    assert body["errors"][0]["field"] == "training_id"


def test_a_peer_checks_in_and_shares_the_result(world: World) -> None:
    peer_client = session_client(world.own["peer"])
    response = send(peer_client, "POST", "/peers/checkins", {"answers": {str(i): 5 for i in range(1, 31)}})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["compassion_satisfaction"], body["burnout"], body["secondary_traumatic_stress"]) == (50, 30, 50)
    supervisor_client = session_client(world.own["supervisor"])
    assert supervisor_client.get(API + "/peers/checkins").json()["count"] == 0
    assert_problem(send(session_client(world.own["peer_b"]), "POST", f"/peers/checkins/{body['id']}/share"), 404)
    assert send(peer_client, "POST", f"/peers/checkins/{body['id']}/share").json()["shared_with_supervisor"] is True
    assert supervisor_client.get(API + "/peers/checkins").json()["count"] == 1
    assert session_client(world.own["peer_b"]).get(API + "/peers/checkins").json()["count"] == 0


def test_an_answer_out_of_range_is_refused(world: World) -> None:
    response = send(session_client(world.own["peer"]), "POST", "/peers/checkins", {"answers": {"1": 9}})
    assert_problem(response, 422)
    assert not WellbeingCheckIn.objects.exists()


def test_team_wellbeing_is_hidden_below_five_peers(world: World) -> None:
    client = session_client(world.own["supervisor"])
    for n in range(4):
        peer = UserFactory.create(role=Role.PEER, organization=world.own.organization, email=f"w{n}@alpha.test")
        CheckInFactory.create(peer=peer, burnout=25)
    assert client.get(API + "/peers/team/wellbeing").json() == {
        "shown": False,
        "peers": None,
        "compassion_satisfaction": None,
        "burnout": None,
        "secondary_traumatic_stress": None,
    }
    CheckInFactory.create(peer=world.own["peer"], burnout=30)
    body = client.get(API + "/peers/team/wellbeing").json()
    assert (body["shown"], body["peers"], body["burnout"]) == (True, 5, 26.0)
    assert_problem(session_client(world.own["peer"]).get(API + "/peers/team/wellbeing"), 403)


def test_the_team_list_and_expiring_credentials(world: World) -> None:
    CredentialFactory.create(peer=world.own["peer"], expires_on=timezone.localdate() + datetime.timedelta(days=20))
    CredentialFactory.create(peer=world.other["peer"], expires_on=timezone.localdate() + datetime.timedelta(days=20))
    client = session_client(world.own["supervisor"])
    names = [item["full_name"] for item in client.get(API + "/peers").json()["items"]]
    assert sorted(names) == sorted([world.own["peer"].full_name, world.own["peer_b"].full_name])
    assert client.get(API + "/peers/team/expiring-credentials").json()["count"] == 1
    assert_problem(session_client(world.own["peer"]).get(API + "/peers"), 403)
