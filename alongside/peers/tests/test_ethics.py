"""The code of ethics: org admins set it, peers acknowledge it on hire and every year."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from alongside.audit.models import AuditEvent
from alongside.peers import selectors, services
from alongside.peers.models import CodeOfEthics, EthicsAcknowledgement
from conftest import World, sign_in
from tests.api.helpers import API, assert_problem, send, session_client

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)
YEAR = datetime.timedelta(days=365)


def _code(world: World, text: str = "Respect each person's own path.") -> CodeOfEthics:
    return services.ethics_code_set(actor=world.own["org_admin"], text=text)


def _due(world: World, now: datetime.datetime) -> set[str]:
    return {due.peer.full_name for due in selectors.ethics_due(viewer=world.own["supervisor"], now=now)}


def test_an_org_admin_sets_versions_of_the_code(world: World) -> None:
    first = _code(world)
    assert first.version == 1
    assert _code(world).pk == first.pk  # the same text again is not a new version
    second = _code(world, "Respect, and keep boundaries.")
    assert second.version == 2
    assert selectors.ethics_current(viewer=world.own["peer"]) == second
    assert selectors.ethics_current(viewer=world.other["peer"]) is None
    assert AuditEvent.objects.filter(object_type="peers.codeofethics", action="create").count() == 2
    for role in ("supervisor", "peer", "clinician"):
        with pytest.raises(PermissionError):
            services.ethics_code_set(actor=world.own[role], text="Mine")
    with pytest.raises(ValidationError):
        services.ethics_code_set(actor=world.own["org_admin"], text="   ")


def test_a_peer_acknowledges_once_and_again_after_a_year(world: World) -> None:
    code = _code(world)
    peer = world.own["peer"]
    first = services.ethics_acknowledge(actor=peer, version=code.version, now=NOW)
    assert first.code == code
    # Acknowledging again while still valid adds nothing.
    assert services.ethics_acknowledge(actor=peer, now=NOW + YEAR - datetime.timedelta(seconds=1)) == first
    assert not selectors.ethics_due_for(viewer=peer, peer=peer, now=NOW + YEAR - datetime.timedelta(seconds=1))
    # Exactly a year later it has expired.
    assert selectors.ethics_due_for(viewer=peer, peer=peer, now=NOW + YEAR)
    renewed = services.ethics_acknowledge(actor=peer, now=NOW + YEAR)
    assert renewed != first
    assert EthicsAcknowledgement.objects.filter(peer=peer).count() == 2
    assert AuditEvent.objects.filter(object_type="peers.ethicsacknowledgement").count() == 2


def test_a_new_version_must_be_acknowledged_again(world: World) -> None:
    _code(world)
    peer = world.own["peer"]
    services.ethics_acknowledge(actor=peer, now=NOW)
    _code(world, "A changed code.")
    assert selectors.ethics_due_for(viewer=peer, peer=peer, now=NOW)
    with pytest.raises(ValidationError):
        services.ethics_acknowledge(actor=peer, version=1, now=NOW)


def test_acknowledging_needs_a_code_and_a_peer(world: World) -> None:
    with pytest.raises(ValidationError):
        services.ethics_acknowledge(actor=world.own["peer"])
    _code(world)
    with pytest.raises(PermissionError):
        services.ethics_acknowledge(actor=world.own["supervisor"])


def test_the_team_list_shows_missing_and_year_old_acknowledgements(world: World) -> None:
    peer, peer_b = world.own["peer"].full_name, world.own["peer_b"].full_name
    assert _due(world, NOW) == set()  # no code set: nothing to acknowledge
    _code(world)
    assert _due(world, NOW) == {peer, peer_b}
    services.ethics_acknowledge(actor=world.own["peer"], now=NOW)
    assert _due(world, NOW + YEAR - datetime.timedelta(seconds=1)) == {peer_b}
    assert _due(world, NOW + YEAR) == {peer, peer_b}


def test_a_peer_is_prompted_on_their_page_and_acknowledges(world: World, client) -> None:
    sign_in(client, world.own["peer"])
    assert "Read and acknowledge the code of ethics" not in client.get("/peers/me/").content.decode()
    code = _code(world)
    assert "Read and acknowledge the code of ethics" in client.get("/peers/me/").content.decode()
    assert "own path." in client.get("/peers/ethics/").content.decode()
    response = client.post("/peers/ethics/acknowledge/", {"version": str(code.version)})
    assert response.status_code == 302
    assert response["Location"] == "/peers/me/"
    assert EthicsAcknowledgement.objects.filter(peer=world.own["peer"], code=code).exists()
    assert "Read and acknowledge the code of ethics" not in client.get("/peers/me/").content.decode()


def test_an_org_admin_sets_the_code_through_the_page(world: World, client) -> None:
    sign_in(client, world.own["org_admin"])
    response = client.post("/peers/ethics/", {"text": "Do no harm."})
    assert response.status_code == 302
    assert CodeOfEthics.objects.get(organization=world.own.organization).text == "Do no harm."
    assert sign_in(client, world.own["supervisor"]).post("/peers/ethics/", {"text": "x"}).status_code == 403


def test_the_dashboard_lists_peers_who_must_acknowledge(world: World, client) -> None:
    _code(world)
    services.ethics_acknowledge(actor=world.own["peer"])
    page = sign_in(client, world.own["supervisor"]).get("/peers/").content.decode()
    section = page.split('id="ethics-due"')[1].split("</table>")[0]
    assert world.own["peer_b"].full_name in section
    assert world.own["peer"].full_name not in section


def test_the_api_sets_reads_and_acknowledges_the_code(world: World) -> None:
    admin = session_client(world.own["org_admin"])
    response = send(admin, "PUT", "/peers/ethics", {"text": "Be honest."})
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 1
    peer = session_client(world.own["peer"])
    assert peer.get(f"{API}/peers/ethics").json()["acknowledgement_due"] is True
    assert_problem(send(peer, "POST", "/peers/ethics/acknowledge", {"version": 2}), 422)
    response = send(peer, "POST", "/peers/ethics/acknowledge", {"version": 1})
    assert response.status_code == 200, response.content
    assert response.json()["acknowledgement_due"] is False
    items = session_client(world.own["supervisor"]).get(f"{API}/peers/team/ethics-due").json()["items"]
    assert [item["id"] for item in items] == [world.own["peer_b"].pk]
    assert session_client(world.other["peer"]).get(f"{API}/peers/ethics").json()["version"] is None
    assert_problem(send(peer, "PUT", "/peers/ethics", {"text": "Mine"}), 403)
