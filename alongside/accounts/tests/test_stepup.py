"""Step-up: turning off two-step sign-in, backup codes and new API tokens need a code from the last 5 minutes."""

from __future__ import annotations

import base64
import re
import time
from urllib.parse import quote

import pytest
from django.test import Client
from django_otp import devices_for_user
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.accounts.models import ApiToken, User
from alongside.accounts.services import api_token_create
from alongside.accounts.stepup import SESSION_KEY, WINDOW_SECONDS
from alongside.accounts.tests.factories import PASSWORD
from alongside.accounts.tests.helpers import SETUP, code_for, enrol, post_code, post_password
from conftest import World, sign_in

CONFIRM = "/account/confirm-code/"
DISABLE = "/account/two_factor/disable/"
BACKUP = "/account/two_factor/backup/tokens/"
TOKENS = "/account/tokens/"
API_TOKENS = "/api/v1/tokens"


def _code_entered(client: Client, *, seconds_ago: int) -> None:
    session = client.session
    session[SESSION_KEY] = int(time.time()) - seconds_ago
    session.save()


def _forget_code(client: Client) -> None:
    session = client.session
    session.pop(SESSION_KEY, None)
    session.save()


def _admin_without_recent_code(world: World, client: Client) -> tuple[User, TOTPDevice]:
    admin = world.own["org_admin"]
    sign_in(client, admin)
    _forget_code(client)
    return admin, TOTPDevice.objects.get(user=admin)


def _confirm_redirect(path: str) -> str:
    return f"{CONFIRM}?next={quote(path, safe='')}"


# The sign-in code step, enrolment and the confirm page note the time.


def test_entering_the_code_at_sign_in_counts(world: World, client: Client) -> None:
    admin = world.own["org_admin"]
    device = enrol(admin)
    post_password(client, admin.email, PASSWORD)
    assert post_code(client, code_for(device)).status_code == 302
    assert abs(client.session[SESSION_KEY] - time.time()) < 5
    assert client.post(DISABLE, {"understand": "on"}).status_code == 302
    assert not list(devices_for_user(admin, confirmed=None))


def test_a_backup_code_at_sign_in_does_not_count(world: World, client: Client) -> None:
    admin = world.own["org_admin"]
    enrol(admin)
    backup = StaticDevice.objects.create(user=admin, name="backup")
    backup.token_set.create(token="abcd1234")
    post_password(client, admin.email, PASSWORD)
    client.post("/account/login/", {"login_view-current_step": "backup", "backup-otp_token": "abcd1234"})
    assert client.session.get("_auth_user_id") == str(admin.pk)
    assert SESSION_KEY not in client.session
    assert client.get(DISABLE)["Location"] == _confirm_redirect(DISABLE)


def test_a_password_only_sign_in_does_not_count(world: World, client: Client) -> None:
    post_password(client, world.own["peer"].email, PASSWORD)
    assert SESSION_KEY not in client.session


def test_setting_up_an_authenticator_counts(world: World, client: Client) -> None:
    peer = world.own["peer"]
    post_password(client, peer.email, PASSWORD)
    client.get(SETUP)
    page = client.post(SETUP, {"setup_view-current_step": "welcome"}).content.decode()
    secret = re.search(r'<code class="secret" id="totp-secret">([A-Z2-7]+)</code>', page)
    assert secret is not None
    key = base64.b32decode(secret.group(1) + "=" * (-len(secret.group(1)) % 8))
    response = client.post(SETUP, {"setup_view-current_step": "generator", "generator-token": f"{totp(key):06d}"})
    assert response.status_code == 302
    assert SESSION_KEY in client.session
    assert client.post(TOKENS, {"name": "Script"}).status_code == 200
    assert ApiToken.objects.filter(user=peer).count() == 1


# Turning off two-step sign-in.


def test_turning_it_off_asks_for_a_code_first(world: World, client: Client) -> None:
    admin, _device = _admin_without_recent_code(world, client)
    assert client.get(DISABLE)["Location"] == _confirm_redirect(DISABLE)
    response = client.post(DISABLE, {"understand": "on"})
    assert response.status_code == 302
    assert response["Location"] == _confirm_redirect(DISABLE)
    assert list(devices_for_user(admin))


def test_after_the_code_it_returns_to_turning_it_off(world: World, client: Client) -> None:
    admin, device = _admin_without_recent_code(world, client)
    page = client.get(_confirm_redirect(DISABLE)).content.decode()
    assert "Enter a code to continue" in page
    assert "6-digit code from your authenticator app" in page
    response = client.post(CONFIRM, {"otp_token": code_for(device), "next": DISABLE})
    assert response.status_code == 302
    assert response["Location"] == DISABLE
    assert client.get(DISABLE).status_code == 200
    assert client.post(DISABLE, {"understand": "on"}).status_code == 302
    assert not list(devices_for_user(admin, confirmed=None))


# Backup codes.


def test_backup_codes_ask_for_a_code_first(world: World, client: Client) -> None:
    admin, _device = _admin_without_recent_code(world, client)
    assert client.get(BACKUP)["Location"] == _confirm_redirect(BACKUP)
    assert client.post(BACKUP)["Location"] == _confirm_redirect(BACKUP)
    assert not StaticDevice.objects.filter(user=admin).exists()


def test_backup_codes_are_made_with_a_recent_code(world: World, client: Client) -> None:
    admin, device = _admin_without_recent_code(world, client)
    client.post(CONFIRM, {"otp_token": code_for(device), "next": BACKUP})
    assert client.post(BACKUP).status_code == 302
    assert StaticDevice.objects.get(user=admin).token_set.count() == 10


# The 5-minute window.


def test_a_code_from_just_under_5_minutes_ago_still_counts(world: World, client: Client) -> None:
    _admin_without_recent_code(world, client)
    _code_entered(client, seconds_ago=WINDOW_SECONDS - 10)
    assert client.get(BACKUP).status_code == 200


def test_a_code_from_more_than_5_minutes_ago_does_not(world: World, client: Client) -> None:
    admin, _device = _admin_without_recent_code(world, client)
    _code_entered(client, seconds_ago=WINDOW_SECONDS + 1)
    assert client.get(BACKUP)["Location"] == _confirm_redirect(BACKUP)
    assert client.post(DISABLE, {"understand": "on"})["Location"] == _confirm_redirect(DISABLE)
    assert list(devices_for_user(admin))


def test_the_window_runs_out_while_signed_in(world: World, client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    _admin_without_recent_code(world, client)
    _code_entered(client, seconds_ago=0)
    assert client.get(BACKUP).status_code == 200
    later = time.time() + WINDOW_SECONDS + 1
    monkeypatch.setattr("alongside.accounts.stepup.time.time", lambda: later)
    assert client.get(BACKUP).status_code == 302


# The confirm-code page.


def test_a_wrong_code_is_refused(world: World, client: Client) -> None:
    _admin, device = _admin_without_recent_code(world, client)
    wrong = next(
        c for c in ("000000", "111111", "222222") if c not in {code_for(device, steps_ahead=s) for s in (-1, 0, 1)}
    )
    response = client.post(CONFIRM, {"otp_token": wrong, "next": DISABLE})
    assert response.status_code == 200
    assert "That code did not work" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_code_is_accepted_once_only(world: World, client: Client) -> None:
    _admin, device = _admin_without_recent_code(world, client)
    code = code_for(device)
    assert client.post(CONFIRM, {"otp_token": code}).status_code == 302
    _forget_code(client)
    response = client.post(CONFIRM, {"otp_token": code})
    assert response.status_code == 200
    assert "Each code works only once" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_the_code_used_to_sign_in_does_not_work_again_here(world: World, client: Client) -> None:
    admin = world.own["org_admin"]
    device = enrol(admin)
    post_password(client, admin.email, PASSWORD)
    code = code_for(device)
    post_code(client, code)
    _forget_code(client)
    assert client.post(CONFIRM, {"otp_token": code}).status_code == 200
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code makes the next try wait a second
    assert client.post(CONFIRM, {"otp_token": code_for(device, steps_ahead=1)}).status_code == 302


def test_it_goes_only_to_our_own_pages_afterwards(world: World, client: Client) -> None:
    _admin, device = _admin_without_recent_code(world, client)
    response = client.post(CONFIRM, {"otp_token": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == "/account/"


def test_it_slows_down_guessing(world: World, client: Client) -> None:
    _admin, device = _admin_without_recent_code(world, client)
    device.throttle_increment()
    device.throttle_increment()
    page = client.post(CONFIRM, {"otp_token": code_for(device)}).content.decode()
    assert "Too many codes did not work" in page
    assert SESSION_KEY not in client.session


def test_an_htmx_request_is_sent_to_the_page_as_a_whole(world: World, client: Client) -> None:
    _admin_without_recent_code(world, client)
    response = client.post(DISABLE, {"understand": "on"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == _confirm_redirect(DISABLE)


def test_signed_out_visitors_are_sent_to_sign_in(client: Client, db: None) -> None:
    assert client.get(CONFIRM)["Location"].startswith("/account/login/")


# People without an authenticator cannot step up and are told so.


def test_without_an_authenticator_it_says_to_turn_it_on_first(world: World, client: Client) -> None:
    sign_in(client, world.own["peer"])
    response = client.post(TOKENS, {"name": "Script"})
    assert response["Location"] == _confirm_redirect(TOKENS)
    page = client.get(response["Location"]).content.decode()
    assert "Turn on two-step sign-in first." in page
    assert f'href="{SETUP}"' in page
    assert 'name="otp_token"' not in page
    assert not ApiToken.objects.exists()


def test_the_tokens_page_says_so_before_anyone_tries(world: World, client: Client) -> None:
    sign_in(client, world.own["peer"])
    page = client.get(TOKENS).content.decode()
    assert "Turn on two-step sign-in first." in page
    assert 'name="name"' not in page


# Creating an API token on the website.


def test_the_tokens_page_shows_without_a_recent_code(world: World, client: Client) -> None:
    _admin_without_recent_code(world, client)
    api_token_create(user=world.own["org_admin"], name="Older script")
    page = client.get(TOKENS).content.decode()
    assert "Older script" in page
    assert 'name="name"' in page


def test_creating_a_token_asks_for_a_code_first(world: World, client: Client) -> None:
    admin, device = _admin_without_recent_code(world, client)
    assert client.post(TOKENS, {"name": "Script"})["Location"] == _confirm_redirect(TOKENS)
    assert not ApiToken.objects.filter(user=admin).exists()
    client.post(CONFIRM, {"otp_token": code_for(device), "next": TOKENS})
    assert client.post(TOKENS, {"name": "Script"}).status_code == 200
    assert ApiToken.objects.filter(user=admin).count() == 1


# Creating an API token through the API.


def test_the_api_refuses_without_a_recent_code(world: World, client: Client) -> None:
    admin, _device = _admin_without_recent_code(world, client)
    response = client.post(API_TOKENS, {"name": "Script"}, content_type="application/json")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["detail"] == "Enter a code from your authenticator app first"
    assert body["hint"].endswith(CONFIRM)
    assert not ApiToken.objects.filter(user=admin).exists()


def test_the_api_creates_a_token_with_a_recent_code(world: World, client: Client) -> None:
    sign_in(client, world.own["org_admin"])
    response = client.post(API_TOKENS, {"name": "Script"}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["token"].startswith("als_")


def test_the_api_window_runs_out_too(world: World, client: Client) -> None:
    sign_in(client, world.own["org_admin"])
    _code_entered(client, seconds_ago=WINDOW_SECONDS + 1)
    assert client.post(API_TOKENS, {"name": "Script"}, content_type="application/json").status_code == 403


def test_the_api_tells_people_without_an_authenticator_to_turn_it_on(world: World, client: Client) -> None:
    sign_in(client, world.own["peer"])
    response = client.post(API_TOKENS, {"name": "Script"}, content_type="application/json")
    assert response.status_code == 403
    body = response.json()
    assert body["detail"].startswith("Turn on two-step sign-in first.")
    assert body["hint"].endswith(SETUP)


def test_a_recent_code_in_the_browser_does_not_count_for_an_api_token(world: World, client: Client) -> None:
    sign_in(client, world.own["org_admin"])  # this browser entered a code just now
    enrol(world.own["supervisor"])
    _token, raw = api_token_create(user=world.own["supervisor"], name="Script")
    response = client.post(
        API_TOKENS, {"name": "Another"}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert response.status_code == 403
    assert ApiToken.objects.count() == 1


def test_an_api_token_cannot_make_more_tokens(world: World, client: Client) -> None:
    enrol(world.own["org_admin"])
    _token, raw = api_token_create(user=world.own["org_admin"], name="Script")
    response = client.post(
        API_TOKENS, {"name": "Another"}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert response.status_code == 403
    assert "An API token cannot do this" in response.json()["detail"]
    assert ApiToken.objects.count() == 1
