"""Small helpers for the sign-in tests: post the login wizard's steps, compute TOTP codes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.accounts.models import User

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

LOGIN = "/account/login/"
SETUP = "/account/two_factor/setup/"


def post_password(client: Client, email: str, password: str, **extra: Any) -> Response:
    """Submit the first step of the sign-in wizard (the field names two_factor uses)."""
    data = {"login_view-current_step": "auth", "auth-username": email, "auth-password": password}
    return client.post(LOGIN, data, **extra)


def post_code(client: Client, code: str, **extra: Any) -> Response:
    """Submit the second step: the code from the authenticator app."""
    return client.post(LOGIN, {"login_view-current_step": "token", "token-otp_token": code}, **extra)


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the person's authenticator app shows now (or ``steps_ahead`` 30-second steps later)."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift + steps_ahead)
    return f"{value:0{device.digits}d}"


def enrol(user: User) -> TOTPDevice:
    """Give a person a confirmed authenticator, as if they had finished the setup wizard."""
    return TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def signed_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")
