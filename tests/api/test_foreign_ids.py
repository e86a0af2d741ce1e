"""Foreign ids are checked wherever they come from: the path, the query string and the body.

The actor is the most powerful person in their organization (its org admin), by session and by
token; every id belongs to the other organization. The answer is 404 (path), 422 (body), or an
empty result (a search filter), and nothing in the other organization changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from alongside.accounts import services
from alongside.accounts.models import ApiToken, Invitation, Membership, User
from alongside.audit.models import AuditAction, AuditEvent
from alongside.audit.services import audit_record
from alongside.programs.models import Program
from conftest import World
from tests.api.helpers import assert_problem, bearer, send, session_client, token_for

pytestmark = pytest.mark.django_db


def _snapshot(world: World) -> tuple[Any, ...]:
    """Everything in the other organization that an endpoint could change."""
    org = world.other.organization
    return (
        sorted(Membership.objects.filter(organization=org).values_list("user_id", "role", "is_active")),
        sorted(User.objects.filter(membership__organization=org).values_list("pk", "is_active", "session_epoch")),
        sorted(Program.objects.filter(organization=org).values_list("pk", "name", "model", "is_active")),
        sorted(Invitation.objects.filter(organization=org).values_list("pk", "revoked_at")),
        sorted(ApiToken.objects.filter(user__membership__organization=org).values_list("pk", "revoked_at")),
    )


@pytest.fixture
def foreign(world: World) -> dict[str, int]:
    """Ids of records in the other organization, one of each kind."""
    other_admin = world.other["org_admin"]
    invitation, _raw = services.invitation_create(actor=other_admin, email="someone@beta.test", role="peer")
    token, _secret = services.api_token_create(user=world.other["peer"], name="theirs")
    services.user_set_active(actor=other_admin, user=world.other["peer_b"], active=False)
    assert world.other.program is not None
    return {
        "user": world.other["peer"].pk,
        "inactive_user": world.other["peer_b"].pk,
        "invitation": invitation.pk,
        "token": token.pk,
        "program": world.other.program.pk,
    }


PATH_CASES: list[tuple[str, str, Any]] = [
    ("GET", "/users/{user}", None),
    ("PUT", "/users/{user}/role", {"role": "clinician"}),
    ("POST", "/users/{user}/deactivate", None),
    ("POST", "/users/{inactive_user}/reactivate", None),
    ("POST", "/invitations/{invitation}/revoke", None),
    ("POST", "/tokens/{token}/revoke", None),
    ("GET", "/programs/{program}", None),
    ("PATCH", "/programs/{program}", {"name": "Taken over", "is_active": False}),
]


def _as_session(world: World) -> tuple[Client, dict[str, str]]:
    return session_client(world.own["org_admin"]), {}


def _as_token(world: World) -> tuple[Client, dict[str, str]]:
    return Client(), bearer(token_for(world.own["org_admin"]))


@pytest.mark.parametrize("how", [_as_session, _as_token], ids=["session", "token"])
@pytest.mark.parametrize(("method", "path", "body"), PATH_CASES, ids=[f"{m} {p}" for m, p, _b in PATH_CASES])
def test_an_id_of_another_organization_in_the_path_is_a_404(
    world: World,
    foreign: dict[str, int],
    how: Callable[[World], tuple[Client, dict[str, str]]],
    method: str,
    path: str,
    body: Any,
) -> None:
    client, headers = how(world)
    before = _snapshot(world)
    assert_problem(send(client, method, path.format(**foreign), body, **headers), 404)
    assert _snapshot(world) == before


def test_a_refused_path_id_is_recorded_as_permission_denied(world: World, foreign: dict[str, int]) -> None:
    client = session_client(world.own["org_admin"])
    send(client, "GET", f"/programs/{foreign['program']}")
    event = AuditEvent.objects.filter(action=AuditAction.PERMISSION_DENIED).latest("id")
    assert (event.actor_id, event.object_type, event.object_id) == (
        world.own["org_admin"].pk,
        "programs.program",
        str(foreign["program"]),
    )


BODY_CASES: list[tuple[str, str, str]] = [
    ("POST", "/programs", '{{"name": "Mine", "model": "group", "organization_id": {org}}}'),
    ("POST", "/programs", '{{"name": "Mine", "model": "group", "organization": {org}}}'),
    ("PATCH", "/programs/{own_program}", '{{"organization_id": {org}}}'),
    ("PATCH", "/programs/{own_program}", '{{"id": {program}}}'),
    ("PUT", "/users/{own_peer}/role", '{{"role": "clinician", "organization_id": {org}}}'),
    ("PUT", "/users/{own_peer}/role", '{{"role": "clinician", "user_id": {user}}}'),
    ("POST", "/invitations", '{{"email": "x@example.org", "role": "peer", "organization_id": {org}}}'),
    ("POST", "/tokens", '{{"name": "x", "user_id": {user}}}'),
]


@pytest.mark.parametrize(("method", "path", "body"), BODY_CASES, ids=[f"{m} {p} {b[:40]}" for m, p, b in BODY_CASES])
def test_an_id_of_another_organization_in_the_body_is_a_422_and_nothing_is_written(
    world: World, foreign: dict[str, int], method: str, path: str, body: str
) -> None:
    client = session_client(world.own["org_admin"])
    assert world.own.program is not None
    ids = {
        **foreign,
        "org": world.other.organization.pk,
        "own_program": world.own.program.pk,
        "own_peer": world.own["peer"].pk,
    }
    counts = (Program.objects.count(), Invitation.objects.count(), ApiToken.objects.count())
    own_program = Program.objects.values_list("name", "organization_id").get(pk=world.own.program.pk)
    own_role = Membership.objects.get(user=world.own["peer"]).role
    before = _snapshot(world)
    problem = assert_problem(send(client, method, path.format(**ids), body.format(**ids)), 422)
    assert "not accepted" in problem["detail"]
    assert _snapshot(world) == before
    assert (Program.objects.count(), Invitation.objects.count(), ApiToken.objects.count()) == counts
    assert Program.objects.values_list("name", "organization_id").get(pk=world.own.program.pk) == own_program
    assert Membership.objects.get(user=world.own["peer"]).role == own_role


def test_an_id_of_another_organization_in_a_search_finds_nothing(world: World, foreign: dict[str, int]) -> None:
    audit_record(actor=world.other["org_admin"], action=AuditAction.UPDATE, obj=world.other.program)
    client = session_client(world.own["org_admin"])
    for params in (
        {"actor_id": world.other["org_admin"].pk},
        {"object_type": "programs.program", "object_id": foreign["program"]},
        {"object_type": "accounts.user", "object_id": foreign["user"]},
    ):
        response = client.get("/api/v1/audit/events", params)
        assert response.status_code == 200
        assert response.json()["items"] == [], params


def test_a_user_search_never_reaches_another_organization(world: World) -> None:
    client = session_client(world.own["org_admin"])
    for params in ({"q": "beta"}, {"q": "peer@beta.test"}, {"role": "peer", "q": "Beta"}):
        body = client.get("/api/v1/users", params).json()
        assert body["count"] == 0, params


def test_a_program_created_in_the_api_belongs_to_the_actors_organization(world: World) -> None:
    client = session_client(world.own["org_admin"])
    response = send(client, "POST", "/programs", {"name": "Harbor walk", "model": "group"})
    assert response.status_code == 201
    assert Program.objects.get(pk=response.json()["id"]).organization_id == world.own.organization.pk
