"""Participants in a browser: intake, consent, enrollment, and a participant taking consent back.

Every page is checked with axe and at 320 px; staff pages about a participant show how to reach 988.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from alongside.participants.models import Consent, Enrollment, Participant
from alongside.participants.tests.factories import ConsentFactory, ParticipantFactory
from conftest import own_program
from tests.browser.conftest import check_page, screenshot, visit
from tests.browser.helpers import give_session

pytestmark = pytest.mark.browser


def test_a_supervisor_does_intake_records_consent_and_starts_services(page, live_server, world) -> None:  # type: ignore[no-untyped-def]
    give_session(page, live_server.url, world.own["supervisor"])
    visit(page, "/participants/")
    page.get_by_role("link", name="Add a participant").click()
    check_page(page, "intake form")
    page.get_by_label("Name they want us to use").fill("Jo Rivera")
    page.locator("#id_pronouns").fill("she/her")
    page.locator("input[name='prefer_not_to_say'][value='gender']").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jo Rivera")
    expect(page.locator("aside.crisis")).to_contain_text("988")
    check_page(page, "participant page")
    participant = Participant.objects.get(preferred_name="Jo Rivera")

    page.get_by_role("link", name="Record consent").click()
    check_page(page, "consent form")
    page.get_by_label("Kind of consent").select_option("take_part")
    page.get_by_label("Full name of the person signing").fill("Jo Rivera")
    page.get_by_label("This is my signature", exact=False).check()
    page.get_by_label("I understand I can take this consent back", exact=False).check()
    page.get_by_role("button", name="Sign and save").click()
    expect(page.locator(".messages")).to_contain_text("Consent recorded.")

    page.get_by_label("Program").select_option(str(own_program(world).pk))
    page.get_by_role("button", name="Add to program").click()
    enrollment = Enrollment.objects.get(participant=participant)
    page.locator(f"#status-{enrollment.pk}").select_option("active")
    page.get_by_role("button", name="Change status").click()
    expect(page.locator(".messages")).to_contain_text("Status changed.")
    expect(page.locator("table").first).to_contain_text("Taking part")
    screenshot(page, "participant_supervisor_view")


def test_a_participant_takes_back_a_consent_in_one_step(page, live_server, world) -> None:  # type: ignore[no-untyped-def]
    mine = ParticipantFactory.create(organization=world.own.organization, user=world.own["participant"])
    consent = ConsentFactory.create(participant=mine)
    give_session(page, live_server.url, world.own["participant"])
    visit(page, "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(mine.preferred_name)
    expect(page.locator("aside.crisis")).to_contain_text("988")
    check_page(page, "participant's own record")
    page.get_by_role("button", name="Take back this consent").click()
    expect(page.locator(".messages")).to_contain_text("Consent taken back.")
    expect(page.get_by_text("Taken back", exact=True)).to_be_visible()
    screenshot(page, "participant_consent_revoked")
    assert Consent.objects.get(pk=consent.pk).revoked_at is not None
