"""Signing in through the real pages: password only, two-step enrolment and sign-in, lockout."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from alongside.accounts.tests.factories import PASSWORD
from tests.browser.conftest import check_page, visit
from tests.browser.helpers import code_for, device_code, secret_from_setup_page, submit_password

pytestmark = pytest.mark.browser

LOGIN = "/account/login/"


def sign_out(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile(r"/account/login/"))


def test_peer_signs_in_with_a_password(page, world) -> None:  # type: ignore[no-untyped-def]
    peer = world.own["peer"]
    visit(page, LOGIN)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    submit_password(page, peer.email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(peer.full_name)
    check_page(page, "home (peer)")
    sign_out(page)


def test_wrong_password_says_so_without_telling_whether_the_account_exists(page, world) -> None:  # type: ignore[no-untyped-def]
    visit(page, LOGIN)
    submit_password(page, world.own["peer"].email, "not the password")
    known = page.locator("main").inner_text()
    visit(page, LOGIN)
    submit_password(page, "nobody@nowhere.test", "not the password")
    unknown = page.locator("main").inner_text()
    assert known == unknown
    check_page(page, "login with an error")


def test_org_admin_enrols_two_step_sign_in_then_signs_in_with_a_code(page, world) -> None:  # type: ignore[no-untyped-def]
    admin = world.own["org_admin"]
    visit(page, LOGIN)
    submit_password(page, admin.email, PASSWORD)
    # The role needs two-step sign-in: anything but the account pages leads to the setup wizard.
    expect(page).to_have_url(re.compile(r"/account/two_factor/setup/"))
    check_page(page, "2FA setup: welcome")
    for _ in range(3):  # welcome (and a method step, if there is one) until the authenticator step
        if page.locator("input[name='generator-token']").count():
            break
        page.locator("main form button[type='submit']").last.click()
        page.wait_for_load_state()
    expect(page.locator("input[name='generator-token']")).to_be_visible()
    check_page(page, "2FA setup: authenticator")
    key = secret_from_setup_page(page, admin)
    page.fill("input[name='generator-token']", code_for(key))
    page.locator("main form button[type='submit']").last.click()
    page.wait_for_load_state()
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).count() == 1
    check_page(page, "2FA setup: done")
    # Now the admin can use the app...
    visit(page, "/programs/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    sign_out(page)

    # ...and the next sign-in asks for a code.
    submit_password(page, admin.email, PASSWORD)
    token = page.locator("input[name='token-otp_token']")
    expect(token).to_be_visible()
    check_page(page, "sign in: code step")
    token.fill(device_code(admin))
    page.locator("main form button[type='submit']").last.click()
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(admin.full_name)
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Audit log")).to_be_visible()


def test_five_failures_pause_sign_in_with_a_clear_message(page, world) -> None:  # type: ignore[no-untyped-def]
    peer = world.own["peer"]
    visit(page, LOGIN)
    for _ in range(5):
        if page.locator("input[name='auth-username']").count() == 0:
            page.goto(LOGIN)
        submit_password(page, peer.email, "wrong password")
    # Even the right password is refused now, with a message that says what happened and for how long.
    page.goto(LOGIN)
    submit_password(page, peer.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("paused")
    expect(page.locator("main")).to_contain_text("15 minutes")
    check_page(page, "locked out")
    # Another account from the same address is not affected.
    page.goto(LOGIN)
    submit_password(page, world.own["peer_b"].email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/$"))
