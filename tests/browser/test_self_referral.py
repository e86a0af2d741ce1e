"""Someone asks for a peer supporter from a phone, with no account; a supervisor sees it in the queue."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from alongside.participants.models import Referral
from conftest import own_program
from tests.browser.conftest import check_page, visit
from tests.browser.helpers import give_session

pytestmark = pytest.mark.browser


def test_a_person_refers_themselves_on_a_phone_and_a_supervisor_accepts(page, live_server, world) -> None:  # type: ignore[no-untyped-def]
    program = own_program(world)
    page.set_viewport_size({"width": 375, "height": 800})
    visit(page, f"/refer/{world.own.organization.slug}/")
    expect(page.locator("aside.crisis")).to_contain_text("988")
    page.get_by_label("Which program?").select_option(str(program.pk))
    page.get_by_label("Your name").fill("Casey Fox")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Add a phone number or an email, so we can reach them.")).to_be_visible()
    assert not Referral.objects.filter(person_name="Casey Fox").exists()
    page.get_by_label("Phone number").fill("555-0100")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")
    check_page(page, "self-referral sent")
    assert Referral.objects.filter(person_name="Casey Fox", source="self").count() == 1

    page.set_viewport_size({"width": 1024, "height": 800})
    give_session(page, live_server.url, world.own["supervisor"])
    visit(page, "/participants/referrals/")
    row = page.get_by_role("row").filter(has_text="Casey Fox")
    expect(row).to_contain_text(program.name)
    row.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("is now a participant")).to_be_visible()
    assert Referral.objects.get(person_name="Casey Fox").participant_id is not None
