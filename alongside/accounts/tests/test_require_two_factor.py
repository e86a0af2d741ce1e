"""RequireTwoFactorMiddleware: staff roles set up two-step sign-in before they can do anything else."""

from __future__ import annotations

import pytest
from django.test import Client

from alongside.accounts.tests.factories import PASSWORD
from alongside.accounts.tests.helpers import LOGIN, SETUP, enrol, post_password, signed_in_user_id
from conftest import World

REQUIRED = ["org_admin", "supervisor", "clinician", "network_admin"]
OPTIONAL = ["peer", "participant"]


@pytest.mark.parametrize("role", REQUIRED)
def test_it_sends_a_staff_role_without_an_authenticator_to_setup(world: World, client: Client, role: str) -> None:
    user = world.own[role]
    post_password(client, user.email, PASSWORD)
    assert signed_in_user_id(client) == str(user.pk)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == SETUP
    page = client.get(SETUP).content.decode()
    assert "Your role needs two-step sign-in" in page


@pytest.mark.parametrize("role", OPTIONAL)
def test_it_lets_peers_and_participants_in_without_an_authenticator(world: World, client: Client, role: str) -> None:
    post_password(client, world.own[role].email, PASSWORD)
    assert client.get("/").status_code == 200
    assert client.get("/account/").status_code == 200


@pytest.mark.parametrize(
    "path", ["/account/", "/account/tokens/", "/account/two_factor/", "/account/two_factor/backup/tokens/", "/people/"]
)
def test_other_account_pages_wait_until_setup_is_done(world: World, client: Client, path: str) -> None:
    # API tokens in particular would let the person skip the second step for good.
    post_password(client, world.own["org_admin"].email, PASSWORD)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == SETUP


def test_it_does_not_create_a_token_before_setup(world: World, client: Client) -> None:
    admin = world.own["org_admin"]
    post_password(client, admin.email, PASSWORD)
    client.post("/account/tokens/", {"name": "skip 2FA"})
    assert not admin.api_tokens.exists()


def test_setup_sign_out_and_password_reset_stay_reachable(world: World, client: Client) -> None:
    post_password(client, world.own["supervisor"].email, PASSWORD)
    assert client.get(SETUP).status_code == 200
    assert client.get("/password-reset/").status_code == 200
    response = client.post("/account/logout/")
    assert response.status_code == 302
    assert signed_in_user_id(client) is None


def test_a_session_without_the_second_step_must_sign_in_again(world: World, client: Client) -> None:
    # e.g. a session that began before the person set up their authenticator elsewhere.
    admin = world.own["org_admin"]
    enrol(admin)
    client.force_login(admin)
    response = client.get("/programs/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert signed_in_user_id(client) is None
    assert "sign in again with the code" in client.get(LOGIN).content.decode()


def test_an_htmx_request_is_sent_to_sign_in_as_a_full_page(world: World, client: Client) -> None:
    admin = world.own["org_admin"]
    enrol(admin)
    client.force_login(admin)
    response = client.get("/people/", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == LOGIN
