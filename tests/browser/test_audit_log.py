"""The audit log page in a browser: filters update the table in place (htmx), and the page passes axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record
from tests.browser.conftest import check_page, screenshot, visit
from tests.browser.helpers import give_session

pytestmark = pytest.mark.browser


def test_an_admin_filters_the_audit_log_in_place(page, live_server, world) -> None:  # type: ignore[no-untyped-def]
    admin, peer = world.own["org_admin"], world.own["peer"]
    for _ in range(55):
        audit_record(actor=peer, action=AuditAction.VIEW, obj=peer)
    audit_record(actor=admin, action=AuditAction.UPDATE, obj=peer, changed_fields=["role"])
    give_session(page, live_server.url, admin)
    visit(page, "/audit/")
    table = page.locator("#audit-table")
    expect(table.get_by_role("navigation", name="Pages")).to_contain_text("Page 1 of 2")
    screenshot(page, "audit_log_all")

    page.get_by_label("What happened").select_option("update")
    expect(table.locator("caption")).to_have_text("1 entry")
    expect(table).to_contain_text(admin.full_name)
    expect(table).to_contain_text("Organization admin")
    expect(table).to_contain_text("role")
    assert "action=update" in page.url  # the search is in the address, so it can be shared or reloaded
    check_page(page, "/audit/ filtered")

    page.reload()
    expect(page.get_by_label("What happened")).to_have_value("update")
    expect(table.locator("caption")).to_have_text("1 entry")
