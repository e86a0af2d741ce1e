"""The audit log as CSV at /audit/export.csv: org admins only, after a recent code, itself audited."""

from __future__ import annotations

import csv
import io
import time
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client

from alongside.accounts.models import User
from alongside.accounts.stepup import SESSION_KEY, WINDOW_SECONDS
from alongside.audit.models import AuditAction, AuditEvent
from alongside.audit.services import audit_record
from alongside.audit.tests.helpers import write_events
from conftest import World, sign_in

pytestmark = pytest.mark.django_db

URL = "/audit/export.csv"
COLUMNS = [
    "event_id",
    "time",
    "actor_id",
    "actor_role",
    "action",
    "record_type",
    "record_id",
    "participant_id",
    "fields",
    "ip",
]


@pytest.fixture
def admin_client(world: World, client: Client) -> Client:
    return sign_in(client, world.own["org_admin"])


def _text(response: Any) -> str:
    return b"".join(response.streaming_content).decode()


def _rows(response: Any) -> list[dict[str, str]]:
    text = _text(response)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert reader.fieldnames == COLUMNS
    return list(reader)


def _exports(user: User) -> list[AuditEvent]:
    return list(AuditEvent.objects.visible_to(user).filter(action=AuditAction.EXPORT))


def test_it_downloads_the_organizations_log_as_csv(world: World, admin_client: Client) -> None:
    peer = world.own["peer"]
    audit_record(actor=peer, action=AuditAction.UPDATE, obj=peer, changed_fields=["full_name", "preferred_language"])
    write_events(world.other["peer"], 2)
    response = admin_client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="alongside-audit-log-')
    rows = _rows(response)
    ids = {int(row["event_id"]) for row in rows}
    own = set(AuditEvent.objects.visible_to(world.own["org_admin"]).values_list("pk", flat=True))
    assert ids and ids <= own
    change = next(row for row in rows if row["action"] == "update" and row["actor_id"] == str(peer.pk))
    assert change["actor_role"] == "peer"
    assert change["record_type"] == "accounts.user"
    assert change["record_id"] == str(peer.pk)
    assert change["fields"] == "full_name preferred_language"


def test_it_holds_no_names_or_free_text(world: World, admin_client: Client) -> None:
    peer = world.own["peer"]
    audit_record(actor=peer, action=AuditAction.VIEW, obj=peer, reason="looked up Jane Example")
    text = _text(admin_client.get(URL))
    for person in world.own.users.values():
        assert person.full_name not in text
        assert person.email not in text
    assert "Jane Example" not in text
    assert world.own.organization.name not in text


def test_formula_cells_are_neutralized(world: World, admin_client: Client) -> None:
    peer = world.own["peer"]
    audit_record(actor=peer, action=AuditAction.VIEW, object_type="programs.program", object_id='=HYPERLINK("x")')
    rows = _rows(admin_client.get(URL))
    assert '\'=HYPERLINK("x")' in {row["record_id"] for row in rows}
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())


def test_it_uses_the_search_filters(world: World, admin_client: Client) -> None:
    peer = world.own["peer"]
    write_events(peer, 3, action=AuditAction.VIEW)
    audit_record(actor=peer, action=AuditAction.UPDATE, obj=peer, changed_fields=["full_name"])
    rows = _rows(admin_client.get(URL, {"action": "update", "actor": str(peer.pk)}))
    assert len(rows) == 1
    assert rows[0]["action"] == "update"


def test_a_search_that_cannot_be_used_goes_back_to_the_search_page(admin_client: Client) -> None:
    response = admin_client.get(URL, {"since": "2025-02-01", "until": "2025-01-01"})
    assert response.status_code == 302
    assert response["Location"].startswith("/audit/?")
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_export_is_itself_audited(world: World, admin_client: Client) -> None:
    admin = world.own["org_admin"]
    peer = world.own["peer"]
    _text(admin_client.get(URL, {"action": "view", "participant_id": "17"}))
    (event,) = _exports(admin)
    assert event.actor == admin
    assert event.actor_role == "org_admin"
    assert event.organization_id == world.own.organization.pk
    assert event.object_type == "audit.auditevent"
    assert "action=view" in event.reason
    assert "participant_id=17" in event.reason
    assert peer.full_name not in event.reason


def test_it_asks_for_a_code_first(world: World, admin_client: Client) -> None:
    session = admin_client.session
    session.pop(SESSION_KEY)
    session.save()
    response = admin_client.get(URL, {"action": "view"})
    assert response.status_code == 302
    assert response["Location"] == "/account/confirm-code/?next=" + quote(URL + "?action=view", safe="")
    assert not _exports(world.own["org_admin"])


def test_a_code_from_more_than_5_minutes_ago_is_not_enough(world: World, admin_client: Client) -> None:
    session = admin_client.session
    session[SESSION_KEY] = int(time.time()) - WINDOW_SECONDS - 1
    session.save()
    assert admin_client.get(URL)["Location"].startswith("/account/confirm-code/")
    assert not _exports(world.own["org_admin"])


@pytest.mark.parametrize("role", ["supervisor", "peer", "clinician", "participant", "network_admin"])
def test_only_org_admins_may_export(world: World, client: Client, role: str) -> None:
    sign_in(client, world.own[role])
    assert client.get(URL).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_an_admin_elsewhere_gets_only_their_own_organization(world: World, client: Client) -> None:
    write_events(world.own["peer"], 2)
    sign_in(client, world.other["org_admin"])
    rows = _rows(client.get(URL))
    other_events = set(AuditEvent.objects.visible_to(world.other["org_admin"]).values_list("pk", flat=True))
    assert {int(row["event_id"]) for row in rows} <= other_events


def test_signed_out_visitors_are_sent_to_sign_in(client: Client) -> None:
    assert client.get(URL)["Location"].startswith("/account/login/")


def test_the_search_page_links_to_the_export_of_the_same_search(world: World, admin_client: Client) -> None:
    page = admin_client.get("/audit/", {"action": "view", "page": "1"}).content.decode()
    assert 'href="/audit/export.csv?action=view"' in page
    assert "Export as CSV" in page
    partial = admin_client.get("/audit/", {"action": "update"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'href="/audit/export.csv?action=update"' in partial
