"""My account (/account/): see my details, change my name and language."""

from __future__ import annotations

from django.conf import settings
from django.test import Client

from alongside.accounts.models import User
from conftest import World, sign_in

PROFILE = "/account/"


def test_it_shows_my_details(world: World, client: Client) -> None:
    peer = world.own["peer"]
    sign_in(client, peer)
    page = client.get(PROFILE).content.decode()
    assert "My account" in page
    assert peer.email in page
    assert "Peer specialist" in page
    assert "Alpha Peer Center" in page
    assert "Two-step sign-in is off." in page
    assert "Sign out everywhere" in page


def test_it_says_when_two_step_sign_in_is_on(world: World, client: Client) -> None:
    admin = world.own["org_admin"]
    sign_in(client, admin)
    assert "Two-step sign-in is on." in client.get(PROFILE).content.decode()


def test_i_change_my_name_and_language(world: World, client: Client) -> None:
    peer = world.own["peer"]
    sign_in(client, peer)
    response = client.post(PROFILE, {"full_name": "  Sam Rivera ", "preferred_language": "es"})
    assert response.status_code == 302
    user = User.objects.get(pk=peer.pk)
    assert user.full_name == "Sam Rivera"
    assert user.preferred_language == "es"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"


def test_bad_input_says_so_and_saves_nothing(world: World, client: Client) -> None:
    peer = world.own["peer"]
    sign_in(client, peer)
    response = client.post(PROFILE, {"full_name": "", "preferred_language": "xx"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "This field is required." in errors["full_name"]
    assert "Select a valid choice." in errors["preferred_language"][0]
    user = User.objects.get(pk=peer.pk)
    assert (user.full_name, user.preferred_language) == (peer.full_name, "en")


def test_someone_signed_out_is_sent_to_sign_in(client: Client, db: None) -> None:
    assert client.get(PROFILE)["Location"].startswith("/account/login/")
