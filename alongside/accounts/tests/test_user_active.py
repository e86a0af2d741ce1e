"""Deactivating and reactivating a person at /people/<id>/active/. Nobody is ever deleted."""

from __future__ import annotations

import pytest
from django.test import Client

from alongside.accounts.models import ApiToken, Membership, User
from alongside.accounts.services import api_token_authenticate, api_token_create
from alongside.accounts.tests.factories import PASSWORD
from alongside.accounts.tests.helpers import post_password, signed_in_user_id
from conftest import World, sign_in


def _active(user_pk: int) -> bool:
    return User.objects.get(pk=user_pk).is_active


def test_an_admin_deactivates_a_person_who_then_cannot_sign_in(world: World, client: Client) -> None:
    peer = world.own["peer"]
    sign_in(client, world.own["org_admin"])
    response = client.post(f"/people/{peer.pk}/active/", {"active": "0"})
    assert response.status_code == 302
    assert "The account is deactivated" in client.get(response["Location"]).content.decode()
    assert not _active(peer.pk)
    assert not Membership.objects.get(user=peer).is_active
    assert User.objects.filter(pk=peer.pk).exists()  # kept, not deleted

    fresh = Client()
    post_password(fresh, peer.email, PASSWORD)
    assert signed_in_user_id(fresh) is None


def test_deactivation_ends_sessions_and_api_tokens(world: World, client: Client) -> None:
    peer = world.own["peer"]
    theirs = sign_in(Client(), peer)
    _token, raw = api_token_create(user=peer, name="script")
    assert api_token_authenticate(raw) == peer
    sign_in(client, world.own["org_admin"])
    client.post(f"/people/{peer.pk}/active/", {"active": "0"})
    assert theirs.get("/").status_code == 302
    assert api_token_authenticate(raw) is None
    assert ApiToken.objects.get(user=peer).revoked_at is not None


def test_an_admin_reactivates_a_deactivated_person(world: World, client: Client) -> None:
    peer = world.own["peer"]
    sign_in(client, world.own["org_admin"])
    client.post(f"/people/{peer.pk}/active/", {"active": "0"})
    # The deactivated person is still found in the admin's organization...
    assert client.get(f"/people/{peer.pk}/").status_code == 200
    response = client.post(f"/people/{peer.pk}/active/", {"active": "1"})
    assert response.status_code == 302
    assert "The account is active again" in client.get(response["Location"]).content.decode()
    assert _active(peer.pk)
    assert Membership.objects.get(user=peer).is_active
    # ...and can sign in again.
    fresh = Client()
    post_password(fresh, peer.email, PASSWORD)
    assert signed_in_user_id(fresh) == str(peer.pk)


@pytest.mark.parametrize("bad", ["", "yes", "deactivate", "2"])
def test_bad_input_says_so_and_saves_nothing(world: World, client: Client, bad: str) -> None:
    peer = world.own["peer"]
    sign_in(client, world.own["org_admin"])
    response = client.post(f"/people/{peer.pk}/active/", {"active": bad}, follow=True)
    assert "Choose whether the account is active or deactivated." in response.content.decode()
    assert _active(peer.pk)


def test_an_admin_cannot_deactivate_themselves(world: World, client: Client) -> None:
    admin = world.own["org_admin"]
    sign_in(client, admin)
    assert client.post(f"/people/{admin.pk}/active/", {"active": "0"}).status_code == 404
    assert _active(admin.pk)


@pytest.mark.parametrize("role", ["supervisor", "peer", "clinician", "participant", "network_admin"])
def test_other_roles_cannot_deactivate_anyone(world: World, client: Client, role: str) -> None:
    target = world.own["peer_b"]
    sign_in(client, world.own[role])
    assert client.post(f"/people/{target.pk}/active/", {"active": "0"}).status_code == 404
    assert _active(target.pk)


def test_a_person_in_another_organization_is_not_found(world: World, client: Client) -> None:
    stranger = world.other["peer"]
    sign_in(client, world.own["org_admin"])
    assert client.post(f"/people/{stranger.pk}/active/", {"active": "0"}).status_code == 404
    assert _active(stranger.pk)


def test_a_deactivated_person_in_another_organization_is_not_found_either(world: World, client: Client) -> None:
    stranger = world.other["peer"]
    User.objects.filter(pk=stranger.pk).update(is_active=False)
    Membership.objects.filter(user=stranger).update(is_active=False)
    sign_in(client, world.own["org_admin"])
    assert client.post(f"/people/{stranger.pk}/active/", {"active": "1"}).status_code == 404
    assert not _active(stranger.pk)
