"""Peer workforce pages in a real browser: the profile form, a training record, the supervisor dashboard.

Each page is checked with axe and at 320 px (``visit``) and screenshotted.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alongside.accounts.roles import Role
from alongside.accounts.tests.factories import UserFactory
from alongside.peers import services
from alongside.peers.models import PeerProfile, TrainingCompletion
from alongside.peers.tests.factories import CheckInFactory, CredentialFactory
from tests.browser.conftest import screenshot, visit
from tests.browser.helpers import give_session

pytestmark = pytest.mark.browser


def test_a_peer_fills_in_their_profile_and_records_a_training(page, live_server, world) -> None:  # type: ignore[no-untyped-def]
    peer = world.own["peer"]
    training = services.training_create(actor=world.own["org_admin"], name="Ethics and boundaries", hours=Decimal(6))
    give_session(page, live_server.url, peer)
    visit(page, "/peers/me/edit/")
    page.get_by_label("About me, in my own words").fill("I have walked this road too.")
    page.get_by_label("Languages I speak").fill("English, Spanish")
    page.get_by_label("Youth").check()
    page.get_by_label("Most people I can support at once").fill("6")
    page.get_by_label("Lived experience I share that can be used to match me with people").fill("Recovery")
    screenshot(page, "peers-profile-form")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("My peer work")
    expect(page.locator("main")).to_contain_text("I have walked this road too.")
    expect(page.locator("main")).to_contain_text("Youth")
    assert PeerProfile.objects.get(user=peer).specialties == ["youth"]

    page.get_by_role("link", name="Add a finished training").click()
    page.wait_for_load_state()
    visit(page, page.url)
    page.get_by_label("Training").select_option(str(training.pk))
    page.get_by_label("Day finished").fill("2026-01-10")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    expect(page.locator("main table").first).to_contain_text("Ethics and boundaries")
    assert TrainingCompletion.objects.filter(peer=peer).count() == 1
    visit(page, "/peers/me/")
    screenshot(page, "peers-my-page")


def test_the_supervisor_dashboard_shows_the_team_credentials_and_well_being(page, live_server, world) -> None:  # type: ignore[no-untyped-def]
    CredentialFactory.create(
        peer=world.own["peer"],
        name="Peer Recovery Specialist",
        expires_on=timezone.localdate() + datetime.timedelta(days=20),
    )
    for n in range(5):
        peer = UserFactory.create(role=Role.PEER, organization=world.own.organization, email=f"team{n}@alpha.test")
        CheckInFactory.create(peer=peer, burnout=20 + n)
    give_session(page, live_server.url, world.own["supervisor"])
    visit(page, "/peers/")
    main = page.locator("main")
    expect(main).to_contain_text("Peer Recovery Specialist")
    expect(main).to_contain_text("Average of the latest check-in of 5 peers")
    expect(main).to_contain_text("22.0")
    screenshot(page, "peers-supervisor-dashboard")
