"""Supervision sessions: recording, who reads the notes, and the "no supervision for N days" alert."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from alongside.accounts.models import User
from alongside.accounts.roles import Role
from alongside.accounts.tests.factories import UserFactory
from alongside.audit.models import AuditEvent
from alongside.peers import selectors, services
from alongside.peers.models import SupervisionSession
from conftest import World, sign_in
from tests.api.helpers import API, assert_problem, send, session_client

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 31)
NOTES = "Talked about a hard call; plan a debrief."


def _session(world: World, *, held_on: datetime.date = TODAY, peers: list[User] | None = None) -> SupervisionSession:
    return services.supervision_record(
        actor=world.own["supervisor"],
        peers=peers or [world.own["peer"]],
        kind="individual" if len(peers or [1]) == 1 else "group",
        held_on=held_on,
        minutes=50,
        topics="Boundaries",
        notes=NOTES,
    )


def _second_supervisor(world: World) -> User:
    return UserFactory.create(role=Role.SUPERVISOR, organization=world.own.organization)


# --- Services ------------------------------------------------------------------------------------


def test_a_supervisor_records_a_group_session_and_it_is_audited_without_the_notes(world: World) -> None:
    session = _session(world, peers=[world.own["peer"], world.own["peer_b"]])
    assert session.organization == world.own.organization
    assert session.kind == "group"
    assert set(session.peers.all()) == {world.own["peer"], world.own["peer_b"]}
    event = AuditEvent.objects.get(object_type="peers.supervisionsession", object_id=str(session.pk))
    assert "notes" in event.changed_fields
    assert NOTES not in str(event.__dict__)


def test_only_a_supervisor_records_a_session(world: World) -> None:
    for role in ("org_admin", "peer", "clinician", "participant"):
        with pytest.raises(PermissionError):
            services.supervision_record(
                actor=world.own[role], peers=[world.own["peer"]], kind="individual", held_on=TODAY, minutes=30
            )
    assert not SupervisionSession.objects.exists()


def test_a_session_is_with_peers_of_the_supervisors_organization(world: World) -> None:
    for peers in ([world.other["peer"]], [world.own["clinician"]], []):
        with pytest.raises(ValidationError) as excinfo:
            services.supervision_record(
                actor=world.own["supervisor"], peers=peers, kind="group", held_on=TODAY, minutes=30
            )
        assert "peers" in excinfo.value.message_dict


def test_an_individual_session_has_one_peer_and_a_sane_length(world: World) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.supervision_record(
            actor=world.own["supervisor"],
            peers=[world.own["peer"], world.own["peer_b"]],
            kind="individual",
            held_on=datetime.date.today() + datetime.timedelta(days=2),
            minutes=0,
        )
    assert set(excinfo.value.message_dict) == {"peers", "held_on", "minutes"}


# --- Note privacy --------------------------------------------------------------------------------


def test_notes_are_for_the_supervisor_who_wrote_them_and_the_peer_only(world: World) -> None:
    session = _session(world)
    other_supervisor = _second_supervisor(world)
    assert world.own["supervisor"].has_perm("peers.view_supervision_notes", session)
    assert world.own["peer"].has_perm("peers.view_supervision_notes", session)
    for user in (other_supervisor, world.own["org_admin"], world.own["peer_b"], world.other["supervisor"]):
        assert not user.has_perm("peers.view_supervision_notes", session), user
    # Another peer does not even see that it happened; another organization sees nothing.
    assert not selectors.supervision_list(viewer=world.own["peer_b"]).exists()
    assert not selectors.supervision_list(viewer=world.other["supervisor"]).exists()
    assert list(selectors.supervision_list(viewer=other_supervisor)) == [session]


def test_the_session_page_shows_notes_only_to_those_in_it(world: World, client) -> None:
    session = _session(world)
    url = f"/peers/supervision/{session.pk}/"
    for user in (world.own["supervisor"], world.own["peer"]):
        assert NOTES in sign_in(client, user).get(url).content.decode()
    for user in (_second_supervisor(world), world.own["org_admin"]):
        response = sign_in(client, user).get(url)
        assert response.status_code == 200
        assert NOTES not in response.content.decode()
    assert sign_in(client, world.own["peer_b"]).get(url).status_code == 404
    assert sign_in(client, world.other["supervisor"]).get(url).status_code == 404


def test_the_api_gives_notes_only_to_those_in_the_session(world: World) -> None:
    session = _session(world)
    url = f"{API}/peers/supervision/{session.pk}"
    assert session_client(world.own["peer"]).get(url).json()["notes"] == NOTES
    assert session_client(world.own["supervisor"]).get(url).json()["notes"] == NOTES
    assert session_client(_second_supervisor(world)).get(url).json()["notes"] is None
    listed = session_client(world.own["org_admin"]).get(f"{API}/peers/supervision").json()["items"]
    assert [(item["id"], item["notes"]) for item in listed] == [(session.pk, None)]
    assert_problem(session_client(world.own["peer_b"]).get(url), 404)
    assert session_client(world.own["peer_b"]).get(f"{API}/peers/supervision").json()["items"] == []


# --- Overdue -------------------------------------------------------------------------------------


def _overdue_names(world: World, today: datetime.date, days: int | None = None) -> set[str]:
    return {
        due.peer.full_name
        for due in selectors.supervision_overdue(viewer=world.own["supervisor"], today=today, days=days)
    }


def test_a_peer_is_overdue_a_day_after_n_days_without_supervision(world: World) -> None:
    _session(world, held_on=TODAY)
    peer, peer_b = world.own["peer"].full_name, world.own["peer_b"].full_name
    # peer_b never had a session: always listed.
    assert _overdue_names(world, TODAY + datetime.timedelta(days=30)) == {peer_b}
    assert _overdue_names(world, TODAY + datetime.timedelta(days=31)) == {peer, peer_b}


@override_settings(SUPERVISION_OVERDUE_DAYS=14)
def test_the_overdue_days_come_from_the_setting(world: World) -> None:
    _session(world, held_on=TODAY)
    peer = world.own["peer"].full_name
    assert peer not in _overdue_names(world, TODAY + datetime.timedelta(days=14))
    assert peer in _overdue_names(world, TODAY + datetime.timedelta(days=15))


def test_another_organizations_sessions_do_not_count(world: World) -> None:
    other_session = services.supervision_record(
        actor=world.other["supervisor"], peers=[world.other["peer"]], kind="individual", held_on=TODAY, minutes=30
    )
    assert other_session.pk
    assert _overdue_names(world, TODAY) == {world.own["peer"].full_name, world.own["peer_b"].full_name}


def test_the_dashboard_and_the_api_list_overdue_peers(world: World, client) -> None:
    _session(world, held_on=datetime.date.today())
    page = sign_in(client, world.own["supervisor"]).get("/peers/").content.decode()
    section = page.split('id="supervision-overdue"')[1].split("</table>")[0]
    assert world.own["peer_b"].full_name in section
    assert world.own["peer"].full_name not in section
    items = session_client(world.own["supervisor"]).get(f"{API}/peers/team/supervision-overdue").json()["items"]
    assert [(item["id"], item["last_session_on"]) for item in items] == [(world.own["peer_b"].pk, None)]


# --- Pages and API for recording and listing -------------------------------------------------------


def test_a_supervisor_records_a_session_through_the_form(world: World, client) -> None:
    sign_in(client, world.own["supervisor"])
    assert client.get("/peers/supervision/new/").status_code == 200
    response = client.post(
        "/peers/supervision/new/",
        {
            "kind": "group",
            "peers": [world.own["peer"].pk, world.own["peer_b"].pk],
            "held_on": "2026-01-10",
            "minutes": "90",
            "topics": "Self-care",
            "notes": NOTES,
        },
    )
    session = SupervisionSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/peers/supervision/{session.pk}/"
    assert session.minutes == 90
    # A peer of another organization is not a choice.
    response = client.post(
        "/peers/supervision/new/",
        {"kind": "individual", "peers": [world.other["peer"].pk], "held_on": "2026-01-10", "minutes": "30"},
    )
    assert response.status_code == 200
    assert SupervisionSession.objects.count() == 1


def test_a_peer_lists_their_own_sessions(world: World, client) -> None:
    mine = _session(world)
    theirs = _session(world, peers=[world.own["peer_b"]])
    page = sign_in(client, world.own["peer"]).get("/peers/supervision/").content.decode()
    assert f"/peers/supervision/{mine.pk}/" in page
    assert f"/peers/supervision/{theirs.pk}/" not in page
    assert world.own["peer_b"].full_name not in page
    assert "My supervision sessions" in client.get("/peers/me/").content.decode()


def test_the_api_records_a_session(world: World) -> None:
    client = session_client(world.own["supervisor"])
    body = {"kind": "individual", "peer_ids": [world.own["peer"].pk], "held_on": "2026-01-10", "minutes": 45}
    response = send(client, "POST", "/peers/supervision", body)
    assert response.status_code == 201, response.content
    assert response.json()["notes"] == ""
    assert_problem(send(client, "POST", "/peers/supervision", {**body, "peer_ids": [world.other["peer"].pk]}), 422)
    assert_problem(send(client, "POST", "/peers/supervision", {**body, "organization_id": 1}), 422)
    assert_problem(send(session_client(world.own["org_admin"]), "POST", "/peers/supervision", body), 403)
    assert SupervisionSession.objects.count() == 1
