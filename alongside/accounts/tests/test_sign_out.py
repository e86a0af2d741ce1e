"""Signing out (/account/logout/) and signing out everywhere (/account/sign-out-everywhere/)."""

from __future__ import annotations

from django.test import Client

from alongside.accounts.models import User
from alongside.accounts.tests.helpers import LOGIN, signed_in_user_id
from alongside.audit.models import AuditAction, AuditEvent
from conftest import World, sign_in


def test_sign_out_ends_the_session(world: World, client: Client) -> None:
    sign_in(client, world.own["peer"])
    response = client.post("/account/logout/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert signed_in_user_id(client) is None
    assert client.get("/").status_code == 302


def test_sign_out_needs_a_post(world: World, client: Client) -> None:
    sign_in(client, world.own["peer"])
    assert client.get("/account/logout/").status_code == 405
    assert signed_in_user_id(client) is not None


def test_sign_out_everywhere_ends_every_session(world: World) -> None:
    peer = world.own["peer"]
    laptop = sign_in(Client(), peer)
    phone = sign_in(Client(), peer)
    assert laptop.get("/").status_code == 200
    assert phone.get("/").status_code == 200

    response = laptop.post("/account/sign-out-everywhere/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert "You are signed out on every device" in laptop.get(LOGIN).content.decode()

    assert phone.get("/").status_code == 302
    assert laptop.get("/").status_code == 302
    assert User.objects.get(pk=peer.pk).session_epoch == 1
    assert AuditEvent.objects.filter(actor=peer, action=AuditAction.LOGOUT, reason="signed out everywhere").exists()


def test_sign_out_everywhere_leaves_other_people_signed_in(world: World) -> None:
    peer = sign_in(Client(), world.own["peer"])
    colleague = sign_in(Client(), world.own["peer_b"])
    peer.post("/account/sign-out-everywhere/")
    assert colleague.get("/").status_code == 200


def test_sign_out_everywhere_needs_a_post(world: World, client: Client) -> None:
    sign_in(client, world.own["peer"])
    assert client.get("/account/sign-out-everywhere/").status_code == 405
    assert client.get("/").status_code == 200
