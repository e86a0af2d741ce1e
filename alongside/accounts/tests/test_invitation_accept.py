"""Accepting an invitation at /invite/<token>/: set a name and password, get an account and a role."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from alongside.accounts.models import Invitation, Membership, User
from alongside.accounts.services import invitation_create
from alongside.accounts.tests.helpers import SETUP, post_password, signed_in_user_id
from conftest import World

GOOD = {"full_name": "Rosa Díaz", "password": "a long and memorable phrase"}


@pytest.fixture
def invite(world: World):  # type: ignore[no-untyped-def]
    def _invite(role: str = "peer", email: str = "rosa@example.org") -> tuple[Invitation, str]:
        return invitation_create(actor=world.own["org_admin"], email=email, role=role)

    return _invite


def test_the_page_says_who_invited_them_and_as_what(client: Client, invite) -> None:  # type: ignore[no-untyped-def]
    _record, raw = invite(role="clinician")
    page = client.get(f"/invite/{raw}/").content.decode()
    assert "Alpha Peer Center invited you to join as Clinician." in page
    assert "rosa@example.org" in page


def test_it_creates_the_account_and_membership_and_signs_in(world: World, client: Client, invite) -> None:  # type: ignore[no-untyped-def]
    record, raw = invite()
    response = client.post(f"/invite/{raw}/", GOOD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    user = User.objects.get(email="rosa@example.org")
    assert user.full_name == "Rosa Díaz"
    assert user.check_password(GOOD["password"])
    membership = Membership.objects.get(user=user)
    assert (membership.organization, membership.role, membership.is_active) == (world.own.organization, "peer", True)
    record.refresh_from_db()
    assert record.accepted_at is not None
    assert signed_in_user_id(client) == str(user.pk)
    assert "Welcome to Alongside" in client.get("/").content.decode()
    # The password works for later sign-ins too.
    again = Client()
    post_password(again, "rosa@example.org", GOOD["password"])
    assert signed_in_user_id(again) == str(user.pk)


def test_a_staff_role_goes_on_to_set_up_two_step_sign_in(client: Client, invite) -> None:  # type: ignore[no-untyped-def]
    _record, raw = invite(role="supervisor")
    client.post(f"/invite/{raw}/", GOOD)
    assert client.get("/")["Location"] == SETUP


def test_a_used_link_shows_a_clear_page(client: Client, invite) -> None:  # type: ignore[no-untyped-def]
    _record, raw = invite()
    client.post(f"/invite/{raw}/", GOOD)
    response = Client().get(f"/invite/{raw}/")
    assert response.status_code == 404
    assert "This link was already used to set up an account." in response.content.decode()
    assert Client().post(f"/invite/{raw}/", GOOD).status_code == 404
    assert User.objects.filter(email="rosa@example.org").count() == 1


def test_an_expired_link_shows_a_clear_page(client: Client, invite) -> None:  # type: ignore[no-untyped-def]
    record, raw = invite()
    Invitation.objects.filter(pk=record.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(f"/invite/{raw}/")
    assert response.status_code == 404
    assert "The link has expired. Invitation links work for 14 days." in response.content.decode()
    assert client.post(f"/invite/{raw}/", GOOD).status_code == 404
    assert not User.objects.filter(email="rosa@example.org").exists()


def test_a_cancelled_link_shows_a_clear_page(world: World, client: Client, invite) -> None:  # type: ignore[no-untyped-def]
    record, raw = invite()
    Invitation.objects.filter(pk=record.pk).update(revoked_at=timezone.now())
    response = client.post(f"/invite/{raw}/", GOOD)
    assert response.status_code == 404
    assert "The invitation was cancelled." in response.content.decode()
    assert not User.objects.filter(email="rosa@example.org").exists()


def test_an_unknown_link_shows_a_clear_page(client: Client, db: None) -> None:
    response = client.get("/invite/not-a-real-token/")
    assert response.status_code == 404
    assert "We could not find this invitation." in response.content.decode()


def test_an_address_with_an_account_elsewhere_cannot_be_used_again(world: World, client: Client, invite) -> None:  # type: ignore[no-untyped-def]
    _record, raw = invite(email=world.other["participant"].email)
    response = client.get(f"/invite/{raw}/")
    assert response.status_code == 404
    assert "already has an Alongside account" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"full_name": "", "password": GOOD["password"]}, "full_name", "This field is required."),
        ({"full_name": "   ", "password": GOOD["password"]}, "full_name", "This field is required."),
        ({"full_name": "Rosa", "password": "short"}, "password", "This password is too short."),
        ({"full_name": "Rosa", "password": "1234567890123"}, "password", "This password is entirely numeric."),
        ({"full_name": "Rosa", "password": "rosa@example.org"}, "password", "too similar"),
    ],
)
def test_bad_input_says_so_and_saves_nothing(client: Client, invite, data, field, message) -> None:  # type: ignore[no-untyped-def]
    record, raw = invite()
    response = client.post(f"/invite/{raw}/", data)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert not User.objects.filter(email="rosa@example.org").exists()
    record.refresh_from_db()
    assert record.accepted_at is None
