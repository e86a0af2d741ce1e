"""Who the API lets in: personal tokens (Bearer), the browser session with CSRF, and the second step."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.accounts import services
from alongside.accounts.models import ApiToken
from alongside.programs.models import Program
from conftest import World
from tests.api.helpers import API, assert_problem, bearer, send, session_client, token_for

pytestmark = pytest.mark.django_db


def test_anonymous_gets_a_401_problem_with_a_bearer_challenge(world: World, client: Client) -> None:
    response = client.get(API + "/me")
    assert_problem(response, 401, "Bearer")
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/users"), ("GET", "/programs"), ("POST", "/programs"), ("GET", "/audit/events"), ("POST", "/tokens")],
)
def test_every_endpoint_needs_credentials(world: World, client: Client, method: str, path: str) -> None:
    count = Program.objects.count()
    assert_problem(send(client, method, path, {"name": "x", "model": "group"} if method == "POST" else None), 401)
    assert Program.objects.count() == count


def test_a_token_signs_its_owner_in(world: World, client: Client) -> None:
    raw = token_for(world.own["supervisor"])
    assert raw.startswith("als_")
    response = client.get(API + "/me", **bearer(raw))
    assert response.status_code == 200
    assert response.json()["email"] == "supervisor@alpha.test"


def test_a_token_can_write_without_csrf(world: World) -> None:
    raw = token_for(world.own["org_admin"])
    client = Client(enforce_csrf_checks=True)
    response = send(client, "POST", "/programs", {"name": "Evening group", "model": "group"}, **bearer(raw))
    assert response.status_code == 201, response.content
    assert Program.objects.filter(name="Evening group", organization=world.own.organization).exists()


def test_the_scheme_is_case_insensitive(world: World, client: Client) -> None:
    raw = token_for(world.own["peer"])
    assert client.get(API + "/me", HTTP_AUTHORIZATION=f"bearer {raw}").status_code == 200


@pytest.mark.parametrize(
    "header",
    ["Bearer als_not-a-real-token", "Bearer ", "Bearer nothing-like-ours", "Basic dXNlcjpwYXNz", "Token abc"],
)
def test_a_bad_authorization_header_is_a_401(world: World, client: Client, header: str) -> None:
    response = client.get(API + "/me", HTTP_AUTHORIZATION=header)
    assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_is_a_401(world: World, client: Client) -> None:
    peer = world.own["peer"]
    raw = token_for(peer)
    services.api_token_revoke(actor=peer, token=ApiToken.objects.get(user=peer))
    response = client.get(API + "/me", **bearer(raw))
    assert_problem(response, 401, "revoked")
    assert response["WWW-Authenticate"] == 'Bearer error="invalid_token"'


def test_a_deactivated_persons_token_is_a_401(world: World, client: Client) -> None:
    peer = world.own["peer"]
    raw = token_for(peer)
    services.user_set_active(actor=world.own["org_admin"], user=peer, active=False)
    assert_problem(client.get(API + "/me", **bearer(raw)), 401)


def test_a_token_stays_refused_if_its_owner_is_reactivated(world: World, client: Client) -> None:
    """Deactivation revokes tokens for good; reactivation does not bring them back."""
    peer, admin = world.own["peer"], world.own["org_admin"]
    raw = token_for(peer)
    services.user_set_active(actor=admin, user=peer, active=False)
    services.user_set_active(actor=admin, user=peer, active=True)
    assert_problem(client.get(API + "/me", **bearer(raw)), 401)


def test_an_inactive_account_is_refused_even_with_a_live_token(world: World, client: Client) -> None:
    peer = world.own["peer"]
    raw = token_for(peer)
    type(peer).objects.filter(pk=peer.pk).update(is_active=False)  # as if changed outside the services
    assert_problem(client.get(API + "/me", **bearer(raw)), 401)


def test_a_presented_token_never_falls_back_to_the_session(world: World) -> None:
    client = session_client(world.own["peer"])
    assert_problem(client.get(API + "/me", HTTP_AUTHORIZATION="Bearer als_wrong"), 401)
    assert client.get(API + "/me").status_code == 200


def test_a_token_of_a_role_that_needs_two_step_sign_in_needs_an_authenticator(world: World, client: Client) -> None:
    """A peer who made a token and was then made an admin cannot skip enrolling with it."""
    person = world.own["peer_b"]
    raw = token_for(person)
    services.user_change_role(actor=world.own["org_admin"], user=person, role="supervisor")
    assert_problem(client.get(API + "/me", **bearer(raw)), 401, "two-step sign-in")
    TOTPDevice.objects.create(user=person, name="default", confirmed=True)
    assert client.get(API + "/me", **bearer(raw)).status_code == 200


def test_the_session_works_for_reads(world: World) -> None:
    client = session_client(world.own["peer"], csrf=True)
    assert client.get(API + "/me").status_code == 200


def test_the_session_needs_csrf_on_unsafe_methods(world: World) -> None:
    client = session_client(world.own["org_admin"], csrf=True)
    count = Program.objects.count()
    for method, path, body in [
        ("POST", "/programs", {"name": "No CSRF", "model": "group"}),
        ("PATCH", f"/programs/{world.own.program.pk}", {"name": "No CSRF"}),  # type: ignore[union-attr]
        ("PUT", f"/users/{world.own['peer'].pk}/role", {"role": "clinician"}),
        ("POST", f"/users/{world.own['peer'].pk}/deactivate", None),
    ]:
        assert_problem(send(client, method, path, body), 403, "CSRF")
    assert Program.objects.count() == count
    assert world.own["peer"].membership.role == "peer"
    world.own["peer"].refresh_from_db()
    assert world.own["peer"].is_active


def test_the_session_with_the_csrf_header_can_write(world: World) -> None:
    client = session_client(world.own["org_admin"], csrf=True)
    secret = _get_new_csrf_string()
    client.cookies[settings.CSRF_COOKIE_NAME] = secret
    response = send(
        client,
        "POST",
        "/programs",
        {"name": "With CSRF", "model": "group"},
        HTTP_X_CSRFTOKEN=_mask_cipher_secret(secret),
    )
    assert response.status_code == 201, response.content


def test_a_wrong_csrf_token_is_refused(world: World) -> None:
    client = session_client(world.own["org_admin"], csrf=True)
    client.cookies[settings.CSRF_COOKIE_NAME] = _get_new_csrf_string()
    response = send(client, "POST", "/programs", {"name": "x", "model": "group"}, HTTP_X_CSRFTOKEN="wrong" * 10)
    assert_problem(response, 403, "CSRF")


@pytest.mark.parametrize("role", settings.TWO_FACTOR_REQUIRED_ROLES)
def test_a_session_without_the_second_step_is_refused_for_roles_that_need_it(world: World, role: str) -> None:
    client = Client()
    client.force_login(world.own[role])  # password only: the session is not OTP-verified
    assert_problem(client.get(API + "/me"), 401, "two-step sign-in")
    assert_problem(send(client, "POST", "/programs", {"name": "x", "model": "group"}), 401)


@pytest.mark.parametrize("role", ["peer", "participant"])
def test_a_session_without_the_second_step_is_fine_for_roles_that_do_not_need_it(world: World, role: str) -> None:
    client = Client()
    client.force_login(world.own[role])
    assert client.get(API + "/me").status_code == 200


def test_a_session_ended_by_deactivation_is_a_401(world: World) -> None:
    peer = world.own["peer"]
    client = session_client(peer)
    services.user_set_active(actor=world.own["org_admin"], user=peer, active=False)
    assert_problem(client.get(API + "/me"), 401)


def test_a_session_ended_by_sign_out_everywhere_is_a_401(world: World) -> None:
    peer = world.own["peer"]
    client = session_client(peer)
    services.user_sign_out_everywhere(user=peer)
    assert_problem(client.get(API + "/me"), 401)
