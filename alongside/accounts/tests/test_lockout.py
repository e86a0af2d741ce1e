"""Lockout (django-axes): 5 failed sign-ins for one account from one address pause it for 15 minutes."""

from __future__ import annotations

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.utils import timezone

from alongside.accounts.tests.factories import PASSWORD
from alongside.accounts.tests.helpers import code_for, enrol, post_code, post_password, signed_in_user_id
from conftest import World

OTHER_IP = "203.0.113.9"


def _fail(client: Client, email: str, times: int, **extra: str) -> None:
    for _ in range(times):
        post_password(client, email, "not the password", **extra)


def test_the_settings_are_ours_not_axes_defaults() -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_RESET_ON_SUCCESS is True
    # The same field name two_factor's sign-in form posts.
    assert settings.AXES_USERNAME_FORM_FIELD == "auth-username"
    assert settings.AXES_LOCKOUT_TEMPLATE == "accounts/locked_out.html"


def test_four_failures_do_not_lock(world: World, client: Client) -> None:
    peer = world.own["peer"]
    _fail(client, peer.email, 4)
    assert post_password(client, peer.email, PASSWORD).status_code == 302
    assert signed_in_user_id(client) == str(peer.pk)


def test_it_locks_out_after_five_failures(world: World, client: Client) -> None:
    peer = world.own["peer"]
    _fail(client, peer.email, 4)
    fifth = post_password(client, peer.email, "not the password")
    assert fifth.status_code == 429
    # Now even the right password is refused, with a page that says what happened and for how long.
    response = post_password(client, peer.email, PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Sign-in is paused for 15 minutes" in page
    assert "too many sign-in attempts that did not work" in page
    assert 'href="/password-reset/"' in page
    assert signed_in_user_id(client) is None


def test_case_and_spaces_do_not_dodge_the_lockout(world: World, client: Client) -> None:
    peer = world.own["peer"]
    for variant in [peer.email, peer.email.upper(), " " + peer.email, peer.email.title(), peer.email + " "]:
        post_password(client, variant, "not the password")
    assert post_password(client, peer.email, PASSWORD).status_code == 429


def test_it_does_not_lock_the_account_from_another_address(world: World, client: Client) -> None:
    peer = world.own["peer"]
    _fail(client, peer.email, 5)
    elsewhere = Client(REMOTE_ADDR=OTHER_IP)
    assert post_password(elsewhere, peer.email, PASSWORD).status_code == 302


def test_it_does_not_lock_another_account_from_the_same_address(world: World, client: Client) -> None:
    _fail(client, world.own["peer"].email, 5)
    other = world.own["peer_b"]
    assert post_password(client, other.email, PASSWORD).status_code == 302
    assert signed_in_user_id(client) == str(other.pk)


def test_unknown_addresses_lock_the_same_way(world: World, client: Client) -> None:
    # So the lockout does not tell whether an account exists.
    _fail(client, "nobody@nowhere.test", 4)
    assert post_password(client, "nobody@nowhere.test", "not the password").status_code == 429


def test_it_unlocks_after_the_cool_off(world: World, client: Client) -> None:
    peer = world.own["peer"]
    _fail(client, peer.email, 5)
    assert post_password(client, peer.email, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=1))
    response = post_password(client, peer.email, PASSWORD)
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(peer.pk)


def test_it_stays_locked_just_before_the_cool_off_ends(world: World, client: Client) -> None:
    peer = world.own["peer"]
    _fail(client, peer.email, 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    assert post_password(client, peer.email, PASSWORD).status_code == 429


def test_a_successful_sign_in_resets_the_count(world: World, client: Client) -> None:
    peer = world.own["peer"]
    _fail(client, peer.email, 4)
    assert post_password(client, peer.email, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username=peer.email).exists()
    client.post("/account/logout/")
    _fail(client, peer.email, 4)
    assert post_password(client, peer.email, PASSWORD).status_code == 302


def test_the_count_resets_only_after_the_code_step_for_enrolled_people(world: World, client: Client) -> None:
    admin = world.own["org_admin"]
    device = enrol(admin)
    _fail(client, admin.email, 4)
    post_password(client, admin.email, PASSWORD)
    # The password alone does not sign in, so it does not clear the failures yet.
    assert AccessAttempt.objects.filter(username=admin.email).exists()
    assert post_code(client, code_for(device)).status_code == 302
    assert not AccessAttempt.objects.filter(username=admin.email).exists()
