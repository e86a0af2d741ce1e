"""Each role's navigation, the 988 crisis text, Spanish and back; every page checked with axe at 320 px."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from alongside.accounts.roles import Role
from alongside.core.navigation import nav_for
from tests.browser.conftest import check_page, screenshot, visit
from tests.browser.helpers import give_session

pytestmark = pytest.mark.browser

SPANISH_CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "es" / "LC_MESSAGES" / "django.mo"


def test_login_page_shows_the_988_crisis_line(page) -> None:  # type: ignore[no-untyped-def]
    visit(page, "/account/login/")
    crisis = page.locator("aside.crisis")
    expect(crisis).to_be_visible()
    expect(crisis).to_contain_text("988")
    expect(crisis.locator("a[href='tel:988']")).to_be_visible()
    expect(page.locator("footer")).to_contain_text("988")


@pytest.mark.parametrize("role", Role.values)
def test_each_role_sees_its_navigation_and_every_page_passes(page, live_server, world, role) -> None:  # type: ignore[no-untyped-def]
    user = world.own[role]
    give_session(page, live_server.url, user)
    visit(page, "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(user.full_name)
    with translation.override("en"):
        expected = [(str(item["label"]), str(item["url"])) for item in nav_for(role, "/")]
    links = page.get_by_role("navigation", name="Main").get_by_role("link")
    shown = [(links.nth(i).inner_text().strip(), links.nth(i).get_attribute("href")) for i in range(links.count())]
    assert shown == expected
    for _label, url in expected:
        if url != "/":
            visit(page, url)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
    if role == Role.PARTICIPANT:
        for url in ("/", reverse("accounts:profile")):
            visit(page, url, check=False)
            expect(page.locator("aside.crisis")).to_contain_text("988")
    visit(page, "/", check=False)


def test_spanish_and_back_and_the_choice_sticks(page, live_server, world) -> None:  # type: ignore[no-untyped-def]
    visit(page, "/account/login/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    switch = page.locator("form.language-switch")
    switch.locator("select[name='language']").select_option("es")
    switch.locator("button[type='submit']").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    if SPANISH_CATALOGUE.exists():  # compiled by make test / make translations
        expect(page.get_by_role("heading", level=1)).not_to_have_text("Sign in")
    check_page(page, "login in Spanish")
    # The choice sticks across pages and after signing in.
    visit(page, reverse("accounts:password_reset"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    give_session(page, live_server.url, world.own["participant"])
    visit(page, "/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("aside.crisis")).to_contain_text("988")
    screenshot(page, "participant_home_in_spanish")
    page.set_viewport_size({"width": 320, "height": 640})
    screenshot(page, "participant_home_in_spanish-320px")
    page.set_viewport_size({"width": 1024, "height": 800})
    switch = page.locator("form.language-switch")
    switch.locator("select[name='language']").select_option("en")
    switch.locator("button[type='submit']").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/$"))
    visit(page, reverse("accounts:profile"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
