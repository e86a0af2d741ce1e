"""Setting up two-step sign-in at /account/two_factor/setup/ with an authenticator app (TOTP)."""

from __future__ import annotations

import base64
import re

from django.test import Client
from django.urls import resolve
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.accounts.models import User
from alongside.accounts.tests.factories import PASSWORD
from alongside.accounts.tests.helpers import SETUP, code_for, post_code, post_password, signed_in_user_id
from alongside.accounts.views import TwoFactorQRView, TwoFactorSetupView
from alongside.audit.models import AuditEvent
from conftest import World


def _start(client: Client) -> bytes:
    """Sign in with a password, pass the welcome step, and return the key the page shows."""
    response = client.post(SETUP, {"setup_view-current_step": "welcome"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="generator-token"' in page
    secret = re.search(r'<code class="secret" id="totp-secret">([A-Z2-7]+)</code>', page)
    assert secret is not None
    value = secret.group(1)
    return base64.b32decode(value + "=" * (-len(value) % 8))


def _code(key: bytes, offset: int = 0) -> str:
    return f"{totp(key, drift=offset):06d}"


def _finish(client: Client, code: str):  # type: ignore[no-untyped-def]
    return client.post(SETUP, {"setup_view-current_step": "generator", "generator-token": code})


def _signed_in_without_device(client: Client, user: User) -> None:
    post_password(client, user.email, PASSWORD)
    assert signed_in_user_id(client) == str(user.pk)


def test_the_setup_urls_are_our_views() -> None:
    assert resolve(SETUP).func.view_class is TwoFactorSetupView  # type: ignore[attr-defined]
    assert resolve("/account/two_factor/qrcode/").func.view_class is TwoFactorQRView  # type: ignore[attr-defined]


def test_the_welcome_step_explains_it_in_plain_words(world: World, client: Client) -> None:
    _signed_in_without_device(client, world.own["org_admin"])
    page = client.get(SETUP).content.decode()
    assert "Set up two-step sign-in" in page
    assert "6-digit code from an app on your phone" in page
    assert 'name="setup_view-current_step"' in page
    assert "btn" not in page
    assert "Not now" not in page  # the role needs it: no way to skip


def test_a_peer_may_skip_setup_for_now(world: World, client: Client) -> None:
    _signed_in_without_device(client, world.own["peer"])
    page = client.get(SETUP).content.decode()
    assert "Not now" in page
    assert "Your role needs two-step sign-in" not in page


def test_the_authenticator_step_shows_a_described_qr_code_and_the_key(world: World, client: Client) -> None:
    _signed_in_without_device(client, world.own["org_admin"])
    client.get(SETUP)
    page = client.post(SETUP, {"setup_view-current_step": "welcome"}).content.decode()
    image = re.search(r"<img [^>]*>", page)
    assert image is not None
    assert 'src="/account/two_factor/qrcode/"' in image.group(0)
    assert 'alt="QR code for your authenticator app.' in image.group(0)
    assert 'href="otpauth://totp/Alongside%3A%20org_admin%40alpha.test?secret=' in page
    assert "issuer=Alongside" in page
    assert "6-digit code from your authenticator app" in page
    qr = client.get("/account/two_factor/qrcode/")
    assert qr.status_code == 200
    assert qr["Content-Type"].startswith("image/svg+xml")


def test_it_enrols_an_authenticator_and_lets_the_admin_in(world: World, client: Client) -> None:
    admin = world.own["org_admin"]
    _signed_in_without_device(client, admin)
    client.get(SETUP)
    key = _start(client)
    response = _finish(client, _code(key))
    assert response.status_code == 302
    assert response["Location"] == "/account/two_factor/setup/complete/"
    device = TOTPDevice.objects.get(user=admin)
    assert device.confirmed
    assert device.bin_key == key
    # The session counts as verified now: no second sign-in needed.
    assert client.get("/").status_code == 200
    assert "Two-step sign-in is on" in client.get(response["Location"]).content.decode()
    changes = AuditEvent.objects.filter(object_id=str(admin.pk)).values_list("changed_fields", flat=True)
    assert ["two_factor"] in list(changes)


def test_it_refuses_a_wrong_code_and_saves_nothing(world: World, client: Client) -> None:
    admin = world.own["org_admin"]
    _signed_in_without_device(client, admin)
    client.get(SETUP)
    key = _start(client)
    wrong = "000000" if "000000" not in {_code(key, o) for o in (-1, 0, 1)} else "111111"
    response = _finish(client, wrong)
    assert response.status_code == 200
    assert "That code did not work" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=admin).exists()
    assert client.get("/").status_code == 302


def test_the_code_used_for_setup_does_not_work_again_at_sign_in(world: World, client: Client) -> None:
    admin = world.own["org_admin"]
    _signed_in_without_device(client, admin)
    client.get(SETUP)
    key = _start(client)
    code = _code(key)
    assert _finish(client, code).status_code == 302

    other = Client()
    post_password(other, admin.email, PASSWORD)
    response = post_code(other, code)
    assert response.status_code == 200
    assert signed_in_user_id(other) is None


def test_after_setup_sign_in_asks_for_the_code(world: World, client: Client) -> None:
    admin = world.own["org_admin"]
    _signed_in_without_device(client, admin)
    client.get(SETUP)
    key = _start(client)
    assert _finish(client, _code(key)).status_code == 302
    client.post("/account/logout/")

    response = post_password(client, admin.email, PASSWORD)
    assert 'name="token-otp_token"' in response.content.decode()
    assert signed_in_user_id(client) is None
    device = TOTPDevice.objects.get(user=admin)
    assert post_code(client, code_for(device, steps_ahead=1)).status_code == 302
    assert client.get("/").status_code == 200


def test_a_peer_may_set_it_up_too(world: World, client: Client) -> None:
    peer = world.own["peer"]
    _signed_in_without_device(client, peer)
    assert client.get("/").status_code == 200
    client.get(SETUP)
    key = _start(client)
    assert _finish(client, _code(key)).status_code == 302
    assert TOTPDevice.objects.filter(user=peer, confirmed=True).exists()
