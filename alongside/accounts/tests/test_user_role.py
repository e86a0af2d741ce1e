"""Changing a person's role at /people/<id>/role/ (organization admins only)."""

from __future__ import annotations

import pytest
from django.test import Client

from alongside.accounts.models import Membership
from alongside.audit.models import AuditAction, AuditEvent
from conftest import World, sign_in


def _role(user_pk: int) -> str:
    return Membership.objects.get(user_id=user_pk).role


def test_an_admin_changes_a_role(world: World, client: Client) -> None:
    peer = world.own["peer"]
    sign_in(client, world.own["org_admin"])
    response = client.post(f"/people/{peer.pk}/role/", {"role": "supervisor"})
    assert response.status_code == 302
    assert response["Location"] == f"/people/{peer.pk}/"
    assert _role(peer.pk) == "supervisor"
    assert "The role is changed" in client.get(response["Location"]).content.decode()
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_id=str(peer.pk), changed_fields=["role"]
    ).exists()


def test_a_role_change_ends_the_persons_sessions(world: World, client: Client) -> None:
    peer = world.own["peer"]
    theirs = sign_in(Client(), peer)
    assert theirs.get("/").status_code == 200
    sign_in(client, world.own["org_admin"])
    client.post(f"/people/{peer.pk}/role/", {"role": "participant"})
    assert theirs.get("/").status_code == 302


@pytest.mark.parametrize("bad", ["", "boss", "network_admin"])
def test_bad_input_says_so_and_saves_nothing(world: World, client: Client, bad: str) -> None:
    peer = world.own["peer"]
    sign_in(client, world.own["org_admin"])
    response = client.post(f"/people/{peer.pk}/role/", {"role": bad}, follow=True)
    assert "Choose a role from the list." in response.content.decode()
    assert _role(peer.pk) == "peer"


def test_an_admin_cannot_change_their_own_role(world: World, client: Client) -> None:
    admin = world.own["org_admin"]
    sign_in(client, admin)
    response = client.post(f"/people/{admin.pk}/role/", {"role": "peer"})
    assert response.status_code == 404
    assert _role(admin.pk) == "org_admin"


@pytest.mark.parametrize("role", ["supervisor", "peer", "clinician", "participant", "network_admin"])
def test_other_roles_cannot_change_roles(world: World, client: Client, role: str) -> None:
    target = world.own["peer_b"]
    sign_in(client, world.own[role])
    assert client.post(f"/people/{target.pk}/role/", {"role": "org_admin"}).status_code == 404
    assert _role(target.pk) == "peer"


def test_a_person_in_another_organization_is_not_found(world: World, client: Client) -> None:
    stranger = world.other["peer"]
    sign_in(client, world.own["org_admin"])
    assert client.post(f"/people/{stranger.pk}/role/", {"role": "supervisor"}).status_code == 404
    assert _role(stranger.pk) == "peer"


def test_it_needs_a_post(world: World, client: Client) -> None:
    sign_in(client, world.own["org_admin"])
    assert client.get(f"/people/{world.own['peer'].pk}/role/").status_code == 405
