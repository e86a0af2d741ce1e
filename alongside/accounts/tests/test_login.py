"""Signing in at /account/login/: email and password, then a code for people with an authenticator."""

from __future__ import annotations

import importlib

from django.test import Client
from django.urls import resolve

from alongside.accounts.models import User
from alongside.accounts.tests.factories import PASSWORD
from alongside.accounts.tests.helpers import LOGIN, code_for, enrol, post_code, post_password, signed_in_user_id
from alongside.accounts.views import SignInView
from alongside.audit.models import AuditAction, AuditEvent
from conftest import World

SAME_MESSAGE = "That email address and password do not match an account."


def test_the_login_url_is_our_sign_in_view() -> None:
    assert resolve(LOGIN).func.view_class is SignInView  # type: ignore[attr-defined]


def test_the_form_uses_two_factor_field_names(client: Client, db: None) -> None:
    page = client.get(LOGIN).content.decode()
    assert 'name="auth-username"' in page
    assert 'name="auth-password"' in page
    assert 'name="login_view-current_step"' in page
    assert "Email address" in page


def test_it_signs_a_peer_in_with_email_and_password(world: World, client: Client) -> None:
    peer = world.own["peer"]
    response = post_password(client, peer.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(client) == str(peer.pk)
    assert client.get("/").status_code == 200


def test_it_accepts_the_email_in_any_case(world: World, client: Client) -> None:
    peer = world.own["peer"]
    response = post_password(client, "  " + peer.email.upper() + " ", PASSWORD)
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(peer.pk)


def test_it_follows_a_safe_next_link_only(world: World, client: Client) -> None:
    peer = world.own["peer"]
    response = client.post(
        LOGIN + "?next=/account/",
        {"login_view-current_step": "auth", "auth-username": peer.email, "auth-password": PASSWORD},
    )
    assert response["Location"] == "/account/"
    client.logout()
    response = client.post(
        LOGIN + "?next=https://evil.example/",
        {"login_view-current_step": "auth", "auth-username": peer.email, "auth-password": PASSWORD},
    )
    assert response["Location"] == "/"


def test_unknown_email_and_wrong_password_give_the_same_answer(world: World, client: Client) -> None:
    wrong_password = post_password(client, world.own["peer"].email, "not the password")
    unknown_email = post_password(client, "nobody@nowhere.test", "not the password")
    assert wrong_password.status_code == unknown_email.status_code == 200
    assert SAME_MESSAGE in wrong_password.content.decode()
    assert SAME_MESSAGE in unknown_email.content.decode()
    # The whole page is the same apart from the typed email and the per-response CSRF token.
    assert wrong_password.context["form"].errors == unknown_email.context["form"].errors
    assert signed_in_user_id(client) is None


def test_a_deactivated_account_gets_the_same_answer(world: World, client: Client) -> None:
    peer = world.own["peer"]
    User.objects.filter(pk=peer.pk).update(is_active=False)
    response = post_password(client, peer.email, PASSWORD)
    assert response.status_code == 200
    assert SAME_MESSAGE in response.content.decode()
    assert signed_in_user_id(client) is None


def test_it_records_sign_in_and_failed_sign_in_in_the_audit_log(world: World, client: Client) -> None:
    peer = world.own["peer"]
    post_password(client, peer.email, "not the password")
    post_password(client, peer.email, PASSWORD)
    actions = list(AuditEvent.objects.filter(object_id=str(peer.pk)).values_list("action", flat=True))
    assert AuditAction.LOGIN_FAILED in actions
    assert AuditAction.LOGIN in actions


def test_it_asks_an_enrolled_person_for_a_code_after_the_password(world: World, client: Client) -> None:
    admin = world.own["org_admin"]
    enrol(admin)
    response = post_password(client, admin.email, PASSWORD)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="token-otp_token"' in page
    assert "6-digit code from your authenticator app" in page
    assert signed_in_user_id(client) is None


def test_it_signs_in_with_the_code_from_the_authenticator(world: World, client: Client) -> None:
    admin = world.own["org_admin"]
    device = enrol(admin)
    post_password(client, admin.email, PASSWORD)
    response = post_code(client, code_for(device))
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(admin.pk)
    assert client.session["otp_device_id"] == device.persistent_id
    # Verified, so the two-step requirement lets the admin in.
    assert client.get("/").status_code == 200


def test_it_refuses_a_wrong_code(world: World, client: Client) -> None:
    admin = world.own["org_admin"]
    device = enrol(admin)
    post_password(client, admin.email, PASSWORD)
    wrong = "000000" if code_for(device) != "000000" else "111111"
    response = post_code(client, wrong)
    assert response.status_code == 200
    assert "That code did not work" in response.content.decode()
    assert signed_in_user_id(client) is None


def test_it_never_accepts_the_same_code_twice(world: World) -> None:
    admin = world.own["org_admin"]
    device = enrol(admin)
    code = code_for(device)

    first = Client()
    post_password(first, admin.email, PASSWORD)
    assert post_code(first, code).status_code == 302
    device.refresh_from_db()
    assert device.last_t >= 0

    # Someone who saw the code (over a shoulder, through a phishing page) cannot use it again.
    replay = Client()
    post_password(replay, admin.email, PASSWORD)
    response = post_code(replay, code)
    assert response.status_code == 200
    assert "That code did not work" in response.content.decode()
    assert signed_in_user_id(replay) is None

    # The app's next code works (once the one-second throttle after the refused replay is over).
    device.refresh_from_db()
    device.throttle_reset()
    later = Client()
    post_password(later, admin.email, PASSWORD)
    assert post_code(later, code_for(device, steps_ahead=1)).status_code == 302


def test_it_slows_down_guessing_of_codes(world: World, client: Client) -> None:
    admin = world.own["org_admin"]
    device = enrol(admin)
    post_password(client, admin.email, PASSWORD)
    wrong = "000000" if code_for(device) != "000000" else "111111"
    post_code(client, wrong)
    # Straight after a wrong code, even the right one waits: django-otp throttles each device.
    response = post_code(client, code_for(device))
    assert response.status_code == 200
    assert "Too many codes did not work" in response.content.decode()


def test_real_settings_hash_passwords_with_argon2() -> None:
    real = importlib.import_module("config.settings")
    assert real.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
