"""The audit log page at /audit/: org admins search their own organization's events."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from alongside.audit.models import AuditAction, AuditEvent
from alongside.audit.services import audit_record
from alongside.audit.tests.helpers import write_events
from conftest import World, sign_in

pytestmark = pytest.mark.django_db

URL = "/audit/"


@pytest.fixture
def admin_client(world: World, client: Client) -> Client:
    client = sign_in(client, world.own["org_admin"])
    return client


def _rows(response) -> int:  # type: ignore[no-untyped-def]
    return response.context["page"].paginator.count  # type: ignore[no-any-return]


def _events(response) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    return list(response.context["page"].object_list)


@pytest.mark.parametrize("role", ["supervisor", "peer", "clinician", "participant", "network_admin"])
def test_only_org_admins_may_read_the_log(world: World, client: Client, role: str) -> None:
    sign_in(client, world.own[role])
    assert client.get(URL).status_code == 403
    assert client.get(URL, HTTP_HX_REQUEST="true").status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def test_it_shows_only_the_admins_own_organization(world: World, admin_client: Client) -> None:
    write_events(world.own["peer"], 2)
    write_events(world.other["peer"], 3)
    response = admin_client.get(URL)
    assert response.status_code == 200
    events = _events(response)
    assert events and {event.organization_id for event in events} == {world.own.organization.pk}
    assert world.other["peer"].full_name not in response.content.decode()


def test_it_shows_who_did_it_with_their_role(world: World, admin_client: Client) -> None:
    peer = world.own["peer"]
    audit_record(actor=peer, action=AuditAction.UPDATE, obj=peer, changed_fields=["full_name"])
    page = admin_client.get(URL, {"action": "update"}).content.decode()
    assert peer.full_name in page
    assert "Peer specialist" in page
    assert "Changed" in page
    assert "User #" in page
    assert "full_name" in page


def test_it_filters_by_what_happened(world: World, admin_client: Client) -> None:
    write_events(world.own["peer"], 2)
    audit_record(actor=world.own["peer"], action=AuditAction.EXPORT, obj=world.own["peer"])
    response = admin_client.get(URL, {"action": "export"})
    assert [event.action for event in _events(response)] == ["export"]


def test_it_filters_by_who(world: World, admin_client: Client) -> None:
    write_events(world.own["peer"], 2)
    write_events(world.own["supervisor"], 1)
    audit_record(actor=None, action=AuditAction.LOGIN_FAILED, organization=world.own.organization)
    by_peer = admin_client.get(URL, {"actor": world.own["peer"].pk})
    assert {event.actor_id for event in _events(by_peer)} == {world.own["peer"].pk}
    assert _rows(by_peer) == 2
    nobody = admin_client.get(URL, {"actor": "none"})
    assert [event.action for event in _events(nobody)] == ["login_failed"]


def test_it_refuses_a_person_from_another_organization_as_who(world: World, admin_client: Client) -> None:
    write_events(world.other["peer"], 2)
    response = admin_client.get(URL, {"actor": world.other["peer"].pk})
    assert response.status_code == 200
    assert _rows(response) == 0
    assert response.context["form"].errors["actor"]


def test_it_filters_by_kind_of_record_and_record_number(world: World, admin_client: Client) -> None:
    program = world.own.program
    assert program is not None
    write_events(world.own["peer"], 2)
    audit_record(actor=world.own["org_admin"], action=AuditAction.UPDATE, obj=program)
    kind = admin_client.get(URL, {"object_type": "programs.program"})
    assert [event.object_type for event in _events(kind)] == ["programs.program"]
    assert "Program #" in kind.content.decode()
    number = admin_client.get(URL, {"object_type": "accounts.user", "object_id": str(world.own["peer"].pk)})
    assert _rows(number) == 2


def test_it_filters_by_participant(world: World, admin_client: Client) -> None:
    admin = world.own["org_admin"]
    audit_record(
        actor=admin,
        action=AuditAction.VIEW,
        object_type="participants.participant",
        object_id="41",
        participant_id="41",
    )
    audit_record(
        actor=admin,
        action=AuditAction.VIEW,
        object_type="participants.participant",
        object_id="42",
        participant_id="42",
    )
    response = admin_client.get(URL, {"participant_id": "42"})
    assert [event.participant_id for event in _events(response)] == ["42"]


def test_it_filters_by_dates_in_local_days(world: World, admin_client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    today = timezone.localdate()
    moments = {
        "long ago": timezone.now() - timedelta(days=10),
        "yesterday": timezone.now() - timedelta(days=1),
        "now": timezone.now(),
    }
    for label, moment in moments.items():
        monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
        audit_record(actor=world.own["peer"], action=AuditAction.VIEW, reason=label)
    monkeypatch.undo()

    def reasons(**params: str) -> list[str]:
        params["actor"] = str(world.own["peer"].pk)
        return [event.reason for event in _events(admin_client.get(URL, params))]

    assert reasons(since=today.isoformat()) == ["now"]
    assert reasons(since=(today - timedelta(days=1)).isoformat(), until=(today - timedelta(days=1)).isoformat()) == [
        "yesterday"
    ]
    assert reasons(until=(today - timedelta(days=2)).isoformat()) == ["long ago"]


def test_an_impossible_date_range_shows_the_problem_and_no_rows(world: World, admin_client: Client) -> None:
    write_events(world.own["peer"], 2)
    today = timezone.localdate()
    response = admin_client.get(URL, {"since": today.isoformat(), "until": (today - timedelta(days=3)).isoformat()})
    assert _rows(response) == 0
    assert "The end date must be on or after the start date." in response.content.decode()


def test_htmx_gets_only_the_results_table(world: World, admin_client: Client) -> None:
    write_events(world.own["peer"], 1)
    partial = admin_client.get(URL, {"action": "view"}, HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert partial.status_code == 200
    assert "<html" not in body and "<form" not in body
    assert "<table>" in body
    assert "HX-Request" in partial["Vary"]
    full = admin_client.get(URL, {"action": "view"})
    assert "<html" in full.content.decode() and 'hx-target="#audit-table"' in full.content.decode()
    restored = admin_client.get(URL, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in restored.content.decode()


def test_it_pages_through_long_results_keeping_the_search(world: World, admin_client: Client) -> None:
    write_events(world.own["peer"], 60)
    first = admin_client.get(URL, {"action": "view"})
    assert len(_events(first)) == 50
    assert "action=view&amp;page=2" in first.content.decode()
    second = admin_client.get(URL, {"action": "view", "page": "2"}, HTTP_HX_REQUEST="true")
    assert len(_events(second)) == 10
    assert {event.seq for event in _events(first)}.isdisjoint({event.seq for event in _events(second)})


def test_the_page_does_not_query_per_row(world: World, admin_client: Client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for role in ("peer", "peer_b", "supervisor", "clinician"):
        write_events(world.own[role], 10)
    admin_client.get(URL)  # warm the session
    with django_assert_max_num_queries(10):
        response = admin_client.get(URL)
    assert len(_events(response)) == 41  # and the admin's own sign-in
