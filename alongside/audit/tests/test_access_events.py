"""Reads through get_visible_or_404 are audit events: a view, or a refused lookup of a row that exists."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.test import Client

from alongside.audit.models import AuditEvent
from alongside.core.access import get_visible_or_404
from alongside.programs.models import Program
from conftest import World, sign_in

pytestmark = pytest.mark.django_db


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def test_viewing_a_persons_record_is_recorded(world: World, client: Client) -> None:
    admin, person = world.own["org_admin"], world.own["peer"]
    sign_in(client, admin)
    response = client.get(f"/people/{person.pk}/", HTTP_USER_AGENT="Test browser")
    assert response.status_code == 200
    [event] = _events("view")
    assert (event.actor_id, event.actor_role, event.organization_id) == (
        admin.pk,
        "org_admin",
        world.own.organization.pk,
    )
    assert (event.object_type, event.object_id) == ("accounts.user", str(person.pk))
    assert (event.ip, event.user_agent) == ("127.0.0.1", "Test browser")


def test_a_refused_lookup_of_an_existing_record_is_recorded_and_looks_like_not_found(
    world: World, client: Client
) -> None:
    peer, other_peer = world.own["peer"], world.own["peer_b"]
    sign_in(client, peer)
    assert client.get(f"/people/{other_peer.pk}/").status_code == 404
    [event] = _events("permission_denied")
    assert (event.actor_id, event.organization_id) == (peer.pk, world.own.organization.pk)
    assert (event.object_type, event.object_id) == ("accounts.user", str(other_peer.pk))
    assert event.reason == "not visible"
    assert _events("view") == []


def test_a_probe_into_another_organization_is_recorded_in_the_prober_s_own_log(world: World, client: Client) -> None:
    admin, stranger = world.own["org_admin"], world.other["peer"]
    sign_in(client, admin)
    assert client.get(f"/people/{stranger.pk}/").status_code == 404
    [event] = _events("permission_denied")
    assert event.organization_id == world.own.organization.pk
    assert event.object_id == str(stranger.pk)


def test_a_lookup_of_a_row_that_does_not_exist_is_a_plain_404(world: World, client: Client) -> None:
    sign_in(client, world.own["org_admin"])
    assert client.get("/people/987654/").status_code == 404
    assert _events("permission_denied") == []


def test_a_refused_permission_names_the_permission(world: World) -> None:
    program = world.own.program
    assert program is not None
    with pytest.raises(Http404):
        get_visible_or_404(Program, world.own["peer"], program.pk, perm="programs.change_program")
    [event] = _events("permission_denied")
    assert (event.object_type, event.object_id, event.reason) == (
        "programs.program",
        str(program.pk),
        "no permission: programs.change_program",
    )


def test_a_view_of_a_record_about_a_participant_names_the_participant(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Participant records land later; any record that names its participant is audited the same way.
    monkeypatch.setattr(Program, "participant_id", "4711", raising=False)
    program = world.own.program
    assert program is not None
    assert get_visible_or_404(Program, world.own["peer"], program.pk, audit_view=True) == program
    with pytest.raises(Http404):
        get_visible_or_404(Program, world.other["peer"], program.pk, audit_view=True)
    view, denied = _events("view"), _events("permission_denied")
    assert [(e.participant_id, e.object_id) for e in view] == [("4711", str(program.pk))]
    assert [(e.participant_id, e.organization_id) for e in denied] == [("4711", world.other.organization.pk)]


def test_a_read_without_audit_view_writes_no_view_event(world: World) -> None:
    program = world.own.program
    assert program is not None
    get_visible_or_404(Program, world.own["peer"], program.pk)
    assert _events("view") == []
