"""Helpers shared by the browser tests: sign in through the real form, or hand the browser a session."""

from __future__ import annotations

import base64
import re
import time
from typing import Any
from urllib.parse import parse_qs, urlparse

from django.conf import settings
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.accounts.models import User

TWO_FACTOR_ROLES = set(settings.TWO_FACTOR_REQUIRED_ROLES)


def submit_password(page: Any, email: str, password: str) -> None:
    page.fill("input[name='auth-username']", email)
    page.fill("input[name='auth-password']", password)
    page.locator("main form button[type='submit']").last.click()
    page.wait_for_load_state()


def code_for(key: bytes, *, after_step: int | None = None, step: int = 30, digits: int = 6) -> str:
    """The current TOTP code, or the next step's when the current step was already used (a code is never
    accepted twice; the device accepts one step of drift either way)."""
    now = time.time()
    if after_step is not None and int(now) // step <= after_step:
        now = (after_step + 1) * step + 1
    generator = TOTP(key, step=step, digits=digits)
    generator.time = now
    return f"{generator.token():0{digits}d}"


def device_code(user: User) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return code_for(device.bin_key, after_step=device.last_t, step=device.step, digits=device.digits)


def secret_from_setup_page(page: Any, user: User) -> bytes:
    """The TOTP secret the setup wizard shows: from its otpauth:// link, the secret text, or the DB."""
    link = page.locator("a[href^='otpauth:']")
    if link.count():
        secret = parse_qs(urlparse(link.first.get_attribute("href")).query)["secret"][0]
        return base64.b32decode(secret + "=" * (-len(secret) % 8))
    match = re.search(r"\b([A-Z2-7]{16,})\b", page.locator("main").inner_text().replace(" ", ""))
    if match:
        secret = match.group(1)
        return base64.b32decode(secret + "=" * (-len(secret) % 8))
    device = TOTPDevice.objects.filter(user=user).order_by("-pk").first()
    assert device is not None, "the setup page shows no secret and no device was saved"
    return device.bin_key


def give_session(page: Any, live_server_url: str, user: User) -> None:
    """Sign the browser in as a user without the form (the form itself is tested in test_sign_in)."""
    client = Client()
    client.force_login(user)
    if user.role in TWO_FACTOR_ROLES:
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="default", defaults={"confirmed": True})
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server_url}])
