"""GET /api/v1/audit/events: the same search as the page, for org admins, with checked filters."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record
from alongside.audit.tests.helpers import write_events
from conftest import World, sign_in

pytestmark = pytest.mark.django_db

URL = "/api/v1/audit/events"


@pytest.fixture
def api(world: World) -> Client:
    return sign_in(Client(), world.own["org_admin"])


def _items(client: Client, **params: Any) -> list[dict[str, Any]]:
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()["items"]  # type: ignore[no-any-return]


def test_it_lists_only_the_admins_organization(world: World, api: Client) -> None:
    write_events(world.own["peer"], 2)
    write_events(world.other["peer"], 2)
    items = _items(api, actor_id=world.own["peer"].pk)
    assert len(items) == 2
    assert _items(api, actor_id=world.other["peer"].pk) == []


@pytest.mark.parametrize("role", ["supervisor", "peer", "clinician", "participant"])
def test_it_refuses_everyone_but_org_admins(world: World, role: str) -> None:
    client = sign_in(Client(), world.own[role])
    assert client.get(URL).status_code == 403


def test_each_filter_narrows_the_search(world: World, api: Client) -> None:
    peer, admin, program = world.own["peer"], world.own["org_admin"], world.own.program
    assert program is not None
    write_events(peer, 2)
    audit_record(actor=admin, action=AuditAction.UPDATE, obj=program, changed_fields=["name"])
    audit_record(
        actor=admin, action=AuditAction.VIEW, object_type="participants.participant", object_id="9", participant_id="9"
    )
    assert [item["action"] for item in _items(api, action="update")] == ["update"]
    assert {item["actor_id"] for item in _items(api, actor_id=peer.pk)} == {peer.pk}
    assert [item["object_id"] for item in _items(api, object_type="programs.program")] == [str(program.pk)]
    assert len(_items(api, object_type="accounts.user", object_id=str(peer.pk))) == 2
    [about] = _items(api, participant_id="9")
    assert (about["participant_id"], about["actor_role"]) == ("9", "org_admin")
    today = timezone.localdate()
    assert len(_items(api, since=today.isoformat(), until=today.isoformat(), actor_id=peer.pk)) == 2
    assert _items(api, until=(today - timedelta(days=1)).isoformat()) == []


@pytest.mark.parametrize(
    "params",
    [
        {"action": "nonsense"},
        {"since": "not-a-date"},
        {"actor_id": "99999999999999999999999"},
        {"actor_id": "0"},
        {"object_id": "x" * 65},
        {"since": "2026-02-02", "until": "2026-02-01"},
    ],
)
def test_bad_filters_are_a_problem_not_a_crash(api: Client, params: dict[str, str]) -> None:
    response = api.get(URL, params)
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")


def test_it_pages(world: World, api: Client) -> None:
    write_events(world.own["peer"], 5)
    page = api.get(URL, {"actor_id": world.own["peer"].pk, "per_page": 2, "page": 3}).json()
    assert (page["count"], page["page"], len(page["items"]), page["next_page"]) == (5, 3, 1, None)
